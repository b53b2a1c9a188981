import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { OutboxMessage, TemplateView } from '../../api/notifications';
import type { Me } from '../../api/types';
import { makeMe, mockFetch, pageOf, renderApp } from '../../test-utils';
import { insertVariable } from './TemplatesPage';
import { toOutboxFilters } from './OutboxPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const READ_AND_MANAGE: Me['permissions'] = ['notifications.read', 'notifications.manage'];
const admin = () => makeMe({ permissions: READ_AND_MANAGE });
const readerOnly = () => makeMe({ roles: ['manager'], permissions: ['notifications.read'] });

const template = (overrides: Partial<TemplateView> = {}): TemplateView => ({
  id: '00000000-0000-4000-8000-0000000000a1',
  event: 'ticket_received',
  channel: 'sms',
  locale: 'zh-CN',
  body: '【售后服务】您的服务申请已受理，单号 {number}，我们将在 {promised} 前与您联系。',
  providerTemplateCode: 'SMS_100001',
  isEnabled: true,
  audience: 'customer',
  kind: 'service',
  isUrgent: false,
  variables: [
    { name: 'number', label: '单号' },
    { name: 'promised', label: '承诺时间' },
  ],
  preview: '【售后服务】您的服务申请已受理，单号 SH20261122-0001，我们将在 11月23日 10:00 前与您联系。',
  sms: { length: 48, parts: 1 },
  updatedAt: '2026-11-22T02:00:00.000Z',
  updatedBy: null,
  ...overrides,
});

const message = (overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id: '00000000-0000-4000-8000-0000000000b1',
  channel: 'sms',
  recipient: '13900001111',
  template: 'ticket_received',
  body: '【售后服务】您的服务申请已受理',
  status: 'failed',
  attempts: 2,
  lastError: 'aliyun: isv.MOBILE_NUMBER_ILLEGAL 非法手机号',
  // 23:30 on 2026-11-21 in Shanghai: the day differs from UTC's
  createdAt: '2026-11-21T15:30:00.000Z',
  sentAt: null,
  nextAttemptAt: '2026-11-21T15:30:00.000Z',
  isUrgent: false,
  provider: 'aliyun',
  providerMessageId: 'biz-42',
  deliveredAt: null,
  ...overrides,
});

