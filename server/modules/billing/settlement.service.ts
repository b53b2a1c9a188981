/**
 * Settlement (网点结算 / 计件): the monthly statement of each outlet and each technician —
 * one line per completed visit (piece rate by work type × category + extras for night,
 * holiday, urgent and distance), typed deduction lines (approved quality penalties, rework
 * not paid, claims rejected by the maker) — confirmed or disputed line by line by the party,
 * approved by a manager and then locked (a change is a 409; it goes as a correction line on a
 * later statement). Totals are the sums of the lines.
 */
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { DEDUCTION_TYPE_LABELS, EXTRA_KIND_LABELS, type ExtraKind, type SettlementParty, type TPieceRate, type TPieceRateExtras, type TStatementLine, type TStatementView, type ZDeductionBody, type ZLineDecisionBody } from '../../../contracts/billing';
import { TICKET_TYPE_LABELS } from '../../../contracts/tickets';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal, UserPrincipal } from '../../platform/principal';
import { shanghaiHour, shanghaiMidnightMs } from '../../platform/time';
import { recordAudit } from '../audit';
import { findOutletNames } from '../org';
import { approvedPenaltiesBetween } from '../quality';
import { addDays, addWorkingDays, loadCalendar, shanghaiDate, type CalendarData } from '../sla';
import { findTechnicianNames } from '../technicians';
import * as repo from './billing.repository';
import { perKmAmount } from './money';

const label = (workType: string) => (TICKET_TYPE_LABELS as Record<string, { zh: string }>)[workType]?.zh ?? workType;

export function periodBounds(period: string): { first: string; last: string; from: Date; to: Date } {
  const [year, month] = period.split('-').map(Number);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  const first = `${period}-01`;
  const last = addDays(`${next}-01`, -1);
  return { first, last, from: new Date(shanghaiMidnightMs(first)), to: new Date(shanghaiMidnightMs(`${next}-01`)) };
}

/** The first working day of the month after the period (when the statements are due). */
export function statementDay(calendar: CalendarData, period: string): string {
  return addWorkingDays(calendar, periodBounds(period).last, 1).date;
}

function isRestDay(calendar: CalendarData, day: string): boolean {
  return addWorkingDays(calendar, addDays(day, -1), 1).date !== day;
}

export function findPieceRate(rates: TPieceRate[], party: SettlementParty, workType: string, categoryId: string | null): TPieceRate | undefined {
  return rates.find((rate) => rate.party === party && rate.workType === workType && rate.categoryId !== null && rate.categoryId === categoryId) ?? rates.find((rate) => rate.party === party && rate.workType === workType && rate.categoryId === null);
}

/** The extras of one visit (each at most once), in fen. */
export function extrasOf(order: Pick<repo.SettlementOrderRow, 'finishedAt' | 'priority' | 'distanceKm'>, extras: TPieceRateExtras, calendar: CalendarData): { kinds: ExtraKind[]; fen: number } {
  const kinds: ExtraKind[] = [];
  let fen = 0;
  const hour = shanghaiHour(order.finishedAt);
  if ((hour >= 20 || hour < 8) && extras.nightFen > 0) [kinds[kinds.length], fen] = ['night', fen + extras.nightFen];
  if (extras.holidayFen > 0 && isRestDay(calendar, shanghaiDate(order.finishedAt))) [kinds[kinds.length], fen] = ['holiday', fen + extras.holidayFen];
  if (order.priority === 'urgent' && extras.urgentFen > 0) [kinds[kinds.length], fen] = ['urgent', fen + extras.urgentFen];
  if (order.distanceKm !== null && extras.perKmFen > 0) {
    const distance = perKmAmount(extras.perKmFen, order.distanceKm, extras.freeKm);
    if (distance > 0) [kinds[kinds.length], fen] = ['distance', fen + distance];
  }
  return { kinds, fen };
}

