/**
 * Warranty claims to the maker (厂家索赔). Each brand has its rules (labour per work type,
 * parts at their catalogue price or a fixed amount per line, travel, the claim window, the
 * evidence the maker wants). A line is drafted after commit of `workOrder.completed` for every
 * visit that was free to the customer under warranty; lines missing evidence are incomplete,
 * lines past the window late. Lines are batched per brand and month:
 * draft → submitted → accepted / partly accepted (per line, with the maker's reason) /
 * rejected → paid. Only a draft batch can be edited.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { CLAIM_BATCH_STATUS_LABELS, CLAIM_EVIDENCE, CLAIM_EVIDENCE_LABELS, type ClaimEvidence, type TClaimRuleBody, type ZClaimRecoveryQuery, type ZListClaimLinesQuery } from '../../../contracts/returns';
import type { TAssessmentView } from '../../../contracts/tickets';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import type { EventMeta } from '../../platform/seam';
import { shanghaiDate } from '../../platform/time';
import { findAssetFacts, findModelFacts } from '../assets';
import { recordAudit } from '../audit';
import { partPrices } from '../parts';
import { addDays } from '../sla';
import { findTicketForWork } from '../tickets';
import type { WorkOrderCompleted } from '../workorders';
import * as repo from './returns.repository';

export type CompletedVisit = NonNullable<(typeof WorkOrderCompleted)['payloadType']>;

/** The window when a brand has no rule yet (the line is drafted at zero amounts). */
const DEFAULT_WINDOW_DAYS = 30;

function presentRule(row: repo.ClaimRuleRow) {
  return {
    id: row.id,
    brand: row.brand,
    labourFenByWorkType: row.labourFenByWorkType,
    partsMode: row.partsMode,
    partsFixedFen: row.partsFixedFen,
    travelFen: row.travelFen,
    windowDays: row.windowDays,
    requiredEvidence: row.requiredEvidence,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listClaimRules(ctx: AppContext) {
  return { items: (await repo.findClaimRules(ctx.db)).map(presentRule) };
}

/** Creates or replaces a brand's rules (lines drafted later use them; drafted lines keep their amounts). */
export async function saveClaimRule(ctx: AppContext, actor: Actor, input: TClaimRuleBody) {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await repo.findClaimRule(tx, input.brand);
    const now = ctx.clock.now();
    const saved = await repo.upsertClaimRule(tx, { id: newId(), ...input, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'claim_rule', entityId: saved.id, action: before ? 'updated' : 'created', before: before ? presentRule(before) : null, after: presentRule(saved) });
    return saved;
  });
  return presentRule(row);
}

function missingEvidence(line: Pick<repo.ClaimLineRow, 'evidence' | 'requiredEvidence'>): ClaimEvidence[] {
  return line.requiredEvidence.filter((item) => !line.evidence[item]);
}

/** Whether the window ended before the line went to the maker (or before today while it has not). */
function isLate(line: repo.ClaimLineRow, submittedAt: Date | null, today: string): boolean {
  const sentOn = submittedAt ? shanghaiDate(submittedAt) : today;
  return sentOn > line.windowEndDate;
}

function presentLine(line: repo.ClaimLineRow, submittedAt: Date | null, today: string) {
  const missing = missingEvidence(line);
  return {
    id: line.id,
    workOrderId: line.workOrderId,
    workOrderNumber: line.workOrderNumber,
    ticketId: line.ticketId,
    brand: line.brand,
    modelId: line.modelId,
    serialNumber: line.serialNumber,
    workType: line.workType,
    finishedAt: line.finishedAt.toISOString(),
    labourFen: line.labourFen,
    partsFen: line.partsFen,
    travelFen: line.travelFen,
    totalFen: line.totalFen,
    parts: line.parts.map(({ partId, name, quantity, amountFen, oldPartSerial }) => ({ partId, name, quantity, amountFen, oldPartSerial })),
    evidence: { serial: !!line.evidence.serial, old_part: !!line.evidence.old_part, photos: !!line.evidence.photos },
    missingEvidence: missing,
    isIncomplete: missing.length > 0,
    isLate: isLate(line, submittedAt, today),
    windowEndDate: line.windowEndDate,
    status: line.status,
    batchId: line.batchId,
    acceptedFen: line.acceptedFen,
    rejectReason: line.rejectReason,
  };
}

/**
 * The `workOrder.completed` subscriber (after commit; wired in server/wiring.ts): drafts the
 * claim line of a visit that was free to the customer under warranty. Idempotent (one line per visit).
 */
