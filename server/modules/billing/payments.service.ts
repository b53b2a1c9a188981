/**
 * Payments (收款) of a bill: cash, WeChat Pay, Alipay, bank transfer, POS, with reference and
 * collector; partial payments; refunds of a payment; pay links through the `PaymentProvider`;
 * the technicians' cash hand-in (技师缴款) and the day's reconciliation per outlet; receivables
 * by age. A payment above what is outstanding is a 400 naming `amountFen`.
 */
import type { z } from 'zod';
import type { TPaymentView, ZCashHandinBody, ZPaymentBody, ZPaymentLinkBody, ZRefundBody } from '../../../contracts/billing';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal, UserPrincipal } from '../../platform/principal';
import { isInScope } from '../../platform/scope';
import { shanghaiDate, shanghaiMidnightMs } from '../../platform/time';
import { recordAudit } from '../audit';
import { findCustomerNames } from '../customers';
import * as repo from './billing.repository';
import { billScope } from './bills.service';
import { billingProviders } from './providers';

export function presentPayment(row: repo.PaymentRow): TPaymentView {
  return {
    id: row.id,
    billId: row.billId,
    kind: row.kind,
    method: row.method,
    amountFen: row.amountFen,
    reference: row.reference,
    status: row.status,
    payUrl: row.payUrl,
    collectorUserId: row.collectorUserId,
    collectorName: row.collectorName,
    reason: row.reason,
    refundOfId: row.refundOfId,
    paidAt: row.paidAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** paid / refunded on the bill from its succeeded payments (the stored sums follow the rows). */
async function storePaid(tx: Executor, bill: repo.BillRow, now: Date): Promise<repo.BillRow> {
  const payments = await repo.paymentsOfBill(tx, bill.id);
  const ok = payments.filter((item) => item.status === 'succeeded');
  const paidFen = ok.filter((item) => item.kind === 'payment').reduce((sum, item) => sum + item.amountFen, 0);
  const refundedFen = ok.filter((item) => item.kind === 'refund').reduce((sum, item) => sum + item.amountFen, 0);
  const updated = await repo.updateBill(tx, bill.id, bill.version, { paidFen, refundedFen, updatedAt: now });
  if (!updated) throw conflict('The bill was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
  return updated;
}

async function lockBill(tx: Executor, principal: Principal, billId: string): Promise<repo.BillRow> {
  const bill = await repo.findBill(tx, billId, { forUpdate: true });
  if (!bill || !isInScope(principal, billScope(bill))) throw notFound('Bill');
  return bill;
}

/** Pay links not paid yet count against what is outstanding (the customer may still pay them). */
async function pendingLinksFen(tx: Executor, billId: string): Promise<number> {
  return (await repo.paymentsOfBill(tx, billId)).filter((item) => item.status === 'pending').reduce((sum, item) => sum + item.amountFen, 0);
}

function checkAmount(bill: repo.BillRow, amountFen: number, pendingFen = 0): void {
  const outstanding = bill.dueFen - (bill.paidFen - bill.refundedFen) - pendingFen;
  if (amountFen > outstanding) throw invalidField(['amountFen'], `above the amount outstanding (${Math.max(0, outstanding)} fen)`);
}

export async function recordPayment(ctx: AppContext, principal: UserPrincipal, actor: Actor, billId: string, body: z.infer<typeof ZPaymentBody>): Promise<TPaymentView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const bill = await lockBill(tx, principal, billId);
    checkAmount(bill, body.amountFen, await pendingLinksFen(tx, billId));
    const row = await repo.insertPayment(tx, {
      id: newId(), billId, outletId: bill.outletId, kind: 'payment', method: body.method, amountFen: body.amountFen, reference: body.reference ?? null, status: 'succeeded',
      collectorUserId: principal.userId, collectorName: principal.displayName, paidAt: now, businessDate: shanghaiDate(now), createdAt: now,
    });
    await storePaid(tx, bill, now);
    await recordAudit(tx, actor, { entity: 'billing_payment', entityId: row.id, action: 'pay', after: { billId, method: row.method, amountFen: row.amountFen, reference: row.reference } });
    return presentPayment(row);
  });
}

