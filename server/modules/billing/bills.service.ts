/**
 * Bills (报价 → 账单) of work orders: the quote from the fee schedule in force, on-site lines
 * that re-price it, the customer's confirmation (a code read back or the signature), the final
 * bill computed when the visit completes, discount and waiver proposals with their approval,
 * and the ticket guard (no closing while an approval is pending). One transaction per write
 * with its audit row; the bill's version guards client writes (409 when stale).
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { ApproverLevel, TAdjustmentView, TBillView, ZAddLineBody, ZConfirmBody, ZDecideBody, ZProposeBody, ZQuoteBody } from '../../../contracts/billing';
import { TICKET_TYPE_LABELS } from '../../../contracts/tickets';
import type { TicketStatus } from '../../../contracts/tickets';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal, UserPrincipal } from '../../platform/principal';
import type { EventMeta } from '../../platform/seam';
import { lookup } from '../../platform/seam';
import { isInScope } from '../../platform/scope';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { partPrices } from '../parts';
import { findTicketForWork } from '../tickets';
import { findScopedWorkOrder, findWorkOrderRow, type WorkOrderRow } from '../workorders';
import { BillingContractRates, billingApprovalSettings } from './billing.events';
import * as repo from './billing.repository';
import { billTotals, lineAmount, percentOf, percentToBp } from './money';
import { findLabourRate, priceQuote } from './pricing';

const label = (workType: string) => (TICKET_TYPE_LABELS as Record<string, { zh: string }>)[workType]?.zh ?? workType;
const staleBill = () => conflict('The bill was changed by someone else; reload it', [{ path: ['version'], message: 'stale version' }]);

export function billScope(bill: repo.BillRow) {
  return { outletId: bill.outletId, ownerId: bill.technicianUserId };
}

export async function presentBill(executor: Executor, bill: repo.BillRow, principal: Principal | null): Promise<TBillView> {
  const [lines, adjustments, schedule] = await Promise.all([repo.findLines(executor, bill.id), repo.adjustmentsOfBill(executor, bill.id), repo.findSchedule(executor, bill.scheduleId)]);
  return {
    id: bill.id,
    workOrderId: bill.workOrderId,
    workOrderNumber: bill.workOrderNumber,
    ticketId: bill.ticketId,
    customerId: bill.customerId,
    outletId: bill.outletId,
    status: bill.status,
    isWarranty: bill.isWarranty,
    scheduleId: bill.scheduleId,
    scheduleName: schedule ? `${schedule.name}（${schedule.effectiveFrom} 起）` : '',
    lines: lines.map((line) => ({ id: line.id, kind: line.kind, description: line.description, partId: line.partId, quantity: line.quantity, unitPriceFen: line.unitPriceFen, amountFen: line.amountFen, payer: line.payer, source: line.source })),
    subtotalFen: bill.subtotalFen,
    discountFen: bill.discountFen,
    dueFen: bill.dueFen,
    claimFen: bill.claimFen,
    paidFen: bill.paidFen,
    refundedFen: bill.refundedFen,
    outstandingFen: bill.dueFen - (bill.paidFen - bill.refundedFen),
    confirmedAt: bill.confirmedAt?.toISOString() ?? null,
    confirmMethod: bill.confirmMethod,
    confirmedDueFen: bill.confirmedDueFen,
    needsReconfirm: bill.confirmedDueFen !== null && bill.confirmedDueFen !== bill.dueFen,
    // The code is for the customer: staff who read it out (not the technician who types it back).
    confirmCode: principal && principal.scope !== 'self' && !bill.confirmedAt ? bill.confirmCode : null,
    pendingApprovals: adjustments.filter((item) => item.status === 'pending').length,
    version: bill.version,
  };
}

/** Recomputes the stored totals from the lines (a total is always the sum of its lines). */
async function storeTotals(tx: Executor, bill: repo.BillRow, now: Date, fields: Partial<repo.BillInsert> = {}): Promise<repo.BillRow> {
  const totals = billTotals(await repo.findLines(tx, bill.id));
  const updated = await repo.updateBill(tx, bill.id, bill.version, { ...totals, ...fields, updatedAt: now });
  if (!updated) throw staleBill();
  return updated;
}

