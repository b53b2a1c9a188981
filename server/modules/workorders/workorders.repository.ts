import { and, asc, count, desc, eq, ilike, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { containsPattern } from '../../db/like';
import { BOOKED_STATUSES, type WorkOrderStatus } from '../../../contracts/dispatch';
import type { TechnicianRow } from '../technicians';
import { workOrderEvents, workOrderPhotos, workOrders } from './workorders.tables';

export type WorkOrderRow = typeof workOrders.$inferSelect;
export type WorkOrderEventRow = typeof workOrderEvents.$inferSelect;
export type { TechnicianRow };

export async function findWorkOrderById(executor: Executor, id: string, options: { forUpdate?: boolean; scope?: SQL } = {}): Promise<WorkOrderRow | undefined> {
  const query = executor.select().from(workOrders).where(and(eq(workOrders.id, id), options.scope));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function insertWorkOrder(executor: Executor, row: typeof workOrders.$inferInsert): Promise<WorkOrderRow> {
  const [created] = await executor.insert(workOrders).values(row).returning();
  return created;
}

export async function updateWorkOrderRow(executor: Executor, id: string, patch: Partial<typeof workOrders.$inferInsert>): Promise<WorkOrderRow> {
  const [updated] = await executor.update(workOrders).set(patch).where(eq(workOrders.id, id)).returning();
  return updated;
}

export async function countWorkOrdersOfTicket(executor: Executor, ticketId: string): Promise<number> {
  const [{ total }] = await executor.select({ total: count() }).from(workOrders).where(eq(workOrders.ticketId, ticketId));
  return Number(total);
}

export async function findWorkOrdersOfTicket(executor: Executor, ticketId: string): Promise<WorkOrderRow[]> {
  return executor.select().from(workOrders).where(eq(workOrders.ticketId, ticketId)).orderBy(asc(workOrders.createdAt));
}

/** The ticket's other orders (not `exceptId`) in the given statuses. */
export async function findOtherOrdersOfTicket(executor: Executor, ticketId: string, exceptId: string, statuses: WorkOrderStatus[]): Promise<{ id: string }[]> {
  return executor
    .select({ id: workOrders.id })
    .from(workOrders)
    .where(and(eq(workOrders.ticketId, ticketId), ne(workOrders.id, exceptId), inArray(workOrders.status, statuses)));
}

/** Numbers of the ticket's orders in the given statuses. */
export async function findOrdersOfTicketIn(executor: Executor, ticketId: string, statuses: WorkOrderStatus[]): Promise<{ number: string }[]> {
  return executor
    .select({ number: workOrders.number })
    .from(workOrders)
    .where(and(eq(workOrders.ticketId, ticketId), inArray(workOrders.status, statuses)));
}

export async function insertWorkOrderEvent(executor: Executor, row: typeof workOrderEvents.$inferInsert): Promise<void> {
  await executor.insert(workOrderEvents).values(row);
}

export async function findWorkOrderEvents(executor: Executor, workOrderId: string): Promise<WorkOrderEventRow[]> {
  return executor.select().from(workOrderEvents).where(eq(workOrderEvents.workOrderId, workOrderId)).orderBy(asc(workOrderEvents.at));
}

/** The event a phone step with this client step id already produced (a retry), or undefined. */
export async function findStepEvent(executor: Executor, workOrderId: string, clientStepId: string): Promise<WorkOrderEventRow | undefined> {
  const [row] = await executor.select().from(workOrderEvents).where(and(eq(workOrderEvents.workOrderId, workOrderId), eq(workOrderEvents.clientStepId, clientStepId)));
  return row;
}

export async function findPhotos(executor: Executor, workOrderId: string) {
  return executor.select().from(workOrderPhotos).where(eq(workOrderPhotos.workOrderId, workOrderId)).orderBy(asc(workOrderPhotos.createdAt));
}

export type WorkOrderFilter = {
  scope?: SQL;
  statuses?: WorkOrderStatus[];
  outletId?: string;
  technicianId?: string;
  ticketId?: string;
  date?: string;
  type?: string;
  /** Dispatched before this instant without a technician's acceptance. */
  feedbackOverdueBefore?: Date;
  q?: string;
};

function filterCondition(filter: WorkOrderFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [filter.scope];
  if (filter.statuses?.length) conditions.push(inArray(workOrders.status, filter.statuses));
  if (filter.outletId) conditions.push(eq(workOrders.outletId, filter.outletId));
  if (filter.technicianId) conditions.push(eq(workOrders.technicianId, filter.technicianId));
  if (filter.ticketId) conditions.push(eq(workOrders.ticketId, filter.ticketId));
  if (filter.date) conditions.push(eq(workOrders.serviceDate, filter.date));
  if (filter.type) conditions.push(eq(workOrders.type, filter.type));
  if (filter.feedbackOverdueBefore) conditions.push(and(eq(workOrders.status, 'dispatched'), lte(workOrders.dispatchedAt, filter.feedbackOverdueBefore)));
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(workOrders.number, pattern), ilike(workOrders.address, pattern)));
  }
  return and(...conditions);
}