/**
 * Generates the period's statements (a draft is replaced, an approved one is kept as it is):
 * the statements of the parties in JS, the order lines set-based in the database (a month has
 * hundreds of thousands), the deduction lines from the quality ledger, the totals from the lines.
 */
export async function generateStatements(ctx: AppContext, actor: Actor, period: string): Promise<{ period: string; statements: number; orders: number; kept: number; totalFen: number }> {
  const now = ctx.clock.now();
  const bounds = periodBounds(period);
  return ctx.db.transaction(async (tx) => {
    const rates = await repo.pieceRateInForce(tx, bounds.last);
    if (!rates) throw conflict('No piece rates are in force for this period: add them first', [{ path: ['period'], message: 'no piece rates' }]);
    const calendar = await loadCalendar(tx);
    const existing = await repo.statementsOfPeriod(tx, period);
    const locked = new Set(existing.filter((item) => item.status === 'approved').map((item) => `${item.partyType}:${item.partyId}`));
    await repo.deleteStatements(tx, existing.filter((item) => item.status !== 'approved').map((item) => item.id));

    const parties = await repo.partiesOfPeriod(tx, period);
    const penalties = await approvedPenaltiesBetween(tx, bounds.from, bounds.to);
    const drafts = new Map<string, repo.StatementInsert>();
    const add = (party: SettlementParty, partyId: string | null, partyUserId: string | null) => {
      if (!partyId || locked.has(`${party}:${partyId}`)) return;
      const key = `${party}:${partyId}`;
      const known = drafts.get(key);
      if (known) {
        if (!known.partyUserId && partyUserId) known.partyUserId = partyUserId;
        return;
      }
      drafts.set(key, { id: newId(), period, partyType: party, partyId, partyName: '', partyUserId, status: 'draft', rateId: rates.id, orderCount: 0, ordersFen: 0, extrasFen: 0, deductionsFen: 0, totalFen: 0, createdAt: now, updatedAt: now });
    };
    for (const outletId of parties.outlets) add('outlet', outletId, null);
    for (const technician of parties.technicians) add('technician', technician.id, technician.userId);
    for (const penalty of penalties) {
      add('outlet', penalty.outletId, null);
      add('technician', penalty.technicianId, null);
    }
    const all = [...drafts.values()];
    const outletNames = await findOutletNames(tx, all.filter((d) => d.partyType === 'outlet').map((d) => d.partyId));
    const technicianNames = await findTechnicianNames(tx, all.filter((d) => d.partyType === 'technician').map((d) => d.partyId));
    for (const draft of all) draft.partyName = (draft.partyType === 'outlet' ? outletNames : technicianNames).get(draft.partyId) ?? draft.partyId.slice(0, 8);
    await repo.insertStatements(tx, all);

    const restDays: string[] = [];
    for (let day = bounds.first; day <= bounds.last; day = addDays(day, 1)) if (isRestDay(calendar, day)) restDays.push(day);
    const labels = Object.fromEntries(Object.entries(TICKET_TYPE_LABELS).map(([key, value]) => [key, value.zh]));
    for (const party of ['outlet', 'technician'] as const) await repo.insertOrderLines(tx, { period, party, rates: rates.rates, extras: rates.extras, restDays, labels });

    const counts = await repo.orderLineCounts(tx, period);
    const deductionLines: repo.StatementLineInsert[] = [];
    for (const penalty of penalties) {
      const deductionType = penalty.sourceType === 'rework' ? 'rework_unpaid' : 'quality_penalty';
      const parties: [SettlementParty, string | null][] = [['technician', penalty.technicianId], ['outlet', penalty.outletId]];
      for (const [party, partyId] of parties) {
        const draft = partyId ? drafts.get(`${party}:${partyId}`) : undefined;
        if (!draft) continue;
        const seq = (counts.get(draft.id!) ?? 0) + 1;
        counts.set(draft.id!, seq);
        deductionLines.push({
          id: newId(), statementId: draft.id!, seq, kind: 'deduction', deductionType, description: `${DEDUCTION_TYPE_LABELS[deductionType].zh}：${penalty.reason}`,
          rateFen: 0, extrasFen: 0, extraKinds: [], amountFen: -penalty.amountFen, sourceKey: `quality:${penalty.id}`, state: 'open',
        });
      }
    }
    await repo.insertStatementLines(tx, deductionLines);
    await repo.storeStatementTotals(tx, period);
    const orders = parties.outlets.length || parties.technicians.length ? await repo.countSettlementOrders(tx, period) : 0;
    const totalFen = await repo.periodTotal(tx, period, all.map((draft) => draft.id!));
    await recordAudit(tx, actor, { entity: 'billing_statement', entityId: null, action: 'generate', after: { period, statements: all.length, orders, kept: locked.size, totalFen, rateId: rates.id } });
    return { period, statements: all.length, orders, kept: locked.size, totalFen };
  });
}

