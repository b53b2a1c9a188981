import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { makeMe, makeWorkOrderDetail, mockFetch, renderApp } from '../../test-utils';
import type { Adjustment, Bill, Statement } from '../../api/billing';
import { yuan } from '../../api/billing';
import { scheduleBody } from './BillingPages';

afterEach(() => {
  vi.unstubAllGlobals();
});

const MANAGER = makeMe({ roles: ['manager'], permissions: ['billing.read', 'billing.quote', 'billing.collect', 'billing.approve', 'billing.finance', 'billing.schedule.manage', 'settlement.read', 'settlement.manage', 'workorders.read'] });

const BILL: Bill = {
  id: '00000000-0000-4000-8000-0000000000b1',
  workOrderId: '00000000-0000-4000-8000-0000000000a1',
  workOrderNumber: 'PG20261122-0001',
  ticketId: '00000000-0000-4000-8000-0000000000a2',
  customerId: '00000000-0000-4000-8000-0000000000a3',
  outletId: null,
  status: 'quoted',
  isWarranty: false,
  scheduleId: '00000000-0000-4000-8000-0000000000a4',
  scheduleName: '2026 收费标准（2026-11-01 起）',
  lines: [
    { id: 'l1', kind: 'labour', description: '维修工时费', partId: null, quantity: 1, unitPriceFen: 8000, amountFen: 8000, payer: 'customer', source: 'quote' },
    { id: 'l2', kind: 'visit', description: '上门费（区县 310115）', partId: null, quantity: 1, unitPriceFen: 2005, amountFen: 2005, payer: 'customer', source: 'quote' },
  ],
  subtotalFen: 10_005,
  discountFen: 0,
  dueFen: 10_005,
  claimFen: 0,
  paidFen: 0,
  refundedFen: 0,
  outstandingFen: 10_005,
  confirmedAt: null,
  confirmMethod: null,
  confirmedDueFen: null,
  needsReconfirm: false,
  confirmCode: '482913',
  pendingApprovals: 0,
  version: 1,
};

const PROPOSAL: Adjustment = {
  id: '00000000-0000-4000-8000-0000000000c1', billId: BILL.id, workOrderNumber: BILL.workOrderNumber, outletId: null, kind: 'discount', percentBp: 2000, amountFen: 2001, baseFen: 10_005,
  reason: '老客户优惠', requiredLevel: 'manager', status: 'pending', proposedBy: '王师傅', proposedById: 'u9', proposedAt: '2026-11-22T02:00:00.000Z', decidedBy: null, decidedAt: null, decisionReason: null, version: 1,
};

