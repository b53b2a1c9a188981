import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, makeTicketDetail, mockFetch, pageOf, renderApp, type Call, type Reply } from '../../test-utils';
import type { ChecklistView, LedgerEntryView, RepeatLinkView, RuleView, VisitView } from '../../api/quality';
import { checklistBody } from './ChecklistsPage';
import { decideBody, ruleBody } from './QualityLedgerPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const CHECKLIST: ChecklistView = {
  id: '00000000-0000-4000-8000-0000000000a1',
  name: '空调维修自检',
  workType: 'repair',
  categoryId: null,
  items: [
    { code: 'drain', label: '排水通畅', kind: 'yes_no', unit: null, min: null, max: null, isRequired: true, isPhotoRequired: false },
    { code: 'outlet_temp', label: '制冷出风温度', kind: 'measure', unit: '℃', min: null, max: 12, isRequired: true, isPhotoRequired: true },
  ],
  isActive: true,
  version: 2,
  updatedAt: '2026-12-03T02:00:00.000Z',
};

const VISIT: VisitView = {
  workOrderId: '00000000-0000-4000-8000-0000000000b1',
  workOrderNumber: 'WO20261203-0001',
  ticketId: '00000000-0000-4000-8000-0000000000b2',
  assetId: null,
  type: 'repair',
  faultCode: 'E1',
  technicianId: null,
  technicianName: '王强',
  outletId: null,
  outletName: '张江网点',
  finishedAt: '2026-12-03T02:00:00.000Z',
  isWorkshop: true,
  inspection: 'pending',
  reworkCount: 1,
  lastReworkReason: '异响未排除',
};

const LINK: RepeatLinkView = {
  id: '00000000-0000-4000-8000-0000000000c1',
  ticketId: '00000000-0000-4000-8000-00000000e001',
  ticketNumber: 'SH20261203-0002',
  assetId: '00000000-0000-4000-8000-0000000000c3',
  faultCode: 'E1',
  earlierFaultCode: 'E1',
  matchedBy: 'code',
  earlierWorkOrderId: '00000000-0000-4000-8000-0000000000c4',
  earlierWorkOrderNumber: 'WO20261024-0003',
  earlierTicketId: '00000000-0000-4000-8000-0000000000c5',
  earlierFinishedAt: '2026-10-24T02:00:00.000Z',
  daysSince: 40,
  technicianId: null,
  technicianName: '王强',
  outletId: null,
  outletName: '张江网点',
  summary: '返修：上次 2026-10-24 王强 更换电容',
  detectedAt: '2026-12-03T02:00:00.000Z',
  isCleared: false,
  clearedBy: null,
  clearedAt: null,
  clearReason: null,
};

const RULE: RuleView = { id: '00000000-0000-4000-8000-0000000000d1', code: 'repeat_penalty', name: '返修处罚', kind: 'penalty', amountFen: 10000, points: 5, trigger: 'repeat_repair', repeatWindowDays: 90, repeatMultiplier: 2, isActive: true };

const ENTRY: LedgerEntryView = {
  id: '00000000-0000-4000-8000-0000000000d2',
  ruleCode: 'repeat_penalty',
  ruleName: '返修处罚',
  kind: 'penalty',
  trigger: 'repeat_repair',
  userId: '00000000-0000-4000-8000-0000000000d3',
  personName: '王强',
  technicianId: null,
  outletId: null,
  outletName: '张江网点',
  baseAmountFen: 10000,
  multiplier: 2,
  amountFen: 20000,
  points: 10,
  reason: '返修：上次 2026-10-24 王强 更换电容',
  sourceType: 'repeat_repair',
  sourceId: null,
  status: 'proposed',
  proposedBy: null,
  proposedAt: '2026-12-03T02:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  appealText: '客户自行拆装',
  appealedAt: '2026-12-03T03:00:00.000Z',
  version: 1,
};

