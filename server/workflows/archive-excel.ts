import { shanghaiDate } from '../platform/time';
import ExcelJS from 'exceljs';
import { normalizePhone } from '../../contracts/phones';
import { cityName, districtName, findRegionByNames, provinceName } from '../../contracts/regions';
import type { AppContext } from '../platform/context';
import { AppError } from '../platform/errors';
import { cellText, loadWorkbook } from '../platform/excel';
import type { Actor, Principal } from '../platform/principal';
import { recordAudit } from '../modules/audit';
import {
  customerFilterCondition,
  customerScope,
  findCustomerIdsByPhones,
  findCustomersForExport,
  findDefaultAddresses,
  insertImportedCustomers,
  findPrimaryPhones,
  type ImportCustomer,
} from '../modules/customers';
import { findExistingSerials, findModelIndex, insertImportedAssets, listAssets, type ImportAsset } from '../modules/assets';

/** Sheet and column layout of the template, the import and the export (so an export re-imports). */
export const CUSTOMER_SHEET = '客户';
export const ASSET_SHEET = '资产';
export const CUSTOMER_COLUMNS = ['客户类型', '姓名/名称', '手机', '其他电话', '省', '市', '区/县', '详细地址', '标签', '备注'] as const;
export const ASSET_COLUMNS = ['序列号', '品牌', '型号', '客户手机', '购买日期', '终验日期', '销售渠道', '发票号', '延保截止', '备注'] as const;
const KINDS: Record<string, 'person' | 'organisation'> = { 个人: 'person', 单位: 'organisation', person: 'person', organisation: 'organisation', 企业: 'organisation' };
const KIND_LABELS = { person: '个人', organisation: '单位' };
const CHANNELS: Record<string, ImportAsset['salesChannel']> = { 门店: 'store', 经销商: 'dealer', 网上: 'online', 线上: 'online', 项目: 'project', store: 'store', dealer: 'dealer', online: 'online', project: 'project' };
const CHANNEL_LABELS = { store: '门店', dealer: '经销商', online: '线上', project: '项目' };
/** Most rows one sheet may have. */
export const MAX_IMPORT_ROWS = 20_000;

export type ImportProblem = { sheet: string; row: number; column: string; message: string };

function parseDate(text: string): string | null | 'invalid' {
  if (!text) return null;
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!match) return 'invalid';
  const iso = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? 'invalid' : iso;
}

function rowsOf(sheet: ExcelJS.Worksheet | undefined, columns: readonly string[], sheetName: string, problems: ImportProblem[]) {
  const rows: { row: number; values: Record<string, string> }[] = [];
  if (!sheet) return rows;
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const missing = columns.filter((column) => !header.includes(column));
  if (missing.length) {
    problems.push({ sheet: sheetName, row: 1, column: missing.join('、'), message: 'missing column' });
    return rows;
  }
  if (sheet.rowCount - 1 > MAX_IMPORT_ROWS) throw new AppError('validation_error', `Sheet ${sheetName} has more than ${MAX_IMPORT_ROWS} rows`, { details: [{ path: [sheetName], message: 'too many rows' }] });
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    header.forEach((name, index) => {
      values[name] = cellText(row.getCell(index + 1).value);
    });
    if (Object.values(values).every((value) => value === '')) return;
    rows.push({ row: rowNumber, values });
  });
  return rows;
}

async function loadArchiveWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = await loadWorkbook(file);
  if (!workbook.getWorksheet(CUSTOMER_SHEET) && !workbook.getWorksheet(ASSET_SHEET)) {
    throw new AppError('validation_error', `The workbook has neither a sheet “${CUSTOMER_SHEET}” nor “${ASSET_SHEET}”; start from the template`, {
      details: [{ path: ['file'], message: 'no known sheet' }],
    });
  }
  return workbook;
}

export type ImportResult = {
  dryRun: boolean;
  customers: { rows: number; created: number; existing: number; invalid: number };
  assets: { rows: number; created: number; existing: number; invalid: number };
  problems: ImportProblem[];
};

/**
 * Imports customers and assets from the template workbook. A dry run reports every problem
 * by sheet, row and column and writes nothing; a real run writes all valid new rows in one
 * transaction. Customers are matched by phone and assets by model and serial number, so
 * importing the same file again changes nothing.
 */