describe('billing pages', { timeout: 60_000 }, () => {
  it('formats fen as yuan and builds the schedule body in fen', () => {
    expect(yuan(10_005)).toBe('¥100.05');
    expect(yuan(-2001)).toBe('-¥20.01');
    expect(yuan(7)).toBe('¥0.07');
    expect(scheduleBody({ name: 'v', effectiveFrom: dayjs('2026-12-01'), labour: [{ workType: 'repair', amount: 80.5 }], visit: [{ kind: 'district', districtCode: '310115', amount: 20.05 }, { kind: 'distance', upToKm: 10, amount: 30 }] })).toEqual({
      name: 'v', effectiveFrom: '2026-12-01', consumablesAtCost: false,
      labour: [{ workType: 'repair', categoryId: null, grade: null, amountFen: 8050 }],
      visit: [{ kind: 'district', districtCode: '310115', amountFen: 2005 }, { kind: 'distance', upToKm: 10, amountFen: 3000 }],
    });
  });

  it('shows the quote on the work-order page with its lines, totals and the confirmation code; confirms with the code read back', async () => {
    const order = makeWorkOrderDetail({ id: BILL.workOrderId, number: BILL.workOrderNumber });
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: MANAGER };
      if (call.path === `/api/work-orders/${order.id}`) return { body: order };
      if (call.path === `/api/billing/work-orders/${order.id}/bill`) return { body: { bill: BILL } };
      if (call.method === 'POST' && call.path === `/api/billing/bills/${BILL.id}/confirm`) return { body: { ...BILL, status: 'confirmed', confirmedAt: '2026-11-22T02:10:00.000Z', confirmedDueFen: 10_005, version: 2 } };
      return call.method === 'GET' ? { body: { items: [], total: 0, page: 1, pageSize: 20 } } : undefined;
    });
    renderApp(`/work-orders/${order.id}`);
    const panel = await screen.findByTestId('bill-panel', {}, { timeout: 20_000 });
    expect(within(panel).getByText('维修工时费')).toBeTruthy();
    expect(within(panel).getByText('上门费（区县 310115）')).toBeTruthy();
    expect(within(panel).getByTestId('bill-due').textContent).toBe('¥100.05');
    expect(within(panel).getByTestId('confirm-code').textContent).toBe('482913');
    fireEvent.click(within(panel).getByRole('button', { name: '客户确认' }));
    fireEvent.change(await screen.findByLabelText('客户报出的确认码'), { target: { value: '482913' } });
    fireEvent.click(screen.getByRole('button', { name: /确\s?定|OK/ }));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST' && call.path.endsWith('/confirm'))?.body).toEqual({ version: 1, method: 'code', code: '482913' }));
  });

  it('lists a pending discount for the manager and approves it with a reason and the version', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: MANAGER };
      if (call.path === '/api/billing/approvals?status=pending') return { body: { items: [PROPOSAL] } };
      if (call.method === 'POST' && call.path === `/api/billing/approvals/${PROPOSAL.id}/decide`) return { body: { ...PROPOSAL, status: 'approved', version: 2 } };
      return undefined;
    });
    renderApp('/billing/approvals');
    const row = (await screen.findByText('PG20261122-0001', {}, { timeout: 20_000 })).closest('tr') as HTMLElement;
    expect(within(row).getByText('¥20.01（20%） / ¥100.05')).toBeTruthy();
    expect(within(row).getByText('售后经理')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: /批\s?准/ }));
    fireEvent.change(await screen.findByLabelText('原因'), { target: { value: '同意优惠' } });
    fireEvent.click(screen.getByRole('button', { name: /确\s?定|OK/ }));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST' && call.path.endsWith('/decide'))?.body).toEqual({ decision: 'approved', reason: '同意优惠', version: 1 }));
  });

  it('shows the statements of a month and their lines with extras and deductions', async () => {
    const statement: Statement = {
      id: '00000000-0000-4000-8000-0000000000d1', period: '2026-11', partyType: 'outlet', partyId: 'o1', partyName: '浦东网点', status: 'draft', orderCount: 1, ordersFen: 4500, extrasFen: 2000, deductionsFen: 5000, totalFen: 1500, disputedLines: 0, approvedAt: null, approvedBy: null, version: 1,
      lines: [
        { id: 'x1', kind: 'order', deductionType: null, workOrderId: 'w1', workOrderNumber: 'PG1', workType: 'repair', description: '维修 PG1', rateFen: 4500, extrasFen: 2000, extraKinds: ['holiday'], amountFen: 6500, state: 'open', disputeReason: null },
        { id: 'x2', kind: 'deduction', deductionType: 'quality_penalty', workOrderId: null, workOrderNumber: null, workType: null, description: '质量处罚：未穿工装', rateFen: 0, extrasFen: 0, extraKinds: [], amountFen: -5000, state: 'open', disputeReason: null },
      ],
    };
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: MANAGER };
      if (call.path.startsWith('/api/settlement/statements?')) return { body: { items: [statement] } };
      if (call.path === `/api/settlement/statements/${statement.id}`) return { body: statement };
      return undefined;
    });
    renderApp('/billing/statements');
    fireEvent.click(await screen.findByText('浦东网点', {}, { timeout: 20_000 }));
    expect(await screen.findByText('质量处罚：未穿工装', {}, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByText('¥20.00（节假日）')).toBeTruthy();
    expect(screen.getByText('-¥50.00')).toBeTruthy();
    expect(screen.getByRole('button', { name: '审批并锁定' })).toBeTruthy();
  });
});