async function loadScopedBill(tx: Executor, principal: Principal, id: string, version?: number): Promise<repo.BillRow> {
  const bill = await repo.findBill(tx, id, { forUpdate: true });
  if (!bill || !isInScope(principal, billScope(bill))) throw notFound('Bill');
  if (version !== undefined && bill.version !== version) throw staleBill();
  return bill;
}

/** The quote's lines for a work order from the schedule version in force on `day`. */
async function quoteLines(tx: Executor, order: WorkOrderRow, scheduleId: string, isWarranty: boolean, distanceKm: number | null, day: string) {
  const schedule = await repo.findSchedule(tx, scheduleId);
  if (!schedule) throw notFound('Fee schedule');
  const contract = await lookup(tx, BillingContractRates, { customerId: order.customerId, assetId: order.assetId, on: day });
  return priceQuote({
    labour: schedule.labour,
    visit: schedule.visit,
    workType: order.type,
    workTypeLabel: label(order.type),
    categoryIds: [order.categoryId, null],
    grade: order.requiredGrade,
    districtCode: order.districtCode,
    distanceKm: distanceKm ?? order.explanation?.technician.chosen?.distanceKm ?? null,
    isWarranty,
    parts: [],
    contract,
  });
}

function lineRows(billId: string, lines: ReturnType<typeof priceQuote>, source: repo.LineInsert['source'], firstSeq: number, now: Date): repo.LineInsert[] {
  return lines.map((line, index) => ({ id: newId(), billId, seq: firstSeq + index, ...line, source, createdAt: now }));
}

async function isWarrantyOrder(tx: Executor, order: WorkOrderRow): Promise<boolean> {
  const ticket = await findTicketForWork(tx, order.ticketId);
  return Boolean((ticket?.assessment as { isFree?: boolean } | null)?.isFree);
}

/** Creates the bill of an order (status quoted) from the schedule in force today, in the caller's transaction. */
async function createBillInTx(tx: Executor, order: WorkOrderRow, distanceKm: number | null, now: Date): Promise<repo.BillRow | null> {
  const day = shanghaiDate(now);
  const schedule = await repo.scheduleInForce(tx, day);
  if (!schedule) return null;
  const isWarranty = await isWarrantyOrder(tx, order);
  const id = newId();
  const lines = await quoteLines(tx, order, schedule.id, isWarranty, distanceKm, day);
  const rows = lineRows(id, lines, 'quote', 1, now);
  const totals = billTotals(rows.map((row) => ({ amountFen: row.amountFen, payer: row.payer, kind: row.kind })));
  const bill = await repo.insertBill(tx, {
    id,
    workOrderId: order.id,
    workOrderNumber: order.number,
    ticketId: order.ticketId,
    customerId: order.customerId,
    outletId: order.outletId,
    technicianUserId: order.assignedUserId,
    status: 'quoted',
    isWarranty,
    scheduleId: schedule.id,
    ...totals,
    distanceKm,
    confirmCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    createdAt: now,
    updatedAt: now,
  });
  await repo.insertLines(tx, rows);
  return bill;
}

/** Quotes a work order (or quotes it again: the quote lines are priced anew, on-site lines kept; a confirmation is then due again). */
export async function quoteWorkOrder(ctx: AppContext, principal: Principal, actor: Actor, workOrderId: string, body: z.infer<typeof ZQuoteBody>): Promise<TBillView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const order = await findScopedWorkOrder(tx, principal, workOrderId, { forUpdate: true });
    if (['completed', 'not_completed', 'verified', 'cancelled'].includes(order.status)) throw conflict(`A ${order.status} work order is not quoted`, [{ path: ['status'], message: order.status }]);
    const existing = await repo.findBillOfWorkOrder(tx, order.id, { forUpdate: true });
    let bill: repo.BillRow;
    if (!existing) {
      const created = await createBillInTx(tx, order, body.distanceKm ?? null, now);
      if (!created) throw conflict('No fee schedule is in force today: add one first', [{ path: ['scheduleId'], message: 'none in force' }]);
      bill = created;
    } else {
      if (existing.status === 'final') throw conflict('The bill is final', [{ path: ['status'], message: 'final' }]);
      const isWarranty = await isWarrantyOrder(tx, order);
      await repo.deleteQuoteLines(tx, existing.id);
      const lines = await quoteLines(tx, order, existing.scheduleId, isWarranty, body.distanceKm ?? existing.distanceKm, shanghaiDate(now));
      const kept = await repo.findLines(tx, existing.id);
      await repo.insertLines(tx, lineRows(existing.id, lines, 'quote', Math.max(0, ...kept.map((line) => line.seq)) + 1, now));
      bill = await storeTotals(tx, existing, now, { isWarranty, distanceKm: body.distanceKm ?? existing.distanceKm, status: 'quoted', outletId: order.outletId, technicianUserId: order.assignedUserId });
    }
    await recordAudit(tx, actor, { entity: 'billing_bill', entityId: bill.id, action: existing ? 'requote' : 'quote', after: { workOrderId: order.id, dueFen: bill.dueFen, claimFen: bill.claimFen, scheduleId: bill.scheduleId } });
    return presentBill(tx, bill, principal);
  });
}