export async function draftClaimLine(tx: Executor, visit: CompletedVisit, meta: EventMeta): Promise<void> {
  const ticket = await findTicketForWork(tx, visit.ticketId);
  const assessment = ticket?.assessment as TAssessmentView | null | undefined;
  if (!assessment || !isInWarrantyFree(assessment)) return;
  const asset = visit.assetId ? await findAssetFacts(tx, visit.assetId) : undefined;
  const modelId = visit.modelId ?? asset?.modelId ?? null;
  const model = modelId ? await findModelFacts(tx, modelId) : undefined;
  if (!model) return; // no product, no maker to claim from
  const rule = await repo.findClaimRule(tx, model.brand);
  const warrantyParts = visit.partsUsed.filter((part) => part.isWarranty);
  const prices = await partPrices(tx, warrantyParts.map((part) => part.partId));
  const parts = warrantyParts.map((part) => {
    const price = prices.get(part.partId);
    const amountFen = !rule ? 0 : rule.partsMode === 'fixed' ? rule.partsFixedFen : Math.round((price?.salePriceFen ?? 0) * part.quantity);
    return { partId: part.partId, name: price?.name ?? part.partId, quantity: part.quantity, amountFen, oldPartSerial: part.oldPartSerial ?? null, mustReturnOldPart: price?.mustReturnOldPart ?? false };
  });
  const labourFen = rule?.labourFenByWorkType[visit.type] ?? 0;
  const partsFen = parts.reduce((sum, part) => sum + part.amountFen, 0);
  const travelFen = rule?.travelFen ?? 0;
  const finishedAt = new Date(visit.finishedAt);
  const finishedDate = shanghaiDate(finishedAt);
  const evidence: Record<ClaimEvidence, boolean> = {
    serial: !!asset?.serialNumber,
    old_part: parts.every((part) => !part.mustReturnOldPart || !!part.oldPartSerial),
    photos: false,
  };
  const line = await repo.insertClaimLineIfAbsent(tx, {
    id: newId(),
    workOrderId: visit.workOrderId,
    workOrderNumber: visit.number,
    ticketId: visit.ticketId,
    assetId: visit.assetId,
    modelId: model.id,
    serialNumber: asset?.serialNumber ?? null,
    brand: model.brand,
    workType: visit.type,
    outletId: visit.outletId,
    finishedAt,
    month: finishedDate.slice(0, 7),
    windowEndDate: addDays(finishedDate, rule?.windowDays ?? DEFAULT_WINDOW_DAYS),
    labourFen,
    partsFen,
    travelFen,
    totalFen: labourFen + partsFen + travelFen,
    parts,
    evidence,
    requiredEvidence: rule?.requiredEvidence ?? [...CLAIM_EVIDENCE],
    status: 'draft',
    createdAt: meta.now,
    updatedAt: meta.now,
  });
  if (line) await recordAudit(tx, meta.actor, { entity: 'claim_line', entityId: line.id, action: 'drafted', after: { workOrderId: line.workOrderId, brand: line.brand, totalFen: line.totalFen } });
}

/** Free to the customer because of the warranty (not goodwill, not a paid visit). */
function isInWarrantyFree(assessment: TAssessmentView): boolean {
  return assessment.isFree && (assessment.warranty.state === 'in_warranty' || assessment.warranty.state === 'extended');
}

async function submittedAtOfBatches(executor: Executor, lines: repo.ClaimLineRow[]): Promise<Map<string, Date | null>> {
  const result = new Map<string, Date | null>();
  for (const batchId of new Set(lines.flatMap((line) => (line.batchId ? [line.batchId] : [])))) {
    result.set(batchId, (await repo.findClaimBatch(executor, batchId))?.submittedAt ?? null);
  }
  return result;
}