export async function findWorkOrders(executor: Executor, filter: WorkOrderFilter, page: { limit: number; offset: number }, order: 'window' | 'newest' = 'window') {
  const where = filterCondition(filter);
  const orderBy = order === 'window' ? [asc(workOrders.serviceDate), asc(workOrders.routeSeq), asc(workOrders.windowStart), asc(workOrders.number)] : [desc(workOrders.createdAt)];
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(workOrders).where(where).orderBy(...orderBy).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(workOrders).where(where),
  ]);
  return { rows, total: Number(total) };
}

/** Orders that occupy technicians' days on the given dates (for the board and the fit check). */
export async function findBookedOrders(executor: Executor, filter: { technicianIds?: string[]; outletIds?: string[]; dates: string[] }): Promise<WorkOrderRow[]> {
  if (!filter.dates.length) return [];
  const conditions: SQL[] = [inArray(workOrders.status, [...BOOKED_STATUSES]), inArray(workOrders.serviceDate, filter.dates)];
  if (filter.technicianIds) {
    if (!filter.technicianIds.length) return [];
    conditions.push(inArray(workOrders.technicianId, filter.technicianIds));
  }
  if (filter.outletIds) {
    if (!filter.outletIds.length) return [];
    conditions.push(inArray(workOrders.outletId, filter.outletIds));
  }
  return executor.select().from(workOrders).where(and(...conditions));
}

/** Per outlet, type and date: orders already sent to the outlet (its load against capacity). */
export async function countOutletLoad(executor: Executor, dates: string[]): Promise<Map<string, number>> {
  if (!dates.length) return new Map();
  const rows = await executor
    .select({ outletId: workOrders.outletId, type: workOrders.type, date: workOrders.serviceDate, total: sql<number>`count(*)::int` })
    .from(workOrders)
    .where(and(inArray(workOrders.status, [...BOOKED_STATUSES, 'completed', 'not_completed', 'verified']), inArray(workOrders.serviceDate, dates)))
    .groupBy(workOrders.outletId, workOrders.type, workOrders.serviceDate);
  return new Map(rows.map((row) => [`${row.outletId}|${row.type}|${row.date}`, Number(row.total)]));
}






export type WaitingFilter = { ids?: string[]; types?: string[]; priorities?: string[] };

/**
 * Waiting orders for automatic dispatch in the order they are dispatched: urgent first, then
 * high, then by appointment window. With `lock`, the rows are locked, skipping rows another
 * run holds (the claim of a chunk).
 */
export async function findWaitingOrders(executor: Executor, filter: WaitingFilter, options: { lock?: boolean; limit?: number } = {}) {
  const conditions: SQL[] = [eq(workOrders.status, 'waiting')];
  if (filter.ids) {
    if (!filter.ids.length) return [];
    conditions.push(inArray(workOrders.id, filter.ids));
  }
  if (filter.types) conditions.push(inArray(workOrders.type, filter.types));
  if (filter.priorities) conditions.push(inArray(workOrders.priority, filter.priorities));
  const query = executor
    .select()
    .from(workOrders)
    .where(and(...conditions))
    .orderBy(sql`case ${workOrders.priority} when 'urgent' then 0 when 'high' then 1 else 2 end`, asc(workOrders.windowStart), asc(workOrders.number))
    .limit(options.limit ?? 100_000);
  return options.lock ? query.for('update', { skipLocked: true }) : query;
}


export async function insertWorkOrderEventRows(executor: Executor, rows: (typeof workOrderEvents.$inferInsert)[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) await executor.insert(workOrderEvents).values(rows.slice(start, start + 500));
}

