import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { makeMe, mockFetch, renderApp } from '../../test-utils';
import { yuan, yuanToFen, type ClaimLine, type Loaner, type ReturnView } from '../../api/returns';
import { inspectionBody } from './ReturnsPage';
import { allowedKinds, startBody } from './TicketReturnsPanel';
import { parseLabourRates } from './ClaimsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const RETURN: ReturnView = {
  id: '00000000-0000-4000-8000-0000000000a1',
  number: 'TH20261122-001',
  kind: 'exchange_same',
  status: 'requested',
  ticketId: '00000000-0000-4000-8000-0000000000a2',
  ticketNumber: 'SH20261122-0003',
  customerId: '00000000-0000-4000-8000-0000000000a3',
  customerName: '王先生',
  assetId: '00000000-0000-4000-8000-0000000000a4',
  serialNumber: 'KFR35-0001',
  modelId: '00000000-0000-4000-8000-0000000000a5',
  modelName: '格力 云佳 1.5 匹',
  newModelId: null,
  newModelName: null,
  purchaseDate: '2026-11-18',
  purchasePriceFen: 359_900,
  depreciationFen: 0,
  refundFen: 0,
  newModelPriceFen: null,
  priceDifferenceFen: 0,
  approvalAmountFen: 359_900,
  sanbaoRemedy: 'exchange',
  reason: '三包期内性能故障',
  decisionNote: null,
  decidedBy: null,
  decidedAt: null,
  inspection: null,
  returnedUnitId: null,
  issuedUnitId: null,
  newAssetId: null,
  version: 1,
  createdAt: '2026-11-22T02:00:00.000Z',
  updatedAt: '2026-11-22T02:00:00.000Z',
};