function presentLine(row: repo.StatementLineRow): TStatementLine {
  return {
    id: row.id, kind: row.kind, deductionType: row.deductionType, workOrderId: row.workOrderId, workOrderNumber: row.workOrderNumber, workType: row.workType, description: row.description,
    rateFen: row.rateFen, extrasFen: row.extrasFen, extraKinds: row.extraKinds, amountFen: row.amountFen, state: row.state, disputeReason: row.disputeReason,
  };
}

function present(row: repo.StatementRow, disputed: number, lines?: repo.StatementLineRow[]): TStatementView {
  return {
    id: row.id, period: row.period, partyType: row.partyType, partyId: row.partyId, partyName: row.partyName, status: row.status, orderCount: row.orderCount, ordersFen: row.ordersFen,
    extrasFen: row.extrasFen, deductionsFen: row.deductionsFen, totalFen: row.totalFen, disputedLines: disputed, approvedAt: row.approvedAt?.toISOString() ?? null, approvedBy: row.approvedBy,
    version: row.version, lines: lines?.map(presentLine),
  };
}

/** Outlet staff see their outlet's statement, technicians their own; the department sees all. */
function inScope(principal: Principal, row: repo.StatementRow): boolean {
  if (principal.scope === 'all') return true;
  if (principal.scope === 'self') return principal.kind === 'user' && row.partyType === 'technician' && row.partyUserId === principal.userId;
  return row.partyType === 'outlet' && principal.outletId !== null && row.partyId === principal.outletId;
}

export async function listStatements(ctx: AppContext, principal: Principal, query: { period?: string; partyType?: SettlementParty }): Promise<{ items: TStatementView[] }> {
  const rows = (await repo.listStatements(ctx.db, query)).filter((row) => inScope(principal, row));
  const disputed = await repo.disputedCounts(ctx.db, rows.map((row) => row.id));
  return { items: rows.map((row) => present(row, disputed.get(row.id) ?? 0)) };
}

async function scopedStatement(executor: Executor, principal: Principal, id: string, forUpdate = false): Promise<repo.StatementRow> {
  const row = await repo.findStatement(executor, id, { forUpdate });
  if (!row || !inScope(principal, row)) throw notFound('Statement');
  return row;
}

export async function getStatement(ctx: AppContext, principal: Principal, id: string): Promise<TStatementView> {
  const row = await scopedStatement(ctx.db, principal, id);
  const lines = await repo.linesOfStatement(ctx.db, id);
  return present(row, lines.filter((line) => line.state === 'disputed').length, lines);
}

const lockedError = (row: repo.StatementRow) => conflict('The statement is approved and locked: a change goes as a correction line on a later statement', [{ path: ['status'], message: row.status }]);