/** A pay link (QR) from the provider; the payment stays pending until `refreshPayment` finds it paid. */
export async function createPaymentLink(ctx: AppContext, principal: UserPrincipal, actor: Actor, billId: string, body: z.infer<typeof ZPaymentLinkBody>): Promise<TPaymentView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const bill = await lockBill(tx, principal, billId);
    checkAmount(bill, body.amountFen, await pendingLinksFen(tx, billId));
    const link = await billingProviders().payment.createLink({ method: body.method, amountFen: body.amountFen, billId, description: `服务费 ${bill.workOrderNumber}` });
    const row = await repo.insertPayment(tx, {
      id: newId(), billId, outletId: bill.outletId, kind: 'payment', method: body.method, amountFen: body.amountFen, status: 'pending', providerRef: link.providerRef, payUrl: link.payUrl,
      collectorUserId: principal.userId, collectorName: principal.displayName, createdAt: now,
    });
    await recordAudit(tx, actor, { entity: 'billing_payment', entityId: row.id, action: 'link', after: { billId, method: row.method, amountFen: row.amountFen, providerRef: link.providerRef } });
    return presentPayment(row);
  });
}

/** Asks the provider whether a pending link was paid; a paid one is recorded with the provider's reference. */
export async function refreshPayment(ctx: AppContext, principal: Principal, actor: Actor, paymentId: string): Promise<TPaymentView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const payment = await repo.findPayment(tx, paymentId, { forUpdate: true });
    if (!payment) throw notFound('Payment');
    const bill = await lockBill(tx, principal, payment.billId);
    if (payment.status !== 'pending' || !payment.providerRef) return presentPayment(payment);
    const state = await billingProviders().payment.query(payment.providerRef);
    if (state.status !== 'succeeded') return presentPayment(payment);
    const paidAt = state.paidAt ?? now;
    const row = await repo.updatePayment(tx, payment.id, { status: 'succeeded', reference: state.reference, paidAt, businessDate: shanghaiDate(paidAt) });
    await storePaid(tx, bill, now);
    await recordAudit(tx, actor, { entity: 'billing_payment', entityId: row.id, action: 'paid', before: { status: 'pending' }, after: { status: 'succeeded', reference: row.reference } });
    return presentPayment(row);
  });
}

export async function refundPayment(ctx: AppContext, principal: UserPrincipal, actor: Actor, billId: string, body: z.infer<typeof ZRefundBody>): Promise<TPaymentView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const bill = await lockBill(tx, principal, billId);
    const payment = await repo.findPayment(tx, body.paymentId, { forUpdate: true });
    if (!payment || payment.billId !== billId || payment.kind !== 'payment') throw invalidField(['paymentId'], 'not a payment of this bill');
    if (payment.status !== 'succeeded') throw invalidField(['paymentId'], 'the payment is not received yet');
    const left = payment.amountFen - (await repo.refundedOf(tx, payment.id));
    if (body.amountFen > left) throw invalidField(['amountFen'], `above what is left to refund of this payment (${left} fen)`);
    const row = await repo.insertPayment(tx, {
      id: newId(), billId, outletId: bill.outletId, kind: 'refund', method: payment.method, amountFen: body.amountFen, status: 'succeeded', reason: body.reason, refundOfId: payment.id,
      collectorUserId: principal.userId, collectorName: principal.displayName, paidAt: now, businessDate: shanghaiDate(now), createdAt: now,
    });
    await storePaid(tx, bill, now);
    await recordAudit(tx, actor, { entity: 'billing_payment', entityId: row.id, action: 'refund', after: { billId, paymentId: payment.id, amountFen: row.amountFen, reason: body.reason } });
    return presentPayment(row);
  });
}

export async function listPayments(ctx: AppContext, principal: Principal, billId: string): Promise<{ items: TPaymentView[] }> {
  const bill = await repo.findBill(ctx.db, billId);
  if (!bill || !isInScope(principal, billScope(bill))) throw notFound('Bill');
  return { items: (await repo.paymentsOfBill(ctx.db, billId)).map(presentPayment) };
}

// ---------------------------------------------------------------- cash hand-in

