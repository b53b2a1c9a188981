import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, renderApp, type Call, type Reply } from '../../test-utils';
import type { RequisitionView } from '../../api/parts';
import { createPartBody, updatePartBody } from './PartsPage';
import { movementColor } from './LedgerPage';
import { mockPartsApi, OUTLET, PART, stockRow } from './partsTestKit';

afterEach(() => {
  vi.unstubAllGlobals();
});

const WAREHOUSE = OUTLET;
const STOCK = stockRow(PART, WAREHOUSE, { onHand: 2, inTransit: 1, reserved: 1, available: 1, reorderPoint: 5, reorderQuantity: 10, isBelowReorderPoint: true });

const REQUISITION: RequisitionView = {
  id: '00000000-0000-4000-8000-0000000000e9',
  workOrderId: null,
  technicianId: '00000000-0000-4000-8000-0000000000d1',
  technicianWarehouseId: '00000000-0000-4000-8000-0000000000a2',
  technicianWarehouseName: '李师傅随身库',
  warehouseId: WAREHOUSE.id,
  warehouseName: WAREHOUSE.name,
  status: 'requested',
  isReserved: true,
  note: null,
  lines: [{ partId: PART.id, partNumber: PART.partNumber, partName: PART.name, quantity: 2 }],
  createdAt: '2026-12-03T02:00:00.000Z',
  updatedAt: '2026-12-03T02:00:00.000Z',
};

const KEEPER = makeMe({ roles: ['parts_keeper'], permissions: ['parts.read', 'parts.cost.read', 'parts.manage', 'parts.move'] });
const TECHNICIAN = makeMe({ roles: ['technician'], scope: 'self', permissions: ['parts.read', 'parts.requisition', 'parts.return'] });

function routes(me = KEEPER, extra: (call: Call) => Reply | undefined = () => undefined) {
  return mockPartsApi({
    me,
    extra,
    parts: [PART],
    warehouses: [WAREHOUSE],
    lists: { [`/api/parts/warehouses/${WAREHOUSE.id}/stock`]: [STOCK], '/api/parts/requisitions': [REQUISITION] },
  });
}

