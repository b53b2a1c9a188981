import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Board, TWorkOrderDetail, TWorkOrderView } from '../../api/dispatch';
import type { TicketDetail } from '../../api/tickets';
import { emptyPage, makeMe, makeTicketDetail, makeWorkOrderDetail, makeWorkOrderView, mockFetch, pageOf, renderApp, type Call, type Reply } from '../../test-utils';
import { translate } from '../../i18n';
import { dropPlannedStart } from './DispatchBoardPage';
import { boardPercent, minuteAtOffset } from './BoardTimeline';
import { workOrderFilters } from './WorkOrdersPage';
import { workOrderBody } from './TicketWorkOrdersPanel';
import { workOrderActions } from './WorkOrderDetailPage';
import { dispatchErrorText, elapsedText, formatWindow, minuteOfShanghaiDay, workOrderDisplayLabel } from './WorkOrderLabels';
import { ApiError } from '../../api/client';
import dayjs from 'dayjs';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ALL = ['tickets.read', 'outlets.read', 'workorders.read', 'workorders.create', 'workorders.dispatch', 'workorders.verify', 'dispatch.plan'] as const;
const TICKET_ID = '00000000-0000-4000-8000-00000000e001';
const OUTLET_ID = '00000000-0000-4000-8000-0000000000a1';
const TECH_A = '00000000-0000-4000-8000-0000000000b1';
const TECH_B = '00000000-0000-4000-8000-0000000000b2';
const WO_1 = '00000000-0000-4000-8000-0000000000c1';
const WO_2 = '00000000-0000-4000-8000-0000000000c2';

function workOrder(overrides: Partial<TWorkOrderView> = {}): TWorkOrderView {
  return makeWorkOrderView({ id: WO_1, ticketId: TICKET_ID, ...overrides });
}

function detail(overrides: Partial<TWorkOrderDetail> = {}): TWorkOrderDetail {
  return makeWorkOrderDetail({ ...workOrder(), allowedTransitions: ['dispatched', 'cancelled'], ...overrides });
}

function handler(extra: (call: Call) => Reply | undefined, permissions: readonly string[] = ALL) {
  return (call: Call): Reply | undefined => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: makeMe({ permissions: [...permissions] as never }) };
    if (call.path.startsWith('/api/outlets')) return { body: pageOf([{ id: OUTLET_ID, name: '浦东网点' }]) };
    return undefined;
  };
}

