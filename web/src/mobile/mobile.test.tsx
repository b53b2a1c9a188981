import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { QueryClient } from '@tanstack/react-query';
import { App, AppProviders } from '../App';
import { I18nProvider } from '../i18n';
import { makeMe, makeWorkOrderDetail, mockFetch, TECHNICIAN, type Call, type Reply } from '../test-utils';
import type { WorkOrderDetail, WorkOrderView } from '../api/field';
import type { WorkOrderStatus } from '../../../contracts/dispatch';
import MobileRoutes from './MobileApp';
import { SignaturePad, dataUrlBytes, exportSignature } from './SignaturePad';
import { allowedSteps, appointmentWindow, navigationUrl, parseYuan, telUrl } from './logic';
import { buildReportBody, draftOf } from './ReportForm';

const ORDER_ID = '22222222-2222-4222-8222-222222222222';
const ME = makeMe({ ...TECHNICIAN, permissions: ['workorders.read', 'workorders.field', 'workshop.manage'] });

function order(overrides: Partial<WorkOrderDetail> = {}): WorkOrderDetail {
  return makeWorkOrderDetail({
    id: ORDER_ID,
    number: 'WO20250502-0001',
    ticketId: '33333333-3333-4333-8333-333333333333',
    ticketNumber: 'SH20250502-0007',
    customerId: '44444444-4444-4444-8444-444444444444',
    customerName: '王芳',
    status: 'dispatched',
    priority: 'normal',
    // 09:00–11:00 in Shanghai
    windowStart: '2025-05-02T01:00:00.000Z',
    windowEnd: '2025-05-02T03:00:00.000Z',
    serviceDate: '2025-05-02',
    address: '上海市浦东新区张江路 88 号 3 室',
    latitude: 31.2,
    longitude: 121.6,
    contactName: '王芳',
    contactPhone: '13812345678',
    materials: [{ name: '压缩机电容', partCode: 'CAP-35', quantity: 1 }],
    technicianName: '张师傅',
    dispatchMode: 'auto',
    routeSeq: 1,
    version: 1,
    createdAt: '2025-05-01T02:00:00.000Z',
    updatedAt: '2025-05-01T02:00:00.000Z',
    ...overrides,
  });
}

function renderMobile(path: string, handler: (call: Call) => Reply | undefined) {
  const calls = mockFetch((call) => {
    if (call.path === '/api/auth/me') return { body: ME };
    if (call.path === '/api/technicians/me') return { status: 404, body: { error: { code: 'not_found', message: 'no' } } };
    return handler(call);
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders queryClient={queryClient} initialLocale="zh-CN">
        <MobileRoutes />
      </AppProviders>
    </MemoryRouter>,
  );
  return calls;
}

const stepButtons = () =>
  screen
    .queryAllByTestId(/^m-step-/)
    .map((element) => element.getAttribute('data-testid'))
    .sort();

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('helpers', () => {
  it('builds navigation links with coordinates (lng,lat) or by address search', () => {
    expect(navigationUrl({ address: '张江路 88 号', latitude: 31.2, longitude: 121.6 })).toBe(`https://uri.amap.com/marker?position=121.6,31.2&name=${encodeURIComponent('张江路 88 号')}`);
    expect(navigationUrl({ address: '张江路 88 号', latitude: null, longitude: null })).toBe(`https://uri.amap.com/search?keyword=${encodeURIComponent('张江路 88 号')}`);
  });

  it('makes call links only for full numbers, and shows windows in Shanghai time', () => {
    expect(telUrl('138 1234 5678')).toBe('tel:13812345678');
    expect(telUrl('138****5678')).toBeNull();
    expect(appointmentWindow('2025-05-02T01:00:00.000Z', '2025-05-02T03:00:00.000Z', '2025-05-02')).toBe('09:00–11:00');
    expect(appointmentWindow('2025-05-02T01:00:00.000Z', '2025-05-02T03:00:00.000Z', '2025-05-01')).toBe('05-02 09:00–11:00');
  });

  it('offers each status only its own steps', () => {
    expect(allowedSteps('dispatched')).toEqual(['accept', 'decline']);
    expect(allowedSteps('on_the_way')).toEqual(['arrived', 'not_completed']);
    expect(allowedSteps('completed')).toEqual([]);
  });

  it('turns the typed report into fen and asks for a reason when the fee differs', () => {
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('abc')).toBeUndefined();
    const draft = { ...draftOf(null), actualFault: '电容损坏', parts: [{ name: '电容', partCode: 'CAP-35', quantity: '2', unitPrice: '35.50' }], labourMinutes: '45', labourFee: '80', feeCollected: '100' };
    const missingReason = buildReportBody(draft);
    expect(missingReason.errors).toEqual({ feeReason: 'm.report.feeReasonRequired' });
    const built = buildReportBody({ ...draft, feeReason: '老客户优惠' });
    expect(built.body).toEqual({
      diagnosis: null,
      actualFault: '电容损坏',
      workDone: null,
      partsUsed: [{ name: '电容', partCode: 'CAP-35', quantity: 2, unitPriceFen: 3550 }],
      labourMinutes: 45,
      labourFeeFen: 8000,
      feeCollectedFen: 10000,
      feeReason: '老客户优惠',
    });
    // parts 71.00 + labour 80.00 = 151.00 collected in full: no reason needed
    expect(buildReportBody({ ...draft, feeCollected: '151' }).errors).toBeNull();
    expect(buildReportBody({ ...draft, labourFee: '8o' }).errors).toMatchObject({ labourFee: 'm.report.badAmount' });
  });
});

