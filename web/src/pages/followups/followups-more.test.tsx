import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { DEFAULT_FOLLOWUP_SETTINGS } from '../../../../contracts/followups';
import type { FollowupAudit, PeriodicVisit } from '../../api/followups';
import { createPortalQueryClient, PortalProviders, PortalRoutes } from '../../portal/PortalApp';
import { surveyProblem } from '../../portal/SurveyView';
import { PortalApiError } from '../../portal/api';
import { makeMe, mockFetch, renderApp, type Call, type Reply } from '../../test-utils';
import { settingsChanges } from './FollowupsPage';
import { monthsOf, quarterOfDay } from './PeriodicVisitsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const SUPERVISOR = makeMe({ id: '00000000-0000-4000-8000-0000000000b1', roles: ['supervisor'], permissions: ['followups.read', 'followups.call', 'followups.assign', 'followups.audit', 'followups.periodic'] });
const MANAGER = makeMe({ roles: ['manager'], permissions: ['followups.read', 'followups.call', 'followups.settings'] });
const SETTINGS = { ...DEFAULT_FOLLOWUP_SETTINGS, version: 4 };

const audit = (over: Partial<FollowupAudit>): FollowupAudit => ({
  id: '00000000-0000-4000-8000-0000000000a1', runId: 'r1', weekStart: '2026-11-16', taskId: 't1', workOrderNumber: 'SH20261118-0003-1', customerId: 'c1', customerName: '王先生',
  agentUserId: '00000000-0000-4000-8000-0000000000c1', agentName: '张回访', closedAt: '2026-11-18T03:00:00.000Z',
  outcome: { overall: 5, attitude: 5, skill: 4, timeliness: 4, categories: [], comment: '满意', decision: 'closed' },
  status: 'pending', isHappened: null, isMatched: null, note: null, auditorUserId: null, decidedAt: null, version: 1, ...over,
});

describe('follow-up policy section', () => {
  it('sends only the changed fields with the version read', () => {
    expect(settingsChanges(SETTINGS, { ...SETTINGS, maxAttempts: 5, periodicMonths: { key: 3, regular: 12 } })).toEqual({ version: 4, maxAttempts: 5, periodicMonths: { key: 3, regular: 12 } });
    expect(settingsChanges(SETTINGS, { ...SETTINGS })).toEqual({ version: 4 });
  });

  it('shows the policy to a holder of followups.settings and saves it with the version', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: MANAGER };
      if (call.path.startsWith('/api/followups?queue=')) return { body: { items: [] } };
      if (call.path === '/api/followups/settings' && call.method === 'GET') return { body: SETTINGS };
      if (call.path === '/api/followups/settings' && call.method === 'PUT') return { body: { ...SETTINGS, ...(call.body as object), version: 5 } };
      return undefined;
    });
    renderApp('/followups');
    const card = await screen.findByTestId('followup-settings');
    expect(within(card).getByText('回访制度')).toBeTruthy();
    expect(within(card).getByText('版本 4')).toBeTruthy();
    const attempts = within(card).getByLabelText('最多拨打次数') as HTMLInputElement;
    fireEvent.change(attempts, { target: { value: '5' } });
    fireEvent.click(within(card).getByRole('button', { name: /保\s?存/ }));
    await waitFor(() => expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({ version: 4, maxAttempts: 5 }));
  });

  it('does not show the policy form to an agent', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ roles: ['agent'], permissions: ['followups.read', 'followups.call'] }) };
      if (call.path.startsWith('/api/followups?queue=')) return { body: { items: [] } };
      if (call.path === '/api/followups/settings') return { body: SETTINGS };
      return undefined;
    });
    renderApp('/followups');
    expect(await screen.findByText('回访队列')).toBeTruthy();
    expect(screen.queryByTestId('followup-settings')).toBeNull();
  });
});

describe('回访稽核 page', () => {
  it('shows the week\'s sample with its seed, marks the supervisor\'s own follow-up, and records a mismatch', async () => {
    const own = audit({ id: '00000000-0000-4000-8000-0000000000a2', agentUserId: SUPERVISOR.id, agentName: '本人', customerName: '李女士' });
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: SUPERVISOR };
      if (call.path.startsWith('/api/followups/audits?')) return { body: { run: { id: 'r1', weekStart: '2026-11-16', seed: 'abc123', sharePercent: 5, sampled: 2, createdAt: '2026-11-23T00:00:00.000Z' }, items: [audit({}), own] } };
      if (call.method === 'POST' && call.path.endsWith('/result')) return { body: audit({ status: 'done', isHappened: false, isMatched: false, version: 2 }) };
      return undefined;
    });
    renderApp('/followups/audits');
    expect(await screen.findByText('王先生')).toBeTruthy();
    expect(screen.getByText('abc123')).toBeTruthy();
    expect(screen.getByText('2026-11-16')).toBeTruthy();
    expect(screen.getByText('本人回访，不可稽核')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '记录稽核结果' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('客户确认接到过回访'));
    fireEvent.change(within(dialog).getByLabelText('稽核说明'), { target: { value: '客户说没接到电话' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /保\s?存/ }));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST' && call.path.endsWith('/result'))?.body).toEqual({ version: 1, isHappened: false, isMatched: true, note: '客户说没接到电话' }));
    expect(calls.find((call) => call.method === 'POST' && call.path.endsWith('/result'))?.path).toBe(`/api/followups/audits/${audit({}).id}/result`);
  });
});