export async function getBillOfWorkOrder(ctx: AppContext, principal: Principal, workOrderId: string): Promise<TBillView | null> {
  await findScopedWorkOrder(ctx.db, principal, workOrderId);
  const bill = await repo.findBillOfWorkOrder(ctx.db, workOrderId);
  return bill ? presentBill(ctx.db, bill, principal) : null;
}

export async function getBill(ctx: AppContext, principal: Principal, id: string): Promise<TBillView> {
  const bill = await repo.findBill(ctx.db, id);
  if (!bill || !isInScope(principal, billScope(bill))) throw notFound('Bill');
  return presentBill(ctx.db, bill, principal);
}

/** An on-site line: a catalogue part at its sale price, or labour of a work type from the bill's schedule version. */
export async function addLine(ctx: AppContext, principal: Principal, actor: Actor, billId: string, body: z.infer<typeof ZAddLineBody>): Promise<TBillView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const bill = await loadScopedBill(tx, principal, billId, body.version);
    if (bill.status === 'final') throw conflict('The bill is final: lines are added before the visit completes', [{ path: ['status'], message: 'final' }]);
    const payer = bill.isWarranty ? 'maker' : 'customer';
    let line: ReturnType<typeof priceQuote>[number];
    if (body.kind === 'labour') {
      if (!body.workType) throw invalidField(['workType'], 'required for a labour line');
      const order = await findWorkOrderRow(tx, bill.workOrderId);
      const schedule = await repo.findSchedule(tx, bill.scheduleId);
      const rate = schedule && findLabourRate(schedule.labour, body.workType, [order?.categoryId ?? null, null], order?.requiredGrade ?? null);
      if (!rate) throw invalidField(['workType'], 'the fee schedule has no labour rate for this work type and category');
      line = { kind: 'labour', description: `${label(body.workType)}工时费`, partId: null, quantity: body.quantity, unitPriceFen: rate.amountFen, amountFen: lineAmount(body.quantity, rate.amountFen), payer };
    } else {
      if (!body.partId) throw invalidField(['partId'], 'required for a part line');
      const part = (await partPrices(tx, [body.partId])).get(body.partId);
      if (!part) throw invalidField(['partId'], 'no such part in the catalogue');
      line = { kind: body.kind, description: `${part.name}（${part.partNumber}）`, partId: body.partId, quantity: body.quantity, unitPriceFen: part.salePriceFen, amountFen: lineAmount(body.quantity, part.salePriceFen), payer };
    }
    const seq = Math.max(0, ...(await repo.findLines(tx, bill.id)).map((item) => item.seq)) + 1;
    await repo.insertLines(tx, lineRows(bill.id, [line], 'onsite', seq, now));
    const updated = await storeTotals(tx, bill, now);
    await recordAudit(tx, actor, { entity: 'billing_bill', entityId: bill.id, action: 'add_line', after: { ...line, dueFen: updated.dueFen } });
    return presentBill(tx, updated, principal);
  });
}

/** The customer confirms the quote: the code they were given, or the signature already on the work order. */
export async function confirmQuote(ctx: AppContext, principal: Principal, actor: Actor, billId: string, body: z.infer<typeof ZConfirmBody>): Promise<TBillView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const bill = await loadScopedBill(tx, principal, billId, body.version);
    if (bill.status === 'final') throw conflict('The bill is final', [{ path: ['status'], message: 'final' }]);
    if (body.method === 'code') {
      if (!body.code) throw invalidField(['code'], 'the code the customer reads back');
      if (body.code !== bill.confirmCode) throw invalidField(['code'], 'does not match the code given to the customer');
    } else {
      const order = await findWorkOrderRow(tx, bill.workOrderId);
      if (!order?.signatureKey) throw invalidField(['signatureKey'], 'the work order has no customer signature yet');
    }
    const updated = await repo.updateBill(tx, bill.id, bill.version, { status: 'confirmed', confirmedAt: now, confirmMethod: body.method, confirmedDueFen: bill.dueFen, updatedAt: now });
    if (!updated) throw staleBill();
    await recordAudit(tx, actor, { entity: 'billing_bill', entityId: bill.id, action: 'confirm', after: { method: body.method, confirmedDueFen: bill.dueFen } });
    return presentBill(tx, updated, principal);
  });
}