describe('signature pad', () => {
  let toDataUrl: ReturnType<typeof vi.fn>;
  const drawn: string[] = [];
  beforeEach(() => {
    drawn.length = 0;
    const context = new Proxy(
      {},
      {
        get: (_target, name: string) => (typeof name === 'string' && ['lineWidth', 'lineCap', 'lineJoin', 'strokeStyle', 'fillStyle'].includes(name) ? undefined : (..._args: unknown[]) => drawn.push(name)),
        set: () => true,
      },
    );
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => context) as never);
    toDataUrl = vi.fn(() => 'data:image/png;base64,iVBORw0KGgo=');
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(toDataUrl as never);
  });

  function renderPad(onConfirm: (dataUrl: string) => void) {
    render(
      <I18nProvider initialLocale="zh-CN">
        <SignaturePad onConfirm={onConfirm} />
      </I18nProvider>,
    );
    return screen.getByTestId('m-signature-canvas');
  }

  it('exports what was drawn as a PNG data URL on 确认签名', () => {
    const onConfirm = vi.fn();
    const canvas = renderPad(onConfirm);
    fireEvent.pointerDown(canvas, { pointerId: 1, clientX: 10, clientY: 10 });
    fireEvent.pointerMove(canvas, { pointerId: 1, clientX: 40, clientY: 30 });
    fireEvent.pointerUp(canvas, { pointerId: 1 });
    expect(drawn).toContain('stroke');
    fireEvent.click(screen.getByTestId('m-signature-confirm'));
    expect(toDataUrl).toHaveBeenCalledWith('image/png');
    expect(onConfirm).toHaveBeenCalledWith('data:image/png;base64,iVBORw0KGgo=');
  });

  it('refuses to confirm an empty pad, and a cleared one', () => {
    const onConfirm = vi.fn();
    const canvas = renderPad(onConfirm);
    fireEvent.click(screen.getByTestId('m-signature-confirm'));
    expect(screen.getByRole('alert').textContent).toBe('请先签名');
    fireEvent.pointerDown(canvas, { pointerId: 1, clientX: 10, clientY: 10 });
    fireEvent.click(screen.getByTestId('m-signature-clear'));
    fireEvent.click(screen.getByTestId('m-signature-confirm'));
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('refuses an export over 512 KiB', () => {
    const big = `data:image/png;base64,${'A'.repeat(800_000)}`;
    expect(dataUrlBytes(big)).toBe(600_000);
    toDataUrl.mockReturnValue(big);
    expect(exportSignature(document.createElement('canvas'))).toEqual({ error: 'too_large' });
    toDataUrl.mockReturnValue('data:,');
    expect(exportSignature(document.createElement('canvas'))).toEqual({ error: 'not_png' });
  });
});