describe('定期回访 page', () => {
  it('knows the quarter and its months', () => {
    expect(quarterOfDay('2026-11-23')).toBe('2026-Q4');
    expect(monthsOf('2027-Q1')).toEqual(['2027-01', '2027-02', '2027-03']);
  });

  it('lists the quarter with its counts, overdue visits marked, and records a phone visit done', async () => {
    const visit: PeriodicVisit = { id: '00000000-0000-4000-8000-0000000000d1', quarter: '2026-Q4', plannedMonth: '2026-10-01', customerId: 'c1', customerName: '赵女士', isKeyCustomer: false, mode: 'phone', assignedUserId: SUPERVISOR.id, outletId: null, workOrderId: null, status: 'planned', isOverdue: true, note: null, doneAt: null, version: 1 };
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: SUPERVISOR };
      if (call.path.startsWith('/api/followups/periodic?')) return { body: { items: [visit], total: 3, counts: { planned: 2, done: 1, overdue: 1 } } };
      if (call.method === 'POST' && call.path.endsWith('/done')) return { body: { ...visit, status: 'done', isOverdue: false, version: 2 } };
      return undefined;
    });
    renderApp('/followups/periodic');
    expect(await screen.findByText('赵女士')).toBeTruthy();
    expect(screen.getAllByText('已超期').length).toBeGreaterThan(0);
    expect(screen.getByText('2026-10')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /完\s?成/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('回访情况'), { target: { value: '使用正常' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /保\s?存/ }));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST' && call.path.endsWith('/done'))?.body).toEqual({ version: 1, note: '使用正常' }));
  });
});

describe('portal survey (no sign-in)', () => {
  const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
  function renderSurvey(handler: (call: Call) => Reply | undefined) {
    const calls = mockFetch(handler);
    render(
      <MemoryRouter initialEntries={[`/portal/survey/${TOKEN}`]}>
        <PortalProviders queryClient={createPortalQueryClient({ retry: false })} initialLocale="zh-CN">
          <PortalRoutes />
        </PortalProviders>
      </MemoryRouter>,
    );
    return calls;
  }

  it('opens without a portal session, asks for every rating, sends the answer once and thanks the customer', async () => {
    const calls = renderSurvey((call) => {
      if (call.path === `/api/portal/surveys/${TOKEN}` && call.method === 'GET') return { body: { workOrderNumber: 'SH20261120-0001-1', workType: 'repair', workDone: '更换电容', finishedAt: '2026-11-20T02:00:00.000Z', expiresAt: '2026-11-26T02:00:00.000Z', categories: ['裂缝', '响应慢'] } };
      if (call.path === `/api/portal/surveys/${TOKEN}` && call.method === 'POST') return { body: { ok: true } };
      return undefined;
    });
    expect(await screen.findByText('服务评价')).toBeTruthy();
    expect(screen.getByText('更换电容')).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/portal/me')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    expect(await screen.findByText('请为每一项打分')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    for (const label of ['总体满意度', '服务态度', '技术水平', '及时性']) {
      const stars = within(screen.getByLabelText(label)).getAllByRole('radio');
      fireEvent.click(stars[label === '及时性' ? 1 : 3]);
    }
    fireEvent.click(screen.getByText('响应慢'));
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    expect(await screen.findByText('感谢您的评价！')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ overall: 4, attitude: 4, skill: 4, timeliness: 2, categories: ['响应慢'] });
  });

  it('tells a used or expired link apart from an unknown one', async () => {
    expect(surveyProblem(new PortalApiError(409, 'conflict', 'x', [{ path: ['token'], message: 'expired' }]))).toBe('expired');
    expect(surveyProblem(new PortalApiError(409, 'conflict', 'x', [{ path: ['token'], message: 'already used' }]))).toBe('used');
    expect(surveyProblem(new PortalApiError(404, 'not_found', 'x'))).toBe('notFound');
    renderSurvey((call) => (call.path === `/api/portal/surveys/${TOKEN}` ? { status: 409, body: { error: { code: 'conflict', message: 'used', details: [{ path: ['token'], message: 'already used' }] } } } : undefined));
    expect(await screen.findByText('该评价链接已使用过')).toBeTruthy();
  });
});