describe('parts pages', () => {
  it('lists the catalogue with prices in yuan, cost and edit for the parts keeper', async () => {
    routes();
    renderApp('/parts');
    const row = (await screen.findByText('CMP-100')).closest('tr')!;
    expect(within(row).getByText('压缩机 1.5P')).toBeTruthy();
    expect(within(row).getByText('常用')).toBeTruthy();
    expect(within(row).getByText('¥800.00')).toBeTruthy();
    expect(within(row).getByText('¥1,200.50')).toBeTruthy();
    expect(within(row).getByText('1 个型号')).toBeTruthy();
    expect(screen.getByRole('button', { name: /新建备件/ })).toBeTruthy();
    expect(within(row).getByRole('button', { name: /编\s*辑/ })).toBeTruthy();
  });

  it('shows a technician no cost column and no create or edit', async () => {
    routes(TECHNICIAN);
    renderApp('/parts');
    await screen.findByText('CMP-100');
    expect(screen.queryByText('成本价')).toBeNull();
    expect(screen.queryByRole('button', { name: /新建备件/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /编\s*辑/ })).toBeNull();
  });

  it('edits a part: the PATCH sends the version read and the prices in fen', async () => {
    const calls = routes(KEEPER, (call) => (call.method === 'PATCH' ? { body: { ...PART, version: 4 } } : undefined));
    renderApp('/parts');
    const row = (await screen.findByText('CMP-100')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: /编\s*辑/ }));
    await screen.findByText('编辑备件');
    fireEvent.click(screen.getByTestId('part-save'));
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH')).toBe(true));
    const patch = calls.find((call) => call.method === 'PATCH')!;
    expect(patch.path).toBe(`/api/parts/${PART.id}`);
    expect(patch.headers['X-CSRF-Token']).toBe('csrf-test-token');
    expect(patch.body).toEqual({ version: 3, name: '压缩机 1.5P', kind: 'common', unit: 'piece', isSerialTracked: true, mustReturnOldPart: true, salePriceFen: 120050, costFen: 80000, isActive: true });
  });

  it('shows a warehouse’s stock with its unit and the below-reorder tag', async () => {
    const calls = routes();
    renderApp('/part-stock');
    const row = (await screen.findByText('CMP-100')).closest('tr')!;
    expect(within(row).getByText('2 个')).toBeTruthy();
    expect(within(row).getByText('低于补货点')).toBeTruthy();
    expect(within(row).getByText('良品')).toBeTruthy();
    expect(calls.some((call) => call.path === `/api/parts/warehouses/${WAREHOUSE.id}/stock?page=1&pageSize=20`)).toBe(true);
  });

  it('renders the stock page in English', async () => {
    routes({ ...KEEPER, locale: 'en' });
    renderApp('/part-stock', 'en');
    const row = (await screen.findByText('CMP-100')).closest('tr')!;
    expect(within(row).getByText('Below reorder point')).toBeTruthy();
    expect(within(row).getByText('Good')).toBeTruthy();
  });

  it('issues a requisition from the queue; a 409 from the server is shown as is', async () => {
    let answer: Reply = { status: 409, body: { error: { code: 'conflict', message: 'Not enough stock: 1 available, 2 needed', details: [{ path: ['lines', 0, 'quantity'], message: '库存不足：可用 1，需要 2' }] } } };
    const calls = routes(KEEPER, (call) => (call.method === 'POST' && call.path === `/api/parts/requisitions/${REQUISITION.id}/issue` ? answer : undefined));
    renderApp('/part-requisitions');
    const row = (await screen.findByText('CMP-100 压缩机 1.5P × 2')).closest('tr')!;
    expect(within(row).getByText('待发放')).toBeTruthy();
    expect(within(row).getByText('张江网点仓')).toBeTruthy();
    expect(within(row).getByText('李师傅随身库')).toBeTruthy();
    fireEvent.click(within(row).getByTestId('requisition-issue'));
    expect(await screen.findByText('Not enough stock: 1 available, 2 needed')).toBeTruthy();
    answer = { body: { requisition: { ...REQUISITION, status: 'issued' }, ledgerRows: 2 } };
    fireEvent.click(within(row).getByTestId('requisition-issue'));
    expect(await screen.findByText('已发放到技师随身库')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.headers['X-CSRF-Token'])).toEqual(['csrf-test-token', 'csrf-test-token']);
  });

  it('shows a technician the queue without issue buttons', async () => {
    routes(TECHNICIAN);
    renderApp('/part-requisitions');
    await screen.findByText('CMP-100 压缩机 1.5P × 2');
    expect(screen.queryByTestId('requisition-issue')).toBeNull();
  });

  it('builds bodies and colours: yuan to fen, a hidden cost is not sent, stock in green and out red', () => {
    const values = { partNumber: ' CMP-200 ', name: ' 主板 ', kind: 'common' as const, unit: 'piece' as const, isSerialTracked: true, mustReturnOldPart: false, cost: '300.5', salePrice: '1,200.05', isActive: true };
    expect(createPartBody(values)).toEqual({ partNumber: 'CMP-200', name: '主板', kind: 'common', unit: 'piece', isSerialTracked: true, mustReturnOldPart: false, salePriceFen: 120005, costFen: 30050 });
    expect(updatePartBody(values, PART, false)).not.toHaveProperty('costFen');
    expect(movementColor({ quantity: 2, inTransitChange: 0 })).toBe('green');
    expect(movementColor({ quantity: -1, inTransitChange: 0 })).toBe('red');
    expect(movementColor({ quantity: 0, inTransitChange: 3 })).toBe('blue');
  });
});