export async function importArchive(ctx: AppContext, actor: Actor, file: Buffer, options: { dryRun: boolean }): Promise<ImportResult> {
  const workbook = await loadArchiveWorkbook(file);
  const problems: ImportProblem[] = [];
  const customerRows = rowsOf(workbook.getWorksheet(CUSTOMER_SHEET), CUSTOMER_COLUMNS, CUSTOMER_SHEET, problems);
  const assetRows = rowsOf(workbook.getWorksheet(ASSET_SHEET), ASSET_COLUMNS, ASSET_SHEET, problems);
  const today = shanghaiDate(ctx.clock.now());

  // Customers
  const newCustomers: ImportCustomer[] = [];
  const phonesInFile = new Map<string, number>();
  const parsedCustomers: { row: number; customer: ImportCustomer }[] = [];
  for (const { row, values } of customerRows) {
    const problem = (column: string, message: string) => problems.push({ sheet: CUSTOMER_SHEET, row, column, message });
    const before = problems.length;
    const kind = values['客户类型'] ? KINDS[values['客户类型']] : 'person';
    if (!kind) problem('客户类型', 'must be 个人 or 单位');
    const name = values['姓名/名称'];
    if (!name) problem('姓名/名称', 'required');
    else if (name.length > 100) problem('姓名/名称', 'at most 100 characters');
    const phones: string[] = [];
    const mobile = values['手机'];
    if (!mobile) problem('手机', 'required');
    for (const [column, text] of [['手机', mobile], ...(values['其他电话'] ? values['其他电话'].split(/[,，;；\s]+/).filter(Boolean).map((part) => ['其他电话', part]) : [])] as [string, string][]) {
      if (!text) continue;
      const normalized = normalizePhone(text);
      if (!normalized) problem(column, `not a valid phone number: ${text}`);
      else if (phonesInFile.has(normalized.phone)) problem(column, `phone ${normalized.phone} already on row ${phonesInFile.get(normalized.phone)}`);
      else phones.push(normalized.phone);
    }
    let address: ImportCustomer['address'] = null;
    const hasAddress = values['省'] || values['区/县'] || values['详细地址'];
    if (hasAddress) {
      if (!values['省']) problem('省', 'required with an address');
      if (!values['区/县']) problem('区/县', 'required with an address');
      if (!values['详细地址']) problem('详细地址', 'required with an address');
      if (values['省'] && values['区/县'] && values['详细地址']) {
        const region = findRegionByNames({ province: values['省'], city: values['市'] || undefined, district: values['区/县'] });
        if ('error' in region) problem(region.error === 'province' ? '省' : region.error === 'city' ? '市' : '区/县', `unknown ${region.error}: ${values[region.error === 'province' ? '省' : region.error === 'city' ? '市' : '区/县']}`);
        else address = { ...region, detail: values['详细地址'].slice(0, 200) };
      }
    }
    const tags = values['标签'] ? [...new Set(values['标签'].split(/[,，;；]+/).map((tag) => tag.trim()).filter(Boolean))].slice(0, 20) : [];
    if (problems.length > before) continue;
    phones.forEach((phone) => phonesInFile.set(phone, row));
    parsedCustomers.push({ row, customer: { kind: kind!, name, phones, address, tags, notes: values['备注'] || null } });
  }
  const allPhones = parsedCustomers.flatMap((item) => item.customer.phones);
  const existingByPhone = await findCustomerIdsByPhones(ctx.db, allPhones);
  let existingCustomers = 0;
  for (const { customer } of parsedCustomers) {
    if (customer.phones.some((phone) => existingByPhone.has(phone))) existingCustomers += 1;
    else newCustomers.push(customer);
  }

  // Assets
  const models = await findModelIndex(ctx.db);
  const phonesOfNewCustomers = new Set(newCustomers.flatMap((customer) => customer.phones));
  const parsedAssets: { row: number; asset: Omit<ImportAsset, 'customerId' | 'address'>; phone: string }[] = [];
  const serialsInFile = new Map<string, number>();
  for (const { row, values } of assetRows) {
    const problem = (column: string, message: string) => problems.push({ sheet: ASSET_SHEET, row, column, message });
    const before = problems.length;
    const serialNumber = values['序列号'].toUpperCase();
    if (!serialNumber) problem('序列号', 'required');
    else if (!/^[A-Z0-9][A-Z0-9\-_/.]{2,63}$/.test(serialNumber)) problem('序列号', 'letters, digits and - _ / . only, 3 to 64 characters');
    const model = models.get(`${values['品牌'].toUpperCase()}|${values['型号'].toUpperCase()}`);
    if (!values['品牌']) problem('品牌', 'required');
    if (!values['型号']) problem('型号', 'required');
    else if (!model) problem('型号', `unknown model ${values['品牌']} ${values['型号']}`);
    const phone = normalizePhone(values['客户手机'])?.phone;
    if (!values['客户手机']) problem('客户手机', 'required');
    else if (!phone) problem('客户手机', `not a valid phone number: ${values['客户手机']}`);
    else if (!existingByPhone.has(phone) && !phonesOfNewCustomers.has(phone)) problem('客户手机', 'no customer with this phone (add the customer on the 客户 sheet)');
    const dates: Record<string, string | null> = {};
    for (const column of ['购买日期', '终验日期', '延保截止']) {
      const parsed = parseDate(values[column]);
      if (parsed === 'invalid') problem(column, `not a date: ${values[column]} (use YYYY-MM-DD)`);
      else if (parsed && column !== '延保截止' && parsed > today) problem(column, 'cannot be in the future');
      else dates[column] = parsed;
    }
    const salesChannel = values['销售渠道'] ? CHANNELS[values['销售渠道']] : 'store';
    if (!salesChannel) problem('销售渠道', 'must be 门店, 经销商, 线上 or 项目');
    const key = model ? `${model.id}|${serialNumber}` : '';
    if (key && serialsInFile.has(key)) problem('序列号', `already on row ${serialsInFile.get(key)}`);
    if (problems.length > before || !model || !phone) continue;
    serialsInFile.set(key, row);
    parsedAssets.push({
      row,
      phone,
      asset: {
        modelId: model.id,
        serialNumber,
        purchaseDate: dates['购买日期'] ?? null,
        acceptanceDate: dates['终验日期'] ?? null,
        salesChannel: salesChannel!,
        invoiceNumber: values['发票号'] || null,
        extendedWarrantyEnd: dates['延保截止'] ?? null,
        notes: values['备注'] || null,
      },
    });
  }
  const existingSerials = await findExistingSerials(ctx.db, parsedAssets.map((item) => item.asset.serialNumber));
  const newAssets = parsedAssets.filter((item) => !existingSerials.has(`${item.asset.modelId}|${item.asset.serialNumber}`));
  const result: ImportResult = {
    dryRun: options.dryRun,
    customers: { rows: customerRows.length, created: newCustomers.length, existing: existingCustomers, invalid: customerRows.length - parsedCustomers.length },
    assets: { rows: assetRows.length, created: newAssets.length, existing: parsedAssets.length - newAssets.length, invalid: assetRows.length - parsedAssets.length },
    problems: problems.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row),
  };
  if (options.dryRun) return result;

  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const createdByPhone = await insertImportedCustomers(tx, actor, newCustomers, now);
    const customerIdOf = (phone: string) => existingByPhone.get(phone) ?? createdByPhone.get(phone)!;
    const addresses = await findDefaultAddresses(tx, [...new Set(newAssets.map((item) => customerIdOf(item.phone)))]);
    await insertImportedAssets(
      tx,
      actor,
      newAssets.map((item) => {
        const customerId = customerIdOf(item.phone);
        const address = addresses.get(customerId);
        return { ...item.asset, customerId, address: address ? { provinceCode: address.provinceCode, cityCode: address.cityCode, districtCode: address.districtCode, detail: address.detail, latitude: address.latitude, longitude: address.longitude } : null };
      }),
      now,
    );
    await recordAudit(tx, actor, { entity: 'import', action: 'archive_imported', after: { customers: result.customers, assets: result.assets, problems: problems.length } });
  });
  return result;
}