export async function recordHandin(ctx: AppContext, principal: UserPrincipal, actor: Actor, body: z.infer<typeof ZCashHandinBody>) {
  const now = ctx.clock.now();
  if (principal.scope !== 'all' && body.outletId !== principal.outletId) throw invalidField(['outletId'], 'your own outlet');
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertHandin(tx, { id: newId(), outletId: body.outletId, technicianUserId: body.technicianUserId, businessDate: body.businessDate, amountFen: body.amountFen, note: body.note ?? null, receivedById: principal.userId, receivedBy: principal.displayName, createdAt: now });
    await recordAudit(tx, actor, { entity: 'billing_cash_handin', entityId: row.id, action: 'create', after: { technicianUserId: row.technicianUserId, businessDate: row.businessDate, amountFen: row.amountFen } });
    return { id: row.id, amountFen: row.amountFen, businessDate: row.businessDate };
  });
}

/** The day's cash per technician: collected in cash (less cash refunds), handed in, the difference. */
export async function cashReconciliation(ctx: AppContext, principal: Principal, query: { date: string; outletId?: string }) {
  const outletId = principal.scope === 'all' ? query.outletId : principal.outletId;
  const { collected, handedIn } = await repo.cashOfDay(ctx.db, query.date, outletId);
  const people = new Map<string, { technicianUserId: string; name: string; outletId: string | null; collectedFen: number; handedInFen: number; differenceFen: number }>();
  for (const row of collected) people.set(row.user_id, { technicianUserId: row.user_id, name: row.name, outletId: row.outlet_id, collectedFen: Number(row.collected), handedInFen: 0, differenceFen: 0 });
  for (const row of handedIn) {
    const person = people.get(row.user_id) ?? { technicianUserId: row.user_id, name: '', outletId: row.outlet_id, collectedFen: 0, handedInFen: 0, differenceFen: 0 };
    person.handedInFen = Number(row.handed);
    people.set(row.user_id, person);
  }
  const items = [...people.values()].map((person) => ({ ...person, differenceFen: person.collectedFen - person.handedInFen }));
  const sum = (key: 'collectedFen' | 'handedInFen' | 'differenceFen') => items.reduce((total, item) => total + item[key], 0);
  return { date: query.date, items, collectedFen: sum('collectedFen'), handedInFen: sum('handedInFen'), differenceFen: sum('differenceFen') };
}

// ---------------------------------------------------------------- receivables

export const AGE_BUCKETS = [
  { key: '0-30', max: 30 },
  { key: '31-60', max: 60 },
  { key: '61-90', max: 90 },
  { key: '90+', max: Number.POSITIVE_INFINITY },
] as const;

/** Outstanding final bills with their age in days (Asia/Shanghai) and the sums per customer and bucket. */
export async function receivables(ctx: AppContext, principal: Principal) {
  const now = ctx.clock.now();
  const today = shanghaiMidnightMs(shanghaiDate(now));
  const rows = await repo.outstandingBills(ctx.db, principal.scope === 'all' ? undefined : principal.outletId);
  const names = await findCustomerNames(ctx.db, [...new Set(rows.map((row) => row.customerId))]);
  const items = rows.map((row) => {
    const since = row.finalizedAt ?? row.createdAt;
    const ageDays = Math.round((today - shanghaiMidnightMs(shanghaiDate(since))) / 86_400_000);
    return { billId: row.id, workOrderNumber: row.workOrderNumber, customerId: row.customerId, customerName: names.get(row.customerId) ?? null, outstandingFen: row.dueFen - (row.paidFen - row.refundedFen), ageDays, bucket: AGE_BUCKETS.find((bucket) => ageDays <= bucket.max)!.key };
  });
  const byCustomer = new Map<string, { customerId: string; customerName: string | null; totalFen: number; buckets: Record<string, number> }>();
  for (const item of items) {
    const entry = byCustomer.get(item.customerId) ?? { customerId: item.customerId, customerName: item.customerName, totalFen: 0, buckets: Object.fromEntries(AGE_BUCKETS.map((bucket) => [bucket.key, 0])) };
    entry.totalFen += item.outstandingFen;
    entry.buckets[item.bucket] += item.outstandingFen;
    byCustomer.set(item.customerId, entry);
  }
  return { items, customers: [...byCustomer.values()].sort((a, b) => b.totalFen - a.totalFen), totalFen: items.reduce((sum, item) => sum + item.outstandingFen, 0) };
}
