import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp, type Call, type Reply } from '../../test-utils';
import type { OldPartView } from '../../api/parts';
import { KEEPER, mockPartsApi, OUTLET, PART } from './partsTestKit';

afterEach(() => {
  vi.unstubAllGlobals();
});

const BASE = { partId: PART.id, partNumber: PART.partNumber, partName: PART.name, assetId: null, workOrderId: null, technicianId: '00000000-0000-4000-8000-0000000000d1', reference: null, createdAt: '2026-12-03T02:00:00.000Z', updatedAt: '2026-12-03T02:00:00.000Z' };
const HELD: OldPartView = { ...BASE, id: '00000000-0000-4000-8000-0000000000e1', serial: 'OLD-1', warehouseId: null, warehouseName: null, status: 'held_by_technician' };
const IN: OldPartView = { ...BASE, id: '00000000-0000-4000-8000-0000000000e2', serial: 'OLD-2', warehouseId: OUTLET.id, warehouseName: OUTLET.name, status: 'handed_in' };

function routes(me = KEEPER, extra: (call: Call) => Reply | undefined = () => undefined) {
  return mockPartsApi({ me, extra, warehouses: [OUTLET], lists: { '/api/parts/old-parts': [HELD, IN] } });
}

describe('old parts page', () => {
  it('lists old parts with part, serial, status and warehouse (named by the server); only a held part offers 交回', async () => {
    const calls = routes();
    renderApp('/part-old-parts');
    const held = (await screen.findByText('OLD-1')).closest('tr')!;
    const handedIn = screen.getByText('OLD-2').closest('tr')!;
    expect(within(held).getByText('CMP-100 压缩机 1.5P')).toBeTruthy();
    expect(within(held).getByText('技师持有')).toBeTruthy();
    expect(within(handedIn).getByText('已交回')).toBeTruthy();
    expect(within(handedIn).getByText('张江网点仓')).toBeTruthy();
    expect(within(held).getByTestId('old-part-hand-in')).toBeTruthy();
    expect(within(handedIn).queryByTestId('old-part-hand-in')).toBeNull();
    expect(calls.some((call) => call.path.startsWith('/api/parts?'))).toBe(false);
  });

  it('filters by status: the request carries it', async () => {
    const calls = routes();
    renderApp('/part-old-parts');
    await screen.findByText('OLD-1');
    const search = document.getElementById('old-parts-search')!;
    fireEvent.mouseDown(within(search).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('已返厂'));
    fireEvent.submit(search);
    await waitFor(() => expect(calls.some((call) => call.path.startsWith('/api/parts/old-parts?') && call.path.includes('status=sent_to_maker'))).toBe(true));
  });

  it('sends the selected handed-in parts to the maker with the shipment note', async () => {
    const calls = routes(KEEPER, (call) => (call.method === 'POST' && call.path === '/api/parts/old-parts/dispatch' ? { status: 201, body: { documentType: 'old_part_dispatch', documentId: 'x', ledgerRows: 1 } } : undefined));
    renderApp('/part-old-parts');
    const handedIn = (await screen.findByText('OLD-2')).closest('tr')!;
    const held = screen.getByText('OLD-1').closest('tr')!;
    expect((within(held).getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(within(handedIn).getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('old-parts-dispatch'));
    fireEvent.change(await screen.findByTestId('old-parts-reference'), { target: { value: ' RMA-2026-001 ' } });
    fireEvent.click(screen.getByTestId('old-parts-dispatch-submit'));
    expect(await screen.findByText('1 件旧件已返厂')).toBeTruthy();
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.body).toEqual({ oldPartIds: [IN.id], reference: 'RMA-2026-001' });
  });

  it('hands a held part in; the server’s 400 on warehouseId shows under the field', async () => {
    routes(KEEPER, (call) =>
      call.method === 'POST' ? { status: 400, body: { error: { code: 'validation', message: 'Invalid input', details: [{ path: ['warehouseId'], message: 'hand in to the technician’s outlet warehouse or a central warehouse' }] } } } : undefined,
    );
    renderApp('/part-old-parts');
    const held = (await screen.findByText('OLD-1')).closest('tr')!;
    fireEvent.click(within(held).getByTestId('old-part-hand-in'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(within(dialog).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('张江网点仓')).at(-1)!);
    fireEvent.click(screen.getByTestId('old-part-hand-in-submit'));
    expect(await screen.findByText('hand in to the technician’s outlet warehouse or a central warehouse')).toBeTruthy();
  });

  it('renders in English', async () => {
    routes({ ...KEEPER, locale: 'en' });
    renderApp('/part-old-parts', 'en');
    const held = (await screen.findByText('OLD-1')).closest('tr')!;
    expect(within(held).getByText('Held by technician')).toBeTruthy();
    expect(within(held).getByRole('button', { name: 'Hand in' })).toBeTruthy();
  });
});
