import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { createFakeClock } from '../platform/clock';
import { createTestApp, signInAs, type Session, type TestApp } from '../test/harness';
import { buildModel } from '../test/archive-factories';
import { ASSET_COLUMNS, CUSTOMER_COLUMNS } from './archive-excel';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(customers: (string | Date)[][], assets: (string | Date)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const customerSheet = book.addWorksheet('客户');
  customerSheet.addRow([...CUSTOMER_COLUMNS]);
  customers.forEach((row) => customerSheet.addRow(row));
  const assetSheet = book.addWorksheet('资产');
  assetSheet.addRow([...ASSET_COLUMNS]);
  assets.forEach((row) => assetSheet.addRow(row));
  return Buffer.from(await book.xlsx.writeBuffer());
}

function upload(session: Session, file: Buffer, dryRun: boolean) {
  return session.request('POST', `/api/archive/import?dryRun=${dryRun}`, file, { 'content-type': XLSX });
}

const count = async (t: TestApp, table: 'customers' | 'assets') =>
  (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0].n;

describe('Excel import and export', () => {
  let t: TestApp;
  let session: Session;
  let modelCode: string;
  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-11-22T02:00:00Z') });
    session = (await signInAs(t.app, ['admin'])).session;
    modelCode = (await buildModel(t.app)).model.modelCode;
  });
  afterAll(() => t.close());

  it('serves a template with both sheets', async () => {
    const response = await session.request('GET', '/api/archive/import-template.xlsx');
    expect(response.headers['content-type']).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet('客户')?.getRow(1).getCell(2).value).toBe('姓名/名称');
    expect(book.getWorksheet('资产')?.getRow(1).getCell(1).value).toBe('序列号');
  });

  it('a dry run reports every problem by sheet, row and column and writes nothing', async () => {
    const file = await workbook(
      [
        ['个人', '赵一', '13811110001', '', '上海市', '', '浦东新区', '张江路 1 号', 'VIP', ''],
        ['个人', '', '12345', '', '上海市', '', '火星区', '某路', '', ''],
        ['外星人', '钱二', '13811110001', '', '', '', '', '', '', ''],
      ],
      [
        ['SN-IMPORT-1', '格力', modelCode, '13811110001', '2026-03-02', '', '门店', 'FP1', '', ''],
        ['SN-IMPORT-2', '格力', 'NO-SUCH', '13811110001', '2030-01-01', '', '地摊', '', '', ''],
      ],
    );
    const before = { customers: await count(t, 'customers'), assets: await count(t, 'assets') };
    const response = await upload(session, file, true);
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result.customers).toEqual({ rows: 3, created: 1, existing: 0, invalid: 2 });
    expect(result.assets).toEqual({ rows: 2, created: 1, existing: 0, invalid: 1 });
    const cells = result.problems.map((p: { sheet: string; row: number; column: string }) => `${p.sheet}!${p.row}:${p.column}`);
    expect(cells).toEqual(expect.arrayContaining(['客户!3:姓名/名称', '客户!3:手机', '客户!3:区/县', '客户!4:客户类型', '客户!4:手机', '资产!3:型号', '资产!3:购买日期', '资产!3:销售渠道']));
    expect({ customers: await count(t, 'customers'), assets: await count(t, 'assets') }).toEqual(before);
  });

  it('imports the valid rows in one transaction; importing the same file again changes nothing', async () => {
    const file = await workbook(
      [
        ['个人', '孙三', '13822220001', '0571-87654321', '浙江', '杭州市', '西湖区', '文三路 2 号', '老客户，VIP', ''],
        ['单位', '上海某酒店', '13822220002', '', '上海', '', '静安区', '南京西路 3 号', '', '大客户'],
        ['个人', '坏行', 'abc', '', '', '', '', '', '', ''],
      ],
      [
        ['SN-IMPORT-10', '格力', modelCode, '13822220001', '2026-03-02', '', '门店', '', '', ''],
        [' sn-import-11 ', '格力', modelCode, '021-0000', '2026-03-02', '', '', '', '', ''],
        ['SN-IMPORT-12', '格力', modelCode, '13822220002', new Date(Date.UTC(2025, 11, 15)), '', '项目', '', '', ''],
      ],
    );
    const before = { customers: await count(t, 'customers'), assets: await count(t, 'assets') };
    const first = (await upload(session, file, false)).json();
    expect(first.customers).toMatchObject({ created: 2, invalid: 1 });
    expect(first.assets).toMatchObject({ created: 2, invalid: 1 });
    expect({ customers: await count(t, 'customers'), assets: await count(t, 'assets') }).toEqual({ customers: before.customers + 2, assets: before.assets + 2 });

    const search = (await session.request('GET', '/api/customers?q=孙三')).json().items[0];
    expect(search).toMatchObject({ primaryPhone: '13822220001', defaultAddress: '浙江省杭州市西湖区文三路 2 号', tags: ['老客户', 'VIP'], assetCount: 1 });
    const asset = (await session.request('GET', '/api/assets?q=SN-IMPORT-12')).json().items[0];
    expect(asset).toMatchObject({ purchaseDate: '2025-12-15', salesChannel: 'project', installAddress: '上海市静安区南京西路 3 号' });

    const second = (await upload(session, file, false)).json();
    expect(second.customers).toMatchObject({ created: 0, existing: 2 });
    expect(second.assets).toMatchObject({ created: 0, existing: 2 });
    expect({ customers: await count(t, 'customers'), assets: await count(t, 'assets') }).toEqual({ customers: before.customers + 2, assets: before.assets + 2 });
  });

  it('rejects a file that is not a workbook, and one without the known sheets, naming the file', async () => {
    const garbage = await upload(session, Buffer.from('not a zip at all'), true);
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error.details[0].path).toEqual(['file']);
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Sheet1').addRow(['a']);
    const wrong = await upload(session, Buffer.from(await book.xlsx.writeBuffer()), true);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('客户');
  });

  it('rejects an oversized file with 413', async () => {
    const response = await upload(session, Buffer.alloc(11 * 1024 * 1024, 1), true);
    expect(response.statusCode).toBe(413);
  });

  it('exports the filtered list in the import layout, and the export imports back as unchanged', async () => {
    const response = await session.request('GET', `/api/customers/export.xlsx?q=${encodeURIComponent('孙三')}`);
    expect(response.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('客户')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe('孙三');
    expect(sheet.getRow(2).getCell(4).value).toBe('0571-87654321');
    const again = (await upload(session, response.rawPayload, false)).json();
    expect(again.customers).toMatchObject({ rows: 1, created: 0, existing: 1 });
    const assetsExport = await session.request('GET', '/api/assets/export.xlsx?q=SN-IMPORT');
    const assetBook = new ExcelJS.Workbook();
    await assetBook.xlsx.load(assetsExport.rawPayload as unknown as ArrayBuffer);
    expect(assetBook.getWorksheet('资产')!.rowCount).toBe(3);
  });

  it('the sales channel reads 线上 (the UI word) and the older 网上, and exports as 线上', async () => {
    const file = await workbook(
      [['个人', '周五', '13833330001', '', '上海', '', '徐汇区', '漕溪路 5 号', '', '']],
      [
        ['SN-ONLINE-1', '格力', modelCode, '13833330001', '2026-03-02', '', '线上', '', '', ''],
        ['SN-ONLINE-2', '格力', modelCode, '13833330001', '2026-03-02', '', '网上', '', '', ''],
      ],
    );
    expect((await upload(session, file, false)).json().assets).toMatchObject({ created: 2, invalid: 0 });
    const items = (await session.request('GET', '/api/assets?q=SN-ONLINE')).json().items as { salesChannel: string }[];
    expect(items.map((item) => item.salesChannel)).toEqual(['online', 'online']);
    const exported = await session.request('GET', '/api/assets/export.xlsx?q=SN-ONLINE');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('资产')!;
    const channelColumn = ASSET_COLUMNS.indexOf('销售渠道') + 1;
    expect([sheet.getRow(2).getCell(channelColumn).value, sheet.getRow(3).getCell(channelColumn).value]).toEqual(['线上', '线上']);
  });

  it('only roles with import/export rights may use them', async () => {
    const agent = await signInAs(t.app, ['agent']);
    expect((await agent.session.request('GET', '/api/customers/export.xlsx')).statusCode).toBe(403);
    expect((await upload(agent.session, Buffer.from('x'), true)).statusCode).toBe(403);
  });
});