describe('order page', () => {
  const detailFor = (status: WorkOrderStatus) => (call: Call) => (call.method === 'GET' && call.path === `/api/m/work-orders/${ORDER_ID}` ? { body: order({ status }) } : undefined);

  it('shows only accept and decline for a dispatched order, with materials, call and navigation links', async () => {
    renderMobile(`/m/orders/${ORDER_ID}`, detailFor('dispatched'));
    await screen.findByTestId('m-order');
    expect(stepButtons()).toEqual(['m-step-accept', 'm-step-decline']);
    expect(screen.getByTestId('m-materials').textContent).toContain('压缩机电容');
    expect(screen.getByTestId('m-call').getAttribute('href')).toBe('tel:13812345678');
    expect(screen.getByTestId('m-nav').getAttribute('href')).toContain('uri.amap.com/marker?position=121.6,31.2');
  });

  it('shows the report, photo, signature, complete and not-completed steps while in progress', async () => {
    renderMobile(`/m/orders/${ORDER_ID}`, detailFor('in_progress'));
    await screen.findByTestId('m-order');
    expect(stepButtons()).toEqual(['m-step-complete', 'm-step-not_completed', 'm-step-photo', 'm-step-report']);
    expect(screen.getByTestId('m-photo-input').getAttribute('capture')).toBe('environment');
    expect(screen.getByTestId('m-signature-canvas')).toBeTruthy();
  });

  it('shows no step once completed, but the receipt link', async () => {
    renderMobile(`/m/orders/${ORDER_ID}`, detailFor('completed'));
    await screen.findByTestId('m-order');
    expect(stepButtons()).toEqual([]);
    expect(screen.getByTestId('m-receipt-link').getAttribute('href')).toBe(`/print/receipt/${ORDER_ID}`);
  });

  it('accepts with a clientStepId and the CSRF token, then shows the next step from the answer', async () => {
    const calls = renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.method === 'GET' && call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order({ status: 'dispatched' }) };
      if (call.method === 'POST' && call.path === `/api/m/work-orders/${ORDER_ID}/accept`) return { body: order({ status: 'assigned', version: 2 }) };
      return undefined;
    });
    fireEvent.click(await screen.findByTestId('m-step-accept'));
    await screen.findByTestId('m-step-on_the_way');
    const post = calls.find((call) => call.method === 'POST');
    expect(post?.headers['X-CSRF-Token']).toBe('csrf-test-token');
    expect((post?.body as { clientStepId: string }).clientStepId).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(screen.queryByTestId('m-pending')).toBeNull();
  });

  it('keeps a step sent without connection as 待同步 and moves the buttons on; the retry carries the same clientStepId', async () => {
    let online = false;
    const posts: Call[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(input);
      if (path === '/api/auth/me') return Response.json(ME);
      if (path === `/api/m/work-orders/${ORDER_ID}` && (init.method ?? 'GET') === 'GET') return Response.json(order({ status: 'assigned' }));
      if (path === `/api/m/work-orders/${ORDER_ID}/on-the-way`) {
        posts.push({ method: 'POST', path, headers: {}, body: JSON.parse(String(init.body)) });
        if (!online) throw new TypeError('Failed to fetch');
        return Response.json(order({ status: 'on_the_way', version: 3 }));
      }
      return Response.json({ error: { code: 'not_found', message: 'no' } }, { status: 404 });
    });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <MemoryRouter initialEntries={[`/m/orders/${ORDER_ID}`]}>
        <AppProviders queryClient={queryClient} initialLocale="zh-CN">
          <MobileRoutes />
        </AppProviders>
      </MemoryRouter>,
    );
    fireEvent.click(await screen.findByTestId('m-step-on_the_way'));
    await screen.findByTestId('m-pending');
    expect(screen.getByTestId('m-order-pending').textContent).toContain('出发');
    // the order will be on the way: 到达 is offered meanwhile
    expect(stepButtons()).toEqual(['m-step-arrived', 'm-step-not_completed']);
    const stored = JSON.parse(window.localStorage.getItem('aftersales.m.outbox') ?? '[]') as { clientStepId: string }[];
    expect(stored).toHaveLength(1);

    online = true;
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(screen.queryByTestId('m-pending')).toBeNull());
    expect(posts).toHaveLength(2);
    expect(posts[0].body).toEqual(posts[1].body);
    expect((posts[1].body as { clientStepId: string }).clientStepId).toBe(stored[0].clientStepId);
    expect(JSON.parse(window.localStorage.getItem('aftersales.m.outbox') ?? '[]')).toEqual([]);
  });

  it('reports a refused step (409) and drops it', async () => {
    renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.method === 'GET' && call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order({ status: 'arrived' }) };
      if (call.method === 'POST') return { status: 409, body: { error: { code: 'conflict', message: 'Work order is cancelled' } } };
      return undefined;
    });
    fireEvent.click(await screen.findByTestId('m-step-start'));
    expect((await screen.findByTestId('m-rejected')).textContent).toContain('「开始服务」未被接受：Work order is cancelled');
    expect(screen.queryByTestId('m-pending')).toBeNull();
  });

  it('declines with a reason from the dialog', async () => {
    const calls = renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.method === 'GET' && call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order({ status: 'dispatched' }) };
      if (call.method === 'POST') return { body: order({ status: 'waiting' }) };
      return undefined;
    });
    fireEvent.click(await screen.findByTestId('m-step-decline'));
    const reason = (await screen.findByTestId('m-decline-reason')).querySelector('textarea') as HTMLTextAreaElement;
    fireEvent.change(reason, { target: { value: '车辆故障' } });
    fireEvent.click(screen.getByTestId('m-decline-submit'));
    await waitFor(() => expect(calls.some((call) => call.path.endsWith('/decline'))).toBe(true));
    expect(calls.find((call) => call.path.endsWith('/decline'))?.body).toMatchObject({ reason: '车辆故障' });
  });
});