describe('message templates page', () => {
  it('lists the templates with their labels, SMS parts and switches; a reader sees no edit or test send', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: readerOnly() };
      if (call.path === '/api/notifications/templates') return { body: { items: [template(), template({ id: '00000000-0000-4000-8000-0000000000a2', event: 'contract_expiring', kind: 'marketing', channel: 'wechat', sms: null })] } };
      return undefined;
    });
    renderApp('/notifications/templates');
    const row = (await screen.findByText('服务申请已受理')).closest('tr')!;
    expect(within(row).getByText('短信')).toBeTruthy();
    expect(within(row).getByText('客户')).toBeTruthy();
    expect(within(row).getByText('服务类')).toBeTruthy();
    expect(within(row).getByText('48 字，1 条')).toBeTruthy();
    expect(within(row).getByRole('switch').hasAttribute('disabled')).toBe(true);
    const marketing = screen.getByText('服务合同即将到期').closest('tr')!;
    expect(within(marketing).getByText('营销类')).toBeTruthy();
    expect(within(marketing).getByText('微信')).toBeTruthy();
    expect(screen.queryByText('测试发送')).toBeNull();
    expect(screen.queryByText('编辑')).toBeNull();
  });

  it('shows the English labels when switched to English', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: READ_AND_MANAGE, locale: 'en' }) };
      if (call.path === '/api/notifications/templates') return { body: { items: [template()] } };
      return undefined;
    });
    renderApp('/notifications/templates', 'en');
    const row = (await screen.findByText('Ticket received')).closest('tr')!;
    expect(within(row).getByText('SMS')).toBeTruthy();
    expect(within(row).getByText('Service')).toBeTruthy();
    expect(within(row).getByText('48 characters, 1 part(s)')).toBeTruthy();
  });

  it('edits a text: a variable is inserted at the caret, the preview counts the parts, an unknown variable is shown under the field, a stale version asks to reload', async () => {
    let saveReply: { status: number; body: unknown } = { status: 400, body: { error: { code: 'validation_error', message: 'bad', details: [{ path: ['body'], message: '未知变量 {customerName}；该事件提供：{number} {promised}' }] } } };
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: admin() };
      if (call.path === '/api/notifications/templates') return { body: { items: [template()] } };
      if (call.path === '/api/notifications/templates/preview') {
        const body = (call.body as { body: string }).body;
        return { body: { text: body.replace('{number}', 'SH20261122-0001'), sms: { length: 75, parts: 2 } } };
      }
      if (call.method === 'PATCH') return saveReply;
      return undefined;
    });
    renderApp('/notifications/templates');
    fireEvent.click(await screen.findByText('编辑'));
    const textarea = (await screen.findByRole('textbox', { name: '内容' })) as HTMLTextAreaElement;
    fireEvent.change(textarea, { target: { value: '单号：' } });
    textarea.setSelectionRange(3, 3);
    fireEvent.select(textarea);
    fireEvent.click(within(screen.getByRole('dialog')).getByText(/\{number\} 单号/));
    await waitFor(() => expect(textarea.value).toBe('单号：{number}'));
    await waitFor(() => expect(screen.getByTestId('template-preview').textContent).toBe('单号：SH20261122-0001'));
    expect(within(screen.getByRole('dialog')).getByText('75 字，2 条')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH')).toBe(true));
    expect(await screen.findByText('未知变量 {customerName}；该事件提供：{number} {promised}')).toBeTruthy();
    const patch = calls.find((call) => call.method === 'PATCH')!;
    expect(patch.path).toBe('/api/notifications/templates/00000000-0000-4000-8000-0000000000a1');
    expect(patch.body).toEqual({ body: '单号：{number}', providerTemplateCode: 'SMS_100001', expectedUpdatedAt: '2026-11-22T02:00:00.000Z' });

    saveReply = { status: 409, body: { error: { code: 'conflict', message: 'the template was changed by someone else since it was read: reload it' } } };
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('该模板已被他人修改，请重新加载后再编辑')).toBeTruthy();
    expect(screen.getByRole('button', { name: '重新加载' })).toBeTruthy();
  });

  it('test-sends a template to a staff phone and tells what the outbox did', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: admin() };
      if (call.path === '/api/notifications/templates') return { body: { items: [template()] } };
      if (call.path.endsWith('/test')) return { body: { items: [message({ status: 'pending', lastError: null })] } };
      return undefined;
    });
    renderApp('/notifications/templates');
    fireEvent.click(await screen.findByText('测试发送'));
    fireEvent.change(await screen.findByRole('textbox', { name: '接收手机号或邮箱' }), { target: { value: ' 13800138000 ' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: /测试发送/ }));
    expect(await screen.findByText('已放入发送队列：短信 待发送')).toBeTruthy();
    const test = calls.find((call) => call.path.endsWith('/test'))!;
    expect(test).toMatchObject({ method: 'POST', path: '/api/notifications/templates/00000000-0000-4000-8000-0000000000a1/test', body: { recipient: '13800138000' } });
  });

  it('switches a channel off with the version read; a wrong recipient of a test send is shown under the field', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: admin() };
      if (call.path === '/api/notifications/templates') return { body: { items: [template()] } };
      if (call.method === 'PATCH') return { body: template({ isEnabled: false }) };
      if (call.path.endsWith('/test')) return { status: 400, body: { error: { code: 'validation_error', message: 'bad', details: [{ path: ['recipient'], message: '短信与微信模板的测试发送需要手机号' }] } } };
      return undefined;
    });
    renderApp('/notifications/templates');
    fireEvent.click(await screen.findByRole('switch', { name: '启用 ticket_received sms zh-CN' }));
    await waitFor(() => expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ isEnabled: false, expectedUpdatedAt: '2026-11-22T02:00:00.000Z' }));

    fireEvent.click(screen.getByText('测试发送'));
    fireEvent.change(await screen.findByRole('textbox', { name: '接收手机号或邮箱' }), { target: { value: 'staff@example.com' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: /测试发送/ }));
    expect(await screen.findByText('短信与微信模板的测试发送需要手机号')).toBeTruthy();
  });

  it('inserts a variable at the caret or at the end', () => {
    expect(insertVariable('单号，请查收', 2, 'number')).toEqual({ text: '单号{number}，请查收', caret: 10 });
    expect(insertVariable('单号', null, 'number')).toEqual({ text: '单号{number}', caret: 10 });
    expect(insertVariable('单号', 99, 'number').text).toBe('单号{number}');
  });
});

