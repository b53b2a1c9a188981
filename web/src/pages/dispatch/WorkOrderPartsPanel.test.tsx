import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, makeWorkOrderDetail, makeWorkOrderView, mockFetch, pageOf, renderApp, type Call, type Reply } from '../../test-utils';
import { buildRequisitionBody, readinessOfRequisitions } from './WorkOrderPartsPanel';

const WO = '00000000-0000-4000-8000-00000000b001';
const TECH = '00000000-0000-4000-8000-00000000c001';
const ASSET = '00000000-0000-4000-8000-00000000d001';
const MODEL = '00000000-0000-4000-8000-00000000d002';
const PART = '00000000-0000-4000-8000-00000000e001';
const OUTLET_WH = '00000000-0000-4000-8000-00000000f001';
const CENTRAL_WH = '00000000-0000-4000-8000-00000000f002';
const TECH_WH = '00000000-0000-4000-8000-00000000f003';
const PERMISSIONS = ['workorders.read', 'workorders.dispatch', 'parts.read', 'parts.requisition', 'assets.read'];

const warehouse = (id: string, name: string, level: 'central' | 'outlet' | 'technician') => ({ id, code: id.slice(-4), name, level, outletId: null, technicianId: null, frozenByCountId: null, isActive: true });
const part = { id: PART, partNumber: 'CAP-35', name: '启动电容', kind: 'common', unit: 'piece', isSerialTracked: false, mustReturnOldPart: false, costFen: null, salePriceFen: 12800, modelIds: [MODEL], isActive: true, version: 1, updatedAt: '2026-11-20T00:00:00.000Z' };
const requisition = (status: string) => ({ id: `00000000-0000-4000-8000-0000000aa${status.length}0`, workOrderId: WO, technicianId: TECH, technicianWarehouseId: TECH_WH, warehouseId: OUTLET_WH, status, isReserved: status === 'requested', note: null, lines: [{ partId: PART, partNumber: 'CAP-35', partName: '启动电容', quantity: 2 }], createdAt: '2026-11-21T02:00:00.000Z', updatedAt: '2026-11-21T02:00:00.000Z' });

function renderDetail(extra: (call: Call) => Reply | undefined, permissions = PERMISSIONS) {
  const order = makeWorkOrderDetail({ id: WO, number: 'WO20261121-0001', status: 'assigned', technicianId: TECH, technicianName: '王建军', assetId: ASSET, allowedTransitions: ['on_the_way'] });
  const calls = mockFetch((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: makeMe({ permissions: permissions as never }) };
    if (call.path === `/api/work-orders/${WO}`) return { body: order };
    if (call.path === `/api/assets/${ASSET}`) return { body: { id: ASSET, modelId: MODEL } };
    if (call.path === `/api/parts/technicians/${TECH}/warehouses`) return { body: { technicianId: TECH, stock: warehouse(TECH_WH, '王建军随身库', 'technician'), sources: [warehouse(OUTLET_WH, '张江网点仓', 'outlet'), warehouse(CENTRAL_WH, '总仓', 'central')] } };
    if (call.path === `/api/parts/${PART}`) return { body: part };
    if (call.path.startsWith('/api/parts?')) return { body: pageOf([part]) };
    return undefined;
  });
  renderApp(`/work-orders/${WO}`);
  return calls;
}

async function chooseOption(testId: string, text: string) {
  const option = await waitFor(() => {
    fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole('combobox'));
    const found = [...document.querySelectorAll('.ant-select-item-option')].find((node) => node.textContent === text);
    if (!found) throw new Error(`no option ${text}`);
    return found;
  });
  fireEvent.click(option);
}