const SUPERVISOR = makeMe({ roles: ['supervisor'], permissions: ['quality.read', 'quality.checklists.manage', 'quality.inspect', 'quality.repeat.clear', 'quality.ledger.read', 'quality.ledger.propose'] });
const MANAGER = makeMe({ roles: ['manager'], permissions: ['quality.read', 'quality.ledger.read', 'quality.ledger.decide', 'quality.rules.manage', 'tickets.read'] });
const DISPATCHER = makeMe({ roles: ['dispatcher'], permissions: ['quality.read', 'tickets.read'] });

function routes(me: ReturnType<typeof makeMe>, extra: (call: Call) => Reply | undefined = () => undefined) {
  return mockFetch((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: me };
    if (call.path === '/api/quality/checklists') return { body: { items: [CHECKLIST] } };
    if (call.path.startsWith('/api/quality/visits?')) return { body: pageOf([VISIT]) };
    if (call.path.startsWith('/api/quality/repeat-repairs?')) return { body: pageOf([LINK]) };
    if (call.path === '/api/quality/rules') return { body: { items: [RULE] } };
    if (call.path.startsWith('/api/quality/ledger?')) return { body: pageOf([ENTRY]) };
    return undefined;
  });
}

describe('quality pages', () => {
  it('builds checklist bodies: blanks as null, no range on a yes/no item', () => {
    expect(
      checklistBody({ name: ' 安装自检 ', workType: 'installation', categoryId: undefined, isActive: true, items: [{ code: 'level', label: '水平', kind: 'yes_no', unit: '℃', min: 1, max: 2, isRequired: true, isPhotoRequired: false }, { code: 'volt', label: '电压', kind: 'measure', unit: ' V ', min: 200, max: null, isRequired: false, isPhotoRequired: true }] }),
    ).toEqual({
      name: '安装自检',
      workType: 'installation',
      categoryId: null,
      isActive: true,
      items: [
        { code: 'level', label: '水平', kind: 'yes_no', unit: null, min: null, max: null, isRequired: true, isPhotoRequired: false },
        { code: 'volt', label: '电压', kind: 'measure', unit: 'V', min: 200, max: null, isRequired: false, isPhotoRequired: true },
      ],
    });
  });

  it('lists checklists with their items and saves an edit with the version; a server field error lands under the item', async () => {
    const calls = routes(SUPERVISOR, (call) =>
      call.method === 'PUT' ? { status: 400, body: { error: { code: 'validation_error', message: 'bad', details: [{ path: ['items', 1, 'max'], message: 'min must not exceed max' }] } } } : undefined,
    );
    renderApp('/quality/checklists');
    const row = (await screen.findByText('空调维修自检')).closest('tr')!;
    expect(row.textContent).toContain('维修');
    expect(row.textContent).toContain('全部类别');
    expect(row.textContent).toContain('制冷出风温度 ≤ 12 ℃');
    fireEvent.click(within(row).getByText('编辑'));
    await waitFor(() => expect(screen.getAllByTestId('checklist-item')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('checklist-save'));
    expect(await screen.findByText('min must not exceed max')).toBeTruthy();
    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.path).toBe(`/api/quality/checklists/${CHECKLIST.id}`);
    expect(put.body).toMatchObject({ version: 2, name: '空调维修自检', workType: 'repair', categoryId: null, items: [{ code: 'drain', kind: 'yes_no' }, { code: 'outlet_temp', kind: 'measure', max: 12, unit: '℃', isPhotoRequired: true }] });
  });

  it('inspects a visit: pass, or fail with a required reason that sends it back as rework', async () => {
    const calls = routes(SUPERVISOR, (call) => (call.method === 'POST' ? { body: { ...VISIT, inspection: 'passed' } } : undefined));
    renderApp('/quality/inspections');
    const row = (await screen.findByText('WO20261203-0001')).closest('tr')!;
    expect(row.textContent).toContain('待终检');
    expect(row.textContent).toContain('第 1 次返工');
    expect(row.textContent).toContain('异响未排除');
    expect(calls.find((call) => call.path.startsWith('/api/quality/visits?'))?.path).toContain('inspection=pending');
    fireEvent.click(within(row).getByTestId('inspect-pass'));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST')).toBe(true));
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ result: 'passed' });

    fireEvent.click(within(row).getByTestId('inspect-fail'));
    fireEvent.click(await screen.findByTestId('reason-ok'));
    expect(await screen.findByText('请填写')).toBeTruthy();
    fireEvent.change(screen.getByTestId('reason-input'), { target: { value: '制冷效果差' } });
    fireEvent.click(screen.getByTestId('reason-ok'));
    await waitFor(() => expect(calls.filter((call) => call.method === 'POST')).toHaveLength(2));
    expect(calls.filter((call) => call.method === 'POST')[1]).toMatchObject({ path: `/api/quality/visits/${VISIT.workOrderId}/inspection`, body: { result: 'failed', reason: '制冷效果差' } });
  });

  it('lists repeat repairs with their links, clears one with a reason and runs the back-fill', async () => {
    const calls = routes(SUPERVISOR, (call) => {
      if (call.path.endsWith('/clear')) return { body: { ...LINK, isCleared: true, clearReason: '不同故障' } };
      if (call.path.endsWith('/backfill')) return { body: { visitsRecorded: 3, ticketsChecked: 5, linksCreated: 1 } };
      return undefined;
    });
    renderApp('/quality/repeat-repairs');
    const row = (await screen.findByText('SH20261203-0002')).closest('tr')!;
    expect(row.textContent).toContain('返修：上次 2026-10-24 王强 更换电容');
    expect(row.textContent).toContain('WO20261024-0003');
    expect(row.textContent).toContain('40 天后');
    expect(within(row).getByText('WO20261024-0003').closest('a')?.getAttribute('href')).toBe(`/work-orders/${LINK.earlierWorkOrderId}`);
    fireEvent.click(within(row).getByTestId('repeat-clear'));
    fireEvent.change(await screen.findByTestId('reason-input'), { target: { value: '不同故障' } });
    fireEvent.click(screen.getByTestId('reason-ok'));
    await waitFor(() => expect(calls.find((call) => call.path.endsWith('/clear'))?.body).toEqual({ reason: '不同故障' }));

    fireEvent.click(screen.getByTestId('repeat-backfill'));
    await waitFor(() => expect(document.querySelector('.ant-modal-confirm')).toBeTruthy());
    fireEvent.click(within(document.querySelector('.ant-modal-confirm') as HTMLElement).getByRole('button', { name: /确\s*定|OK/ }));
    expect(await screen.findByText('补记访问 3 条，检查工单 5 张，新增返修关联 1 条')).toBeTruthy();
  });

  it('hides clearing and the back-fill without quality.repeat.clear', async () => {
    routes(DISPATCHER);
    renderApp('/quality/repeat-repairs');
    await screen.findByText('SH20261203-0002');
    expect(screen.queryByTestId('repeat-clear')).toBeNull();
    expect(screen.queryByTestId('repeat-backfill')).toBeNull();
  });

  it('shows ledger entries with the repeat multiplier and the appeal; the manager changes one with a reason', async () => {
    const calls = routes(MANAGER, (call) => (call.path.endsWith('/decision') ? { body: { ...ENTRY, status: 'approved' } } : undefined));
    renderApp('/quality/ledger');
    const row = (await screen.findByText('王强 · 张江网点')).closest('tr')!;
    expect(row.textContent).toContain('¥200.00');
    expect(row.textContent).toContain('重复 ×2（基数 ¥100.00）');
    expect(row.textContent).toContain('客户自行拆装');
    expect(row.textContent).toContain('待审批');
    fireEvent.click(within(row).getByTestId('ledger-change'));
    const amount = (await screen.findByTestId('decide-amount')) as HTMLInputElement;
    expect(amount.value).toBe('200');
    fireEvent.change(amount, { target: { value: '150' } });
    fireEvent.click(screen.getByTestId('decide-ok'));
    expect(await screen.findByText('请填写')).toBeTruthy();
    fireEvent.change(screen.getByTestId('decide-reason'), { target: { value: '情节较轻' } });
    fireEvent.click(screen.getByTestId('decide-ok'));
    await waitFor(() => expect(calls.find((call) => call.path.endsWith('/decision'))?.body).toEqual({ action: 'change', amountFen: 15000, points: 10, reason: '情节较轻', version: 1 }));
  });

  it('offers no decision on an entry about oneself, and the rules tab edits rules in yuan', async () => {
    const self = makeMe({ ...MANAGER, id: ENTRY.userId });
    const calls = routes(self, (call) => (call.method === 'POST' && call.path === '/api/quality/rules' ? { status: 201, body: RULE } : undefined));
    renderApp('/quality/ledger');
    const row = (await screen.findByText('王强 · 张江网点')).closest('tr')!;
    expect(within(row).queryByTestId('ledger-approve')).toBeNull();
    fireEvent.click(screen.getByText('奖惩规则'));
    expect((await screen.findByText('repeat_penalty')).closest('tr')?.textContent).toContain('90 天内再次 ×2');
    fireEvent.click(screen.getByTestId('rule-create'));
    fireEvent.change(await screen.findByTestId('rule-code'), { target: { value: 'rework_penalty' } });
    fireEvent.change(screen.getByTestId('rule-name'), { target: { value: '返工处罚' } });
    fireEvent.change(screen.getByTestId('rule-amount'), { target: { value: '50.5' } });
    fireEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST' && call.path === '/api/quality/rules')?.body).toEqual({ code: 'rework_penalty', name: '返工处罚', kind: 'penalty', trigger: 'repeat_repair', amountFen: 5050, points: 0, repeatWindowDays: 90, repeatMultiplier: 2, isActive: true }));
  });

  it('builds decision and rule bodies', () => {
    expect(decideBody({ action: 'approve', reason: '  ' }, { version: 3 })).toEqual({ action: 'approve', reason: null, version: 3 });
    expect(decideBody({ action: 'reject', reason: '误报' }, { version: 3 })).toEqual({ action: 'reject', reason: '误报', version: 3 });
    expect(ruleBody({ code: 'praise', name: '表扬', kind: 'reward', trigger: 'praise', amountYuan: '', points: 3, repeatWindowDays: 30, repeatMultiplier: 1, isActive: true })).toMatchObject({ amountFen: 0, points: 3 });
  });

  it('shows the repeat-repair flag on the ticket page for users with quality.read', async () => {
    const ticket = makeTicketDetail({ id: LINK.ticketId, type: 'repair' });
    const calls = routes(DISPATCHER, (call) => {
      if (call.path === `/api/tickets/${LINK.ticketId}`) return { body: ticket };
      if (call.path === `/api/quality/tickets/${LINK.ticketId}/repeat`) return { body: { flag: LINK } };
      return undefined;
    });
    renderApp(`/tickets/${LINK.ticketId}`);
    const flag = await screen.findByTestId('ticket-repeat-flag');
    expect(flag.textContent).toContain('返修：上次 2026-10-24 王强 更换电容');
    expect(within(flag).getByText('WO20261024-0003').closest('a')?.getAttribute('href')).toBe(`/work-orders/${LINK.earlierWorkOrderId}`);
    expect(calls.some((call) => call.path === `/api/quality/tickets/${LINK.ticketId}/repeat`)).toBe(true);
  });

  it('does not ask for the flag without quality.read', async () => {
    const ticket = makeTicketDetail({ id: LINK.ticketId });
    const calls = routes(makeMe({ roles: ['agent'], permissions: ['tickets.read'] }), (call) => {
      if (call.path === `/api/tickets/${LINK.ticketId}`) return { body: ticket };
      return undefined;
    });
    renderApp(`/tickets/${LINK.ticketId}`);
    await screen.findByText(ticket.number);
    expect(calls.some((call) => call.path.includes('/api/quality/'))).toBe(false);
    expect(screen.queryByTestId('ticket-repeat-flag')).toBeNull();
  });
});
