import { act, fireEvent, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { mockFetch, type Call, type Reply } from '../test-utils';
import { PortalApiError } from './api';
import { createPortalQueryClient, maskPhone, PortalProviders, PortalRoutes } from './PortalApp';
import { buildPortalTicketBody, fieldOfPath } from './NewRequestForm';
import { codeRequestError, preferredWindow, shortTime, signInError, timeWindow, useCountdown } from './logic';
import { portalTranslate } from './i18n';

const PHONE = '13912345678';
const ME = { phone: PHONE, csrfToken: 'portal-csrf', isKnownCustomer: true };
const SUMMARY = {
  id: '11111111-1111-4111-8111-111111111111',
  number: 'SH20261122-0007',
  type: 'repair',
  channel: 'online',
  status: 'accepted',
  urgency: 'normal',
  customerId: '22222222-2222-4222-8222-222222222222',
  customerName: '陈女士',
  assetId: null,
  description: '热水器点火几秒后熄火',
  promisedFeedbackAt: '2026-11-23T02:00:00.000Z',
  createdAt: '2026-11-22T02:00:00.000Z',
  updatedAt: '2026-11-22T02:00:00.000Z',
};
const DETAIL = {
  ...SUMMARY,
  status: 'dispatched',
  address: '上海市浦东新区张江路 88 弄 6 号',
  preferredFrom: '2026-11-24T01:00:00.000Z',
  preferredTo: '2026-11-24T04:00:00.000Z',
  technicianName: '赵磊',
  clocks: [{ kind: 'onsite', status: 'running', dueAt: '2026-11-24T10:00:00.000Z', remainingMinutes: 100, overdueMinutes: 0, isAtRisk: false, isProvisional: false, targetMinutes: 1440 }],
  events: [
    { id: 'e1', at: '2026-11-22T02:00:00.000Z', kind: 'created', actorName: null, fromStatus: null, toStatus: 'new', text: '受理单号 SH20261122-0007', isCustomerVisible: true },
    { id: 'e2', at: '2026-11-22T03:00:00.000Z', kind: 'note', actorName: 'x', fromStatus: null, toStatus: null, text: '明天上午联系您', isCustomerVisible: true },
  ],
};

function renderPortal(handler: (call: Call) => Reply | undefined, path = '/portal') {
  const calls = mockFetch(handler);
  render(
    <MemoryRouter initialEntries={[path]}>
      <PortalProviders queryClient={createPortalQueryClient({ retry: false })} initialLocale="zh-CN">
        <PortalRoutes />
      </PortalProviders>
    </MemoryRouter>,
  );
  return calls;
}

const unauthorized: Reply = { status: 401, body: { error: { code: 'unauthorized', message: 'Verify your phone number first' } } };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('portal sign-in by SMS code', () => {
  it('sends the code and counts down 60 s on the button', async () => {
    const calls = renderPortal((call) => {
      if (call.path === '/api/portal/me') return unauthorized;
      if (call.path === '/api/portal/codes') return { body: { expiresAt: '2026-11-22T02:10:00Z' } };
      return undefined;
    });
    const phone = await screen.findByPlaceholderText('请输入 11 位手机号');
    fireEvent.change(phone, { target: { value: PHONE } });
    fireEvent.click(screen.getByTestId('portal-get-code'));
    await screen.findByText('验证码已发送，10 分钟内有效');
    const button = screen.getByTestId('portal-get-code');
    await waitFor(() => expect(button.textContent).toMatch(/^(60|59) 秒后重发$/));
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(calls.find((call) => call.path === '/api/portal/codes')?.body).toEqual({ phone: PHONE });
  });

  it('refuses a malformed number without calling the server', async () => {
    const calls = renderPortal((call) => (call.path === '/api/portal/me' ? unauthorized : undefined));
    fireEvent.change(await screen.findByPlaceholderText('请输入 11 位手机号'), { target: { value: '1391234' } });
    fireEvent.click(screen.getByTestId('portal-get-code'));
    expect((await screen.findByRole('alert')).textContent).toBe('请输入正确的 11 位手机号');
    expect(calls.some((call) => call.path === '/api/portal/codes')).toBe(false);
  });

  it('shows the server wait (429) and counts it down', async () => {
    renderPortal((call) => {
      if (call.path === '/api/portal/me') return unauthorized;
      if (call.path === '/api/portal/codes') return { status: 429, body: { error: { code: 'rate_limited', message: 'Wait 60 seconds before asking for another code' } } };
      return undefined;
    });
    fireEvent.change(await screen.findByPlaceholderText('请输入 11 位手机号'), { target: { value: PHONE } });
    fireEvent.click(screen.getByTestId('portal-get-code'));
    expect((await screen.findByRole('alert')).textContent).toBe('操作太频繁，请 60 秒后再获取验证码');
    await waitFor(() => expect(screen.getByTestId('portal-get-code').textContent).toMatch(/秒后重发$/));
  });

  it('a wrong code says how many tries are left; after 5 the code is dead until a new one is sent', async () => {
    let codes = 0;
    renderPortal((call) => {
      if (call.path === '/api/portal/me') return unauthorized;
      if (call.path === '/api/portal/codes') {
        codes += 1;
        return { body: { expiresAt: '2026-11-22T02:10:00Z' } };
      }
      if (call.path === '/api/portal/sessions') return { status: 400, body: { error: { code: 'validation_failed', message: 'wrong or expired code', details: [{ path: ['code'], message: 'wrong or expired code' }] } } };
      return undefined;
    });
    fireEvent.change(await screen.findByPlaceholderText('请输入 11 位手机号'), { target: { value: PHONE } });
    fireEvent.click(screen.getByTestId('portal-get-code'));
    await screen.findByText('验证码已发送，10 分钟内有效');
    fireEvent.change(screen.getByPlaceholderText('6 位数字验证码'), { target: { value: '000000' } });
    const submit = screen.getByTestId('portal-sign-in');
    fireEvent.click(submit);
    expect((await screen.findByRole('alert')).textContent).toBe('验证码错误或已过期（还可再试 4 次）');
    for (let i = 2; i <= 5; i += 1) {
      await waitFor(() => expect(submit.hasAttribute('disabled')).toBe(false));
      fireEvent.click(submit);
      await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(i < 5 ? `验证码错误或已过期（还可再试 ${5 - i} 次）` : '错误次数过多，该验证码已失效，请重新获取验证码'));
    }
    expect(submit.hasAttribute('disabled')).toBe(true);
    expect(codes).toBe(1);
  });

  it('signs in with the right code and shows my tickets', async () => {
    let signedIn = false;
    const calls = renderPortal((call) => {
      if (call.path === '/api/portal/me') return signedIn ? { body: ME } : unauthorized;
      if (call.path === '/api/portal/sessions') {
        signedIn = true;
        return { body: { phone: PHONE, csrfToken: 'portal-csrf' } };
      }
      if (call.path === '/api/portal/tickets') return { body: { items: [SUMMARY] } };
      return undefined;
    });
    fireEvent.change(await screen.findByPlaceholderText('请输入 11 位手机号'), { target: { value: PHONE } });
    fireEvent.change(screen.getByPlaceholderText('6 位数字验证码'), { target: { value: '123456' } });
    fireEvent.click(screen.getByTestId('portal-sign-in'));
    await screen.findByText('SH20261122-0007');
    expect(screen.getByText('当前手机号 139****5678')).toBeTruthy();
    expect(calls.find((call) => call.path === '/api/portal/sessions')?.body).toEqual({ phone: PHONE, code: '123456' });
  });
});

