import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, mockFetch, pageOf, renderApp, type Call, type Reply } from '../../test-utils';
import type { CountView, StockRow, WarehouseView } from '../../api/parts';
import { countLinesOf } from './CountsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const COUNT_ID = '00000000-0000-4000-8000-0000000000c9';
const PART_ID = '00000000-0000-4000-8000-0000000000f1';
const FREE: WarehouseView = { id: '00000000-0000-4000-8000-0000000000a1', code: 'WH-ZJ', name: '张江网点仓', level: 'outlet', outletId: '00000000-0000-4000-8000-0000000000b1', technicianId: null, frozenByCountId: null, isActive: true };
const STOCK: StockRow = { warehouseId: FREE.id, warehouseName: FREE.name, partId: PART_ID, partNumber: 'CAP-35', partName: '启动电容', kind: 'common', unit: 'piece', condition: 'good', onHand: 5, inTransit: 0, reserved: 0, available: 5, reorderPoint: 0, reorderQuantity: 0, isBelowReorderPoint: false };
const DRAFT: CountView = { id: COUNT_ID, warehouseId: FREE.id, status: 'draft', frozenBy: '王仓管', approvedBy: null, note: null, lines: [], createdAt: '2026-12-03T02:00:00.000Z', approvedAt: null };

const COUNTER = makeMe({ roles: ['parts_keeper'], permissions: ['parts.read', 'parts.count', 'parts.move'] });
const APPROVER = makeMe({ roles: ['admin'], permissions: ['parts.read', 'parts.count', 'parts.count.approve'] });

function routes(me: typeof COUNTER, frozen: boolean, count: CountView, extra: (call: Call) => Reply | undefined = () => undefined) {
  return mockFetch((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: me };
    if (call.path.startsWith('/api/parts/warehouses?')) return { body: pageOf([{ ...FREE, frozenByCountId: frozen ? COUNT_ID : null }]) };
    if (call.path.startsWith(`/api/parts/warehouses/${FREE.id}/stock?`)) return { body: pageOf([STOCK]) };
    if (call.path === `/api/parts/counts/${COUNT_ID}`) return { body: count };
    return undefined;
  });
}

async function pickWarehouse() {
  fireEvent.mouseDown(within(await screen.findByTestId('count-warehouse')).getByRole('combobox'));
  fireEvent.click((await screen.findAllByTitle('张江网点仓')).at(-1)!);
}

describe('stock count page', () => {
  it('opens a count on a free warehouse', async () => {
    const calls = routes(COUNTER, false, DRAFT, (call) => (call.method === 'POST' && call.path === '/api/parts/counts' ? { status: 201, body: DRAFT } : undefined));
    renderApp('/part-counts');
    await pickWarehouse();
    fireEvent.click(await screen.findByTestId('count-open'));
    expect(await screen.findByText('已开始盘点，仓库已冻结')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.body).toEqual({ warehouseId: FREE.id });
  });

  it('enters a counted quantity in the table and saves it; the server’s 409 is shown', async () => {
    let answer: Reply = { status: 409, body: { error: { code: 'conflict', message: 'Frozen by 李四', details: [{ path: ['warehouseId'], message: '李四 正在盘点' }] } } };
    const calls = routes(COUNTER, true, DRAFT, (call) => (call.method === 'PUT' ? answer : undefined));
    renderApp('/part-counts');
    await pickWarehouse();
    const row = (await screen.findByText('CAP-35 启动电容')).closest('tr')!;
    expect(within(row).getByText('5')).toBeTruthy();
    fireEvent.change(within(row).getByRole('spinbutton'), { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('count-save'));
    expect(await screen.findByText('Frozen by 李四')).toBeTruthy();
    answer = { body: { ...DRAFT, lines: [{ partId: PART_ID, condition: 'good', countedQuantity: 4, systemQuantity: null, difference: null }] } };
    fireEvent.click(screen.getByTestId('count-save'));
    expect(await screen.findByText('盘点数已保存')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'PUT').at(-1)!.body).toEqual({ lines: [{ partId: PART_ID, condition: 'good', countedQuantity: 4 }] });
    expect(calls.filter((call) => call.method === 'PUT').at(-1)!.path).toBe(`/api/parts/counts/${COUNT_ID}/lines`);
  });

  it('shows the approver the difference before approving', async () => {
    const submitted: CountView = { ...DRAFT, status: 'submitted', lines: [{ partId: PART_ID, condition: 'good', countedQuantity: 4, systemQuantity: 5, difference: -1 }] };
    const calls = routes(APPROVER, true, submitted, (call) => (call.method === 'POST' && call.path.endsWith('/approve') ? { body: { count: { ...submitted, status: 'approved' }, ledgerRows: 1 } } : undefined));
    renderApp('/part-counts');
    await pickWarehouse();
    const row = (await screen.findByText('CAP-35 启动电容')).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('-1')).toBeTruthy());
    expect(screen.getByText('待审批')).toBeTruthy();
    fireEvent.click(screen.getByTestId('count-approve'));
    expect(await screen.findByText('已审批，差异已调整，仓库已解冻')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST' && call.path === `/api/parts/counts/${COUNT_ID}/approve`)).toBe(true);
  });

  it('offers no approve button without parts.count.approve', async () => {
    routes(COUNTER, true, { ...DRAFT, status: 'submitted' });
    renderApp('/part-counts');
    await pickWarehouse();
    await screen.findByText('待审批');
    expect(screen.queryByTestId('count-approve')).toBeNull();
  });

  it('sends only rows with a counted quantity', () => {
    const rows = [
      { key: 'a|good', partId: 'a', condition: 'good' as const },
      { key: 'b|good', partId: 'b', condition: 'good' as const },
      { key: 'a|defective', partId: 'a', condition: 'defective' as const },
    ];
    expect(countLinesOf({ 'a|good': 0, 'b|good': null }, rows)).toEqual([{ partId: 'a', condition: 'good', countedQuantity: 0 }]);
  });
});
