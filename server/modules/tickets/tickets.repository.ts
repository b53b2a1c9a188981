import { and, asc, count, desc, eq, gte, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { containsPattern } from '../../db/like';
import { queryRows } from '../../db/client';
import type { TicketStatus } from '../../../contracts/tickets';
import { savedTicketFilters, ticketEvents, tickets, ticketSequences } from './tickets.tables';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;

/** The next number of the day, atomic under concurrency (the upsert locks the day's row). */
export async function nextTicketSequence(executor: Executor, businessDate: string): Promise<number> {
  const [row] = await queryRows<{ last: number }>(
    executor,
    sql`insert into ${ticketSequences} (business_date, last) values (${businessDate}, 1)
        on conflict (business_date) do update set last = ${ticketSequences}.last + 1
        returning last::int as last`,
  );
  return Number(row.last);
}

/** Serializes concurrent work on one key within the transaction (PostgreSQL and PGlite). */
export async function lockKey(executor: Executor, key: string): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** What intake writes; every other column starts at its default. */
export type NewTicket = Pick<
  TicketRow,
  'id' | 'type' | 'channel' | 'status' | 'urgency' | 'customerId' | 'assetId' | 'faultCategory' | 'description' | 'preferredFrom' | 'preferredTo' | 'contactName' | 'contactPhone' | 'address' | 'unitCount' | 'promisedFeedbackAt' | 'createdBy' | 'createdAt' | 'updatedAt'
>;

/**
 * Intake's writes in one statement (one round trip): the day's sequence upsert (which locks the
 * day's row until commit) numbers the ticket `SH<date>-<daily sequence>`; its timeline entries
 * (a `{number}` in their text becomes the number) and the `also` statements (the SLA module's
 * clock insert) ride along as data-modifying CTEs. Plain SQL where the query builder cost more
 * CPU than the database did; nothing is read back but the number and the entries' order, and
 * the row is completed from what was written and the column defaults (the type lists every
 * column, so a new one cannot be forgotten here).
 */
export async function insertNumberedTicket(
  executor: Executor,
  businessDate: string,
  row: NewTicket,
  options: { events?: Omit<TicketEventRow, 'seq'>[]; also?: (SQL | null)[] } = {},
): Promise<{ ticket: TicketRow; events: TicketEventRow[] }> {
  const prefix = `SH${businessDate.replace(/-/g, '')}-`;
  const events = options.events ?? [];
  const withNumber = (text: string | null) => (text?.includes('{number}') ? sql`replace(${text}::text, '{number}', (select number from new_ticket))` : text);
  const eventsInsert = events.length
    ? sql`, new_events as (${executor.insert(ticketEvents).values(events.map((event) => ({ ...event, text: withNumber(event.text) }))).returning({ id: ticketEvents.id, seq: ticketEvents.seq }).getSQL()})`
    : sql``;
  const extras = (options.also ?? []).filter((statement): statement is SQL => statement !== null).map((statement, index) => sql`, ${sql.raw(`also_${index}`)} as (${statement})`);
  const [inserted] = await queryRows<{ number: string; events: { id: string; seq: number }[] | null }>(
    executor,
    sql`with ticket_seq as (
          insert into ticket_sequences (business_date, last) values (${businessDate}, 1)
          on conflict (business_date) do update set last = ticket_sequences.last + 1 returning last),
        new_ticket as (
          insert into tickets (id, number, type, channel, status, urgency, customer_id, asset_id, fault_category, description, preferred_from, preferred_to,
                               contact_name, contact_phone, address, unit_count, promised_feedback_at, created_by, created_at, updated_at)
          select ${row.id}, ${prefix} || lpad(last::text, greatest(4, length(last::text)), '0'), ${row.type}, ${row.channel}, ${row.status}, ${row.urgency},
                 ${row.customerId}, ${row.assetId}, ${row.faultCategory}, ${row.description}, ${row.preferredFrom?.toISOString() ?? null}::timestamptz,
                 ${row.preferredTo?.toISOString() ?? null}::timestamptz, ${row.contactName}, ${row.contactPhone}, ${row.address}, ${row.unitCount},
                 ${row.promisedFeedbackAt.toISOString()}::timestamptz, ${row.createdBy}, ${row.createdAt.toISOString()}::timestamptz, ${row.updatedAt.toISOString()}::timestamptz
          from ticket_seq
          returning number)
        ${eventsInsert}${sql.join(extras)}
        select (select number from new_ticket) as number,
               ${events.length ? sql`(select json_agg(json_build_object('id', id, 'seq', seq)) from new_events)` : sql`null::json`} as events`,
  );
  const number = inserted.number;
  const seqOf = new Map((inserted.events ?? []).map((event) => [event.id, Number(event.seq)]));
  return {
    ticket: {
      ...row,
      number,
      outletId: null,
      assignedUserId: null,
      pausedFromStatus: null,
      resolvedAt: null,
      closedAt: null,
      reopenCount: 0,
      sameDayReason: null,
      committedAt: null,
      assessment: null,
      slaAtRisk: false,
      slaBreached: false,
    },
    events: events.map((event) => ({ ...event, text: event.text?.replace('{number}', number) ?? null, seq: seqOf.get(event.id)! })).sort((a, b) => a.seq - b.seq),
  };
}

export async function insertTicket(executor: Executor, row: typeof tickets.$inferInsert): Promise<TicketRow> {
  const [created] = await executor.insert(tickets).values(row).returning();
  return created;
}

export async function updateTicketRow(executor: Executor, id: string, patch: Partial<typeof tickets.$inferInsert>): Promise<TicketRow> {
  const [updated] = await executor.update(tickets).set(patch).where(eq(tickets.id, id)).returning();
  return updated;
}

export async function findTicketById(executor: Executor, id: string, options: { forUpdate?: boolean; scope?: SQL } = {}): Promise<TicketRow | undefined> {
  const query = executor.select().from(tickets).where(and(eq(tickets.id, id), options.scope));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** An open ticket of the same customer, asset and type created since `since`. */
export async function findOpenDuplicate(executor: Executor, input: { customerId: string; assetId: string | null; type: string; since: Date; openStatuses: readonly TicketStatus[] }) {
  const [row] = await executor
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.customerId, input.customerId),
        input.assetId ? eq(tickets.assetId, input.assetId) : sql`${tickets.assetId} is null`,
        eq(tickets.type, input.type),
        inArray(tickets.status, [...input.openStatuses]),
        gte(tickets.createdAt, input.since),
      ),
    )
    .orderBy(desc(tickets.createdAt))
    .limit(1);
  return row;
}

