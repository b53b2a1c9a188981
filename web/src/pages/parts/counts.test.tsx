import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, renderApp, type Call, type Reply } from '../../test-utils';
import { ApiError } from '../../api/client';
import type { CountSummary, CountView } from '../../api/parts';
import { countLinesOf, countRows, sheetProblems } from './CountsPage';
import { CAP, mockPartsApi, OUTLET, stockRow } from './partsTestKit';

afterEach(() => {
  vi.unstubAllGlobals();
});

const COUNT_ID = '00000000-0000-4000-8000-0000000000c9';
const OLD_COUNT_ID = '00000000-0000-4000-8000-0000000000c8';
const STOCK = stockRow(CAP, OUTLET, { onHand: 5, available: 5, reorderPoint: 0, reorderQuantity: 0 });
const DRAFT: CountView = { id: COUNT_ID, warehouseId: OUTLET.id, warehouseName: OUTLET.name, status: 'draft', frozenBy: '王仓管', approvedBy: null, note: null, lines: [], createdAt: '2026-12-03T02:00:00.000Z', submittedAt: null, approvedAt: null };
const LINE = { partId: CAP.id, partNumber: CAP.partNumber, partName: CAP.name, condition: 'good' as const, countedQuantity: 4, systemQuantity: 5, difference: -1 };
const SUMMARY: CountSummary = { ...DRAFT, lineCount: 0, differenceCount: null };
const APPROVED: CountSummary = { ...SUMMARY, id: OLD_COUNT_ID, status: 'approved', approvedBy: '李经理', lineCount: 12, differenceCount: 2, note: '月末盘点', createdAt: '2026-11-30T02:00:00.000Z', approvedAt: '2026-11-30T06:00:00.000Z' };

const COUNTER = makeMe({ roles: ['parts_keeper'], permissions: ['parts.read', 'parts.count', 'parts.move'] });
const MANAGER = makeMe({ roles: ['manager'], permissions: ['parts.read', 'parts.count.approve'] });

function routes(me: typeof COUNTER, frozen: boolean, count: CountView, options: { list?: CountSummary[]; extra?: (call: Call) => Reply | undefined } = {}) {
  return mockPartsApi({
    me,
    warehouses: [{ ...OUTLET, frozenByCountId: frozen ? COUNT_ID : null }],
    lists: { [`/api/parts/warehouses/${OUTLET.id}/stock`]: [STOCK], '/api/parts/counts': options.list ?? [{ ...SUMMARY, status: count.status }, APPROVED] },
    extra: (call) => options.extra?.(call) ?? (call.path === `/api/parts/counts/${count.id}` ? { body: count } : undefined),
  });
}

async function pickWarehouse() {
  fireEvent.mouseDown(within(await screen.findByTestId('count-warehouse')).getByRole('combobox'));
  fireEvent.click((await screen.findAllByTitle('张江网点仓')).at(-1)!);
}

/** Opens the count of the list's first row. */
async function viewFirst() {
  fireEvent.click((await screen.findAllByTestId('count-view'))[0]);
  return screen.findByTestId('count-detail');
}

