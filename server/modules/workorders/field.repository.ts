/**
 * Queries of the technician's field work: the day's own orders, photos, and the workshop log
 * (带回维修). Work order rows and their timeline go through workorders.repository.ts.
 */
import { and, asc, count, desc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client';
import { containsPattern } from '../../db/like';
import { workOrderPhotos, workOrders, workshopLog } from './workorders.tables';

export type PhotoRow = typeof workOrderPhotos.$inferSelect;
export type WorkshopRow = typeof workshopLog.$inferSelect;

/** The orders assigned to one user on one service date, except cancelled ones, in route order. */
export async function findOrdersOfAssigneeOnDate(executor: Executor, userId: string, date: string) {
  return executor
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.assignedUserId, userId), eq(workOrders.serviceDate, date), ne(workOrders.status, 'cancelled')))
    .orderBy(sql`${workOrders.routeSeq} asc nulls last`, sql`${workOrders.plannedStart} asc nulls last`, asc(workOrders.windowStart), asc(workOrders.number));
}

export async function findPhoto(executor: Executor, workOrderId: string, photoId: string): Promise<PhotoRow | undefined> {
  const [row] = await executor.select().from(workOrderPhotos).where(and(eq(workOrderPhotos.workOrderId, workOrderId), eq(workOrderPhotos.id, photoId)));
  return row;
}

export async function insertPhoto(executor: Executor, row: typeof workOrderPhotos.$inferInsert): Promise<PhotoRow> {
  const [created] = await executor.insert(workOrderPhotos).values(row).returning();
  return created;
}

/**
 * The next workshop receipt number of a business date, `DH<yyyymmdd>-<seq>` (four digits at
 * least). A transaction-scoped advisory lock per date serializes concurrent takers until commit.
 */
export async function nextReceiptNumber(tx: Executor, businessDate: string): Promise<string> {
  const prefix = `DH${businessDate.replace(/-/g, '')}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`workshop-receipt:${prefix}`}))`);
  const [row] = await queryRows<{ last: number | null }>(
    tx,
    sql`select max(split_part(receipt_number, '-', 2)::int)::int as last from workshop_log where receipt_number like ${`${prefix}%`} and direction = 'in'`,
  );
  const next = (row?.last ?? 0) + 1;
  return `${prefix}${String(next).padStart(4, '0')}`;
}

export async function insertWorkshopEntry(executor: Executor, row: typeof workshopLog.$inferInsert): Promise<WorkshopRow> {
  const [created] = await executor.insert(workshopLog).values(row).returning();
  return created;
}

const entryColumns = { entry: workshopLog, workOrderNumber: workOrders.number };

/** One workshop entry with its work order's number, within a scope (on the log's outlet and the order's assignee). */
export async function findWorkshopEntry(executor: Executor, id: string, options: { scope?: SQL; forUpdate?: boolean } = {}) {
  const query = executor.select(entryColumns).from(workshopLog).leftJoin(workOrders, eq(workOrders.id, workshopLog.workOrderId)).where(and(eq(workshopLog.id, id), options.scope));
  const [row] = options.forUpdate ? await query.for('update', { of: workshopLog }) : await query;
  return row;
}

/** The entry of a receipt in one direction, if any. */
export async function findReceiptEntry(executor: Executor, receiptNumber: string, direction: 'in' | 'out'): Promise<WorkshopRow | undefined> {
  const [row] = await executor.select().from(workshopLog).where(and(eq(workshopLog.receiptNumber, receiptNumber), eq(workshopLog.direction, direction)));
  return row;
}

export async function findWorkshopEntriesOfOrder(executor: Executor, workOrderId: string) {
  return executor.select(entryColumns).from(workshopLog).leftJoin(workOrders, eq(workOrders.id, workshopLog.workOrderId)).where(eq(workshopLog.workOrderId, workOrderId)).orderBy(asc(workshopLog.at), asc(workshopLog.direction));
}

export async function findWorkshopEntries(executor: Executor, filter: { scope?: SQL; direction?: 'in' | 'out'; q?: string }, page: { limit: number; offset: number }) {
  const conditions: (SQL | undefined)[] = [filter.scope];
  if (filter.direction) conditions.push(eq(workshopLog.direction, filter.direction));
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(workshopLog.receiptNumber, pattern), ilike(workshopLog.unitDescription, pattern), ilike(workOrders.number, pattern)));
  }
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    executor.select(entryColumns).from(workshopLog).leftJoin(workOrders, eq(workOrders.id, workshopLog.workOrderId)).where(where).orderBy(desc(workshopLog.at), desc(workshopLog.receiptNumber)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(workshopLog).leftJoin(workOrders, eq(workOrders.id, workshopLog.workOrderId)).where(where),
  ]);
  return { rows, total: Number(total) };
}