describe('labels and helpers', () => {
  it('shows appointment windows in Shanghai time, whatever day the end is on', () => {
    expect(formatWindow('2025-11-23T01:00:00.000Z', '2025-11-23T04:00:00.000Z', 'zh-CN')).toBe('11月23日 09:00–12:00');
    expect(formatWindow('2025-11-23T01:00:00.000Z', '2025-11-23T04:00:00.000Z', 'en')).toBe('Nov 23 09:00–12:00');
    expect(formatWindow('2025-11-23T14:00:00.000Z', '2025-11-24T01:00:00.000Z', 'zh-CN')).toBe('11月23日 22:00–11月24日 09:00');
  });

  it('places minutes on the 07:00–21:00 board and rounds drops to 15 minutes', () => {
    expect(boardPercent(7 * 60)).toBe(0);
    expect(boardPercent(14 * 60)).toBe(50);
    expect(boardPercent(23 * 60)).toBe(100);
    expect(minuteAtOffset(0, 840)).toBe(420);
    expect(minuteAtOffset(100, 840)).toBe(525); // 08:40 → 08:45
    expect(minuteAtOffset(2000, 840)).toBe(1260);
    expect(minuteOfShanghaiDay('2025-11-23T01:30:00.000Z', '2025-11-23')).toBe(570);
    expect(minuteOfShanghaiDay('2025-11-22T23:00:00.000Z', '2025-11-23')).toBe(420);
  });

  it('takes the planned start of a drop from the position, else from the order', () => {
    expect(dropPlannedStart(workOrder(), '2025-11-23', 615)).toBe('2025-11-23T10:15:00+08:00');
    expect(dropPlannedStart(workOrder(), '2025-11-23', null)).toBe('2025-11-23T09:00:00+08:00');
    expect(dropPlannedStart(workOrder({ plannedStart: '2025-11-23T03:00:00.000Z' }), '2025-11-23', null)).toBe('2025-11-23T11:00:00+08:00');
  });

  it('shows the server reasons of a refused dispatch, else the error message', () => {
    const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('zh-CN', key, vars);
    const refused = new ApiError(400, 'validation_error', 'Invalid body', [{ path: ['technicianId'], message: '上岗证 2026-10-01 已过期', code: 'rule' } as never]);
    expect(dispatchErrorText(refused, t, 'zh-CN')).toBe('上岗证 2026-10-01 已过期');
    expect(dispatchErrorText(new ApiError(409, 'conflict', 'stale version'), t, 'zh-CN')).toBe('stale version');
    expect(elapsedText(new Date(Date.now() - 135 * 60_000).toISOString(), t)).toBe('2 小时 15 分');
    expect(elapsedText(new Date(Date.now() - 5 * 60_000).toISOString(), t)).toBe('5 分钟');
  });

  it('offers only the actions the state table and the permissions allow', () => {
    const both = { dispatch: true, verify: true };
    expect(workOrderActions(detail(), both)).toMatchObject({ dispatch: true, autoDispatch: true, recall: false, cancel: true, verify: false, receipt: false });
    const completed = detail({ status: 'completed', allowedTransitions: ['verified', 'in_progress'] });
    expect(workOrderActions(completed, both)).toMatchObject({ dispatch: false, verify: true, cancel: false, receipt: true });
    expect(workOrderActions(completed, { dispatch: true, verify: false }).verify).toBe(false);
    const assigned = detail({ status: 'assigned', allowedTransitions: ['on_the_way', 'waiting', 'cancelled'] });
    expect(workOrderActions(assigned, both)).toMatchObject({ recall: true, redo: false, cancel: true });
    expect(workOrderActions(assigned, { dispatch: false, verify: true })).toMatchObject({ recall: false, cancel: false });
    const notCompleted = detail({ status: 'not_completed', allowedTransitions: ['verified', 'waiting'] });
    expect(workOrderActions(notCompleted, both)).toMatchObject({ redo: true, recall: false, verify: true });
  });

  it('builds list queries from a tab and the search form (the form status wins)', () => {
    expect(workOrderFilters('feedback', { q: ' SH ' })).toEqual({ feedbackOverdue: 'true', q: 'SH' });
    expect(workOrderFilters('active', {})).toEqual({ status: 'assigned,on_the_way,arrived,in_progress' });
    expect(workOrderFilters('toVerify', { status: 'verified', date: dayjs('2025-11-23') })).toEqual({ status: 'verified', date: '2025-11-23' });
    expect(workOrderFilters('toVerify', { status: undefined, q: '', date: null })).toEqual({ status: 'completed,not_completed' });
  });
});

describe('work order state label', () => {
  it('reads 已派技师 once a dispatched order names its technician, 已派网点 before', () => {
    expect(workOrderDisplayLabel({ status: 'dispatched', technicianId: null }, 'zh-CN')).toBe('已派网点');
    expect(workOrderDisplayLabel({ status: 'dispatched', technicianId: '00000000-0000-4000-8000-0000000000e1' }, 'zh-CN')).toBe('已派技师');
    expect(workOrderDisplayLabel({ status: 'dispatched', technicianId: '00000000-0000-4000-8000-0000000000e1' }, 'en')).toBe('Sent to technician');
    expect(workOrderDisplayLabel({ status: 'assigned', technicianId: '00000000-0000-4000-8000-0000000000e1' }, 'zh-CN')).toBe('已接单');
  });
});

