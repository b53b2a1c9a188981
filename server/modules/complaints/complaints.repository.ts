/** The only code that queries the complaint tables. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { complaintCompensations, complaintEvents, complaints } from './complaints.tables';

export type ComplaintRow = typeof complaints.$inferSelect;
export type ComplaintInsert = typeof complaints.$inferInsert;
export type EventRow = typeof complaintEvents.$inferSelect;
export type CompensationRow = typeof complaintCompensations.$inferSelect;

export async function insertComplaint(executor: Executor, row: ComplaintInsert): Promise<ComplaintRow> {
  const [created] = await executor.insert(complaints).values(row).returning();
  return created;
}

export async function findComplaint(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<ComplaintRow | undefined> {
  const query = executor.select().from(complaints).where(eq(complaints.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findComplaintOfFollowUp(executor: Executor, followUpId: string): Promise<ComplaintRow | undefined> {
  const [row] = await executor.select().from(complaints).where(eq(complaints.followUpId, followUpId));
  return row;
}

/** Changes the given fields and bumps the version when it is still `version`; undefined when stale. */
export async function updateComplaint(executor: Executor, id: string, version: number, fields: Partial<ComplaintInsert>): Promise<ComplaintRow | undefined> {
  const [row] = await executor
    .update(complaints)
    .set({ ...fields, version: version + 1 })
    .where(and(eq(complaints.id, id), eq(complaints.version, version)))
    .returning();
  return row;
}

/** How many complaints were numbered with this prefix (the caller holds the day's lock). */
export async function countNumbersWithPrefix(executor: Executor, prefix: string): Promise<number> {
  const [row] = await executor.select({ n: sql<number>`count(*)::int` }).from(complaints).where(sql`${complaints.number} like ${`${prefix}%`}`);
  return row.n;
}

export async function findComplaints(executor: Executor, where: SQL | undefined, page: { limit: number; offset: number }): Promise<{ rows: ComplaintRow[]; total: number }> {
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(complaints).where(where).orderBy(desc(complaints.createdAt), desc(complaints.id)).limit(page.limit).offset(page.offset),
    executor.select({ total: sql<number>`count(*)::int` }).from(complaints).where(where),
  ]);
  return { rows, total };
}

/** Every complaint matching (the export), newest first, at most `limit`. */
export async function findAllComplaints(executor: Executor, where: SQL | undefined, limit: number): Promise<ComplaintRow[]> {
  return executor.select().from(complaints).where(where).orderBy(desc(complaints.createdAt), desc(complaints.id)).limit(limit);
}

/** Open complaints past their response or resolution due time that are not escalated yet. */
export async function findOverdueUnescalated(executor: Executor, now: Date): Promise<ComplaintRow[]> {
  const at = now.toISOString();
  return executor
    .select()
    .from(complaints)
    .where(
      sql`${complaints.escalatedAt} is null and ${complaints.status} <> 'closed' and (
        (${complaints.respondedAt} is null and ${complaints.responseDueAt} < ${at})
        or (${complaints.status} in ('resolving', 'verifying') and ${complaints.resolutionDueAt} < ${at}))`,
    )
    .orderBy(asc(complaints.createdAt))
    .for('update', { skipLocked: true });
}

export async function insertEvents(executor: Executor, rows: (typeof complaintEvents.$inferInsert)[]): Promise<void> {
  if (rows.length) await executor.insert(complaintEvents).values(rows);
}

/** The key in an event's data that orders the steps written at the same instant (the complaint's version × 100 + the step). */
export const EVENT_ORDER_KEY = '_order';

export async function findEvents(executor: Executor, complaintId: string): Promise<EventRow[]> {
  return executor
    .select()
    .from(complaintEvents)
    .where(eq(complaintEvents.complaintId, complaintId))
    .orderBy(asc(complaintEvents.at), sql`(${complaintEvents.data} ->> ${EVENT_ORDER_KEY})::int nulls first`, asc(complaintEvents.id));
}

export async function insertCompensation(executor: Executor, row: typeof complaintCompensations.$inferInsert): Promise<CompensationRow> {
  const [created] = await executor.insert(complaintCompensations).values(row).returning();
  return created;
}

export async function findCompensations(executor: Executor, complaintIds: string[]): Promise<CompensationRow[]> {
  if (!complaintIds.length) return [];
  return executor.select().from(complaintCompensations).where(inArray(complaintCompensations.complaintId, complaintIds)).orderBy(asc(complaintCompensations.proposedAt), asc(complaintCompensations.id));
}

export async function findCompensation(executor: Executor, complaintId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<CompensationRow | undefined> {
  const query = executor.select().from(complaintCompensations).where(and(eq(complaintCompensations.id, id), eq(complaintCompensations.complaintId, complaintId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateCompensation(executor: Executor, id: string, version: number, fields: Partial<CompensationRow>): Promise<CompensationRow | undefined> {
  const [row] = await executor
    .update(complaintCompensations)
    .set({ ...fields, version: version + 1 })
    .where(and(eq(complaintCompensations.id, id), eq(complaintCompensations.version, version)))
    .returning();
  return row;
}

export type CountRow = { key: string | null; count: number };

/** Counts of complaints accepted in [from, to) grouped by one expression. */
export async function countGrouped(executor: Executor, key: SQL, where: SQL): Promise<CountRow[]> {
  return executor
    .select({ key: sql<string | null>`${key}`, count: sql<number>`count(*)::int` })
    .from(complaints)
    .where(where)
    .groupBy(sql`1`)
    .orderBy(sql`2 desc`, sql`1`);
}

/** Approved compensation (fen) of complaints accepted in the window. */
export async function sumApprovedCompensation(executor: Executor, where: SQL): Promise<number> {
  const [row] = await executor
    .select({ fen: sql<number>`coalesce(sum(${complaintCompensations.amountFen}), 0)::int` })
    .from(complaintCompensations)
    .innerJoin(complaints, eq(complaints.id, complaintCompensations.complaintId))
    .where(and(where, eq(complaintCompensations.status, 'approved')));
  return row.fen;
}

export { complaints };

/** The to-do counts (header bell) within `where`: open, overdue and escalated complaints, compensations waiting for approval. */
export async function countTodos(executor: Executor, where: SQL | undefined, overdue: SQL): Promise<{ open: number; overdue: number; escalated: number; compensations: number }> {
  const [row] = await executor
    .select({
      open: sql<number>`count(*) filter (where ${complaints.status} <> 'closed')::int`,
      overdue: sql<number>`count(*) filter (where ${overdue})::int`,
      escalated: sql<number>`count(*) filter (where ${complaints.status} <> 'closed' and ${complaints.escalatedAt} is not null)::int`,
    })
    .from(complaints)
    .where(where);
  const [waiting] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(complaintCompensations)
    .innerJoin(complaints, eq(complaints.id, complaintCompensations.complaintId))
    .where(and(where, eq(complaintCompensations.status, 'proposed')));
  return { open: row.open, overdue: row.overdue, escalated: row.escalated, compensations: waiting.n };
}
