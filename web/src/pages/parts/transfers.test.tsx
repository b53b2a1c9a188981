import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, renderApp, type Call, type Reply } from '../../test-utils';
import type { TransferView } from '../../api/parts';
import { buildTransferBody } from './TransfersPage';
import { CAP, CENTRAL, KEEPER, mockPartsApi, OUTLET, PART } from './partsTestKit';

afterEach(() => {
  vi.unstubAllGlobals();
});

// Names as the server sends them: no page reads the catalogue to label a line.
const TRANSFER: TransferView = {
  id: '00000000-0000-4000-8000-0000000000e1',
  fromWarehouseId: CENTRAL.id,
  fromWarehouseName: CENTRAL.name,
  toWarehouseId: OUTLET.id,
  toWarehouseName: OUTLET.name,
  condition: 'good',
  status: 'in_transit',
  lines: [
    { partId: CAP.id, partNumber: CAP.partNumber, partName: CAP.name, quantity: 4, serials: [] },
    { partId: PART.id, partNumber: PART.partNumber, partName: PART.name, quantity: 1, serials: ['SN-B'] },
  ],
  createdAt: '2026-12-03T02:00:00.000Z',
  receivedAt: null,
};

const READER = makeMe({ roles: ['outlet'], permissions: ['parts.read'] });

function routes(me = KEEPER, extra: (call: Call) => Reply | undefined = () => undefined) {
  return mockPartsApi({ me, extra, lists: { '/api/parts/transfers': [TRANSFER] } });
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

  it('loads the first page of transfers and labels them from the transfer itself, not from the catalogue', async () => {
    const calls = routes();
    renderApp('/part-transfers');
    await screen.findByText('CAP-35 启动电容 × 4');
    expect(calls.some((call) => call.path === '/api/parts/transfers?page=1&pageSize=20')).toBe(true);
    expect(calls.some((call) => call.path.startsWith('/api/parts?'))).toBe(false);
  });

  it('keeps the page and its menu entry from a reader without parts.move', async () => {
    const calls = routes(READER);
    renderApp('/part-transfers');
    await screen.findByTestId('side-menu');
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