describe('work orders page', () => {
  it('lists work orders and asks the server with the tab and filter query', async () => {
    const overdue = workOrder({
      id: WO_2,
      number: 'WO20251123-0002',
      status: 'dispatched',
      priority: 'normal',
      outletId: OUTLET_ID,
      outletName: '浦东网点',
      dispatchedAt: new Date(Date.now() - 135 * 60_000).toISOString(),
      feedbackOverdue: true,
    });
    const calls = mockFetch(
      handler((call) => {
        if (call.path.startsWith('/api/work-orders?') && call.path.includes('feedbackOverdue=true')) return { body: pageOf([overdue]) };
        if (call.path.startsWith('/api/work-orders?')) return { body: pageOf([workOrder()]) };
        return undefined;
      }),
    );
    renderApp('/work-orders');
    const row = (await screen.findByText('WO20251123-0001')).closest('tr')!;
    expect(within(row).getByText('SH20251122-0001').closest('a')?.getAttribute('href')).toBe(`/tickets/${TICKET_ID}`);
    expect(within(row).getByText('WO20251123-0001').closest('a')?.getAttribute('href')).toBe(`/work-orders/${WO_1}`);
    expect(within(row).getByText('11月23日 09:00–12:00')).toBeTruthy();
    expect(within(row).getByText('待派工')).toBeTruthy();
    expect(within(row).getByText('紧急')).toBeTruthy();
    expect(within(row).getByText('维修')).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/work-orders?page=1&pageSize=20')).toBe(true);

    fireEvent.click(screen.getByRole('tab', { name: '待反馈催办' }));
    const chased = (await screen.findByText('WO20251123-0002')).closest('tr')!;
    expect(within(chased).getByText('浦东网点')).toBeTruthy();
    expect(within(chased).getByText('已派网点')).toBeTruthy(); // no technician named yet
    expect(within(chased).getByTestId('since-dispatch').textContent).toContain('2 小时 15 分');
    expect(calls.some((call) => call.path === '/api/work-orders?feedbackOverdue=true&page=1&pageSize=20')).toBe(true);

    fireEvent.change(screen.getByTestId('work-order-q'), { target: { value: 'SH2025' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() => expect(calls.map((call) => call.path)).toContain('/api/work-orders?feedbackOverdue=true&q=SH2025&page=1&pageSize=20'));

    fireEvent.click(screen.getByRole('tab', { name: '已完工待核验' }));
    await waitFor(() => expect(calls.map((call) => decodeURIComponent(call.path))).toContain('/api/work-orders?status=completed,not_completed&q=SH2025&page=1&pageSize=20'));
  });

  it('offers 派工设置 only with dispatch.plan and saves the settings', async () => {
    const settings = { installationOffSeason: ['12:00', '17:00'], installationPeak: ['10:30', '12:30', '15:30', '19:30'], peakMonths: [5, 6, 7, 8], otherEveryMinutes: 60, feedbackMinutes: 120, dayPlanAt: '17:30' };
    const calls = mockFetch(
      handler((call) => {
        if (call.path.startsWith('/api/work-orders?')) return { body: emptyPage };
        if (call.path === '/api/dispatch/settings' && call.method === 'GET') return { body: settings };
        if (call.path === '/api/dispatch/settings' && call.method === 'PUT') return { body: call.body };
        return undefined;
      }),
    );
    renderApp('/work-orders');
    fireEvent.click(await screen.findByTestId('dispatch-settings'));
    const minutes = await screen.findByDisplayValue('120');
    fireEvent.change(minutes, { target: { value: '90' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({ ...settings, feedbackMinutes: 90 }));
  });

  it('hides 派工设置 without dispatch.plan', async () => {
    mockFetch(handler((call) => (call.path.startsWith('/api/work-orders?') ? { body: pageOf([workOrder()]) } : undefined), ['workorders.read']));
    renderApp('/work-orders');
    await screen.findByText('WO20251123-0001');
    expect(screen.queryByTestId('dispatch-settings')).toBeNull();
  });

  it('shows the explanation, materials, fees in yuan and verifies a completed order', async () => {
    const completed = detail({
      status: 'completed',
      outletName: '浦东网点',
      technicianName: '张师傅',
      allowedTransitions: ['verified', 'in_progress'],
      hasSignature: true,
      signedAt: '2025-11-23T03:00:00.000Z',
      photos: [{ id: '00000000-0000-4000-8000-0000000000a1', contentType: 'image/jpeg', caption: '更换前', createdAt: '2025-11-23T02:30:00.000Z' }],
      materials: [{ name: '压缩机电容', partCode: 'CAP-35', quantity: 2 }],
      result: { diagnosis: '电容老化', partsUsed: [{ name: '压缩机电容', partCode: 'CAP-35', quantity: 1, unitPriceFen: 4500 }], feeCollectedFen: 12_000 },
      explanation: {
        mode: 'auto',
        at: '2025-11-23T00:00:00.000Z',
        summary: '选中 张师傅：最近且有空调维修技能，当日 2 单',
        outlet: { chosen: { id: OUTLET_ID, name: '浦东网点', reason: '服务区域覆盖', distanceKm: 3.2 }, excluded: [] },
        technician: { chosen: { id: TECH_A, name: '张师傅', reason: '最近', load: 2 }, excluded: [{ id: TECH_B, name: '李四', reason: '上岗证 2026-10-01 已过期' }] },
      },
    });
    const calls = mockFetch(
      handler((call) => {
        if (call.path === `/api/work-orders/${WO_1}`) return { body: completed };
        if (call.path === `/api/work-orders/${WO_1}/verify`) return { body: { ...completed, status: 'verified', allowedTransitions: [] } };
        return undefined;
      }),
    );
    renderApp(`/work-orders/${WO_1}`);
    expect(await screen.findByText('选中 张师傅：最近且有空调维修技能，当日 2 单')).toBeTruthy();
    const explanation = screen.getByTestId('dispatch-explanation');
    expect(within(explanation).getByText('李四')).toBeTruthy();
    expect(within(explanation).getByText('上岗证 2026-10-01 已过期')).toBeTruthy();
    expect(within(screen.getByTestId('work-order-materials')).getByText('CAP-35')).toBeTruthy();
    expect(screen.getByTestId('fee-collected').textContent).toBe('¥120.00');
    expect(screen.getAllByText('¥45.00')).toHaveLength(2); // unit price and subtotal of one part
    expect(screen.getByTestId('signature-state').textContent).toContain('客户已签名');
    const photo = within(screen.getByTestId('work-order-photos')).getByAltText('更换前');
    expect(photo.getAttribute('src')).toBe(`/api/work-orders/${WO_1}/photos/00000000-0000-4000-8000-0000000000a1`);
    expect(screen.getByTestId('action-receipt').getAttribute('href')).toBe(`/print/receipt/${WO_1}`);
    expect(screen.queryByTestId('action-recall')).toBeNull();

    fireEvent.click(screen.getByTestId('action-verify'));
    fireEvent.change(await screen.findByTestId('action-text'), { target: { value: '回访满意' } });
    fireEvent.click(screen.getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(calls.find((call) => call.path.endsWith('/verify'))?.body).toEqual({ note: '回访满意' }));
    expect(await screen.findByText('已核验')).toBeTruthy();
  });

  it('shows the timeline and dispatches by hand from the candidate tables', async () => {
    const waiting = detail({
      events: [{ id: '00000000-0000-4000-8000-0000000000f1', at: '2025-11-22T02:00:00.000Z', kind: 'created', actorName: null, fromStatus: null, toStatus: 'waiting', text: '由受理单 SH20251122-0001 创建' }],
    } as Partial<TWorkOrderDetail>);
    const candidates = {
      outlets: [
        { id: OUTLET_ID, name: '浦东网点', ok: true, reason: null, distanceKm: 3.24, load: 2, capacity: 10 },
        { id: '00000000-0000-4000-8000-0000000000a2', name: '闵行网点', ok: false, reason: '不在服务区域', distanceKm: null, load: 0, capacity: null },
      ],
      technicians: [
        { id: TECH_A, name: '张师傅', outletId: OUTLET_ID, ok: true, reason: null, distanceKm: 1.5, load: 1, plannedStart: null },
        { id: TECH_B, name: '李四', outletId: OUTLET_ID, ok: false, reason: '上岗证已过期', distanceKm: 2, load: 0, plannedStart: null },
      ],
    };
    const calls = mockFetch(
      handler((call) => {
        if (call.path === `/api/work-orders/${WO_1}`) return { body: waiting };
        if (call.path === `/api/work-orders/${WO_1}/candidates`) return { body: candidates };
        if (call.path === `/api/work-orders/${WO_1}/dispatch`) return { body: { ...waiting, status: 'dispatched', outletName: '浦东网点', technicianName: '张师傅', allowedTransitions: [] } };
        return undefined;
      }),
    );
    renderApp(`/work-orders/${WO_1}`);
    const timeline = await screen.findByTestId('work-order-timeline');
    expect(within(timeline).getByText('创建派工单')).toBeTruthy();
    expect(within(timeline).getByText('由受理单 SH20251122-0001 创建')).toBeTruthy();
    expect(timeline.textContent).toContain('系统 · ');

    fireEvent.click(screen.getByTestId('action-dispatch'));
    const outlets = await screen.findByTestId('candidate-outlets');
    const far = (await within(outlets).findByText('闵行网点')).closest('tr')!;
    expect(within(far).getByText('不在服务区域')).toBeTruthy();
    expect(within(far).getByText('—')).toBeTruthy();
    expect(within(within(outlets).getByText('浦东网点').closest('tr')!).getByText('3.2 km')).toBeTruthy();
    expect(within(within(outlets).getByText('浦东网点').closest('tr')!).getByText('2 / 10')).toBeTruthy();
    const technicians = screen.getByTestId('candidate-technicians');
    expect(within(within(technicians).getByText('李四').closest('tr')!).getByText('上岗证已过期')).toBeTruthy();
    fireEvent.click(within(technicians).getByText('张师傅'));
    fireEvent.click(screen.getByTestId('dispatch-submit'));
    await waitFor(() => expect(calls.find((call) => call.path.endsWith('/dispatch'))?.body).toEqual({ outletId: OUTLET_ID, technicianId: TECH_A, version: 3 }));
  });

  it('marks the earlier technician of a repeat repair in the candidate list and shows the flag', async () => {
    const candidates = {
      outlets: [{ id: OUTLET_ID, name: '浦东网点', ok: true, reason: null, distanceKm: 3.24, load: 2, capacity: 10 }],
      technicians: [
        { id: TECH_B, name: '李四', outletId: OUTLET_ID, ok: true, reason: null, distanceKm: 4, load: 0, plannedStart: null, isEarlierTechnician: false },
        { id: TECH_A, name: '张师傅', outletId: OUTLET_ID, ok: true, reason: null, distanceKm: 1.5, load: 1, plannedStart: null, isEarlierTechnician: true },
      ],
      repeatRepair: { summary: '返修：上次 2025-10-14 张师傅 更换电容', technicianId: TECH_A },
    };
    mockFetch(
      handler((call) => {
        if (call.path === `/api/work-orders/${WO_1}`) return { body: detail() };
        if (call.path === `/api/work-orders/${WO_1}/candidates`) return { body: candidates };
        return undefined;
      }),
    );
    renderApp(`/work-orders/${WO_1}`);
    fireEvent.click(await screen.findByTestId('action-dispatch'));
    const flag = await screen.findByTestId('candidate-repeat');
    expect(flag.textContent).toContain('返修：上次 2025-10-14 张师傅 更换电容');
    expect(flag.textContent).toContain('上次的技师排在最后');
    const rows = within(screen.getByTestId('candidate-technicians')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([expect.stringContaining('李四'), expect.stringContaining('张师傅')]);
    expect(within(rows[1]).getByTestId(`candidate-earlier-${TECH_A}`).textContent).toBe('上次技师');
    expect(within(rows[0]).queryByText('上次技师')).toBeNull();
  });

  it('shows no repeat flag nor mark for an ordinary order', async () => {
    mockFetch(
      handler((call) => {
        if (call.path === `/api/work-orders/${WO_1}`) return { body: detail() };
        if (call.path === `/api/work-orders/${WO_1}/candidates`)
          return { body: { outlets: [], technicians: [{ id: TECH_A, name: '张师傅', outletId: OUTLET_ID, ok: true, reason: null, distanceKm: 1.5, load: 1, plannedStart: null, isEarlierTechnician: false }], repeatRepair: null } };
        return undefined;
      }),
    );
    renderApp(`/work-orders/${WO_1}`);
    fireEvent.click(await screen.findByTestId('action-dispatch'));
    await within(await screen.findByTestId('candidate-technicians')).findByText('张师傅');
    expect(screen.queryByTestId('candidate-repeat')).toBeNull();
    expect(screen.queryByTestId(`candidate-earlier-${TECH_A}`)).toBeNull();
  });
});

function board(): Board {
  return {
    date: '2025-11-23',
    technicians: [
      {
        id: TECH_A,
        name: '张师傅',
        outletId: OUTLET_ID,
        outletName: '浦东网点',
        grade: 'senior',
        workStartMinute: 8 * 60,
        workEndMinute: 18 * 60,
        problem: null,
        jobs: [
          {
            workOrder: workOrder({ id: WO_2, number: 'WO20251123-0002', status: 'assigned', technicianId: TECH_A, outletId: OUTLET_ID, priority: 'normal' }),
            start: '2025-11-23T02:00:00.000Z',
            end: '2025-11-23T03:00:00.000Z',
            travelMinutes: 25,
          },
        ],
      },
      { id: TECH_B, name: '李四', outletId: OUTLET_ID, outletName: '浦东网点', grade: 'junior', workStartMinute: 8 * 60, workEndMinute: 18 * 60, problem: '上岗证过期', jobs: [] },
    ],
    unassigned: [workOrder()],
  };
}

describe('dispatch board', () => {
  it('shows technician rows with their jobs and problems and the unassigned cards', async () => {
    const calls = mockFetch(handler((call) => (call.path.startsWith('/api/dispatch/board') ? { body: board() } : undefined)));
    renderApp('/dispatch-board');
    const card = await screen.findByTestId('card-WO20251123-0001');
    expect(within(card).getByText('11月23日 09:00–12:00')).toBeTruthy();
    expect(within(card).getByText('紧急')).toBeTruthy();
    const rowA = screen.getByTestId(`tech-row-${TECH_A}`);
    expect(within(rowA).getByText('张师傅')).toBeTruthy();
    const job = within(rowA).getByTestId('job-WO20251123-0002');
    // 10:00–11:00 on the 07:00–21:00 board
    expect(job.style.left).toBe(`${(180 / 840) * 100}%`);
    expect(within(rowA).getByTestId('travel-WO20251123-0002')).toBeTruthy();
    const rowB = screen.getByTestId(`tech-row-${TECH_B}`);
    expect(within(rowB).getByTestId('tech-problem').textContent).toBe('上岗证过期');
    // the first load lets the server pick the day; the date picker then shows the server's day
    expect(calls.some((call) => call.path === '/api/dispatch/board')).toBe(true);
    expect(calls.some((call) => call.path.startsWith('/api/dispatch/board?date='))).toBe(false);
    await waitFor(() => expect(screen.getByDisplayValue('2025-11-23')).toBeTruthy());
  });

  it('tags a repeat-repair card 返修 with the flag, and no other card', async () => {
    const withFlag = board();
    withFlag.repeatRepairs = [{ workOrderId: withFlag.unassigned[0].id, summary: '返修：上次 2025-10-14 王强 更换电容' }];
    mockFetch(handler((call) => (call.path.startsWith('/api/dispatch/board') ? { body: withFlag } : undefined)));
    renderApp('/dispatch-board');
    const tag = await screen.findByTestId('card-repeat-WO20251123-0001');
    expect(tag.textContent).toBe('返修');
    expect(within(screen.getByTestId(`tech-row-${TECH_A}`)).queryByText('返修')).toBeNull();
  });

  it('dispatches a dropped card to the technician and shows the server reason when refused', async () => {
    const calls = mockFetch(
      handler((call) => {
        if (call.path.startsWith('/api/dispatch/board')) return { body: board() };
        if (call.method === 'POST' && call.path === `/api/work-orders/${WO_1}/dispatch`)
          return {
            status: 400,
            body: { error: { code: 'validation_error', message: 'Dispatch refused', details: [{ path: ['technicianId'], message: '上岗证 2026-10-01 已过期', code: 'certificate_expired' }] } },
          };
        return undefined;
      }),
    );
    renderApp('/dispatch-board');
    const card = await screen.findByTestId('card-WO20251123-0001');
    const track = screen.getByTestId(`tech-track-${TECH_B}`);
    fireEvent.dragStart(card);
    fireEvent.dragOver(track);
    fireEvent.drop(track);
    expect(await screen.findByText('上岗证 2026-10-01 已过期')).toBeTruthy();
    const post = calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({ outletId: OUTLET_ID, technicianId: TECH_B, version: 3, plannedStart: '2025-11-23T09:00:00+08:00' });
    expect(post?.headers['X-CSRF-Token']).toBe('csrf-test-token');
  });

  it('moves a job to another technician by dragging it', async () => {
    const calls = mockFetch(
      handler((call) => {
        if (call.path.startsWith('/api/dispatch/board')) return { body: board() };
        if (call.method === 'POST' && call.path === `/api/work-orders/${WO_2}/dispatch`) return { body: detail({ id: WO_2, number: 'WO20251123-0002', status: 'dispatched' }) };
        return undefined;
      }),
    );
    renderApp('/dispatch-board');
    const job = await screen.findByTestId('job-WO20251123-0002');
    fireEvent.dragStart(job);
    fireEvent.drop(screen.getByTestId(`tech-track-${TECH_B}`));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST')?.body).toMatchObject({ technicianId: TECH_B, outletId: OUTLET_ID }));
    expect(await screen.findByText('派工单 WO20251123-0002 已派给 李四')).toBeTruthy();
  });

  it('runs automatic dispatch on the selected cards and lists each result', async () => {
    const calls = mockFetch(
      handler((call) => {
        if (call.path.startsWith('/api/dispatch/board')) return { body: board() };
        if (call.path === '/api/work-orders/auto-dispatch')
          return { body: { assigned: 1, outletOnly: 0, unassigned: 0, items: [{ workOrderId: WO_1, number: 'WO20251123-0001', status: 'dispatched', summary: '选中 张师傅：最近，当日 1 单' }] } };
        return undefined;
      }),
    );
    renderApp('/dispatch-board');
    const card = await screen.findByTestId('card-WO20251123-0001');
    fireEvent.click(within(card).getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('auto-dispatch'));
    expect(await screen.findByText('选中 张师傅：最近，当日 1 单')).toBeTruthy();
    expect(calls.find((call) => call.path === '/api/work-orders/auto-dispatch')?.body).toEqual({ workOrderIds: [WO_1] });
  });
});

function ticket(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return makeTicketDetail({ id: TICKET_ID, ...overrides });
}

describe('ticket work orders panel', () => {
  it('creates a work order with defaults from the ticket and materials, then auto-dispatches it', async () => {
    const created = detail({ id: WO_2, number: 'WO20251124-0001', type: 'installation' });
    const calls = mockFetch(
      handler((call) => {
        if (call.path === `/api/tickets/${TICKET_ID}`) return { body: ticket() };
        if (call.method === 'POST' && call.path === `/api/tickets/${TICKET_ID}/work-orders`) return { status: 201, body: created };
        if (call.path === '/api/work-orders/auto-dispatch')
          return { body: { assigned: 1, outletOnly: 0, unassigned: 0, items: [{ workOrderId: WO_2, number: 'WO20251124-0001', status: 'dispatched', summary: '选中 张师傅' }] } };
        if (call.path.startsWith('/api/work-orders?')) return { body: pageOf([workOrder()]) };
        return undefined;
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    const panel = await screen.findByTestId('ticket-work-orders');
    expect(await within(panel).findByText('WO20251123-0001')).toBeTruthy();
    expect(calls.some((call) => call.path === `/api/work-orders?ticketId=${TICKET_ID}&page=1&pageSize=50`)).toBe(true);

    fireEvent.click(within(panel).getByTestId('work-order-new'));
    fireEvent.click(await screen.findByTestId('material-add'));
    fireEvent.change(await screen.findByPlaceholderText('物料名称'), { target: { value: '铜管 3 米' } });
    fireEvent.change(screen.getByPlaceholderText('备件编码'), { target: { value: 'CU-3' } });
    fireEvent.change(screen.getByLabelText('备注'), { target: { value: '需要高空作业' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('work-order-submit'));
    });
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.path.endsWith('/work-orders'))).toBe(true));
    const post = calls.find((call) => call.method === 'POST' && call.path.endsWith('/work-orders'));
    expect(post?.body).toEqual({
      type: 'installation',
      priority: 'normal',
      requiredGrade: 'junior',
      estimatedMinutes: 60,
      windowStart: '2025-11-24T09:00:00+08:00',
      windowEnd: '2025-11-24T12:00:00+08:00',
      materials: [{ name: '铜管 3 米', partCode: 'CU-3', quantity: 1 }],
      note: '需要高空作业',
    });

    fireEvent.click(await screen.findByTestId('created-auto-dispatch'));
    expect(await screen.findByText('WO20251124-0001：选中 张师傅')).toBeTruthy();
    expect(calls.find((call) => call.path === '/api/work-orders/auto-dispatch')?.body).toEqual({ workOrderIds: [WO_2] });
  });

  it('refuses to create without a type and a window (no request sent)', async () => {
    const calls = mockFetch(
      handler((call) => {
        if (call.path === `/api/tickets/${TICKET_ID}`) return { body: ticket({ type: 'consultation', preferredFrom: null, preferredTo: null } as Partial<TicketDetail>) };
        if (call.path.startsWith('/api/work-orders?')) return { body: emptyPage };
        return undefined;
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    fireEvent.click(await screen.findByTestId('work-order-new'));
    await act(async () => {
      fireEvent.click(await screen.findByTestId('work-order-submit'));
    });
    expect(await screen.findByText('请选择类型')).toBeTruthy();
    expect(await screen.findByText('请选择预约时段')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('hides 新建派工单 and 自动派工 without their permissions', async () => {
    mockFetch(
      handler(
        (call) => {
          if (call.path === `/api/tickets/${TICKET_ID}`) return { body: ticket() };
          if (call.path.startsWith('/api/work-orders?')) return { body: pageOf([workOrder()]) };
          return undefined;
        },
        ['tickets.read', 'workorders.read'],
      ),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    const panel = await screen.findByTestId('ticket-work-orders');
    await within(panel).findByText('WO20251123-0001');
    expect(within(panel).queryByTestId('work-order-new')).toBeNull();
    expect(within(panel).queryByText('自动派工')).toBeNull();
  });

  it('offers 新建派工单 only once the ticket is assessed', async () => {
    mockFetch(
      handler((call) => {
        if (call.path === `/api/tickets/${TICKET_ID}`) return { body: ticket({ status: 'accepted' }) };
        if (call.path.startsWith('/api/work-orders?')) return { body: emptyPage };
        return undefined;
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    const button = await screen.findByTestId('work-order-new');
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(true));
  });

  it('leaves the ticket page without the panel for users without workorders.read', async () => {
    const calls = mockFetch(handler((call) => (call.path === `/api/tickets/${TICKET_ID}` ? { body: ticket() } : undefined), ['tickets.read']));
    renderApp(`/tickets/${TICKET_ID}`);
    await screen.findByTestId('ticket-number');
    expect(screen.queryByTestId('ticket-work-orders')).toBeNull();
    expect(calls.some((call) => call.path.startsWith('/api/work-orders'))).toBe(false);
  });

  it('builds the body without empty material rows and with the window as +08:00', () => {
    expect(
      workOrderBody({
        type: 'repair',
        priority: 'high',
        requiredGrade: 'senior',
        estimatedMinutes: 90,
        window: [dayjs('2025-11-24 13:00'), dayjs('2025-11-24 17:00')],
        materials: [{ name: '  ' }, { name: '电容', quantity: 2 }],
        note: '  ',
      }),
    ).toEqual({
      type: 'repair',
      priority: 'high',
      requiredGrade: 'senior',
      estimatedMinutes: 90,
      windowStart: '2025-11-24T13:00:00+08:00',
      windowEnd: '2025-11-24T17:00:00+08:00',
      materials: [{ name: '电容', quantity: 2 }],
    });
  });
});
