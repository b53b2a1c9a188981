/**
 * The parts catalogue in Excel: one sheet layout (备件) serves the template, the import (with
 * a dry run) and the export, so an export imports back as "existing". Parts match by part
 * number; the import writes all valid new rows in one transaction (500-row inserts, one
 * audit row per part). Prices are yuan in the sheet, fen in the database.
 */
import ExcelJS from 'exceljs';
import { PART_KIND_LABELS, PART_KINDS, PART_LIMITS, PART_UNIT_LABELS, PART_UNITS, type PartKind, type PartUnit } from '../../../contracts/parts';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { cellText, loadWorkbook } from '../../platform/excel';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { recordAuditBatch } from '../audit';
import { findModelIndex } from '../assets';
import * as repo from './parts.repository';
import { canSeeCost, getShortages, getWarehouseStock } from './parts.service';

export const PART_SHEET = '备件';
export const PART_COLUMNS = ['备件编号', '名称', '类别', '单位', '序列号管理', '旧件返还', '成本价(元)', '销售价(元)', '适配型号'] as const;
/** Most rows the sheet may have. */
export const MAX_PART_ROWS = 20_000;
const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '']);

export type PartImportProblem = { sheet: string; row: number; column: string; message: string };
export type PartImportResult = { dryRun: boolean; parts: { rows: number; created: number; existing: number; invalid: number }; problems: PartImportProblem[] };

/** `12.5` / `12.50` / `1,234` yuan → fen with string arithmetic (no float drift); null when malformed. */
export function yuanTextToFen(text: string): number | null {
  const match = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s¥￥]/g, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function byLabel<T extends string>(values: readonly T[], labels: Record<T, { zh: string; en: string }>): Map<string, T> {
  return new Map(values.flatMap((value) => [[labels[value].zh, value], [labels[value].en.toUpperCase(), value], [value.toUpperCase(), value]] as [string, T][]));
}
const KINDS = byLabel(PART_KINDS, PART_KIND_LABELS);
const UNITS = byLabel(PART_UNITS, PART_UNIT_LABELS);