describe('stock count page', () => {
  it('opens a count on a free warehouse and shows it at once', async () => {
    const calls = routes(COUNTER, false, DRAFT, { extra: (call) => (call.method === 'POST' && call.path === '/api/parts/counts' ? { status: 201, body: DRAFT } : undefined) });
    renderApp('/part-counts');
    await pickWarehouse();
    fireEvent.click(await screen.findByTestId('count-open'));
    expect(await screen.findByText('已开始盘点，仓库已冻结')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.body).toEqual({ warehouseId: OUTLET.id });
    expect(await screen.findByText('盘点单：张江网点仓')).toBeTruthy();
  });

  it('lists past counts with warehouse, status, lines, differences and approver; filters by status', async () => {
    const calls = routes(COUNTER, false, DRAFT);
    renderApp('/part-counts');
    const old = (await screen.findByText('月末盘点')).closest('tr')!;
    expect(within(old).getByText('已审批')).toBeTruthy();
    expect(within(old).getByText('12')).toBeTruthy();
    expect(within(old).getByText('2')).toBeTruthy();
    expect(within(old).getByText('李经理')).toBeTruthy();
    expect(within(old).getByText('张江网点仓')).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/parts/counts?page=1&pageSize=20')).toBe(true);
    const search = document.getElementById('counts-search')!;
    fireEvent.mouseDown(within(search).getAllByRole('combobox')[1]);
    fireEvent.click(await screen.findByTitle('已审批'));
    fireEvent.submit(search);
    await waitFor(() => expect(calls.some((call) => call.path.startsWith('/api/parts/counts?') && call.path.includes('status=approved'))).toBe(true));
  });

  it('enters a counted quantity in the table and saves it; the server’s 409 is shown', async () => {
    let answer: Reply = { status: 409, body: { error: { code: 'conflict', message: 'Frozen by 李四', details: [{ path: ['warehouseId'], message: '李四 正在盘点' }] } } };
    const calls = routes(COUNTER, true, DRAFT, { extra: (call) => (call.method === 'PUT' ? answer : undefined) });
    renderApp('/part-counts');
    await pickWarehouse();
    fireEvent.click(await screen.findByTestId('count-open-current'));
    const row = (await screen.findByText('CAP-35 启动电容')).closest('tr')!;
    expect(within(row).getByText('5')).toBeTruthy();
    fireEvent.change(within(row).getByRole('spinbutton'), { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('count-save'));
    expect(await screen.findByText('Frozen by 李四')).toBeTruthy();
    answer = { body: { ...DRAFT, lines: [LINE] } };
    fireEvent.click(screen.getByTestId('count-save'));
    expect(await screen.findByText('盘点数已保存')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'PUT').at(-1)!.body).toEqual({ lines: [{ partId: CAP.id, condition: 'good', countedQuantity: 4 }] });
    expect(calls.filter((call) => call.method === 'PUT').at(-1)!.path).toBe(`/api/parts/counts/${COUNT_ID}/lines`);
  });

  it('uploads the filled count sheet as xlsx; the sheet’s problems are listed by row and column', async () => {
    let answer: Reply = {
      status: 400,
      body: { error: { code: 'validation_error', message: 'The count sheet has 2 problem(s)', details: [{ path: ['盘点', 3, '盘点数量'], message: 'not a quantity: abc' }, { path: ['盘点', 4, '备件编号'], message: 'unknown part X-1' }] } },
    };
    const calls = routes(COUNTER, true, DRAFT, { extra: (call) => (call.method === 'PUT' && call.path.endsWith('/lines.xlsx') ? answer : undefined) });
    renderApp('/part-counts');
    const detail = await viewFirst();
    const input = detail.querySelector('input[type="file"]') as HTMLInputElement;
    const file = new File([new Uint8Array([80, 75, 3, 4])], '盘点表.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    fireEvent.change(input, { target: { files: [file] } });
    const problems = await screen.findByTestId('count-upload-problems');
    expect(within(problems).getByText('第 3 行「盘点数量」：not a quantity: abc')).toBeTruthy();
    expect(within(problems).getByText('第 4 行「备件编号」：unknown part X-1')).toBeTruthy();
    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.path).toBe(`/api/parts/counts/${COUNT_ID}/lines.xlsx`);
    expect(put.headers['Content-Type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(put.headers['X-CSRF-Token']).toBe('csrf-test-token');

    answer = { body: { ...DRAFT, lines: [LINE] } };
    fireEvent.change(screen.getByTestId('count-detail').querySelector('input[type="file"]') as HTMLInputElement, { target: { files: [file] } });
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(2));
    expect(await screen.findByText('已按盘点表录入 1 行')).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId('count-upload-problems')).toBeNull());
  });

  it('offers no approve button to the counter without parts.count.approve', async () => {
    routes(COUNTER, true, { ...DRAFT, status: 'submitted', lines: [LINE] });
    renderApp('/part-counts');
    await viewFirst();
    expect(await screen.findAllByText('待审批')).toBeTruthy();
    expect(screen.queryByTestId('count-approve')).toBeNull();
    expect(screen.queryByTestId('count-save')).toBeNull();
  });

  it('builds bodies, rows and problems: only counted rows are sent; a draft lists the stock too; a sheet 400 by row', () => {
    const rows = [
      { key: 'a|good', partId: 'a', condition: 'good' as const },
      { key: 'b|good', partId: 'b', condition: 'good' as const },
      { key: 'a|defective', partId: 'a', condition: 'defective' as const },
    ];
    expect(countLinesOf({ 'a|good': 0, 'b|good': null }, rows)).toEqual([{ partId: 'a', condition: 'good', countedQuantity: 0 }]);
    const other = stockRow({ ...CAP, id: '00000000-0000-4000-8000-0000000000f9', partNumber: 'FAN-1', name: '风扇' }, OUTLET, { onHand: 3 });
    const tracked = stockRow({ ...CAP, id: '00000000-0000-4000-8000-0000000000fa', partNumber: 'CMP-9', name: '压缩机', isSerialTracked: true }, OUTLET);
    expect(countRows({ ...DRAFT, lines: [LINE] }, [STOCK, other, tracked]).map((row) => [row.label, row.onHand, row.counted, row.difference])).toEqual([
      ['CAP-35 启动电容', 5, 4, -1],
      ['FAN-1 风扇', 3, null, null],
    ]);
    expect(countRows({ ...DRAFT, status: 'approved', lines: [LINE] }, [STOCK, other])).toHaveLength(1);
    expect(sheetProblems(new ApiError(400, 'validation_error', 'x', [{ path: ['盘点', 2, '状态'], message: 'must be 良品 or 坏件' }]))).toEqual([{ row: 2, column: '状态', message: 'must be 良品 or 坏件' }]);
    expect(sheetProblems(new ApiError(409, 'conflict', 'x', [{ path: ['warehouseId'], message: 'frozen' }]))).toEqual([]);
  });
});