describe('portal tickets', () => {
  it('lists my tickets with status, type and the promised contact time (Shanghai)', async () => {
    renderPortal((call) => {
      if (call.path === '/api/portal/me') return { body: ME };
      if (call.path === '/api/portal/tickets') return { body: { items: [SUMMARY, { ...SUMMARY, id: '33333333-3333-4333-8333-333333333333', number: 'SH20261101-0001', status: 'closed', createdAt: '2026-11-01T02:00:00.000Z' }] } };
      return undefined;
    });
    const row = await screen.findByTestId('portal-ticket-SH20261122-0007');
    expect(within(row).getByText('已受理')).toBeTruthy();
    expect(within(row).getByText('热水器点火几秒后熄火')).toBeTruthy();
    expect(within(row).getByText('我们将在 11月23日 10:00 前联系您')).toBeTruthy();
    expect(within(row).getByText(/维修 · 提交于 11月22日 10:00/)).toBeTruthy();
    const closed = screen.getByTestId('portal-ticket-SH20261101-0001');
    expect(within(closed).getByText('已关闭')).toBeTruthy();
    expect(within(closed).queryByText(/我们将在/)).toBeNull();
    // newest first
    const numbers = screen.getAllByText(/^SH\d{8}-\d{4}$/).map((node) => node.textContent);
    expect(numbers).toEqual(['SH20261122-0007', 'SH20261101-0001']);
  });

  it('shows an empty state with a way to file a request', async () => {
    renderPortal((call) => {
      if (call.path === '/api/portal/me') return { body: ME };
      if (call.path === '/api/portal/tickets') return { body: { items: [] } };
      return undefined;
    });
    expect(await screen.findByText('您还没有服务单')).toBeTruthy();
  });

  it('the detail shows the timeline, the promise, the technician and the customer-visible note', async () => {
    renderPortal((call) => {
      if (call.path === '/api/portal/me') return { body: ME };
      if (call.path === `/api/portal/tickets/${SUMMARY.id}`) return { body: DETAIL };
      return undefined;
    }, `/portal/tickets/${SUMMARY.id}`);
    await screen.findByTestId('portal-ticket-detail');
    expect(screen.getByText('服务技师：赵磊')).toBeTruthy();
    expect(screen.getByText('我们将在 11月23日 10:00 前联系您')).toBeTruthy();
    expect(screen.getByText('已派工')).toBeTruthy();
    expect(screen.getByText('已提交服务申请')).toBeTruthy();
    expect(screen.getByText('客服留言')).toBeTruthy();
    expect(screen.getByText('明天上午联系您')).toBeTruthy();
    expect(screen.getByText('11月24日 09:00–12:00')).toBeTruthy();
    expect(screen.getByText('上门时限：11月24日 18:00 前')).toBeTruthy();
  });

  it('a ticket of someone else (404) is simply not found', async () => {
    renderPortal((call) => (call.path === '/api/portal/me' ? { body: ME } : undefined), `/portal/tickets/${SUMMARY.id}`);
    expect(await screen.findByText('未找到该服务单')).toBeTruthy();
  });

  it('files a request with the CSRF token and reads back the number and the promised time', async () => {
    const calls = renderPortal((call) => {
      if (call.path === '/api/portal/me') return { body: ME };
      if (call.path === '/api/portal/tickets' && call.method === 'GET') return { body: { items: [] } };
      if (call.path === '/api/portal/tickets' && call.method === 'POST') return { status: 201, body: { ticket: DETAIL, isExisting: false, reason: 'created' } };
      return undefined;
    }, '/portal?tab=new');
    const description = await screen.findByPlaceholderText(/请描述产品、问题和现象/);
    expect(screen.queryByTestId('portal-name')).toBeNull(); // known customer: no name/address
    fireEvent.click(screen.getByText('安装'));
    fireEvent.change(description, { target: { value: '新买的热水器需要安装' } });
    fireEvent.click(screen.getByTestId('portal-submit'));
    expect((await screen.findByTestId('portal-result-number')).textContent).toBe('您的服务单号是 SH20261122-0007');
    expect(screen.getByTestId('portal-result-promise').textContent).toBe('我们将在 11月23日 10:00 前联系您');
    const post = calls.find((call) => call.method === 'POST' && call.path === '/api/portal/tickets')!;
    expect(post.headers['X-CSRF-Token']).toBe('portal-csrf');
    expect(post.body).toEqual({ type: 'installation', description: '新买的热水器需要安装' });
  });

  it('tapping the chosen service type again keeps it chosen (维修 stays the request type)', async () => {
    const calls = renderPortal((call) => {
      if (call.path === '/api/portal/me') return { body: ME };
      if (call.path === '/api/portal/tickets' && call.method === 'GET') return { body: { items: [] } };
      if (call.path === '/api/portal/tickets' && call.method === 'POST') return { status: 201, body: { ticket: DETAIL, isExisting: false, reason: 'created' } };
      return undefined;
    }, '/portal?tab=new');
    const description = await screen.findByPlaceholderText(/请描述产品、问题和现象/);
    fireEvent.click(within(screen.getByTestId('portal-type')).getByText('维修'));
    fireEvent.change(description, { target: { value: '洗衣机不脱水' } });
    fireEvent.click(screen.getByTestId('portal-submit'));
    await screen.findByTestId('portal-result-number');
    const post = calls.find((call) => call.method === 'POST' && call.path === '/api/portal/tickets')!;
    expect(post.body).toEqual({ type: 'repair', description: '洗衣机不脱水' });
  });

  it('a duplicate open ticket is named', async () => {
    renderPortal((call) => {
      if (call.path === '/api/portal/me') return { body: ME };
      if (call.path === '/api/portal/tickets' && call.method === 'POST') return { body: { ticket: DETAIL, isExisting: true, reason: 'duplicate_open_ticket' } };
      if (call.path === '/api/portal/tickets') return { body: { items: [] } };
      return undefined;
    }, '/portal?tab=new');
    fireEvent.change(await screen.findByPlaceholderText(/请描述产品、问题和现象/), { target: { value: '还是不出热水' } });
    fireEvent.click(screen.getByTestId('portal-submit'));
    expect(await screen.findByText('您已有一张处理中的同类服务单 SH20261122-0007，我们已记录您的补充说明')).toBeTruthy();
  });

  it('a new customer must give a name and an address', async () => {
    const calls = renderPortal((call) => {
      if (call.path === '/api/portal/me') return { body: { ...ME, isKnownCustomer: false } };
      if (call.path === '/api/portal/tickets') return { body: { items: [] } };
      return undefined;
    }, '/portal?tab=new');
    fireEvent.change(await screen.findByPlaceholderText(/请描述产品、问题和现象/), { target: { value: '需要维修' } });
    expect(screen.getByText('首次申请，请留下您的姓名和地址')).toBeTruthy();
    fireEvent.click(screen.getByTestId('portal-submit'));
    expect(await screen.findByText('请填写姓名')).toBeTruthy();
    expect(screen.getByText('请选择所在地区')).toBeTruthy();
    expect(screen.getByText('请填写详细地址')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('退出 posts the logout with the CSRF token and returns to the code form', async () => {
    let signedIn = true;
    const calls = renderPortal((call) => {
      if (call.path === '/api/portal/me') return signedIn ? { body: ME } : unauthorized;
      if (call.path === '/api/portal/tickets') return { body: { items: [] } };
      if (call.path === '/api/portal/logout') {
        signedIn = false;
        return { body: { ok: true } };
      }
      return undefined;
    });
    fireEvent.click(await screen.findByTestId('portal-logout'));
    await screen.findByTestId('portal-login');
    expect(calls.find((call) => call.path === '/api/portal/logout')?.headers['X-CSRF-Token']).toBe('portal-csrf');
  });

  it('/portal renders the portal without asking for a staff session', async () => {
    const calls = mockFetch((call) => (call.path === '/api/portal/me' ? unauthorized : undefined));
    render(
      <MemoryRouter initialEntries={['/portal']}>
        <App />
      </MemoryRouter>,
    );
    await screen.findByTestId('portal-login');
    expect(calls.some((call) => call.path.startsWith('/api/auth'))).toBe(false);
  });

  it('switches to English', async () => {
    renderPortal((call) => (call.path === '/api/portal/me' ? unauthorized : undefined));
    fireEvent.click(await screen.findByTestId('portal-lang'));
    expect(await screen.findByText('Get code')).toBeTruthy();
  });
});

describe('portal logic', () => {
  it('maps code request errors', () => {
    expect(codeRequestError(new PortalApiError(429, 'rate_limited', 'Wait 60 seconds before asking for another code'))).toEqual({ key: 'error.waitSeconds', vars: { seconds: 60 }, waitSeconds: 60 });
    // Retry-After wins over the text: the countdown shows what is really left.
    expect(codeRequestError(new PortalApiError(429, 'rate_limited', 'Wait 60 seconds before asking for another code', [], 42))).toEqual({ key: 'error.waitSeconds', vars: { seconds: 42 }, waitSeconds: 42 });
    expect(codeRequestError(new PortalApiError(429, 'rate_limited', 'Too many codes for this number; try again in an hour', [], 3295)).key).toBe('error.tooManyCodes');
    expect(codeRequestError(new PortalApiError(429, 'rate_limited', 'Too many codes for this number; try again in an hour')).key).toBe('error.tooManyCodes');
    expect(codeRequestError(new PortalApiError(429, 'rate_limited', 'Too many requests; try again later')).key).toBe('error.rateLimited');
    expect(codeRequestError(new PortalApiError(400, 'validation_failed', 'x', [{ path: ['phone'], message: 'x' }])).key).toBe('error.phoneInvalid');
    expect(codeRequestError(new PortalApiError(0, 'network_error', 'offline')).key).toBe('error.network');
  });

  it('maps sign-in errors by the number of wrong tries', () => {
    const wrong = new PortalApiError(400, 'validation_failed', 'wrong or expired code', [{ path: ['code'], message: 'x' }]);
    expect(signInError(wrong, 1)).toMatchObject({ key: 'error.codeWrongLeft', vars: { left: 4 } });
    expect(signInError(wrong, 5)).toMatchObject({ key: 'error.codeDead', dead: true });
    expect(portalTranslate('zh-CN', 'error.codeWrong')).toBe('验证码错误或已过期');
  });

  it('counts down once a second', () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useCountdown());
    act(() => result.current.start(60));
    expect(result.current.left).toBe(60);
    act(() => vi.advanceTimersByTime(1000));
    expect(result.current.left).toBe(59);
    act(() => vi.advanceTimersByTime(59_000));
    expect(result.current.left).toBe(0);
  });

  it('formats Shanghai times and windows, whatever the browser zone', () => {
    expect(shortTime('2026-11-23T02:00:00.000Z', 'zh-CN')).toBe('11月23日 10:00');
    expect(shortTime('2026-11-23T02:00:00.000Z', 'en')).toBe('Nov 23, 10:00');
    expect(timeWindow('2026-11-24T01:00:00.000Z', '2026-11-24T04:00:00.000Z', 'zh-CN')).toBe('11月24日 09:00–12:00');
    expect(preferredWindow('2026-11-24', 'morning')).toEqual({ preferredFrom: '2026-11-24T01:00:00.000Z', preferredTo: '2026-11-24T04:00:00.000Z' });
    expect(maskPhone(PHONE)).toBe('139****5678');
  });

  it('builds the body: name and address only for a new customer; maps error paths to fields', () => {
    const values = { type: ['repair' as const], description: ' 漏水 ', name: ' 陈女士 ', region: ['310000', '310100', '310115'], detail: ' 张江路 88 号 ', day: new Date(2026, 10, 24), slot: ['afternoon' as const] };
    expect(buildPortalTicketBody(values, false)).toEqual({
      type: 'repair',
      description: '漏水',
      name: '陈女士',
      address: { provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '张江路 88 号' },
      preferredFrom: '2026-11-24T05:00:00.000Z',
      preferredTo: '2026-11-24T10:00:00.000Z',
    });
    expect(buildPortalTicketBody(values, true)).toEqual({ type: 'repair', description: '漏水', preferredFrom: '2026-11-24T05:00:00.000Z', preferredTo: '2026-11-24T10:00:00.000Z' });
    expect(fieldOfPath(['body', 'address', 'districtCode'])).toBe('region');
    expect(fieldOfPath(['address', 'detail'])).toBe('detail');
    expect(fieldOfPath(['name'])).toBe('name');
  });
});