function newWorkbook() {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(PART_SHEET);
  sheet.addRow([...PART_COLUMNS]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
  return { workbook, sheet };
}

/** The template: the header and one example row. */
export async function buildPartsTemplate(): Promise<Buffer> {
  const { workbook, sheet } = newWorkbook();
  sheet.addRow(['CMP-001', '压缩机 1.5P', '常用', '个', '是', '是', '800.00', '1200.00', '格力 KFR-35GW；美的 KFR-26GW']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The catalogue in the import layout (cost only for principals with parts.cost.read). */
export async function exportParts(ctx: AppContext, principal: Principal): Promise<Buffer> {
  const { workbook, sheet } = newWorkbook();
  const models = new Map([...(await findModelIndex(ctx.db)).values()].map((model) => [model.id, `${model.brand} ${model.modelCode}`]));
  const isCostVisible = canSeeCost(principal);
  for (let offset = 0; ; offset += 1000) {
    const { rows } = await repo.findParts(ctx.db, {}, { limit: 1000, offset });
    if (!rows.length) break;
    const fits = await repo.findModelIdsOfParts(ctx.db, rows.map((row) => row.id));
    for (const row of rows) {
      sheet.addRow([
        row.partNumber,
        row.name,
        PART_KIND_LABELS[row.kind].zh,
        PART_UNIT_LABELS[row.unit].zh,
        row.isSerialTracked ? '是' : '否',
        row.mustReturnOldPart ? '是' : '否',
        isCostVisible ? fenToYuanText(row.costFen) : '',
        fenToYuanText(row.salePriceFen),
        (fits.get(row.id) ?? []).map((id) => models.get(id)).filter(Boolean).join('；'),
      ]);
    }
    if (rows.length < 1000) break;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type ParsedPart = { row: number; part: { partNumber: string; name: string; kind: PartKind; unit: PartUnit; isSerialTracked: boolean; mustReturnOldPart: boolean; costFen: number; salePriceFen: number }; modelIds: string[] };

async function loadSheet(file: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = await loadWorkbook(file);
  const sheet = workbook.getWorksheet(PART_SHEET);
  if (!sheet) throw new AppError('validation_error', `The workbook has no sheet “${PART_SHEET}”; start from the template`, { details: [{ path: ['file'], message: 'no known sheet' }] });
  if (sheet.rowCount - 1 > MAX_PART_ROWS) throw new AppError('validation_error', `Sheet ${PART_SHEET} has more than ${MAX_PART_ROWS} rows`, { details: [{ path: [PART_SHEET], message: 'too many rows' }] });
  return sheet;
}

/**
 * Imports parts from the template. A dry run reports every problem by row and column and
 * writes nothing; a real run creates all valid new parts in one transaction. Known part
 * numbers count as existing and are left as they are.
 */
export async function importParts(ctx: AppContext, actor: Actor, file: Buffer, options: { dryRun: boolean }): Promise<PartImportResult> {
  const sheet = await loadSheet(file);
  const problems: PartImportProblem[] = [];
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const missing = PART_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length) return { dryRun: options.dryRun, parts: { rows: 0, created: 0, existing: 0, invalid: 0 }, problems: [{ sheet: PART_SHEET, row: 1, column: missing.join('、'), message: 'missing column' }] };
  const models = await findModelIndex(ctx.db);
  const parsed: ParsedPart[] = [];
  const numbersInFile = new Map<string, number>();
  let rowCount = 0;
  let invalid = 0;
  sheet.eachRow((excelRow, row) => {
    if (row === 1) return;
    const values: Record<string, string> = {};
    header.forEach((name, index) => {
      values[name] = cellText(excelRow.getCell(index + 1).value);
    });
    if (Object.values(values).every((value) => value === '')) return;
    rowCount += 1;
    const before = problems.length;
    const problem = (column: string, message: string) => problems.push({ sheet: PART_SHEET, row, column, message });
    const partNumber = values['备件编号'].toUpperCase();
    if (!partNumber) problem('备件编号', 'required');
    else if (partNumber.length > PART_LIMITS.partNumberMax || !/^[A-Z0-9][A-Z0-9._\-/]*$/.test(partNumber)) problem('备件编号', 'letters, digits and . _ - / only');
    else if (numbersInFile.has(partNumber)) problem('备件编号', `already on row ${numbersInFile.get(partNumber)}`);
    const name = values['名称'];
    if (!name) problem('名称', 'required');
    else if (name.length > PART_LIMITS.partNameMax) problem('名称', `at most ${PART_LIMITS.partNameMax} characters`);
    const kind = KINDS.get(values['类别'].toUpperCase()) ?? KINDS.get(values['类别']);
    if (!kind) problem('类别', 'must be 常用, 易耗 or 保养');
    const unit = UNITS.get(values['单位'].toUpperCase()) ?? UNITS.get(values['单位']);
    if (!unit) problem('单位', `must be one of ${PART_UNITS.map((value) => PART_UNIT_LABELS[value].zh).join('、')}`);
    const flags: Record<string, boolean> = {};
    for (const column of ['序列号管理', '旧件返还']) {
      const text = values[column].toUpperCase();
      if (YES.has(text)) flags[column] = true;
      else if (NO.has(text)) flags[column] = false;
      else problem(column, 'must be 是 or 否');
    }
    const prices: Record<string, number> = {};
    for (const column of ['成本价(元)', '销售价(元)']) {
      const fen = yuanTextToFen(values[column] || '0');
      if (fen === null || fen > PART_LIMITS.priceFenMax) problem(column, `not an amount in yuan: ${values[column]}`);
      else prices[column] = fen;
    }
    const modelIds: string[] = [];
    for (const text of values['适配型号'].split(/[;；,，\n]+/).map((item) => item.trim()).filter(Boolean)) {
      const [brand, ...code] = text.split(/\s+/);
      const model = models.get(`${brand.toUpperCase()}|${code.join(' ').toUpperCase()}`);
      if (!model) problem('适配型号', `unknown model ${text} (brand and model code, e.g. 格力 KFR-35GW)`);
      else modelIds.push(model.id);
    }
    if (problems.length > before) {
      invalid += 1;
      return;
    }
    numbersInFile.set(partNumber, row);
    parsed.push({
      row,
      part: { partNumber, name, kind: kind!, unit: unit!, isSerialTracked: flags['序列号管理'], mustReturnOldPart: flags['旧件返还'], costFen: prices['成本价(元)'], salePriceFen: prices['销售价(元)'] },
      modelIds: [...new Set(modelIds)],
    });
  });
  const existing = await repo.findExistingPartNumbers(ctx.db, parsed.map((item) => item.part.partNumber));
  const fresh = parsed.filter((item) => !existing.has(item.part.partNumber));
  const result = { dryRun: options.dryRun, parts: { rows: rowCount, created: fresh.length, existing: parsed.length - fresh.length, invalid }, problems };
  if (options.dryRun || !fresh.length) return result;
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const rows = fresh.map((item) => ({ id: newId(), ...item.part, createdAt: now, updatedAt: now }));
    await repo.insertPartsBulk(tx, rows, rows.flatMap((row, index) => fresh[index].modelIds.map((modelId) => ({ partId: row.id, modelId }))));
    await recordAuditBatch(tx, actor, rows.map((row, index) => ({ entity: 'part', entityId: row.id, action: 'imported', after: { ...fresh[index].part, modelIds: fresh[index].modelIds } })));
  });
  return result;
}

// ---- shortage (purchase) list and count sheets ----

export const SHORTAGE_SHEET = '缺货清单';
export const COUNT_SHEET = '盘点';
export const COUNT_COLUMNS = ['备件编号', '名称', '状态', '盘点数量'] as const;
const CONDITIONS: Record<string, 'good' | 'defective'> = { 良品: 'good', 坏件: 'defective', good: 'good', defective: 'defective', GOOD: 'good', DEFECTIVE: 'defective' };

/** A warehouse's shortage list as a sheet: suggested transfers and the purchase list. */
export async function exportShortages(ctx: AppContext, principal: Principal, warehouseId: string): Promise<Buffer> {
  const { items } = await getShortages(ctx, principal, warehouseId);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHORTAGE_SHEET);
  sheet.addRow(['备件编号', '名称', '单位', '预计库存', '补货点', '建议数量', '建议', '调出仓库可用']);
  sheet.getRow(1).font = { bold: true };
  for (const item of items) {
    sheet.addRow([item.partNumber, item.partName, PART_UNIT_LABELS[item.unit].zh, item.projected, item.reorderPoint, item.suggestedQuantity, item.suggestion === 'transfer' ? '总仓调拨' : '采购', item.centralAvailable]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A count sheet for a warehouse: its parts (good and defective stock it holds) with an empty 盘点数量 column (a blind count). */
export async function buildCountSheet(ctx: AppContext, principal: Principal, warehouseId: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(COUNT_SHEET);
  sheet.addRow([...COUNT_COLUMNS]);
  sheet.getRow(1).font = { bold: true };
  for (let page = 1; ; page += 1) {
    const { items } = await getWarehouseStock(ctx, principal, warehouseId, { page, pageSize: 200 });
    for (const row of items) sheet.addRow([row.partNumber, row.partName, row.condition === 'good' ? '良品' : '坏件', '']);
    if (items.length < 200) break;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Reads counted quantities from a count sheet (rows with an empty 盘点数量 are not counted).
 * Any problem is a 400 listing each by row and column; nothing is entered then.
 */
export async function readCountSheet(ctx: AppContext, file: Buffer): Promise<{ partId: string; condition: 'good' | 'defective'; countedQuantity: number }[]> {
  const workbook = await loadWorkbook(file);
  const sheet = workbook.getWorksheet(COUNT_SHEET);
  if (!sheet) throw new AppError('validation_error', `The workbook has no sheet “${COUNT_SHEET}”; start from the count sheet`, { details: [{ path: ['file'], message: 'no known sheet' }] });
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const missing = COUNT_COLUMNS.filter((column) => column !== '名称' && !header.includes(column));
  if (missing.length) throw new AppError('validation_error', `Missing column(s): ${missing.join('、')}`, { details: [{ path: [COUNT_SHEET, 1, missing.join('、')], message: 'missing column' }] });
  const entries: { row: number; partNumber: string; condition: 'good' | 'defective'; countedQuantity: number }[] = [];
  const problems: { path: (string | number)[]; message: string }[] = [];
  sheet.eachRow((excelRow, row) => {
    if (row === 1) return;
    const value = (column: string) => cellText(excelRow.getCell(header.indexOf(column) + 1).value);
    const counted = value('盘点数量');
    if (!counted) return;
    const partNumber = value('备件编号').toUpperCase();
    const condition = CONDITIONS[value('状态') || '良品'];
    const countedQuantity = Number(counted);
    if (!partNumber) problems.push({ path: [COUNT_SHEET, row, '备件编号'], message: 'required' });
    if (!condition) problems.push({ path: [COUNT_SHEET, row, '状态'], message: 'must be 良品 or 坏件' });
    if (!Number.isFinite(countedQuantity) || countedQuantity < 0 || Math.abs(countedQuantity * 1000 - Math.round(countedQuantity * 1000)) > 1e-6) problems.push({ path: [COUNT_SHEET, row, '盘点数量'], message: `not a quantity: ${counted}` });
    if (partNumber && condition && Number.isFinite(countedQuantity)) entries.push({ row, partNumber, condition, countedQuantity });
  });
  const known = new Map<string, string>();
  for (let start = 0; start < entries.length; start += 1000) {
    const rows = await repo.findPartsByNumbers(ctx.db, entries.slice(start, start + 1000).map((entry) => entry.partNumber));
    for (const part of rows) known.set(part.partNumber, part.id);
  }
  for (const entry of entries) if (!known.has(entry.partNumber)) problems.push({ path: [COUNT_SHEET, entry.row, '备件编号'], message: `unknown part ${entry.partNumber}` });
  if (problems.length) throw new AppError('validation_error', `The count sheet has ${problems.length} problem(s)`, { details: problems });
  if (!entries.length) throw new AppError('validation_error', 'No counted quantity in the sheet', { details: [{ path: [COUNT_SHEET, '盘点数量'], message: 'empty' }] });
  return entries.map((entry) => ({ partId: known.get(entry.partNumber)!, condition: entry.condition, countedQuantity: entry.countedQuantity }));
}