// ---------------------------------------------------------------- approvals

function presentAdjustment(row: repo.AdjustmentRow, bill: repo.BillRow | undefined): TAdjustmentView {
  return {
    id: row.id,
    billId: row.billId,
    workOrderNumber: bill?.workOrderNumber ?? '',
    outletId: row.outletId,
    kind: row.kind,
    percentBp: row.percentBp,
    amountFen: row.amountFen,
    baseFen: row.baseFen,
    reason: row.reason,
    requiredLevel: row.requiredLevel,
    status: row.status,
    proposedBy: row.proposedBy,
    proposedById: row.proposedById,
    proposedAt: row.proposedAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    version: row.version,
  };
}

/** Who must approve: waivers and increases the manager (configurable), discounts by their share of the subtotal. */
export function requiredLevel(kind: 'discount' | 'waiver' | 'amount_change', amountFen: number, baseFen: number, settings: { outletHeadMaxPercent: number; waiverNeedsManager: boolean }): ApproverLevel {
  if (kind === 'waiver') return settings.waiverNeedsManager ? 'manager' : 'outlet_head';
  if (amountFen < 0 || baseFen <= 0) return 'manager';
  // amount / base ≤ max % ⇔ amount × 10,000 ≤ base × max bp (integers, no rounding at the threshold)
  return amountFen * 10_000 <= baseFen * percentToBp(settings.outletHeadMaxPercent) ? 'outlet_head' : 'manager';
}

async function insertProposal(tx: Executor, bill: repo.BillRow, actor: Actor, input: { kind: 'discount' | 'waiver' | 'amount_change'; percentBp: number | null; amountFen: number; reason: string }, now: Date): Promise<repo.AdjustmentRow> {
  const pending = (await repo.adjustmentsOfBill(tx, bill.id)).find((item) => item.status === 'pending');
  if (pending) throw conflict('The bill already has a proposal waiting for approval', [{ path: ['adjustmentId'], message: pending.id }]);
  const settings = await billingApprovalSettings.read(tx);
  const row = await repo.insertAdjustment(tx, {
    id: newId(),
    billId: bill.id,
    ticketId: bill.ticketId,
    outletId: bill.outletId,
    kind: input.kind,
    percentBp: input.percentBp,
    amountFen: input.amountFen,
    baseFen: bill.subtotalFen,
    reason: input.reason,
    requiredLevel: requiredLevel(input.kind, input.amountFen, bill.subtotalFen, settings),
    status: 'pending',
    proposedById: actor.id ?? 'system',
    proposedBy: actor.displayName ?? actor.name ?? 'system',
    proposedAt: now,
  });
  await recordAudit(tx, actor, { entity: 'billing_adjustment', entityId: row.id, action: 'propose', after: { billId: bill.id, kind: row.kind, amountFen: row.amountFen, percentBp: row.percentBp, requiredLevel: row.requiredLevel, reason: row.reason } });
  return row;
}

/** A discount (percent of the subtotal, half up to the fen, or an amount) or a waiver of what is due. */
export async function proposeAdjustment(ctx: AppContext, principal: Principal, actor: Actor, billId: string, body: z.infer<typeof ZProposeBody>): Promise<TAdjustmentView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const bill = await loadScopedBill(tx, principal, billId);
    if (bill.dueFen <= 0) throw conflict('Nothing is due on this bill', [{ path: ['dueFen'], message: 'zero' }]);
    let amountFen: number;
    let percentBp: number | null = null;
    if (body.kind === 'waiver') amountFen = bill.dueFen;
    else if (body.percent !== undefined) {
      percentBp = percentToBp(body.percent);
      amountFen = percentOf(bill.subtotalFen, percentBp);
    } else amountFen = body.amountFen!;
    if (amountFen > bill.dueFen) throw invalidField([body.percent !== undefined ? 'percent' : 'amountFen'], `the discount (${amountFen} fen) is above the amount due (${bill.dueFen} fen)`);
    if (amountFen <= 0) throw invalidField(['percent'], 'the discount rounds to 0 fen');
    const row = await insertProposal(tx, bill, actor, { kind: body.kind, percentBp, amountFen, reason: body.reason }, now);
    return presentAdjustment(row, bill);
  });
}

