import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { buildModel } from '../../test/archive-factories';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { PART_COLUMNS, yuanTextToFen } from './parts.excel';
import { buildPart, buildWarehouse, receive } from './parts.factories';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('备件');
  sheet.addRow([...PART_COLUMNS]);
  rows.forEach((row) => sheet.addRow(row));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const partCount = async (t: TestApp) => (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from parts`))[0].n;

describe('parts catalogue in Excel', () => {
  let t: TestApp;
  let keeper: Session;
  let model: { brand: string; modelCode: string; id: string };
  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-12-03T02:00:00Z') });
    keeper = (await signInAs(t.app, ['parts_keeper'])).session;
    model = (await buildModel(t.app)).model;
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, dryRun: boolean, session = keeper) => session.request('POST', `/api/parts/import?dryRun=${dryRun}`, file, { 'content-type': XLSX });

  it('converts yuan text to fen without float drift', () => {
    expect(yuanTextToFen('1,234.56')).toBe(123456);
    expect(yuanTextToFen('0.1')).toBe(10);
    expect(yuanTextToFen('19.99')).toBe(1999);
    expect(yuanTextToFen('1.234')).toBeNull();
    expect(yuanTextToFen('-1')).toBeNull();
  });

  it('serves the template; a dry run reports problems by row and column and writes nothing', async () => {
    const template = await keeper.request('GET', '/api/parts/import-template.xlsx');
    expect(template.headers['content-type']).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet('备件')?.getRow(1).getCell(1).value).toBe('备件编号');

    const file = await workbook([
      ['EX-1', '风扇电机', '常用', '个', '否', '是', '120.50', '180', `${model.brand} ${model.modelCode}`],
      ['', '无编号', '外星', '桶', '也许', '否', 'abc', '1', '无此 型号'],
      ['ex-1', '重复', '易耗', '米', '否', '否', '1', '2', ''],
    ]);
    const before = await partCount(t);
    const response = await upload(file, true);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.parts).toEqual({ rows: 3, created: 1, existing: 0, invalid: 2 });
    const cells = result.problems.map((problem: { row: number; column: string }) => `${problem.row}:${problem.column}`);
    expect(cells).toEqual(expect.arrayContaining(['3:备件编号', '3:类别', '3:单位', '3:序列号管理', '3:成本价(元)', '3:适配型号', '4:备件编号']));
    expect(await partCount(t)).toBe(before);
  });

  it('imports valid rows in one go, with prices in fen and model fits; the export imports back as existing', async () => {
    const file = await workbook([
      ['EX-2', '主板', '常用', '个', '是', '是', '300', '450.00', `${model.brand} ${model.modelCode}`],
      ['EX-3', '铜管', '易耗', '米', '否', '否', '12.5', '20', ''],
    ]);
    const response = await upload(file, false);
    expect(response.json().parts).toEqual({ rows: 2, created: 2, existing: 0, invalid: 0 });
    const stored = await queryRows<{ part_number: string; unit: string; cost_fen: string; sale_price_fen: string; is_serial_tracked: boolean; fits: number }>(
      t.app.ctx.db,
      sql`select part_number, unit, cost_fen::text, sale_price_fen::text, is_serial_tracked, (select count(*)::int from part_model_fits f where f.part_id = p.id) as fits from parts p where part_number in ('EX-2', 'EX-3') order by part_number`,
    );
    expect(stored).toEqual([
      { part_number: 'EX-2', unit: 'piece', cost_fen: '30000', sale_price_fen: '45000', is_serial_tracked: true, fits: 1 },
      { part_number: 'EX-3', unit: 'metre', cost_fen: '1250', sale_price_fen: '2000', is_serial_tracked: false, fits: 0 },
    ]);
    const audit = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from audit_log where entity = 'part' and action = 'imported'`);
    expect(audit[0].n).toBe(2);

    const exported = await keeper.request('GET', '/api/parts/export.xlsx');
    expect(exported.statusCode).toBe(200);
    const again = await upload(exported.rawPayload, false);
    expect(again.json().parts).toMatchObject({ created: 0, existing: 2, invalid: 0 });
  });

  it('only parts.manage imports; a technician’s export has no cost prices', async () => {
    const { session: technician } = await signInAs(t.app, ['technician']);
    expect((await upload(await workbook([]), true, technician)).statusCode).toBe(403);
    const exported = await technician.request('GET', '/api/parts/export.xlsx');
    expect(exported.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('备件')!;
    const costs = sheet.getColumn(7).values.slice(2);
    expect(costs.length).toBeGreaterThan(0);
    expect(costs.every((value) => value === '' || value === null || value === undefined)).toBe(true);
    expect(sheet.getRow(2).getCell(8).value).toBe('450.00');
  });

  it('exports the shortage list and enters a stock count from a filled count sheet; a bad sheet enters nothing', async () => {
    const central = await buildWarehouse(keeper, { level: 'central', name: '总仓' });
    const part = await buildPart(keeper);
    await receive(keeper, central, [{ partId: part.id, quantity: 10 }]);
    await keeper.request('PUT', `/api/parts/warehouses/${central}/reorder-points`, { partId: part.id, reorderPoint: 20, reorderQuantity: 30 });
    const shortages = await keeper.request('GET', `/api/parts/warehouses/${central}/shortages.xlsx`);
    expect(shortages.statusCode).toBe(200);
    const shortageBook = new ExcelJS.Workbook();
    await shortageBook.xlsx.load(shortages.rawPayload as unknown as ArrayBuffer);
    const shortageRow = shortageBook.getWorksheet('缺货清单')!.getRow(2).values as unknown[];
    expect(shortageRow.slice(1)).toEqual([part.partNumber, expect.any(String), '个', 10, 20, 30, '采购', 0]);

    const countId = (await keeper.request('POST', '/api/parts/counts', { warehouseId: central })).json().id as string;
    const sheet = await keeper.request('GET', `/api/parts/counts/${countId}/sheet.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const countSheet = book.getWorksheet('盘点')!;
    expect(countSheet.getRow(2).getCell(1).value).toBe(part.partNumber);
    expect(countSheet.getRow(2).getCell(3).value).toBe('良品');

    const bad = new ExcelJS.Workbook();
    const badSheet = bad.addWorksheet('盘点');
    badSheet.addRow(['备件编号', '名称', '状态', '盘点数量']);
    badSheet.addRow([part.partNumber, '', '良品', -1]);
    badSheet.addRow(['NO-SUCH', '', '良品', 3]);
    const refused = await keeper.request('PUT', `/api/parts/counts/${countId}/lines.xlsx`, Buffer.from(await bad.xlsx.writeBuffer()), { 'content-type': XLSX });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.map((detail: { path: unknown[] }) => detail.path)).toEqual([['盘点', 2, '盘点数量'], ['盘点', 3, '备件编号']]);
    expect((await keeper.request('GET', `/api/parts/counts/${countId}`)).json().lines).toEqual([]);

    countSheet.getRow(2).getCell(4).value = 9;
    const entered = await keeper.request('PUT', `/api/parts/counts/${countId}/lines.xlsx`, Buffer.from(await book.xlsx.writeBuffer()), { 'content-type': XLSX });
    expect(entered.statusCode, entered.body).toBe(200);
    // Before approval: the frozen warehouse's on hand now (10) and the difference.
    expect(entered.json().lines).toEqual([{ partId: part.id, partNumber: part.partNumber, partName: part.name, condition: 'good', countedQuantity: 9, systemQuantity: 10, difference: -1 }]);
    const { session: other } = await signInAs(t.app, ['parts_keeper']);
    expect((await other.request('PUT', `/api/parts/counts/${countId}/lines.xlsx`, Buffer.from(await book.xlsx.writeBuffer()), { 'content-type': XLSX })).statusCode).toBe(409);
  });
});
