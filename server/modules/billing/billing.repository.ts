/** The only code that queries the billing tables. */
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/client';
import {
  billingAdjustments,
  billingBillLines,
  billingBills,
  billingCashHandins,
  billingFeeSchedules,
  billingInvoices,
  billingPayments,
  billingPieceRates,
  billingSettlementOrders,
  billingStatementLines,
  billingStatements,
} from './billing.tables';

export type ScheduleRow = typeof billingFeeSchedules.$inferSelect;
export type PieceRateRow = typeof billingPieceRates.$inferSelect;
export type BillRow = typeof billingBills.$inferSelect;
export type BillInsert = typeof billingBills.$inferInsert;
export type LineRow = typeof billingBillLines.$inferSelect;
export type LineInsert = typeof billingBillLines.$inferInsert;
export type AdjustmentRow = typeof billingAdjustments.$inferSelect;
export type PaymentRow = typeof billingPayments.$inferSelect;
export type HandinRow = typeof billingCashHandins.$inferSelect;
export type InvoiceRow = typeof billingInvoices.$inferSelect;
export type SettlementOrderRow = typeof billingSettlementOrders.$inferSelect;
export type StatementRow = typeof billingStatements.$inferSelect;
export type StatementInsert = typeof billingStatements.$inferInsert;
export type StatementLineRow = typeof billingStatementLines.$inferSelect;
export type StatementLineInsert = typeof billingStatementLines.$inferInsert;

// ---------------------------------------------------------------- schedules and rates