function mayApprove(principal: UserPrincipal, level: ApproverLevel, outletId: string | null): boolean {
  if (principal.roles.includes('admin') || principal.roles.includes('manager')) return true;
  return level === 'outlet_head' && principal.roles.includes('outlet') && principal.outletId !== null && principal.outletId === outletId;
}

/** Approves (a negative discount line on the bill) or rejects; never one's own proposal. */
export async function decideAdjustment(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, body: z.infer<typeof ZDecideBody>): Promise<TAdjustmentView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findAdjustment(tx, id, { forUpdate: true });
    if (!row || !isInScope(principal, { outletId: row.outletId })) throw notFound('Proposal');
    if (row.version !== body.version) throw conflict('The proposal was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    if (row.status !== 'pending') throw conflict(`The proposal is ${row.status} already`, [{ path: ['status'], message: row.status }]);
    if (row.proposedById === principal.userId) throw new AppError('forbidden', 'You cannot decide your own proposal', { details: [{ path: ['proposedById'], message: 'your own proposal' }] });
    if (!mayApprove(principal, row.requiredLevel, row.outletId)) throw new AppError('forbidden', `This proposal needs the ${row.requiredLevel === 'manager' ? 'after-sales manager' : 'outlet head'}`, { details: [{ path: ['requiredLevel'], message: row.requiredLevel }] });
    const bill = await repo.findBill(tx, row.billId, { forUpdate: true });
    if (!bill) throw notFound('Bill');
    if (body.decision === 'approved') {
      if (row.amountFen > bill.dueFen) throw conflict(`The bill's due (${bill.dueFen} fen) is below the proposal (${row.amountFen} fen) now`, [{ path: ['amountFen'], message: 'above the due' }]);
      if (bill.dueFen - row.amountFen < bill.paidFen - bill.refundedFen) throw conflict('More is paid than the bill would be: refund first', [{ path: ['paidFen'], message: 'refund first' }]);
      const seq = Math.max(0, ...(await repo.findLines(tx, bill.id)).map((item) => item.seq)) + 1;
      const description = row.kind === 'waiver' ? '免收' : row.kind === 'amount_change' ? `改价（${row.reason}）` : row.percentBp !== null ? `折扣 ${row.percentBp / 100}%` : '折扣';
      await repo.insertLines(tx, [{ id: newId(), billId: bill.id, seq, kind: 'discount', description, partId: null, quantity: 1, unitPriceFen: -row.amountFen, amountFen: -row.amountFen, payer: 'customer', source: 'approval', adjustmentId: row.id, createdAt: now }]);
      await storeTotals(tx, bill, now);
    }
    const decided = await repo.updateAdjustment(tx, row.id, row.version, { status: body.decision, decidedById: principal.userId, decidedBy: principal.displayName, decidedAt: now, decisionReason: body.reason });
    if (!decided) throw conflict('The proposal was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    await recordAudit(tx, actor, { entity: 'billing_adjustment', entityId: row.id, action: body.decision === 'approved' ? 'approve' : 'reject', before: { status: 'pending' }, after: { status: body.decision, reason: body.reason } });
    return presentAdjustment(decided, bill);
  });
}

export async function listApprovals(ctx: AppContext, principal: Principal, status: 'pending' | 'approved' | 'rejected'): Promise<{ items: TAdjustmentView[] }> {
  const outletId = principal.scope === 'all' ? undefined : principal.outletId;
  const rows = await repo.listAdjustments(ctx.db, status, outletId);
  const bills = await repo.billNumbers(ctx.db, [...new Set(rows.map((row) => row.billId))]);
  return { items: rows.map((row) => presentAdjustment(row, bills.get(row.billId))) };
}