async function restore(tx: Executor, row: repo.StatementRow, now: Date): Promise<repo.StatementRow> {
  const sums = await repo.statementSums(tx, row.id);
  const updated = await repo.updateStatement(tx, row.id, row.version, { orderCount: sums.orderCount, ordersFen: sums.ordersFen, extrasFen: sums.extrasFen, deductionsFen: sums.deductionsFen, totalFen: sums.totalFen, updatedAt: now });
  if (!updated) throw conflict('The statement was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
  return updated;
}

/** The party confirms or disputes one line (with a reason); the statement's version guards it. */
export async function decideLine(ctx: AppContext, principal: UserPrincipal, actor: Actor, statementId: string, lineId: string, body: z.infer<typeof ZLineDecisionBody>): Promise<TStatementView> {
  const now = ctx.clock.now();
  if (body.state === 'disputed' && !body.reason) throw invalidField(['reason'], 'say why the line is disputed');
  await ctx.db.transaction(async (tx) => {
    const row = await scopedStatement(tx, principal, statementId, true);
    if (row.status === 'approved') throw lockedError(row);
    if (row.version !== body.version) throw conflict('The statement was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    const line = await repo.findStatementLine(tx, lineId);
    if (!line || line.statementId !== row.id) throw notFound('Statement line');
    await repo.updateStatementLine(tx, line.id, { state: body.state, disputeReason: body.state === 'disputed' ? body.reason! : null });
    await restore(tx, row, now);
    await recordAudit(tx, actor, { entity: 'billing_statement', entityId: row.id, action: body.state === 'disputed' ? 'dispute_line' : 'confirm_line', before: { lineId, state: line.state }, after: { lineId, state: body.state, reason: body.reason ?? null } });
  });
  return getStatement(ctx, principal, statementId);
}

/** A manager adds a deduction line (typed) to a draft statement. */
export async function addDeduction(ctx: AppContext, principal: UserPrincipal, actor: Actor, statementId: string, body: z.infer<typeof ZDeductionBody>): Promise<TStatementView> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const row = await scopedStatement(tx, principal, statementId, true);
    if (row.status === 'approved') throw lockedError(row);
    if (row.version !== body.version) throw conflict('The statement was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    const sums = await repo.statementSums(tx, row.id);
    await repo.insertStatementLine(tx, {
      id: newId(), statementId: row.id, seq: sums.maxSeq + 1, kind: 'deduction', deductionType: body.deductionType, workOrderId: body.workOrderId ?? null, description: `${DEDUCTION_TYPE_LABELS[body.deductionType].zh}：${body.description}`,
      rateFen: 0, extrasFen: 0, extraKinds: [], amountFen: -body.amountFen, state: 'open',
    });
    await restore(tx, row, now);
    await recordAudit(tx, actor, { entity: 'billing_statement', entityId: row.id, action: 'add_deduction', after: { deductionType: body.deductionType, amountFen: body.amountFen, description: body.description } });
  });
  return getStatement(ctx, principal, statementId);
}

/** A manager resolves a disputed line: a correction line of the difference (may be 0) and the line confirmed. */
export async function resolveLine(ctx: AppContext, principal: UserPrincipal, actor: Actor, statementId: string, lineId: string, body: { version: number; correctionFen: number; reason: string }): Promise<TStatementView> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const row = await scopedStatement(tx, principal, statementId, true);
    if (row.status === 'approved') throw lockedError(row);
    if (row.version !== body.version) throw conflict('The statement was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    const line = await repo.findStatementLine(tx, lineId);
    if (!line || line.statementId !== row.id) throw notFound('Statement line');
    if (line.state !== 'disputed') throw conflict('Only a disputed line is resolved', [{ path: ['state'], message: line.state }]);
    await repo.updateStatementLine(tx, line.id, { state: 'confirmed' });
    if (body.correctionFen !== 0) {
      const sums = await repo.statementSums(tx, row.id);
      await repo.insertStatementLine(tx, { id: newId(), statementId: row.id, seq: sums.maxSeq + 1, kind: 'correction', workOrderId: line.workOrderId, workOrderNumber: line.workOrderNumber, description: `更正：${body.reason}`, rateFen: 0, extrasFen: 0, extraKinds: [], amountFen: body.correctionFen, state: 'confirmed' });
    }
    await restore(tx, row, now);
    await recordAudit(tx, actor, { entity: 'billing_statement', entityId: row.id, action: 'resolve_line', after: { lineId, correctionFen: body.correctionFen, reason: body.reason } });
  });
  return getStatement(ctx, principal, statementId);
}

