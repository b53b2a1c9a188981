import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { makeMe, mockFetch, renderApp, TECHNICIAN } from '../../test-utils';
import type { Receipt } from '../../api/field';

const ID = '22222222-2222-4222-8222-222222222222';

function receipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    workOrder: {
      id: ID,
      number: 'WO20250502-0001',
      type: 'repair',
      status: 'completed',
      windowStart: '2025-05-02T01:00:00.000Z',
      windowEnd: '2025-05-02T03:00:00.000Z',
      notCompletedReason: null,
      notCompletedNote: null,
    },
    ticket: { id: '33333333-3333-4333-8333-333333333333', number: 'SH20250502-0007', type: 'repair', faultCategory: '不制冷', description: '空调开机不制冷' },
    customer: { id: '44444444-4444-4444-8444-444444444444', name: '王芳', contactName: '王芳', phone: '138****5678', address: '上海市浦东新区张江路 88 号 3 室' },
    asset: { id: '55555555-5555-4555-8555-555555555555', brand: '格力', modelName: 'KFR-35GW', modelCode: 'KFR-35GW', categoryName: '空调', serialNumber: 'SN-0001' },
    outletName: '浦东服务站',
    technicianName: '张师傅',
    arrivedAt: '2025-05-02T01:20:00.000Z',
    startedAt: '2025-05-02T01:25:00.000Z',
    finishedAt: '2025-05-02T02:40:00.000Z',
    diagnosis: '电容容量不足',
    actualFault: '压缩机启动电容损坏',
    workDone: '更换启动电容，试机正常',
    partsUsed: [{ partCode: 'CAP-35', name: '启动电容', quantity: 2, unitPriceFen: 3550, amountFen: 7100, isWarranty: false, serials: [] }],
    partsTotalFen: 7100,
    labourMinutes: 45,
    labourFeeFen: 8000,
    feeExpectedFen: 15100,
    feeCollectedFen: 10000,
    feeReason: '老客户优惠',
    hasSignature: true,
    signedAt: '2025-05-02T02:38:00.000Z',
    signatureUrl: `/api/work-orders/${ID}/signature`,
    workshop: [],
    generatedAt: '2025-05-02T03:00:00.000Z',
    ...overrides,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('service receipt page', () => {
  it('prints the ticket, customer, asset, work, parts and fees in yuan, signature and technician outside the main layout', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ ...TECHNICIAN, permissions: ['workorders.read', 'workorders.field'] }) };
      if (call.path === `/api/work-orders/${ID}/receipt`) return { body: receipt() };
      return undefined;
    });
    renderApp(`/print/receipt/${ID}`);
    const sheet = await screen.findByTestId('receipt-sheet');
    expect(sheet.textContent).toContain('服务回执单');
    expect(sheet.textContent).toContain('售后服务管理');
    expect(screen.getByTestId('receipt-ticket').textContent).toContain('SH20250502-0007');
    expect(screen.getByTestId('receipt-workorder').textContent).toContain('WO20250502-0001');
    expect(screen.getByTestId('receipt-customer').textContent).toContain('王芳');
    expect(sheet.textContent).toContain('138****5678');
    expect(screen.getByTestId('receipt-asset').textContent).toBe('设备型号格力 KFR-35GW');
    expect(sheet.textContent).toContain('SN-0001');
    expect(sheet.textContent).toContain('09:00–11:00');
    expect(sheet.textContent).toContain('2025-05-02 10:40:00');
    expect(screen.getByTestId('receipt-work-done').textContent).toContain('更换启动电容');
    const parts = screen.getByTestId('receipt-parts');
    expect(parts.querySelector('tbody tr')?.textContent).toBe('启动电容CAP-352¥35.50¥71.00');
    expect(screen.getByTestId('receipt-parts-total').textContent).toBe('¥71.00');
    expect(screen.getByTestId('receipt-labour').textContent).toBe('¥80.00');
    expect(screen.getByTestId('receipt-total').textContent).toBe('¥151.00');
    expect(screen.getByTestId('receipt-collected').textContent).toBe('¥100.00');
    expect(screen.getByTestId('receipt-fee-reason').textContent).toContain('老客户优惠');
    expect(screen.getByTestId('receipt-signature').getAttribute('src')).toBe(`/api/work-orders/${ID}/signature`);
    expect(screen.getByTestId('receipt-technician').textContent).toContain('张师傅');
    expect(screen.queryByTestId('receipt-workshop')).toBeNull();
    // no side menu: the sheet stands alone
    expect(document.querySelector('.ant-layout-sider')).toBeNull();

    const print = vi.fn();
    vi.stubGlobal('print', print);
    fireEvent.click(screen.getByTestId('receipt-print'));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('shows the workshop receipt number of a unit taken back, and 未签名 without a signature', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['workorders.read'] }) };
      if (call.path === `/api/work-orders/${ID}/receipt`)
        return {
          body: receipt({
            workOrder: { ...receipt().workOrder, status: 'not_completed', notCompletedReason: 'workshop', notCompletedNote: '需返厂检测' },
            partsUsed: [],
            partsTotalFen: 0,
            labourFeeFen: null,
            feeExpectedFen: 0,
            feeCollectedFen: null,
            feeReason: null,
            hasSignature: false,
            signatureUrl: null,
            signedAt: null,
            workshop: [
              {
                id: '66666666-6666-4666-8666-666666666666',
                receiptNumber: 'DH20250502-0003',
                workOrderId: ID,
                workOrderNumber: 'WO20250502-0001',
                ticketId: '33333333-3333-4333-8333-333333333333',
                assetId: null,
                direction: 'in',
                at: '2025-05-02T02:00:00.000Z',
                unitDescription: '室外机主板',
                condition: '外壳轻微划痕',
                note: null,
                actorName: '张师傅',
              },
            ],
          }),
        };
      return undefined;
    });
    renderApp(`/print/receipt/${ID}`);
    const workshop = await screen.findByTestId('receipt-workshop');
    expect(workshop.textContent).toContain('DH20250502-0003');
    expect(workshop.textContent).toContain('室外机主板');
    expect(workshop.textContent).toContain('外壳轻微划痕');
    const sheet = screen.getByTestId('receipt-sheet');
    expect(sheet.textContent).toContain('带回维修 · 需返厂检测');
    expect(sheet.textContent).toContain('未签名');
    expect(sheet.textContent).toContain('未使用备件');
    expect(screen.getByTestId('receipt-collected').textContent).toBe('—');
    expect(screen.queryByTestId('receipt-signature')).toBeNull();
  });

  it('lists catalogue parts with number, quantity, unit price and amount; a warranty line is ¥0.00（保修）with its serials', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['workorders.read'] }) };
      if (call.path === `/api/work-orders/${ID}/receipt`)
        return {
          body: receipt({
            partsUsed: [
              { partCode: 'CAP-35', name: '启动电容', quantity: 2, unitPriceFen: 12800, amountFen: 25600, isWarranty: false, serials: [] },
              { partCode: 'CMP-1', name: '压缩机', quantity: 1, unitPriceFen: 0, amountFen: 0, isWarranty: true, serials: ['CMP-SN-9'] },
            ],
            partsTotalFen: 25600,
          }),
        };
      return undefined;
    });
    renderApp(`/print/receipt/${ID}`);
    await screen.findByTestId('receipt-sheet');
    const rows = screen.getAllByTestId('receipt-part').map((row) => row.textContent);
    expect(rows).toEqual(['启动电容CAP-352¥128.00¥256.00', '压缩机序列号：CMP-SN-9CMP-11¥0.00¥0.00（保修）']);
    expect(screen.getByTestId('receipt-parts-total').textContent).toBe('¥256.00');
  });

  it('answers 无权访问 without workorders.read, and 404 for an unknown order', async () => {
    mockFetch((call) => (call.path === '/api/auth/me' ? { body: makeMe({ permissions: ['users.read'] }) } : undefined));
    const first = renderApp(`/print/receipt/${ID}`);
    expect(await screen.findByText('无权访问')).toBeTruthy();
    expect(screen.queryByTestId('receipt-sheet')).toBeNull();
    first.unmount();

    mockFetch((call) => (call.path === '/api/auth/me' ? { body: makeMe({ permissions: ['workorders.read'] }) } : undefined));
    renderApp(`/print/receipt/${ID}`);
    expect(await screen.findByText('页面不存在')).toBeTruthy();
  });
});