function styleHeader(sheet: ExcelJS.Worksheet) {
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
}

/** The downloadable template: both sheets with headers, one example row each, and notes. */
export async function buildImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const customers = workbook.addWorksheet(CUSTOMER_SHEET);
  customers.addRow([...CUSTOMER_COLUMNS]);
  customers.addRow(['个人', '张三', '13800138000', '021-58881234', '上海市', '', '浦东新区', '张江路 100 弄 5 号 301 室', 'VIP', '']);
  styleHeader(customers);
  const assets = workbook.addWorksheet(ASSET_SHEET);
  assets.addRow([...ASSET_COLUMNS]);
  assets.addRow(['GREE2026A00001', '格力', 'KFR-35GW', '13800138000', '2026-03-02', '', '门店', 'FP20260302001', '', '']);
  styleHeader(assets);
  const notes = workbook.addWorksheet('说明');
  [
    ['客户：客户类型填 个人 或 单位；手机必填；其他电话可填多个，用逗号分隔；地址填 省、(市)、区/县 与详细地址。'],
    ['资产：品牌与型号须为系统中已有的型号；客户手机须能找到客户（系统中已有，或本文件“客户”表中）；日期用 YYYY-MM-DD；销售渠道填 门店、经销商、线上（或 网上） 或 项目。'],
    ['同一文件可重复导入：客户按手机号、资产按型号+序列号匹配，已存在的行不会重复创建。'],
  ].forEach((row) => notes.addRow(row));
  notes.getColumn(1).width = 120;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const EXPORT_LIMIT = 100_000;