describe('order list and sign-in', () => {
  it('lists the day in route order with window, call link and status', async () => {
    const items: WorkOrderView[] = [order({ routeSeq: 1 }), order({ id: '55555555-5555-4555-8555-555555555555', number: 'WO20250502-0002', routeSeq: 2, status: 'assigned', contactPhone: '139****0000' })];
    renderMobile('/m', (call) => (call.path.startsWith('/api/m/work-orders?date=') ? { body: { items } } : undefined));
    const cards = await screen.findAllByTestId('m-order-card');
    expect(cards.map((card) => card.querySelector('.m-number')?.textContent)).toEqual(['1WO20250502-0001', '2WO20250502-0002']);
    expect(cards[0].querySelector('[data-testid="m-call"]')).toBeTruthy();
    expect(cards[1].querySelector('[data-testid="m-call"]')).toBeNull();
    expect(cards[1].textContent).toContain('已接单');
  });

  it('asks for the date of tomorrow (Asia/Shanghai) on the second tab', async () => {
    const calls = renderMobile('/m?day=tomorrow', (call) => (call.path.startsWith('/api/m/work-orders?date=') ? { body: { items: [] } } : undefined));
    await screen.findByTestId('m-orders-empty');
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 86_400_000));
    expect(calls.some((call) => call.path === `/api/m/work-orders?date=${tomorrow}`)).toBe(true);
  });

  it('/m signed out shows the phone sign-in form through <App/>', async () => {
    mockFetch((call) => (call.path === '/api/auth/me' ? { status: 401, body: { error: { code: 'unauthorized', message: 'no' } } } : undefined));
    render(
      <MemoryRouter initialEntries={['/m']}>
        <App />
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('m-login-submit')).toBeTruthy();
  });
});