describe('the work order’s 备件 panel', () => {
  it('lists the order’s requisitions with status, source and part names, and the readiness', async () => {
    renderDetail((call) => (call.path.startsWith('/api/parts/requisitions?') ? { body: pageOf([requisition('shortage'), requisition('issued')]) } : undefined));
    const panel = await screen.findByTestId('work-order-parts');
    await waitFor(() => expect(panel.textContent).toContain('CAP-35 启动电容 × 2'));
    expect(within(panel).getByTestId('wo-requisition-shortage').textContent).toBe('缺料');
    expect(within(panel).getByTestId('wo-requisition-issued').textContent).toBe('已发放');
    expect(within(panel).getByTestId('wo-parts-readiness').textContent).toBe('缺料');
    expect(panel.textContent).toContain('张江网点仓');
  });

  it('requests a part fitting the unit’s model for the order’s technician; a 409 shows the shortage and 登记为缺料 resends with allowShortage', async () => {
    let created = 0;
    const calls = renderDetail((call) => {
      if (call.path.startsWith('/api/parts/requisitions?')) return { body: pageOf([]) };
      if (call.method === 'POST' && call.path === '/api/parts/requisitions') {
        created += 1;
        const body = call.body as { allowShortage: boolean };
        if (!body.allowShortage) return { status: 409, body: { error: { code: 'conflict', message: 'Not enough stock: 1 available, 2 needed', details: [{ path: ['lines', 0, 'quantity'], message: '库存不足：可用 1，需要 2' }] } } };
        return { status: 201, body: requisition('shortage') };
      }
      return undefined;
    });
    const panel = await screen.findByTestId('work-order-parts');
    expect(within(panel).getByText('本单尚未申请备件')).toBeTruthy();
    const button = within(panel).getByTestId('wo-parts-request');
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    await screen.findByText('申请备件 · WO20261121-0001');
    expect(screen.getByText('只列出适用于本单设备型号的备件')).toBeTruthy();
    await chooseOption('wo-parts-part', 'CAP-35 启动电容');
    fireEvent.change(screen.getByTestId('wo-parts-quantity').querySelector('input') ?? screen.getByTestId('wo-parts-quantity'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('wo-parts-submit'));
    expect((await screen.findByTestId('wo-parts-short')).textContent).toContain('库存不足：可用 1，需要 2');
    expect(calls.some((call) => call.path.startsWith('/api/parts?') && call.path.includes(`modelId=${MODEL}`))).toBe(true);
    fireEvent.click(screen.getByTestId('wo-parts-record-shortage'));
    await waitFor(() => expect(created).toBe(2));
    const posts = calls.filter((call) => call.method === 'POST' && call.path === '/api/parts/requisitions').map((call) => call.body);
    expect(posts[1]).toEqual({ workOrderId: WO, technicianId: TECH, warehouseId: OUTLET_WH, modelId: MODEL, allowShortage: true, lines: [{ partId: PART, quantity: 2 }] });
  });

  it('offers no 申请备件 without parts.requisition and no panel without parts.read', async () => {
    renderDetail((call) => (call.path.startsWith('/api/parts/requisitions?') ? { body: pageOf([]) } : undefined), ['workorders.read', 'parts.read']);
    const panel = await screen.findByTestId('work-order-parts');
    expect(within(panel).queryByTestId('wo-parts-request')).toBeNull();
  });

  it('builds the body and the readiness by the server’s rules', () => {
    expect(buildRequisitionBody({ id: WO, technicianId: TECH }, null, { warehouseId: CENTRAL_WH, lines: [{ partId: PART, quantity: 3 }, {}] }, false)).toEqual({ workOrderId: WO, technicianId: TECH, warehouseId: CENTRAL_WH, modelId: null, allowShortage: false, lines: [{ partId: PART, quantity: 3 }] });
    expect(readinessOfRequisitions([])).toBe('none');
    expect(readinessOfRequisitions([{ status: 'cancelled' }])).toBe('none');
    expect(readinessOfRequisitions([{ status: 'issued' }, { status: 'requested' }])).toBe('requested');
    expect(readinessOfRequisitions([{ status: 'issued' }, { status: 'shortage' }])).toBe('shortage');
    expect(readinessOfRequisitions([{ status: 'issued' }])).toBe('ready');
  });
});

describe('派工台 parts readiness', () => {
  it('asks the readiness of the board’s orders and tags the cards', async () => {
    const waiting = makeWorkOrderView({ id: WO, number: 'WO20261121-0001', status: 'waiting' });
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['workorders.read', 'workorders.dispatch', 'parts.read', 'outlets.read'] as never }) };
      if (call.path.startsWith('/api/dispatch/board')) return { body: { date: '2026-11-22', technicians: [], unassigned: [waiting] } };
      if (call.path.startsWith('/api/outlets')) return { body: pageOf([]) };
      if (call.path.startsWith('/api/parts/readiness')) return { body: { items: [{ workOrderId: WO, readiness: 'ready' }] } };
      return undefined;
    });
    renderApp('/dispatch-board');
    expect((await screen.findByTestId('card-parts-WO20261121-0001')).textContent).toBe('备件已备齐');
    expect(calls.find((call) => call.path.startsWith('/api/parts/readiness'))?.path).toBe(`/api/parts/readiness?workOrderIds=${WO}`);
  });
});