export const listSchedules = (executor: Executor) => executor.select().from(billingFeeSchedules).orderBy(desc(billingFeeSchedules.effectiveFrom));
export async function findSchedule(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<ScheduleRow | undefined> {
  const query = executor.select().from(billingFeeSchedules).where(eq(billingFeeSchedules.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}
/** The version in force on an Asia/Shanghai day: the latest one effective by then. */
export async function scheduleInForce(executor: Executor, day: string): Promise<ScheduleRow | undefined> {
  const [row] = await executor.select().from(billingFeeSchedules).where(lte(billingFeeSchedules.effectiveFrom, day)).orderBy(desc(billingFeeSchedules.effectiveFrom)).limit(1);
  return row;
}
export async function insertSchedule(executor: Executor, row: typeof billingFeeSchedules.$inferInsert): Promise<ScheduleRow> {
  const [inserted] = await executor.insert(billingFeeSchedules).values(row).returning();
  return inserted;
}
export async function updateSchedule(executor: Executor, id: string, version: number, fields: Partial<typeof billingFeeSchedules.$inferInsert>): Promise<ScheduleRow | undefined> {
  const [row] = await executor.update(billingFeeSchedules).set({ ...fields, version: version + 1 }).where(and(eq(billingFeeSchedules.id, id), eq(billingFeeSchedules.version, version))).returning();
  return row;
}
export async function scheduleWithDate(executor: Executor, day: string, exceptId?: string): Promise<ScheduleRow | undefined> {
  const [row] = await executor.select().from(billingFeeSchedules).where(eq(billingFeeSchedules.effectiveFrom, day));
  return row && row.id !== exceptId ? row : undefined;
}

export const listPieceRates = (executor: Executor) => executor.select().from(billingPieceRates).orderBy(desc(billingPieceRates.effectiveFrom));
export async function pieceRateInForce(executor: Executor, day: string): Promise<PieceRateRow | undefined> {
  const [row] = await executor.select().from(billingPieceRates).where(lte(billingPieceRates.effectiveFrom, day)).orderBy(desc(billingPieceRates.effectiveFrom)).limit(1);
  return row;
}
export async function pieceRateWithDate(executor: Executor, day: string): Promise<PieceRateRow | undefined> {
  const [row] = await executor.select().from(billingPieceRates).where(eq(billingPieceRates.effectiveFrom, day));
  return row;
}
export async function insertPieceRate(executor: Executor, row: typeof billingPieceRates.$inferInsert): Promise<PieceRateRow> {
  const [inserted] = await executor.insert(billingPieceRates).values(row).returning();
  return inserted;
}

// ---------------------------------------------------------------- bills

export async function findBill(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<BillRow | undefined> {
  const query = executor.select().from(billingBills).where(eq(billingBills.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}
export async function findBillOfWorkOrder(executor: Executor, workOrderId: string, options: { forUpdate?: boolean } = {}): Promise<BillRow | undefined> {
  const query = executor.select().from(billingBills).where(eq(billingBills.workOrderId, workOrderId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}
export async function insertBill(executor: Executor, row: BillInsert): Promise<BillRow> {
  const [inserted] = await executor.insert(billingBills).values(row).returning();
  return inserted;
}
export async function updateBill(executor: Executor, id: string, version: number, fields: Partial<BillInsert>): Promise<BillRow | undefined> {
  const [row] = await executor.update(billingBills).set({ ...fields, version: version + 1 }).where(and(eq(billingBills.id, id), eq(billingBills.version, version))).returning();
  return row;
}
export const findLines = (executor: Executor, billId: string) => executor.select().from(billingBillLines).where(eq(billingBillLines.billId, billId)).orderBy(asc(billingBillLines.seq));
export async function insertLines(executor: Executor, rows: LineInsert[]): Promise<void> {
  if (rows.length) await executor.insert(billingBillLines).values(rows);
}
export async function deleteQuoteLines(executor: Executor, billId: string): Promise<void> {
  await executor.delete(billingBillLines).where(and(eq(billingBillLines.billId, billId), eq(billingBillLines.source, 'quote')));
}

// ---------------------------------------------------------------- approvals

export async function findAdjustment(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<AdjustmentRow | undefined> {
  const query = executor.select().from(billingAdjustments).where(eq(billingAdjustments.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}
export async function insertAdjustment(executor: Executor, row: typeof billingAdjustments.$inferInsert): Promise<AdjustmentRow> {
  const [inserted] = await executor.insert(billingAdjustments).values(row).returning();
  return inserted;
}
export async function updateAdjustment(executor: Executor, id: string, version: number, fields: Partial<typeof billingAdjustments.$inferInsert>): Promise<AdjustmentRow | undefined> {
  const [row] = await executor.update(billingAdjustments).set({ ...fields, version: version + 1 }).where(and(eq(billingAdjustments.id, id), eq(billingAdjustments.version, version))).returning();
  return row;
}
export const adjustmentsOfBill = (executor: Executor, billId: string) => executor.select().from(billingAdjustments).where(eq(billingAdjustments.billId, billId)).orderBy(asc(billingAdjustments.proposedAt));
export async function pendingOfTicket(executor: Executor, ticketId: string): Promise<AdjustmentRow[]> {
  return executor.select().from(billingAdjustments).where(and(eq(billingAdjustments.ticketId, ticketId), eq(billingAdjustments.status, 'pending')));
}
export async function listAdjustments(executor: Executor, status: 'pending' | 'approved' | 'rejected', outletId: string | null | undefined, limit = 200): Promise<AdjustmentRow[]> {
  const conditions = [eq(billingAdjustments.status, status)];
  if (outletId !== undefined) conditions.push(outletId === null ? sql`false` : eq(billingAdjustments.outletId, outletId));
  return executor.select().from(billingAdjustments).where(and(...conditions)).orderBy(status === 'pending' ? asc(billingAdjustments.proposedAt) : desc(billingAdjustments.proposedAt)).limit(limit);
}
export async function billNumbers(executor: Executor, ids: string[]): Promise<Map<string, BillRow>> {
  if (!ids.length) return new Map();
  const rows = await executor.select().from(billingBills).where(inArray(billingBills.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

// ---------------------------------------------------------------- payments and cash

export async function insertPayment(executor: Executor, row: typeof billingPayments.$inferInsert): Promise<PaymentRow> {
  const [inserted] = await executor.insert(billingPayments).values(row).returning();
  return inserted;
}
export async function findPayment(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<PaymentRow | undefined> {
  const query = executor.select().from(billingPayments).where(eq(billingPayments.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}
export async function updatePayment(executor: Executor, id: string, fields: Partial<typeof billingPayments.$inferInsert>): Promise<PaymentRow> {
  const [row] = await executor.update(billingPayments).set(fields).where(eq(billingPayments.id, id)).returning();
  return row;
}
export const paymentsOfBill = (executor: Executor, billId: string) => executor.select().from(billingPayments).where(eq(billingPayments.billId, billId)).orderBy(asc(billingPayments.createdAt));
export async function refundedOf(executor: Executor, paymentId: string): Promise<number> {
  const [row] = await queryRows<{ total: string | number }>(executor, sql`select coalesce(sum(amount_fen), 0) as total from billing_payments where refund_of_id = ${paymentId}`);
  return Number(row.total);
}
export async function insertHandin(executor: Executor, row: typeof billingCashHandins.$inferInsert): Promise<HandinRow> {
  const [inserted] = await executor.insert(billingCashHandins).values(row).returning();
  return inserted;
}
/** Cash collected (payments − cash refunds) and handed in, per technician user, on one day. */
export async function cashOfDay(executor: Executor, day: string, outletId: string | null | undefined) {
  const outletPayments = outletId === undefined ? sql`true` : outletId === null ? sql`false` : sql`outlet_id = ${outletId}`;
  const collected = await queryRows<{ user_id: string; name: string; outlet_id: string | null; collected: string | number }>(
    executor,
    sql`select collector_user_id as user_id, max(collector_name) as name, max(outlet_id::text) as outlet_id,
          sum(case when kind = 'payment' then amount_fen else -amount_fen end) as collected
        from billing_payments where method = 'cash' and status = 'succeeded' and business_date = ${day} and ${outletPayments}
        group by collector_user_id`,
  );
  const handedIn = await queryRows<{ user_id: string; outlet_id: string | null; handed: string | number }>(
    executor,
    sql`select technician_user_id as user_id, max(outlet_id::text) as outlet_id, sum(amount_fen) as handed from billing_cash_handins
        where business_date = ${day} and ${outletPayments} group by technician_user_id`,
  );
  return { collected, handedIn };
}
/** Final bills with something left to pay, oldest first. */
export async function outstandingBills(executor: Executor, outletId: string | null | undefined, limit = 1000) {
  const scope = outletId === undefined ? sql`true` : outletId === null ? sql`false` : sql`outlet_id = ${outletId}`;
  return executor
    .select()
    .from(billingBills)
    .where(sql`status = 'final' and due_fen > paid_fen - refunded_fen and ${scope}`)
    .orderBy(asc(billingBills.finalizedAt))
    .limit(limit);
}

// ---------------------------------------------------------------- invoices

export async function insertInvoice(executor: Executor, row: typeof billingInvoices.$inferInsert): Promise<InvoiceRow> {
  const [inserted] = await executor.insert(billingInvoices).values(row).returning();
  return inserted;
}
export async function findInvoice(executor: Executor, id: string): Promise<InvoiceRow | undefined> {
  const [row] = await executor.select().from(billingInvoices).where(eq(billingInvoices.id, id)).for('update');
  return row;
}
export async function updateInvoice(executor: Executor, id: string, version: number, fields: Partial<typeof billingInvoices.$inferInsert>): Promise<InvoiceRow | undefined> {
  const [row] = await executor.update(billingInvoices).set({ ...fields, version: version + 1 }).where(and(eq(billingInvoices.id, id), eq(billingInvoices.version, version))).returning();
  return row;
}
export const invoicesOfBill = (executor: Executor, billId: string) => executor.select().from(billingInvoices).where(eq(billingInvoices.billId, billId));
export async function listInvoices(executor: Executor, status: 'requested' | 'issued' | undefined, limit = 500) {
  return executor.select().from(billingInvoices).where(status ? eq(billingInvoices.status, status) : sql`true`).orderBy(desc(billingInvoices.requestedAt)).limit(limit);
}
export async function invoicedFen(executor: Executor, billId: string): Promise<number> {
  const [row] = await queryRows<{ total: string | number }>(executor, sql`select coalesce(sum(amount_fen), 0) as total from billing_invoices where bill_id = ${billId}`);
  return Number(row.total);
}

// ---------------------------------------------------------------- settlement

export async function upsertSettlementOrder(executor: Executor, row: SettlementOrderRow): Promise<void> {
  await executor.insert(billingSettlementOrders).values(row).onConflictDoUpdate({ target: billingSettlementOrders.workOrderId, set: { ...row } });
}
export async function countSettlementOrders(executor: Executor, period: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(executor, sql`select count(*)::int as n from billing_settlement_orders where period = ${period}`);
  return row.n;
}
export const settlementOrdersOf = (executor: Executor, period: string) =>
  executor.select().from(billingSettlementOrders).where(eq(billingSettlementOrders.period, period)).orderBy(asc(billingSettlementOrders.finishedAt), asc(billingSettlementOrders.workOrderId));

export async function findStatement(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<StatementRow | undefined> {
  const query = executor.select().from(billingStatements).where(eq(billingStatements.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}
export async function statementsOfPeriod(executor: Executor, period: string): Promise<StatementRow[]> {
  return executor.select().from(billingStatements).where(eq(billingStatements.period, period));
}
export async function listStatements(executor: Executor, filter: { period?: string; partyType?: string; partyIds?: string[] | null }) {
  const conditions = [sql`true`];
  if (filter.period) conditions.push(eq(billingStatements.period, filter.period));
  if (filter.partyType) conditions.push(sql`${billingStatements.partyType} = ${filter.partyType}`);
  if (filter.partyIds) conditions.push(filter.partyIds.length ? inArray(billingStatements.partyId, filter.partyIds) : sql`false`);
  return executor.select().from(billingStatements).where(and(...conditions)).orderBy(desc(billingStatements.period), asc(billingStatements.partyType), asc(billingStatements.partyName)).limit(1000);
}
export async function deleteStatements(executor: Executor, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await executor.delete(billingStatementLines).where(inArray(billingStatementLines.statementId, ids));
  await executor.delete(billingStatements).where(inArray(billingStatements.id, ids));
}
export async function insertStatements(executor: Executor, rows: StatementInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await executor.insert(billingStatements).values(rows.slice(i, i + 1000));
}
/** Many lines at once: one INSERT … SELECT FROM jsonb_to_recordset(one JSON parameter) per chunk (fast on a month of orders). */
export async function insertStatementLines(executor: Executor, rows: StatementLineInsert[]): Promise<void> {
  const chunk = 20_000;
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(
      rows.slice(i, i + chunk).map((row) => ({
        id: row.id, statement_id: row.statementId, seq: row.seq, kind: row.kind, deduction_type: row.deductionType ?? null, work_order_id: row.workOrderId ?? null,
        work_order_number: row.workOrderNumber ?? null, work_type: row.workType ?? null, description: row.description, rate_fen: row.rateFen, extras_fen: row.extrasFen,
        extra_kinds: row.extraKinds, amount_fen: row.amountFen, source_key: row.sourceKey ?? null,
      })),
    );
    await executor.execute(sql`
      insert into billing_statement_lines (id, statement_id, seq, kind, deduction_type, work_order_id, work_order_number, work_type, description, rate_fen, extras_fen, extra_kinds, amount_fen, source_key, state)
      select id, statement_id, seq, kind, deduction_type, work_order_id, work_order_number, work_type, description, rate_fen, extras_fen, extra_kinds, amount_fen, source_key, 'open'
      from jsonb_to_recordset(${json}::jsonb) as t(id uuid, statement_id uuid, seq int, kind text, deduction_type text, work_order_id uuid, work_order_number text, work_type text,
        description text, rate_fen bigint, extras_fen bigint, extra_kinds jsonb, amount_fen bigint, source_key text)`);
  }
}
/** The parties with completed visits in a period: outlets, and technicians with their users. */
export async function partiesOfPeriod(executor: Executor, period: string) {
  const outlets = await queryRows<{ id: string }>(executor, sql`select distinct outlet_id as id from billing_settlement_orders where period = ${period} and outlet_id is not null`);
  const technicians = await queryRows<{ id: string; user_id: string | null }>(
    executor,
    sql`select technician_id as id, max(technician_user_id::text) as user_id from billing_settlement_orders where period = ${period} and technician_id is not null group by technician_id`,
  );
  return { outlets: outlets.map((row) => row.id), technicians: technicians.map((row) => ({ id: row.id, userId: row.user_id })) };
}

/**
 * One line per completed visit of the period on the party's draft statement, set-based: the
 * piece rate (the category's rate before the any-category one), the extras (night 20:00–08:00
 * Shanghai, a rest day from `restDays`, urgent, per km beyond the free km rounded half up to
 * the fen). The same rules as `extrasOf` / `findPieceRate` (the benchmark compares both).
 */
export async function insertOrderLines(
  executor: Executor,
  input: { period: string; party: 'outlet' | 'technician'; rates: unknown[]; extras: { nightFen: number; holidayFen: number; urgentFen: number; perKmFen: number; freeKm: number }; restDays: string[]; labels: Record<string, string> },
): Promise<void> {
  const partyColumn = input.party === 'outlet' ? sql`o.outlet_id` : sql`o.technician_id`;
  const freeMetres = Math.round(input.extras.freeKm * 1000);
  // A month's sort of hundreds of thousands of lines stays in memory (this transaction only).
  await executor.execute(sql`set local work_mem = '128MB'`);
  await executor.execute(sql`
    with rates as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(input.rates)}::jsonb) as r(party text, "workType" text, "categoryId" uuid, "amountFen" bigint) where r.party = ${input.party}
    ), rest as materialized (
      select value::date as day from jsonb_array_elements_text(${JSON.stringify(input.restDays)}::jsonb)
    ), facts as materialized (
      select o.work_order_id, o.number, o.work_type, o.finished_at, s.id as statement_id,
        coalesce(rc."amountFen", rn."amountFen", 0) as rate_fen,
        (${input.extras.nightFen} > 0 and (extract(hour from o.finished_at at time zone 'Asia/Shanghai') >= 20 or extract(hour from o.finished_at at time zone 'Asia/Shanghai') < 8)) as is_night,
        (${input.extras.holidayFen} > 0 and rest.day is not null) as is_holiday,
        (${input.extras.urgentFen} > 0 and o.priority = 'urgent') as is_urgent,
        case when o.distance_km is null or ${input.extras.perKmFen} <= 0 then 0
             else floor((${input.extras.perKmFen}::bigint * greatest(0, floor(o.distance_km * 1000 + 0.5)::bigint - ${freeMetres}) + 500) / 1000)::bigint end as distance_fen
      from billing_settlement_orders o
      join billing_statements s on s.period = ${input.period} and s.party_type = ${input.party} and s.party_id = ${partyColumn} and s.status = 'draft'
      left join rates rc on rc."workType" = o.work_type and rc."categoryId" = o.category_id
      left join rates rn on rn."workType" = o.work_type and rn."categoryId" is null
      left join rest on rest.day = (o.finished_at at time zone 'Asia/Shanghai')::date
      where o.period = ${input.period}
    )
    insert into billing_statement_lines (id, statement_id, seq, kind, work_order_id, work_order_number, work_type, description, rate_fen, extras_fen, extra_kinds, amount_fen, state)
    select gen_random_uuid(), statement_id, row_number() over (partition by statement_id order by finished_at, work_order_id), 'order', work_order_id, number, work_type,
           coalesce(${JSON.stringify(input.labels)}::jsonb ->> work_type, work_type) || ' ' || number, rate_fen, extras,
           to_jsonb(array_remove(array[case when is_night then 'night' end, case when is_holiday then 'holiday' end, case when is_urgent then 'urgent' end, case when distance_fen > 0 then 'distance' end], null)),
           rate_fen + extras, 'open'
    from (select f.*, (case when is_night then ${input.extras.nightFen} else 0 end + case when is_holiday then ${input.extras.holidayFen} else 0 end
                       + case when is_urgent then ${input.extras.urgentFen} else 0 end + distance_fen)::bigint as extras from facts f) priced`);
}

/** Order lines per statement of the period (for numbering the deduction lines after them). */
export async function orderLineCounts(executor: Executor, period: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ id: string; n: number }>(executor, sql`select s.id, count(l.id)::int as n from billing_statements s left join billing_statement_lines l on l.statement_id = s.id where s.period = ${period} and s.status = 'draft' group by s.id`);
  return new Map(rows.map((row) => [row.id, row.n]));
}

/** The stored totals of the period's drafts from their lines; returns the grand total of the period's drafts. */
export async function storeStatementTotals(executor: Executor, period: string): Promise<void> {
  await executor.execute(sql`
    update billing_statements s set order_count = t.n, orders_fen = t.orders, extras_fen = t.extras, deductions_fen = t.deductions, total_fen = t.total
    from (
      select l.statement_id, count(*) filter (where l.kind = 'order') as n,
             coalesce(sum(case when l.kind = 'order' then l.rate_fen else 0 end), 0) as orders, coalesce(sum(case when l.kind = 'order' then l.extras_fen else 0 end), 0) as extras,
             -coalesce(sum(case when l.kind <> 'order' then l.amount_fen else 0 end), 0) as deductions, coalesce(sum(l.amount_fen), 0) as total
      from billing_statement_lines l join billing_statements x on x.id = l.statement_id and x.period = ${period} and x.status = 'draft'
      group by l.statement_id
    ) t
    where t.statement_id = s.id`);
}

export async function periodTotal(executor: Executor, period: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const [row] = await queryRows<{ total: string | number }>(executor, sql`select coalesce(sum(total_fen), 0) as total from billing_statements where period = ${period} and id in (${sql.join(ids.map((value) => sql`${value}`), sql`, `)})`);
  return Number(row.total);
}

export const linesOfStatement = (executor: Executor, statementId: string) =>
  executor.select().from(billingStatementLines).where(eq(billingStatementLines.statementId, statementId)).orderBy(asc(billingStatementLines.seq));
export async function findStatementLine(executor: Executor, id: string): Promise<StatementLineRow | undefined> {
  const [row] = await executor.select().from(billingStatementLines).where(eq(billingStatementLines.id, id));
  return row;
}
export async function updateStatementLine(executor: Executor, id: string, fields: Partial<StatementLineInsert>): Promise<StatementLineRow> {
  const [row] = await executor.update(billingStatementLines).set(fields).where(eq(billingStatementLines.id, id)).returning();
  return row;
}
export async function insertStatementLine(executor: Executor, row: StatementLineInsert): Promise<void> {
  await executor.insert(billingStatementLines).values(row);
}
export async function updateStatement(executor: Executor, id: string, version: number, fields: Partial<StatementInsert>): Promise<StatementRow | undefined> {
  const [row] = await executor.update(billingStatements).set({ ...fields, version: version + 1 }).where(and(eq(billingStatements.id, id), eq(billingStatements.version, version))).returning();
  return row;
}
/** Σ of a statement's lines by kind, and the disputed count (the stored totals are recomputed from these). */
export async function statementSums(executor: Executor, statementId: string) {
  const [row] = await queryRows<{ orders: string | number; extras: string | number; deductions: string | number; total: string | number; count: string | number; disputed: string | number; max_seq: number | null }>(
    executor,
    sql`select coalesce(sum(case when kind = 'order' then rate_fen else 0 end), 0) as orders,
               coalesce(sum(case when kind = 'order' then extras_fen else 0 end), 0) as extras,
               coalesce(sum(case when kind <> 'order' then amount_fen else 0 end), 0) as deductions,
               coalesce(sum(amount_fen), 0) as total,
               count(*) filter (where kind = 'order') as count,
               count(*) filter (where state = 'disputed') as disputed,
               max(seq) as max_seq
        from billing_statement_lines where statement_id = ${statementId}`,
  );
  return { ordersFen: Number(row.orders), extrasFen: Number(row.extras), deductionsFen: -Number(row.deductions), totalFen: Number(row.total), orderCount: Number(row.count), disputed: Number(row.disputed), maxSeq: row.max_seq ?? 0 };
}
export async function disputedCounts(executor: Executor, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ statement_id: string; n: string | number }>(executor, sql`select statement_id, count(*) as n from billing_statement_lines where state = 'disputed' and statement_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) group by statement_id`);
  return new Map(rows.map((row) => [row.statement_id, Number(row.n)]));
}