export async function insertEvent(executor: Executor, row: typeof ticketEvents.$inferInsert): Promise<void> {
  await executor.insert(ticketEvents).values(row);
}

export async function findEvents(executor: Executor, ticketId: string): Promise<TicketEventRow[]> {
  return executor.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.at), asc(ticketEvents.seq));
}

export type TicketFilter = { q?: string; status?: TicketStatus; statuses?: readonly TicketStatus[]; type?: string; customerId?: string; assetId?: string; scope?: SQL };

export async function findTickets(executor: Executor, filter: TicketFilter, page: { limit: number; offset: number }) {
  const conditions: (SQL | undefined)[] = [filter.scope];
  if (filter.q) conditions.push(or(ilike(tickets.number, containsPattern(filter.q)), ilike(tickets.description, containsPattern(filter.q))));
  if (filter.status) conditions.push(eq(tickets.status, filter.status));
  if (filter.statuses) conditions.push(inArray(tickets.status, [...filter.statuses]));
  if (filter.type) conditions.push(eq(tickets.type, filter.type));
  if (filter.customerId) conditions.push(eq(tickets.customerId, filter.customerId));
  if (filter.assetId) conditions.push(eq(tickets.assetId, filter.assetId));
  const where = and(...conditions.filter((condition): condition is SQL => condition !== undefined));
  const [rows, [{ total }]] = await Promise.all([
    page.limit === 0 ? Promise.resolve([] as TicketRow[]) : executor.select().from(tickets).where(where).orderBy(desc(tickets.createdAt), desc(tickets.number)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(tickets).where(where),
  ]);
  return { rows, total: Number(total) };
}

/**
 * The queue counts in one statement: open tickets grouped by type, outlet, "mine" and the two
 * SLA flags (a few hundred groups at most), one count per row; the caller adds them up.
 * Served by an index-only scan of tickets_open_queue_idx.
 */
export async function countQueueGroups(executor: Executor, where: SQL | undefined, mine: SQL) {
  const rows = await queryRows<{ type: string; outletId: string | null; isMine: boolean; atRisk: boolean; breached: boolean; count: number }>(
    executor,
    sql`select ${tickets.type} as "type", ${tickets.outletId} as "outletId", coalesce(${mine}, false) as "isMine",
          ${tickets.slaAtRisk} as "atRisk", ${tickets.slaBreached} as "breached", count(*)::int as "count"
        from ${tickets} where ${where ?? sql`true`}
        group by 1, 2, 3, 4, 5`,
  );
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

export async function findSavedFilters(executor: Executor, userId: string) {
  return executor.select().from(savedTicketFilters).where(eq(savedTicketFilters.userId, userId)).orderBy(asc(savedTicketFilters.createdAt));
}

export async function insertSavedFilter(executor: Executor, row: typeof savedTicketFilters.$inferInsert) {
  const [created] = await executor.insert(savedTicketFilters).values(row).returning();
  return created;
}

export async function deleteSavedFilter(executor: Executor, userId: string, id: string) {
  const [removed] = await executor.delete(savedTicketFilters).where(and(eq(savedTicketFilters.id, id), eq(savedTicketFilters.userId, userId))).returning();
  return removed;
}

export async function insertEvents(executor: Executor, rows: (typeof ticketEvents.$inferInsert)[]): Promise<void> {
  if (rows.length) await executor.insert(ticketEvents).values(rows);
}

/** Locks several tickets in id order (the same order everywhere: batches never deadlock each other). */
export async function lockTicketsInOrder(executor: Executor, ids: string[]): Promise<TicketRow[]> {
  if (!ids.length) return [];
  return executor.select().from(tickets).where(inArray(tickets.id, ids)).orderBy(asc(tickets.id)).for('update');
}

/** Outlet, technician and status of many tickets in one statement (automatic dispatch). */
export async function updateTicketsDispatchedInBulk(executor: Executor, updates: { id: string; outletId: string | null; assignedUserId: string | null; status: TicketStatus }[], now: Date): Promise<void> {
  if (!updates.length) return;
  const values = sql.join(updates.map((update) => sql`(${update.id}::uuid, ${update.outletId}::uuid, ${update.assignedUserId}::uuid, ${update.status})`), sql`, `);
  await executor.execute(sql`update ${tickets} as t set outlet_id = v.outlet_id, assigned_user_id = v.assigned_user_id, status = v.status, paused_from_status = case when v.status = t.status then t.paused_from_status else null end, updated_at = ${now}
    from (values ${values}) as v(id, outlet_id, assigned_user_id, status) where t.id = v.id`);
}

/** id → number of tickets (for work order lists). */
export async function findTicketNumbers(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await executor.select({ id: tickets.id, number: tickets.number }).from(tickets).where(inArray(tickets.id, ids));
  return new Map(rows.map((row) => [row.id, row.number]));
}

/** The asset's finished repairs other than `exceptId` (the 三包 engine counts them). */
export async function findFinishedRepairsOfAsset(executor: Executor, assetId: string, exceptId: string) {
  return executor
    .select({ resolvedAt: tickets.resolvedAt, closedAt: tickets.closedAt, assessment: tickets.assessment })
    .from(tickets)
    .where(and(eq(tickets.assetId, assetId), eq(tickets.type, 'repair'), inArray(tickets.status, ['resolved', 'closed']), sql`${tickets.id} <> ${exceptId}`));
}
