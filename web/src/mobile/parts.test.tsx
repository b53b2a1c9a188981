import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { QueryClient } from '@tanstack/react-query';
import { AppProviders } from '../App';
import { makeMe, makeWorkOrderDetail, mockFetch, pageOf, TECHNICIAN, type Call, type Reply } from '../test-utils';
import MobileRoutes from './MobileApp';
import { buildReportBody, draftOf } from './ReportForm';

const ORDER_ID = '22222222-2222-4222-8222-222222222222';
const TECH_ID = '77777777-7777-4777-8777-777777777777';
const PART = '88888888-8888-4888-8888-888888888881';
const STOCK_WH = '99999999-9999-4999-8999-999999999991';
const OUTLET_WH = '99999999-9999-4999-8999-999999999992';
const CENTRAL_WH = '99999999-9999-4999-8999-999999999993';
const ME = makeMe({ ...TECHNICIAN, permissions: ['workorders.read', 'workorders.field', 'parts.read', 'parts.requisition', 'parts.return', 'assets.read'] });

const warehouse = (id: string, name: string, level: string) => ({ id, code: id.slice(-4), name, level, outletId: null, technicianId: null, frozenByCountId: null, isActive: true });
const stockRow = { warehouseId: STOCK_WH, warehouseName: '张师傅随身库', partId: PART, partNumber: 'CAP-35', partName: '启动电容', kind: 'common', unit: 'piece', isSerialTracked: false, condition: 'good', onHand: 2, inTransit: 0, reserved: 0, available: 2, reorderPoint: null, reorderQuantity: null, isBelowReorderPoint: false };
const part = { id: PART, partNumber: 'CAP-35', name: '启动电容', kind: 'common', unit: 'piece', isSerialTracked: false, mustReturnOldPart: false, costFen: null, salePriceFen: 12800, modelIds: [], isActive: true, version: 1, updatedAt: '2026-11-20T00:00:00.000Z' };