describe('returns pages', () => {
  it('lists returns in Chinese and approves one with its version', async () => {
    const me = makeMe({ roles: ['manager'], permissions: ['returns.read', 'returns.approve'] });
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: me };
      if (call.path.startsWith('/api/returns?')) return { body: { items: [RETURN], total: 1, page: 1, pageSize: 100 } };
      if (call.path.startsWith('/api/stock-units')) return { body: { items: [], total: 0, page: 1, pageSize: 100 } };
      if (call.method === 'POST' && call.path === `/api/returns/${RETURN.id}/decision`) return { body: { ...RETURN, status: 'approved', version: 2, decidedBy: '李经理' } };
      return undefined;
    });
    renderApp('/returns');
    expect(await screen.findByText('TH20261122-001')).toBeTruthy();
    expect(screen.getAllByText('同型号换货').length).toBeGreaterThan(0);
    expect(screen.getByText('待审批')).toBeTruthy();
    expect(screen.getByText('3,599.00')).toBeTruthy();
    fireEvent.click(screen.getByText('TH20261122-001'));
    fireEvent.click(await screen.findByRole('button', { name: /^批\s?准$/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.path.endsWith('/decision'))).toBe(true));
    const decision = calls.find((call) => call.method === 'POST' && call.path.endsWith('/decision'))!;
    expect(decision.body).toEqual({ action: 'approve', version: 1 });
    expect(await screen.findByText('已批准')).toBeTruthy();
  });

  it('builds the inspection body: a refusal carries its reason and no warehouse, an acceptance the warehouse and grade', () => {
    const checks = { appearance: { isOk: false, note: ' 外壳摔裂 ' }, function: { isOk: true }, accessories: { isOk: true, note: '' }, packaging: { isOk: true } };
    expect(inspectionBody({ checks, decision: 'refuse', refuseReason: '人为损坏', warehouseId: 'w' }, 3)).toEqual({
      appearance: { isOk: false, note: '外壳摔裂' },
      function: { isOk: true },
      accessories: { isOk: true },
      packaging: { isOk: true },
      photoIds: [],
      decision: 'refuse',
      refuseReason: '人为损坏',
      version: 3,
    });
    expect(inspectionBody({ checks, decision: 'accept', warehouseId: 'w1', grade: 'to_repair' }, 2)).toMatchObject({ decision: 'accept', warehouseId: 'w1', grade: 'to_repair', version: 2 });
  });

  it('offers only the kinds the 三包 decision allows and sends amounts in fen', () => {
    expect(allowedKinds(['refund', 'exchange', 'repair_free'])).toEqual(['refund', 'exchange_same', 'exchange_other']);
    expect(allowedKinds(['exchange', 'repair_free'])).toEqual(['exchange_same', 'exchange_other']);
    expect(allowedKinds(['repair_free'])).toEqual([]);
    expect(startBody('t1', { kind: 'refund', purchasePrice: '3599', refund: '3500.5', reason: '退货' })).toEqual({ ticketId: 't1', kind: 'refund', purchasePriceFen: 359_900, refundFen: 350_050, reason: '退货' });
    expect(startBody('t1', { kind: 'exchange_other', purchasePrice: '3000', newModelId: 'm2', newModelPrice: '4500', reason: '换型' })).toEqual({ ticketId: 't1', kind: 'exchange_other', purchasePriceFen: 300_000, newModelId: 'm2', newModelPriceFen: 450_000, reason: '换型' });
    expect(yuanToFen('12.345')).toBeNull();
    expect(yuan(-15_000)).toBe('-150.00');
  });

  it('shows the loaner pool with the overdue loan and who has it', async () => {
    const loaner: Loaner = {
      id: '00000000-0000-4000-8000-0000000000b1',
      outletId: '00000000-0000-4000-8000-0000000000b2',
      outletName: '浦东网点',
      modelName: '小天鹅 TG100',
      serialNumber: 'LOAN-001',
      condition: 'good',
      status: 'lent',
      currentLoan: {
        id: '00000000-0000-4000-8000-0000000000b3',
        loanerId: '00000000-0000-4000-8000-0000000000b1',
        loanerSerial: 'LOAN-001',
        loanerModel: '小天鹅 TG100',
        ticketId: RETURN.ticketId!,
        ticketNumber: 'SH20261120-0002',
        customerId: RETURN.customerId,
        customerName: '赵女士',
        lentAt: '2026-11-20T02:00:00.000Z',
        expectedReturnDate: '2026-11-21',
        depositFen: 50_000,
        returnedAt: null,
        returnCondition: null,
        depositRefundFen: null,
        note: null,
        isOverdue: true,
      },
    };
    const me = makeMe({ roles: ['outlet'], permissions: ['loaners.read', 'loaners.lend'] });
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: me };
      if (call.path.startsWith('/api/loaners/loans')) return { body: { items: [loaner.currentLoan] } };
      if (call.path.startsWith('/api/loaners')) return { body: { items: [loaner] } };
      return undefined;
    });
    renderApp('/loaners');
    expect(await screen.findByText('LOAN-001')).toBeTruthy();
    expect(screen.getByText('已借出')).toBeTruthy();
    expect(screen.getByText('逾期')).toBeTruthy();
    expect(screen.getByRole('button', { name: /归\s?还/ })).toBeTruthy();
    expect(screen.getByText('逾期未还 (1)')).toBeTruthy();
  });

  it('flags incomplete and late claim lines and parses labour rates in yuan', async () => {
    const line: ClaimLine = {
      id: '00000000-0000-4000-8000-0000000000c1',
      workOrderId: '00000000-0000-4000-8000-0000000000c2',
      workOrderNumber: 'PG20261105-0001',
      ticketId: RETURN.ticketId!,
      brand: '格力',
      modelId: RETURN.modelId,
      serialNumber: 'KFR35-0001',
      workType: 'repair',
      finishedAt: '2026-11-05T02:00:00.000Z',
      labourFen: 8_000,
      partsFen: 2_500,
      travelFen: 3_000,
      totalFen: 13_500,
      parts: [],
      evidence: { serial: true, old_part: true, photos: false },
      missingEvidence: ['photos'],
      isIncomplete: true,
      isLate: true,
      windowEndDate: '2026-12-05',
      status: 'draft',
      batchId: null,
      acceptedFen: null,
      rejectReason: null,
    };
    const me = makeMe({ roles: ['manager'], permissions: ['claims.read', 'claims.manage'] });
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: me };
      if (call.path.startsWith('/api/claim-lines')) return { body: { items: [line], total: 1, page: 1, pageSize: 100 } };
      return undefined;
    });
    renderApp('/claims');
    expect(await screen.findByText('PG20261105-0001')).toBeTruthy();
    expect(screen.getByText('资料不全：现场照片')).toBeTruthy();
    expect(screen.getByText('超期')).toBeTruthy();
    expect(screen.getByText('135.00')).toBeTruthy();
    expect(screen.getByRole('button', { name: '确认照片' })).toBeTruthy();
    expect(parseLabourRates('repair=80, install=120.5')).toEqual({ repair: 8_000, install: 12_050 });
    expect(parseLabourRates('repair=abc')).toBeNull();
  });
});