/** Customers matching the list filters as a workbook in the import layout (audited). */
export async function exportCustomers(ctx: AppContext, principal: Principal, actor: Actor, filter: Parameters<typeof customerFilterCondition>[0]): Promise<Buffer> {
  const rows = await findCustomersForExport(ctx.db, customerFilterCondition({ ...filter, scope: customerScope(principal) }), EXPORT_LIMIT);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(CUSTOMER_SHEET);
  sheet.addRow([...CUSTOMER_COLUMNS, '客户编号', '重点客户']);
  for (const { customer, phones, address } of rows) {
    sheet.addRow([
      KIND_LABELS[customer.kind],
      customer.name,
      phones[0] ?? '',
      phones.slice(1).join(', '),
      address ? provinceName(address.provinceCode) : '',
      address ? cityName(address.provinceCode, address.cityCode) : '',
      address ? districtName(address.cityCode, address.districtCode) : '',
      address?.detail ?? '',
      customer.tags.join(', '),
      customer.notes ?? '',
      customer.code,
      customer.isKey ? '是' : '',
    ]);
  }
  styleHeader(sheet);
  await ctx.db.transaction((tx) => recordAudit(tx, actor, { entity: 'customer', action: 'exported', after: { rows: rows.length, filter } }));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Assets matching the list filters as a workbook in the import layout (audited). */
export async function exportAssets(ctx: AppContext, principal: Principal, actor: Actor, filter: Omit<Parameters<typeof listAssets>[2], 'page' | 'pageSize'>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(ASSET_SHEET);
  sheet.addRow([...ASSET_COLUMNS, '客户', '保修状态', '保修截止']);
  const phoneIndex = new Map<string, string>();
  let count = 0;
  for (let page = 1; count < EXPORT_LIMIT; page += 1) {
    const result = await listAssets(ctx, principal, { ...filter, page, pageSize: 200 });
    const ids = [...new Set(result.items.map((item) => item.customerId))].filter((id) => !phoneIndex.has(id));
    for (const [customerId, phone] of await findPrimaryPhones(ctx.db, ids)) phoneIndex.set(customerId, phone);
    for (const item of result.items) {
      sheet.addRow([
        item.serialNumber,
        item.brand,
        item.modelCode,
        phoneIndex.get(item.customerId) ?? '',
        item.purchaseDate ?? '',
        item.acceptanceDate ?? '',
        CHANNEL_LABELS[item.salesChannel],
        item.invoiceNumber ?? '',
        item.extendedWarrantyEnd ?? '',
        item.notes ?? '',
        item.customerName,
        { in_warranty: '在保', extended: '延保', out_of_warranty: '过保', unknown: '未知' }[item.warranty.state],
        item.warranty.endDate ?? '',
      ]);
    }
    count += result.items.length;
    if (result.items.length < 200) break;
  }
  styleHeader(sheet);
  await ctx.db.transaction((tx) => recordAudit(tx, actor, { entity: 'asset', action: 'exported', after: { rows: count, filter } }));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