describe('message log page', () => {
  it('shows status, reason, provider id and Shanghai times; filters on the server; resends a failed message', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: admin() };
      if (call.path === '/api/notifications/templates') return { body: { items: [template()] } };
      if (call.path.startsWith('/api/outbox?')) return { body: pageOf([message(), message({ id: '00000000-0000-4000-8000-0000000000b2', status: 'delivered', lastError: null, attempts: 1, providerMessageId: 'biz-43', sentAt: '2026-11-22T00:00:05.000Z', deliveredAt: '2026-11-22T00:00:09.000Z' })]) };
      if (call.path.endsWith('/resend')) return { body: message({ status: 'pending', attempts: 0, lastError: null }) };
      return undefined;
    });
    renderApp('/notifications/outbox');
    const failed = (await screen.findByText('aliyun / biz-42')).closest('tr')!;
    expect(within(failed).getByText('失败')).toBeTruthy();
    expect(within(failed).getByText('原因：aliyun: isv.MOBILE_NUMBER_ILLEGAL 非法手机号')).toBeTruthy();
    expect(within(failed).getByText('2026-11-21 23:30:00')).toBeTruthy();
    expect(within(failed).getByText('服务申请已受理')).toBeTruthy();
    const delivered = screen.getByText('aliyun / biz-43').closest('tr')!;
    expect(within(delivered).getByText('已送达')).toBeTruthy();
    expect(within(delivered).getByText('2026-11-22 08:00:09')).toBeTruthy();
    expect(within(delivered).queryByText('重发')).toBeNull();

    fireEvent.change(document.getElementById('outbox-search_recipient')!, { target: { value: ' 13900001111 ' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() => expect(calls.some((call) => call.path === '/api/outbox?recipient=13900001111&page=1&pageSize=20')).toBe(true));

    fireEvent.click(within(failed).getByText('重发'));
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.path === '/api/outbox/00000000-0000-4000-8000-0000000000b1/resend')).toBe(true));
    expect(await screen.findByText('已重新放入发送队列')).toBeTruthy();
  });

  it('a reader sees the log without resend or the customer’s choices', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: readerOnly() };
      if (call.path === '/api/notifications/templates') return { body: { items: [] } };
      if (call.path.startsWith('/api/outbox?')) return { body: pageOf([message()]) };
      return undefined;
    });
    renderApp('/notifications/outbox');
    expect(await screen.findByText('aliyun / biz-42')).toBeTruthy();
    expect(screen.queryByText('重发')).toBeNull();
    expect(screen.queryByRole('button', { name: '客户偏好' })).toBeNull();
  });

  it('is not in the menu and does not open without notifications.read (phone numbers are customer data)', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ roles: ['agent'], permissions: ['tickets.read', 'customers.read'] }) };
      return { body: pageOf([]) };
    });
    renderApp('/notifications/outbox');
    await waitFor(() => expect(calls.some((call) => call.path === '/api/auth/me')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByText('消息记录')).toBeNull();
    expect(screen.queryByText('消息模板')).toBeNull();
    expect(calls.some((call) => call.path.startsWith('/api/outbox'))).toBe(false);
  });

  it('looks up and saves a customer’s choices', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: admin() };
      if (call.path === '/api/notifications/templates') return { body: { items: [template(), template({ id: '00000000-0000-4000-8000-0000000000a3', event: 'contract_expiring', kind: 'marketing' })] } };
      if (call.path.startsWith('/api/outbox?')) return { body: pageOf([]) };
      if (call.path === '/api/notifications/preferences/13900001111' && call.method === 'GET') return { body: { recipient: '13900001111', isMarketingOptOut: false, eventChannels: { ticket_received: ['sms'] }, wechatOpenid: null, updatedAt: null } };
      if (call.path === '/api/notifications/preferences/13900001111' && call.method === 'PUT') return { body: { recipient: '13900001111', ...(call.body as object), updatedAt: '2026-11-22T02:00:00.000Z' } };
      return undefined;
    });
    renderApp('/notifications/outbox');
    fireEvent.click(await screen.findByRole('button', { name: '客户偏好' }));
    fireEvent.change(await screen.findByPlaceholderText('手机号'), { target: { value: '13900001111' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: /查\s*询/ }));
    expect(await screen.findByText('从未设置')).toBeTruthy();
    fireEvent.click(screen.getByRole('switch'));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PUT')).toBe(true));
    expect(calls.find((call) => call.method === 'PUT')!.body).toEqual({ isMarketingOptOut: true, eventChannels: { ticket_received: ['sms'] }, wechatOpenid: null });
  });

  it('turns the search form into the outbox query', () => {
    expect(toOutboxFilters({ recipient: ' 139 ', status: 'failed', channel: undefined, template: '' })).toEqual({ recipient: '139', status: 'failed' });
  });
});