/** A manager approves: no line may stay disputed; then the statement is locked. */
export async function approveStatement(ctx: AppContext, principal: UserPrincipal, actor: Actor, statementId: string, version: number): Promise<TStatementView> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const row = await scopedStatement(tx, principal, statementId, true);
    if (row.status === 'approved') throw lockedError(row);
    if (row.version !== version) throw conflict('The statement was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    const sums = await repo.statementSums(tx, row.id);
    if (sums.disputed > 0) throw conflict(`${sums.disputed} line(s) are disputed: resolve them first`, [{ path: ['lines'], message: `${sums.disputed} disputed` }]);
    if (sums.totalFen !== row.totalFen) throw new AppError('conflict', 'The stored total differs from its lines', { logMessage: `statement ${row.id}` });
    await repo.updateStatement(tx, row.id, row.version, { status: 'approved', approvedAt: now, approvedById: principal.userId, approvedBy: principal.displayName, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'billing_statement', entityId: row.id, action: 'approve', before: { status: 'draft' }, after: { status: 'approved', totalFen: row.totalFen } });
  });
  return getStatement(ctx, principal, statementId);
}

const yuan = (fen: number) => fen / 100;

/** The statement as an accountant's sheet: a head with the sums, then every line with amounts in yuan. */
export async function exportStatement(ctx: AppContext, principal: Principal, statementId: string): Promise<{ name: string; buffer: Buffer }> {
  const view = await getStatement(ctx, principal, statementId);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('结算单');
  sheet.addRow([`${view.partyType === 'outlet' ? '网点' : '技师'}结算单`, view.partyName, '期间', view.period, '状态', view.status === 'approved' ? '已审批' : '草稿']).font = { bold: true };
  sheet.addRow(['完工单数', view.orderCount, '计件金额（元）', yuan(view.ordersFen), '补贴（元）', yuan(view.extrasFen), '扣款（元）', yuan(view.deductionsFen), '应付合计（元）', yuan(view.totalFen)]);
  sheet.addRow([]);
  const header = sheet.addRow(['序号', '类别', '工单号', '工作类型', '摘要', '计件单价（元）', '补贴（元）', '补贴项目', '金额（元）', '确认状态', '异议']);
  header.font = { bold: true };
  (view.lines ?? []).forEach((line, index) => {
    const kind = line.kind === 'order' ? '完工' : line.kind === 'correction' ? '更正' : DEDUCTION_TYPE_LABELS[line.deductionType ?? 'other'].zh;
    sheet.addRow([index + 1, kind, line.workOrderNumber ?? '', line.workType ? label(line.workType) : '', line.description, yuan(line.rateFen), yuan(line.extrasFen), line.extraKinds.map((k) => EXTRA_KIND_LABELS[k].zh).join('、'), yuan(line.amountFen), { open: '未确认', confirmed: '已确认', disputed: '有异议' }[line.state], line.disputeReason ?? '']);
  });
  const total = sheet.addRow(['合计', '', '', '', '', '', '', '', yuan(view.totalFen)]);
  total.font = { bold: true };
  for (const column of [6, 7, 9]) sheet.getColumn(column).numFmt = '0.00';
  sheet.columns.forEach((column, index) => (column.width = [6, 10, 18, 10, 36, 14, 10, 14, 12, 10, 24][index] ?? 12));
  return { name: `statement-${view.period}-${view.partyName}.xlsx`, buffer: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