/** Dispatches waiting orders in one statement: outlet, technician, explanation and planned start per order. */
export async function markDispatched(
  executor: Executor,
  items: { id: string; outletId: string; technicianId: string | null; userId: string | null; explanation: unknown; plannedStart: Date | null }[],
  now: Date,
): Promise<WorkOrderRow[]> {
  if (!items.length) return [];
  const values = sql.join(
    items.map((item) => sql`(${item.id}::uuid, ${item.outletId}::uuid, ${item.technicianId}::uuid, ${item.userId}::uuid, ${JSON.stringify(item.explanation)}::jsonb, ${item.plannedStart ? item.plannedStart.toISOString() : null}::timestamptz)`),
    sql`, `,
  );
  const result = await executor.execute(sql`update ${workOrders} as w
      set status = 'dispatched', outlet_id = v.outlet_id, technician_id = v.technician_id, assigned_user_id = v.user_id, dispatch_mode = 'auto',
          explanation = v.explanation, planned_start = v.planned_start, dispatched_at = ${now}, feedback_overdue_at = null, decline_reason = null,
          version = w.version + 1, updated_at = ${now}
      from (values ${values}) as v(id, outlet_id, technician_id, user_id, explanation, planned_start)
      where w.id = v.id and w.status = 'waiting'
      returning w.id`);
  const ids = ((result as unknown as { rows?: { id: string }[] }).rows ?? (result as unknown as { id: string }[])).map((row) => row.id);
  if (!ids.length) return [];
  return executor.select().from(workOrders).where(inArray(workOrders.id, ids));
}

// ---- for the day plan ----

/** The statuses of orders a day plan is made of (`dispatched`: the outlet has it; `assigned`: accepted). */
export const PLANNED_STATUSES: WorkOrderStatus[] = ['dispatched', 'assigned'];

/** The orders to plan: the outlet's orders of the service date that are dispatched or accepted. */
export async function findPlannableOrders(executor: Executor, outletId: string, date: string): Promise<WorkOrderRow[]> {
  return executor
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.outletId, outletId), eq(workOrders.serviceDate, date), inArray(workOrders.status, PLANNED_STATUSES)))
    .orderBy(asc(workOrders.number));
}

export async function findOrdersByIds(executor: Executor, ids: string[]): Promise<WorkOrderRow[]> {
  if (!ids.length) return [];
  return executor.select().from(workOrders).where(inArray(workOrders.id, ids));
}

/** The orders for publishing, locked against concurrent changes. */
export async function findOrdersByIdsForUpdate(executor: Executor, ids: string[]): Promise<WorkOrderRow[]> {
  if (!ids.length) return [];
  return executor.select().from(workOrders).where(inArray(workOrders.id, ids)).for('update');
}

/** Outlets (active or not: the caller filters) with at least one order to plan on the date. */
export async function findOutletIdsWithOrders(executor: Executor, date: string): Promise<string[]> {
  const rows = await executor
    .selectDistinct({ outletId: workOrders.outletId })
    .from(workOrders)
    .where(and(eq(workOrders.serviceDate, date), inArray(workOrders.status, PLANNED_STATUSES)))
    .orderBy(asc(workOrders.outletId));
  return rows.flatMap((row) => (row.outletId ? [row.outletId] : []));
}

/** Writes the plan's order, sequence and planned start onto one work order. */
export async function updateOrderPlanFields(
  executor: Executor,
  id: string,
  patch: { planId: string | null; routeSeq: number | null; plannedStart: Date | null; updatedAt: Date; technicianId?: string | null; assignedUserId?: string | null },
): Promise<void> {
  await executor
    .update(workOrders)
    .set({ ...patch, version: sql`${workOrders.version} + 1` })
    .where(eq(workOrders.id, id));
}

/**
 * Orders of the outlet and date still to be planned (dispatched / accepted) that carry an older
 * plan's sequence but are not in this plan. Orders already under way keep theirs.
 */
export async function findOrdersPlannedElsewhere(executor: Executor, outletId: string, date: string, keepIds: string[]): Promise<WorkOrderRow[]> {
  const rows = await executor
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.outletId, outletId), eq(workOrders.serviceDate, date), inArray(workOrders.status, PLANNED_STATUSES), sql`${workOrders.planId} is not null`));
  const keep = new Set(keepIds);
  return rows.filter((row) => !keep.has(row.id));
}