function renderMobile(path: string, handler: (call: Call) => Reply | undefined) {
  const calls = mockFetch((call) => {
    const answer = handler(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: ME };
    if (call.path === '/api/technicians/me') return { body: { id: TECH_ID, userId: ME.id, username: 'tech1', outletId: OUTLET_WH, outletName: '浦东网点', name: '张师傅' } };
    if (call.path === `/api/parts/technicians/${TECH_ID}/warehouses`) return { body: { technicianId: TECH_ID, stock: warehouse(STOCK_WH, '张师傅随身库', 'technician'), sources: [warehouse(OUTLET_WH, '张江网点仓', 'outlet'), warehouse(CENTRAL_WH, '总仓', 'central')] } };
    if (call.path.startsWith(`/api/parts/warehouses/${STOCK_WH}/stock`)) return { body: pageOf([stockRow]) };
    if (call.path === `/api/parts/${PART}`) return { body: part };
    if (call.path.startsWith('/api/parts?')) return { body: pageOf([part]) };
    return undefined;
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

const order = (overrides = {}) =>
  makeWorkOrderDetail({ id: ORDER_ID, number: 'WO20261122-0001', status: 'in_progress', windowStart: '2026-11-22T01:00:00.000Z', windowEnd: '2026-11-22T03:00:00.000Z', address: '上海市浦东新区张江路 88 号', materials: [], ...overrides });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('我的备件 on the phone', () => {
  it('lists the technician’s own good stock with what is available and searches by number or name', async () => {
    const calls = renderMobile('/m/parts', () => undefined);
    const row = await screen.findByTestId('m-stock-row');
    expect(row.textContent).toContain('启动电容');
    expect(row.textContent).toContain('CAP-35');
    expect(within(row).getByTestId('m-stock-available').textContent).toContain('可用 2');
    const input = screen.getByTestId('m-parts-search').querySelector('input')!;
    fireEvent.change(input, { target: { value: 'CAP' } });
    await waitFor(() => expect(calls.some((call) => call.path.includes(`/api/parts/warehouses/${STOCK_WH}/stock`) && call.path.includes('q=CAP'))).toBe(true));
  });
});

describe('本单备件 and 使用备件 on the order page', () => {
  it('requests a part for the order; a shortage answer is shown and 仍然申请 resends with allowShortage', async () => {
    const posts: unknown[] = [];
    renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order({ status: 'assigned' }) };
      if (call.path.startsWith('/api/parts/requisitions?')) return { body: pageOf([]) };
      if (call.method === 'POST' && call.path === '/api/parts/requisitions') {
        posts.push(call.body);
        if (posts.length === 1) return { status: 409, body: { error: { code: 'conflict', message: 'Not enough stock', details: [{ path: ['lines', 0, 'quantity'], message: '库存不足：可用 0，需要 1' }] } } };
        return { status: 201, body: { id: '12121212-1212-4121-8121-121212121212', workOrderId: ORDER_ID, technicianId: TECH_ID, technicianWarehouseId: STOCK_WH, warehouseId: OUTLET_WH, status: 'shortage', isReserved: false, note: null, lines: [{ partId: PART, partNumber: 'CAP-35', partName: '启动电容', quantity: 1 }], createdAt: '2026-11-21T00:00:00.000Z', updatedAt: '2026-11-21T00:00:00.000Z' } };
      }
      return undefined;
    });
    const section = await screen.findByTestId('m-order-parts');
    expect(section.textContent).toContain('本单还没有领料申请');
    fireEvent.click(await within(section).findByTestId('m-request-parts'));
    fireEvent.click(await screen.findByTestId('m-request-part'));
    fireEvent.click(screen.getByTestId('m-request-submit'));
    expect((await screen.findByTestId('m-request-short')).textContent).toContain('库存不足：可用 0，需要 1');
    fireEvent.click(screen.getByTestId('m-request-shortage'));
    expect((await screen.findByTestId('m-parts-notice')).textContent).toBe('已登记缺料，到货后再发放');
    expect(posts[1]).toEqual({ workOrderId: ORDER_ID, technicianId: TECH_ID, warehouseId: OUTLET_WH, modelId: null, allowShortage: true, lines: [{ partId: PART, quantity: 1 }] });
  });

  it('picks 使用备件 from the own stock into the report as a catalogue line and shows the saved lines priced', async () => {
    renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.path === `/api/m/work-orders/${ORDER_ID}`)
        return {
          body: order({
            result: {
              partsUsed: [
                { partId: PART, partCode: 'CAP-35', name: '启动电容', quantity: 1, unitPriceFen: 12800, isWarranty: false },
                { partId: '88888888-8888-4888-8888-888888888882', partCode: 'CMP-1', name: '压缩机', quantity: 1, unitPriceFen: 0, isWarranty: true },
                { partCode: null, name: '扎带', quantity: 1, unitPriceFen: 100 },
              ],
            },
          }),
        };
      if (call.path.startsWith('/api/parts/requisitions?')) return { body: pageOf([]) };
      return undefined;
    });
    const saved = await screen.findAllByTestId('m-saved-part');
    expect(saved.map((line) => line.textContent)).toEqual(['启动电容 CAP-35¥128.00 × 1 = ¥128.00', '压缩机 CMP-1保修免费']);
    const before = screen.getAllByTestId('m-part-catalogue').length;
    fireEvent.click(await screen.findByTestId('m-use-parts'));
    const rows = await screen.findAllByTestId('m-stock-row');
    fireEvent.click(rows[rows.length - 1]);
    await waitFor(() => expect(screen.getAllByTestId('m-part-catalogue')).toHaveLength(before + 1));
    expect(screen.getAllByTestId('m-part-catalogue').at(-1)!.textContent).toContain('目录备件');
  });

  it('picks a serial-tracked part: its serials come from the own stock, the quantity is their number, the old part’s serial is asked for; the report sends them', async () => {
    const COMPRESSOR = '88888888-8888-4888-8888-888888888883';
    const compressorStock = { ...stockRow, partId: COMPRESSOR, partNumber: 'CMP-1', partName: '压缩机' };
    const compressor = { ...part, id: COMPRESSOR, partNumber: 'CMP-1', name: '压缩机', isSerialTracked: true, mustReturnOldPart: true, salePriceFen: 98000 };
    const serialRow = (serial: string) => ({ partId: COMPRESSOR, partNumber: 'CMP-1', partName: '压缩机', serial, condition: 'good' });
    const calls = renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.method === 'GET' && call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order({ result: null }) };
      if (call.path.startsWith('/api/parts/requisitions?')) return { body: pageOf([]) };
      if (call.path.startsWith(`/api/parts/warehouses/${STOCK_WH}/stock`)) return { body: pageOf([compressorStock]) };
      if (call.path === `/api/parts/${COMPRESSOR}`) return { body: compressor };
      if (call.path.startsWith(`/api/parts/warehouses/${STOCK_WH}/serials?`)) return { body: pageOf([serialRow('SN-001'), serialRow('SN-002'), serialRow('SN-003')]) };
      if (call.method === 'POST' && call.path.endsWith('/report')) return { body: order() };
      return undefined;
    });
    fireEvent.click(await screen.findByTestId('m-use-parts'));
    fireEvent.click(await screen.findByTestId('m-stock-row'));
    const line = await screen.findByTestId('m-part-catalogue');
    expect(within(line).getByTestId('m-part-quantity').querySelector('input')!.value).toBe('0');
    fireEvent.click(await within(line).findByTestId('m-pick-serials'));
    await screen.findAllByTestId('m-serial');
    expect(calls.some((call) => call.path.startsWith(`/api/parts/warehouses/${STOCK_WH}/serials?`) && call.path.includes(`partId=${COMPRESSOR}`))).toBe(true);
    fireEvent.click(screen.getByText('SN-001'));
    fireEvent.click(screen.getByText('SN-003'));
    fireEvent.click(screen.getByTestId('m-serials-done'));
    await waitFor(() => expect(within(line).getByTestId('m-serials-picked').textContent).toBe('SN-001、SN-003'));
    expect(within(line).getByTestId('m-part-quantity').querySelector('input')!.value).toBe('2');
    fireEvent.change(within(line).getByTestId('m-old-part-serial').querySelector('input')!, { target: { value: ' OLD-77 ' } });
    fireEvent.change(screen.getByTestId('m-fee-collected').querySelector('input')!, { target: { value: '1960' } });
    fireEvent.click(screen.getByTestId('m-step-report'));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.path === `/api/m/work-orders/${ORDER_ID}/report`)).toBe(true));
    const report = calls.find((call) => call.method === 'POST' && call.path === `/api/m/work-orders/${ORDER_ID}/report`)!.body as { partsUsed: unknown[] };
    expect(report.partsUsed).toEqual([{ partId: COMPRESSOR, name: '压缩机', partCode: 'CMP-1', quantity: 2, unitPriceFen: 98000, serials: ['SN-001', 'SN-003'], oldPartSerial: 'OLD-77' }]);
  });

  it('refuses a serial-tracked line without serials before sending; a saved line keeps its serials and old part serial', () => {
    const line = { partId: PART, name: '压缩机', partCode: 'CMP-1', quantity: '0', unitPrice: '980.00', isSerialTracked: true, serials: [] };
    const empty = { diagnosis: '', actualFault: '', workDone: '', parts: [line], labourMinutes: '', labourFee: '', feeCollected: '', feeReason: '' };
    expect(buildReportBody(empty).errors).toEqual({ 'parts.0.serials': 'partsm.serialsRequired' });
    const draft = draftOf({ partsUsed: [{ partId: PART, partCode: 'CMP-1', name: '压缩机', quantity: 1, unitPriceFen: 98000, serials: ['SN-9'], oldPartSerial: 'OLD-1' }] });
    expect(draft.parts[0]).toEqual({ partId: PART, name: '压缩机', partCode: 'CMP-1', quantity: '1', unitPrice: '980.00', serials: ['SN-9'], isSerialTracked: true, oldPartSerial: 'OLD-1' });
    expect(buildReportBody({ ...draft, feeCollected: '980' }).body?.partsUsed).toEqual([{ partId: PART, name: '压缩机', partCode: 'CMP-1', quantity: 1, unitPriceFen: 98000, serials: ['SN-9'], oldPartSerial: 'OLD-1' }]);
  });

  it('keeps the catalogue part id through the draft and the report body', () => {
    const draft = draftOf({ partsUsed: [{ partId: PART, partCode: 'CAP-35', name: '启动电容', quantity: 2, unitPriceFen: 12800 }] });
    expect(draft.parts[0]).toEqual({ partId: PART, name: '启动电容', partCode: 'CAP-35', quantity: '2', unitPrice: '128.00' });
    const built = buildReportBody({ ...draft, workDone: '更换' });
    expect(built.body?.partsUsed).toEqual([{ partId: PART, name: '启动电容', partCode: 'CAP-35', quantity: 2, unitPriceFen: 12800 }]);
  });
});
