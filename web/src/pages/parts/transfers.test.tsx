import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, mockFetch, pageOf, renderApp, type Call, type Reply } from '../../test-utils';
import type { PartView, TransferView, WarehouseView } from '../../api/parts';
import { buildTransferBody } from './TransfersPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const PART: PartView = {
  id: '00000000-0000-4000-8000-0000000000f1',
  partNumber: 'CMP-100',
  name: '压缩机 1.5P',
  kind: 'common',
  unit: 'piece',
  isSerialTracked: true,
  mustReturnOldPart: true,
  costFen: 80000,
  salePriceFen: 120050,
  modelIds: [],
  isActive: true,
  version: 3,
  updatedAt: '2026-12-03T02:00:00.000Z',
};
const CAP: PartView = { ...PART, id: '00000000-0000-4000-8000-0000000000f2', partNumber: 'CAP-35', name: '启动电容', isSerialTracked: false, mustReturnOldPart: false };
const CENTRAL: WarehouseView = { id: '00000000-0000-4000-8000-0000000000a0', code: 'WH-C', name: '上海总仓', level: 'central', outletId: null, technicianId: null, frozenByCountId: null, isActive: true };
const OUTLET: WarehouseView = { id: '00000000-0000-4000-8000-0000000000a1', code: 'WH-ZJ', name: '张江网点仓', level: 'outlet', outletId: '00000000-0000-4000-8000-0000000000b1', technicianId: null, frozenByCountId: null, isActive: true };
const TRANSFER: TransferView = {
  id: '00000000-0000-4000-8000-0000000000e1',
  fromWarehouseId: CENTRAL.id,
  toWarehouseId: OUTLET.id,
  condition: 'good',
  status: 'in_transit',
  lines: [
    { partId: CAP.id, quantity: 4, serials: [] },
    { partId: PART.id, quantity: 1, serials: ['SN-B'] },
  ],
  createdAt: '2026-12-03T02:00:00.000Z',
  receivedAt: null,
};

const KEEPER = makeMe({ roles: ['parts_keeper'], permissions: ['parts.read', 'parts.cost.read', 'parts.manage', 'parts.move'] });
const READER = makeMe({ roles: ['outlet'], permissions: ['parts.read'] });

function routes(me = KEEPER, extra: (call: Call) => Reply | undefined = () => undefined) {
  return mockFetch((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: me };
    if (call.path.startsWith('/api/parts?')) return { body: pageOf([PART, CAP]) };
    if (call.path.startsWith('/api/parts/warehouses?')) return { body: pageOf([CENTRAL, OUTLET]) };
    if (call.path.startsWith('/api/parts/transfers?')) return { body: pageOf([TRANSFER]) };
    return undefined;
  });
}

describe('transfers page', () => {
  it('lists a transfer in transit with its warehouses, lines and serials; receiving posts to the destination', async () => {
    const calls = routes(KEEPER, (call) =>
      call.method === 'POST' && call.path === `/api/parts/transfers/${TRANSFER.id}/receive` ? { body: { transfer: { ...TRANSFER, status: 'received', receivedAt: '2026-12-03T03:00:00.000Z' }, ledgerRows: 2 } } : undefined,
    );
    renderApp('/part-transfers');
    const row = (await screen.findByText('CAP-35 启动电容 × 4')).closest('tr')!;
    expect(within(row).getByText('在途')).toBeTruthy();
    expect(within(row).getByText('上海总仓')).toBeTruthy();
    expect(within(row).getByText('张江网点仓')).toBeTruthy();
    expect(within(row).getByText(/CMP-100 压缩机 1\.5P × 1（SN-B）/)).toBeTruthy();
    fireEvent.click(within(row).getByTestId('transfer-receive'));
    expect(await screen.findByText('已收货入库')).toBeTruthy();
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.headers['X-CSRF-Token']).toBe('csrf-test-token');
  });

  it('shows the 409 of a frozen or received transfer as the server says it', async () => {
    routes(KEEPER, (call) => (call.method === 'POST' ? { status: 409, body: { error: { code: 'conflict', message: 'Transfer already received', details: [] } } } : undefined));
    renderApp('/part-transfers');
    const row = (await screen.findByText('CAP-35 启动电容 × 4')).closest('tr')!;
    fireEvent.click(within(row).getByTestId('transfer-receive'));
    expect(await screen.findByText('Transfer already received')).toBeTruthy();
  });

  it('loads the first page of transfers', async () => {
    const calls = routes();
    renderApp('/part-transfers');
    await screen.findByText('CAP-35 启动电容 × 4');
    expect(calls.some((call) => call.path === '/api/parts/transfers?page=1&pageSize=20')).toBe(true);
  });

  it('keeps the page and its menu entry from a reader without parts.move', async () => {
    const calls = routes(READER);
    renderApp('/part-transfers');
    await screen.findAllByText('备件目录');
    expect(screen.queryByText('CAP-35 启动电容 × 4')).toBeNull();
    expect(screen.queryByTestId('transfer-create')).toBeNull();
    expect(calls.some((call) => call.path.startsWith('/api/parts/transfers'))).toBe(false);
  });

  it('renders in English', async () => {
    routes({ ...KEEPER, locale: 'en' });
    renderApp('/part-transfers', 'en');
    const row = (await screen.findByText('CAP-35 启动电容 × 4')).closest('tr')!;
    expect(within(row).getByText('In transit')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Receive' })).toBeTruthy();
  });

  it('opens the create form; an empty form is refused before anything is sent', async () => {
    const calls = routes();
    renderApp('/part-transfers');
    fireEvent.click(await screen.findByTestId('transfer-create'));
    fireEvent.click(await screen.findByTestId('transfer-submit'));
    await waitFor(() => expect(screen.getAllByText('调出仓库').length).toBeGreaterThan(1));
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('builds the body: serial-tracked lines carry their serials and count them, others a quantity', () => {
    const known = new Map([
      [PART.id, PART],
      [CAP.id, CAP],
    ]);
    expect(
      buildTransferBody(
        {
          fromWarehouseId: CENTRAL.id,
          toWarehouseId: OUTLET.id,
          lines: [{ partId: PART.id, quantity: 1, serials: [' SN-A ', 'SN-B', ''] }, { partId: CAP.id, quantity: 2.5, serials: ['x'] }, { quantity: 3 }],
        },
        known,
      ),
    ).toEqual({
      fromWarehouseId: CENTRAL.id,
      toWarehouseId: OUTLET.id,
      lines: [
        { partId: PART.id, quantity: 2, serials: ['SN-A', 'SN-B'] },
        { partId: CAP.id, quantity: 2.5 },
      ],
    });
  });
});