describe('count approvals page', () => {
  it('gives a manager with only parts.count.approve the 盘点审批 menu entry, not 盘点', async () => {
    routes(MANAGER, true, { ...DRAFT, status: 'submitted', lines: [LINE] });
    renderApp('/part-count-approvals');
    const menu = await screen.findByTestId('side-menu');
    expect(await within(menu).findByText('盘点审批')).toBeTruthy();
    expect(within(menu).queryByText('盘点')).toBeNull();
  });

  it('lists the counts awaiting approval; the approver sees 账面数 and 差异 and approves', async () => {
    const submitted: CountView = { ...DRAFT, status: 'submitted', lines: [LINE] };
    const calls = routes(MANAGER, true, submitted, {
      list: [{ ...SUMMARY, status: 'submitted', lineCount: 1 }],
      extra: (call) => (call.method === 'POST' && call.path.endsWith('/approve') ? { body: { count: { ...submitted, status: 'approved' }, ledgerRows: 1 } } : undefined),
    });
    renderApp('/part-count-approvals');
    await waitFor(() => expect(calls.some((call) => call.path === '/api/parts/counts?status=submitted&page=1&pageSize=20')).toBe(true));
    expect(screen.queryByTestId('count-open')).toBeNull();
    expect(screen.queryByTestId('count-warehouse')).toBeNull();
    const detail = await viewFirst();
    const row = (await within(detail).findByText('CAP-35 启动电容')).closest('tr')!;
    expect(within(row).getByText('5')).toBeTruthy();
    expect(within(row).getByText('-1')).toBeTruthy();
    fireEvent.click(within(detail).getByTestId('count-approve'));
    expect(await screen.findByText('已审批，差异已调整，仓库已解冻')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST' && call.path === `/api/parts/counts/${COUNT_ID}/approve`)).toBe(true);
  });

  it('says so when nothing awaits approval; renders in English', async () => {
    routes({ ...MANAGER, locale: 'en' }, false, DRAFT, { list: [] });
    renderApp('/part-count-approvals', 'en');
    expect(await screen.findByText('No count awaits approval')).toBeTruthy();
    expect(screen.getAllByText('Count approvals').length).toBeGreaterThan(0);
  });
});