export async function listClaimLines(ctx: AppContext, query: z.infer<typeof ZListClaimLinesQuery>) {
  const c = repo.claimLineColumns;
  const where = and(query.brand ? eq(c.brand, query.brand) : undefined, query.status ? eq(c.status, query.status) : undefined, query.batchId ? eq(c.batchId, query.batchId) : undefined);
  const { items, total } = await repo.listClaimLines(ctx.db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  const submitted = await submittedAtOfBatches(ctx.db, items);
  const today = shanghaiDate(ctx.clock.now());
  return { items: items.map((line) => presentLine(line, line.batchId ? (submitted.get(line.batchId) ?? null) : null, today)), total, page: query.page, pageSize: query.pageSize };
}

/** Confirms (or withdraws) the photos of a line not yet sent to the maker. */
export async function setClaimEvidence(ctx: AppContext, actor: Actor, id: string, input: { photos: boolean }) {
  const line = await ctx.db.transaction(async (tx) => {
    const row = await repo.findClaimLine(tx, id, { forUpdate: true });
    if (!row) throw notFound('Claim line');
    await assertEditable(tx, row.batchId);
    const after = await repo.updateClaimLine(tx, id, { evidence: { ...row.evidence, photos: input.photos }, updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'claim_line', entityId: id, action: 'evidence', before: { evidence: row.evidence }, after: { evidence: after.evidence } });
    return after;
  });
  return presentLine(line, null, shanghaiDate(ctx.clock.now()));
}

async function assertEditable(tx: Executor, batchId: string | null): Promise<void> {
  if (!batchId) return;
  const batch = await repo.findClaimBatch(tx, batchId);
  if (batch && batch.status !== 'draft') throw conflict(`索赔批次 ${batch.number} 已提交，不能修改`, [{ path: ['batchId'], message: `batch is ${batch.status}` }]);
}

async function presentBatch(executor: Executor, batch: repo.ClaimBatchRow, today: string) {
  const lines = await repo.findLinesOfBatch(executor, batch.id);
  return { ...presentBatchHead(batch, lines.length), lines: lines.map((line) => presentLine(line, batch.submittedAt, today)) };
}

function presentBatchHead(batch: repo.ClaimBatchRow, lineCount: number) {
  return {
    id: batch.id,
    number: batch.number,
    brand: batch.brand,
    month: batch.month,
    status: batch.status,
    lineCount,
    claimedFen: batch.claimedFen,
    acceptedFen: batch.acceptedFen,
    paidFen: batch.paidFen,
    submittedAt: batch.submittedAt?.toISOString() ?? null,
    decidedAt: batch.decidedAt?.toISOString() ?? null,
    paidAt: batch.paidAt?.toISOString() ?? null,
    version: batch.version,
  };
}

export async function getClaimBatch(ctx: AppContext, id: string) {
  const batch = await repo.findClaimBatch(ctx.db, id);
  if (!batch) throw notFound('Claim batch');
  return presentBatch(ctx.db, batch, shanghaiDate(ctx.clock.now()));
}

export async function listClaimBatches(ctx: AppContext, query: { brand?: string; month?: string }) {
  const c = repo.claimBatchColumns;
  const where: SQL | undefined = and(query.brand ? eq(c.brand, query.brand) : undefined, query.month ? eq(c.month, query.month) : undefined);
  const batches = await repo.listClaimBatches(ctx.db, where);
  const items = [];
  for (const batch of batches) items.push(presentBatchHead(batch, (await repo.findLinesOfBatch(ctx.db, batch.id)).length));
  return { items };
}

/** Gathers a brand's draft lines of a month (not in another batch) into a new draft batch. */
export async function createClaimBatch(ctx: AppContext, actor: Actor, input: { brand: string; month: string }) {
  const id = await ctx.db.transaction(async (tx) => {
    const lines = await repo.findDraftLinesForBatch(tx, input.brand, input.month);
    if (!lines.length) throw invalidField(['month'], `${input.brand} 在 ${input.month} 没有待索赔的明细`);
    const now = ctx.clock.now();
    const prefix = `SP${input.month.replace('-', '')}-`;
    await repo.lockNumbering(tx, 'claim_batches');
    const number = `${prefix}${String((await repo.countBatchesWithPrefix(tx, prefix)) + 1).padStart(3, '0')}`;
    const claimedFen = lines.reduce((sum, line) => sum + line.totalFen, 0);
    const batch = await repo.insertClaimBatch(tx, { id: newId(), number, brand: input.brand, month: input.month, status: 'draft', claimedFen, createdAt: now, updatedAt: now });
    await repo.setLinesBatch(tx, lines.map((line) => line.id), batch.id, 'batched', now);
    await recordAudit(tx, actor, { entity: 'claim_batch', entityId: batch.id, action: 'created', after: { number, brand: batch.brand, month: batch.month, lineIds: lines.map((line) => line.id), claimedFen } });
    return batch.id;
  });
  return getClaimBatch(ctx, id);
}

async function lockBatch(tx: Executor, id: string, version: number) {
  const batch = await repo.findClaimBatch(tx, id, { forUpdate: true });
  if (!batch) throw notFound('Claim batch');
  if (batch.version !== version) throw conflict('The batch was changed by someone else: reload it', [{ path: ['version'], message: 'stale' }]);
  return batch;
}

function batchStatusConflict(batch: repo.ClaimBatchRow, expected: string) {
  return conflict(`索赔批次 ${batch.number} 为「${CLAIM_BATCH_STATUS_LABELS[batch.status].zh}」，此操作需要 ${expected}`, [{ path: ['status'], message: `is ${batch.status}, needs ${expected}` }]);
}

/** Takes a line out of a draft batch (back to draft); a submitted batch cannot be edited. */
export async function removeClaimBatchLine(ctx: AppContext, actor: Actor, id: string, input: { lineId: string; version: number }) {
  await ctx.db.transaction(async (tx) => {
    const batch = await lockBatch(tx, id, input.version);
    if (batch.status !== 'draft') throw conflict(`索赔批次 ${batch.number} 已提交，不能修改`, [{ path: ['status'], message: `batch is ${batch.status}` }]);
    const line = await repo.findClaimLine(tx, input.lineId, { forUpdate: true });
    if (!line || line.batchId !== batch.id) throw invalidField(['lineId'], 'not a line of this batch');
    const now = ctx.clock.now();
    await repo.setLinesBatch(tx, [line.id], null, 'draft', now);
    await repo.updateClaimBatch(tx, id, batch.version, { claimedFen: batch.claimedFen - line.totalFen, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'claim_batch', entityId: id, action: 'line_removed', before: { claimedFen: batch.claimedFen }, after: { lineId: line.id, claimedFen: batch.claimedFen - line.totalFen } });
  });
  return getClaimBatch(ctx, id);
}

export async function submitClaimBatch(ctx: AppContext, actor: Actor, id: string, input: { version: number }) {
  await ctx.db.transaction(async (tx) => {
    const batch = await lockBatch(tx, id, input.version);
    if (batch.status !== 'draft') throw batchStatusConflict(batch, 'draft');
    const lines = await repo.findLinesOfBatch(tx, id);
    if (!lines.length) throw invalidField(['lineId'], 'the batch has no lines');
    const now = ctx.clock.now();
    await repo.updateClaimBatch(tx, id, batch.version, { status: 'submitted', submittedAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'claim_batch', entityId: id, action: 'submitted', before: { status: batch.status }, after: { status: 'submitted', claimedFen: batch.claimedFen } });
  });
  return getClaimBatch(ctx, id);
}

/** The maker's answer, line by line: every line of the batch, accepted amount ≤ claimed, a reason when less. */
export async function decideClaimBatch(ctx: AppContext, actor: Actor, id: string, input: { version: number; lines: { lineId: string; acceptedFen: number; reason?: string }[] }) {
  await ctx.db.transaction(async (tx) => {
    const batch = await lockBatch(tx, id, input.version);
    if (batch.status !== 'submitted') throw batchStatusConflict(batch, 'submitted');
    const lines = await repo.findLinesOfBatch(tx, id, { forUpdate: true });
    const byId = new Map(lines.map((line) => [line.id, line]));
    const seen = new Set<string>();
    input.lines.forEach((answer, index) => {
      const line = byId.get(answer.lineId);
      if (!line) throw invalidField(['lines', index, 'lineId'], 'not a line of this batch');
      if (seen.has(answer.lineId)) throw invalidField(['lines', index, 'lineId'], 'given twice');
      seen.add(answer.lineId);
      if (answer.acceptedFen > line.totalFen) throw invalidField(['lines', index, 'acceptedFen'], `不能高于索赔金额 ${line.totalFen} 分`);
      if (answer.acceptedFen < line.totalFen && !answer.reason) throw invalidField(['lines', index, 'reason'], '部分认可或拒绝需要厂家的理由');
    });
    const unanswered = lines.find((line) => !seen.has(line.id));
    if (unanswered) throw invalidField(['lines'], `明细 ${unanswered.workOrderNumber} 没有厂家结论`);
    const now = ctx.clock.now();
    let acceptedFen = 0;
    for (const answer of input.lines) {
      acceptedFen += answer.acceptedFen;
      await repo.updateClaimLine(tx, answer.lineId, { acceptedFen: answer.acceptedFen, rejectReason: answer.acceptedFen < byId.get(answer.lineId)!.totalFen ? answer.reason! : null, status: answer.acceptedFen > 0 ? 'accepted' : 'rejected', updatedAt: now });
    }
    const status = acceptedFen === 0 ? 'rejected' : acceptedFen === batch.claimedFen ? 'accepted' : 'partly_accepted';
    await repo.updateClaimBatch(tx, id, batch.version, { status, acceptedFen, decidedAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'claim_batch', entityId: id, action: 'decided', before: { status: batch.status }, after: { status, acceptedFen, lines: input.lines } });
  });
  return getClaimBatch(ctx, id);
}

/** The maker paid (at most the accepted amount). */
export async function markClaimBatchPaid(ctx: AppContext, actor: Actor, id: string, input: { version: number; paidFen: number }) {
  await ctx.db.transaction(async (tx) => {
    const batch = await lockBatch(tx, id, input.version);
    if (batch.status !== 'accepted' && batch.status !== 'partly_accepted') throw batchStatusConflict(batch, 'accepted / partly_accepted');
    if (input.paidFen > batch.acceptedFen) throw invalidField(['paidFen'], `不能高于认可金额 ${batch.acceptedFen} 分`);
    const now = ctx.clock.now();
    await repo.updateClaimBatch(tx, id, batch.version, { status: 'paid', paidFen: input.paidFen, paidAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'claim_batch', entityId: id, action: 'paid', before: { status: batch.status }, after: { status: 'paid', paidFen: input.paidFen } });
  });
  return getClaimBatch(ctx, id);
}

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);