/** The check billing adds to manual ticket moves (wired in server/wiring.ts): no closing while a discount waits for approval. */
export async function guardTicketCloseAgainstPendingApproval(tx: Executor, input: { ticket: { id: string }; to: TicketStatus }): Promise<void> {
  if (input.to !== 'closed') return;
  const pending = await repo.pendingOfTicket(tx, input.ticket.id);
  if (pending.length) {
    throw conflict(`The ticket cannot close: a ${pending[0].kind} of ${pending[0].amountFen} fen waits for approval`, pending.map((item) => ({ path: ['billingApproval', item.id], message: `pending ${item.kind} (${item.requiredLevel})` })));
  }
}

// ---------------------------------------------------------------- completion

export type CompletedVisitForBilling = { workOrderId: string; finishedAt: string; assignedUserId: string | null; partsUsed: { partId: string; quantity: number; isWarranty: boolean }[] };

/**
 * `workOrder.completed` (in the completion's transaction): the bill becomes final — created
 * from the schedule when the order was never quoted, with the catalogue parts of the work
 * report that the bill does not have yet — and a fee the technician collected that differs
 * from the computed due becomes an `amount_change` proposal. The settlement facts of the
 * visit are kept for the month's statements.
 */
export async function onWorkOrderCompleted(tx: Executor, payload: CompletedVisitForBilling, meta: EventMeta): Promise<void> {
  const order = await findWorkOrderRow(tx, payload.workOrderId);
  if (!order) return;
  const finishedAt = new Date(payload.finishedAt);
  await repo.upsertSettlementOrder(tx, {
    workOrderId: order.id,
    number: order.number,
    workType: order.type,
    categoryId: order.categoryId,
    priority: order.priority,
    outletId: order.outletId,
    technicianId: order.technicianId,
    technicianUserId: order.assignedUserId,
    distanceKm: order.explanation?.technician.chosen?.distanceKm ?? null,
    finishedAt,
    period: shanghaiDate(finishedAt).slice(0, 7),
  });
  let bill = (await repo.findBillOfWorkOrder(tx, order.id, { forUpdate: true })) ?? (await createBillInTx(tx, order, null, meta.now));
  if (!bill || bill.status === 'final') return;
  const lines = await repo.findLines(tx, bill.id);
  const onBill = new Map<string, number>();
  for (const line of lines) if (line.partId) onBill.set(line.partId, (onBill.get(line.partId) ?? 0) + line.quantity);
  const used = new Map<string, number>();
  for (const part of payload.partsUsed) used.set(part.partId, (used.get(part.partId) ?? 0) + part.quantity);
  const missing = [...used].filter(([partId, quantity]) => quantity > (onBill.get(partId) ?? 0));
  if (missing.length) {
    const prices = await partPrices(tx, missing.map(([partId]) => partId));
    const payer = bill.isWarranty ? 'maker' : 'customer';
    const extra = missing.flatMap(([partId, quantity]) => {
      const part = prices.get(partId);
      const count = quantity - (onBill.get(partId) ?? 0);
      return part ? [{ kind: 'part' as const, description: `${part.name}（${part.partNumber}）`, partId, quantity: count, unitPriceFen: part.salePriceFen, amountFen: lineAmount(count, part.salePriceFen), payer: payer as 'maker' | 'customer' }] : [];
    });
    await repo.insertLines(tx, lineRows(bill.id, extra, 'report', Math.max(0, ...lines.map((line) => line.seq)) + 1, meta.now));
  }
  bill = await storeTotals(tx, bill, meta.now, { status: 'final', finalizedAt: meta.now, technicianUserId: order.assignedUserId, outletId: order.outletId });
  await recordAudit(tx, meta.actor, { entity: 'billing_bill', entityId: bill.id, action: 'finalize', after: { dueFen: bill.dueFen, claimFen: bill.claimFen } });
  const collected = order.result?.feeCollectedFen;
  const hasPending = (await repo.adjustmentsOfBill(tx, bill.id)).some((item) => item.status === 'pending');
  if (collected !== null && collected !== undefined && collected !== bill.dueFen && !bill.isWarranty && !hasPending) {
    const amountFen = bill.dueFen - collected;
    const actor = payload.assignedUserId ? { ...meta.actor, id: payload.assignedUserId } : meta.actor;
    await insertProposal(tx, bill, actor, { kind: 'amount_change', percentBp: null, amountFen, reason: order.result?.feeReason ?? '技师收费与账单不符' }, meta.now);
  }
}