/** The batch as a workbook (one row per line, amounts in yuan, the maker's answer when there is one). */
export async function exportClaimBatch(ctx: AppContext, id: string): Promise<{ name: string; file: Buffer }> {
  const batch = await getClaimBatch(ctx, id);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('索赔明细');
  sheet.addRow(['批次', batch.number, '品牌', batch.brand, '月份', batch.month, '状态', CLAIM_BATCH_STATUS_LABELS[batch.status].zh]);
  sheet.addRow(['派工单号', '完工时间', '服务类型', '机身序列号', '工时费(元)', '配件费(元)', '交通费(元)', '索赔合计(元)', '配件', '旧件序列号', '缺少资料', '超期', '认可金额(元)', '厂家意见']);
  for (const line of batch.lines) {
    sheet.addRow([
      line.workOrderNumber,
      line.finishedAt.slice(0, 10),
      line.workType,
      line.serialNumber ?? '',
      yuan(line.labourFen),
      yuan(line.partsFen),
      yuan(line.travelFen),
      yuan(line.totalFen),
      line.parts.map((part) => `${part.name}×${part.quantity}`).join('；'),
      line.parts.flatMap((part) => (part.oldPartSerial ? [part.oldPartSerial] : [])).join('；'),
      line.missingEvidence.map((item) => CLAIM_EVIDENCE_LABELS[item].zh).join('、'),
      line.isLate ? '是' : '否',
      yuan(line.acceptedFen),
      line.rejectReason ?? '',
    ]);
  }
  sheet.addRow(['合计', '', '', '', '', '', '', yuan(batch.claimedFen), '', '', '', '', yuan(batch.acceptedFen), '']);
  return { name: `厂家索赔-${batch.brand}-${batch.month}-${batch.number}.xlsx`, file: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

/** Claimed, accepted, paid and rejected (by the maker's reason) per brand and month, over batches sent to the maker. */
export async function claimRecovery(ctx: AppContext, query: z.infer<typeof ZClaimRecoveryQuery>) {
  const c = repo.claimLineColumns;
  const rows = await repo.findRecoveryRows(ctx.db, and(query.brand ? eq(c.brand, query.brand) : undefined, query.month ? eq(c.month, query.month) : undefined));
  type Group = { brand: string; month: string; claimedFen: number; acceptedFen: number; paidFen: number; rejectedFen: number; reasons: Map<string, { count: number; amountFen: number }>; batches: Set<string> };
  const groups = new Map<string, Group>();
  for (const { line, batchId, batchPaidFen, batchStatus } of rows) {
    const key = `${line.brand}|${line.month}`;
    const group = groups.get(key) ?? { brand: line.brand, month: line.month, claimedFen: 0, acceptedFen: 0, paidFen: 0, rejectedFen: 0, reasons: new Map(), batches: new Set() };
    groups.set(key, group);
    group.claimedFen += line.totalFen;
    if (line.acceptedFen !== null) {
      group.acceptedFen += line.acceptedFen;
      const rejected = line.totalFen - line.acceptedFen;
      if (rejected > 0) {
        group.rejectedFen += rejected;
        const reason = line.rejectReason ?? '';
        const entry = group.reasons.get(reason) ?? { count: 0, amountFen: 0 };
        group.reasons.set(reason, { count: entry.count + 1, amountFen: entry.amountFen + rejected });
      }
    }
    if (batchStatus === 'paid' && !group.batches.has(batchId)) {
      group.batches.add(batchId);
      group.paidFen += batchPaidFen;
    }
  }
  return {
    items: [...groups.values()]
      .sort((a, b) => b.month.localeCompare(a.month) || a.brand.localeCompare(b.brand))
      .map(({ reasons, batches: _batches, ...group }) => ({ ...group, rejectedByReason: [...reasons].map(([reason, value]) => ({ reason, ...value })).sort((a, b) => b.amountFen - a.amountFen) })),
  };
}
