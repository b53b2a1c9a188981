/** The only code that queries the follow-up tables. */
import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { followupAttempts, followupOutcomes, followupSurveys, followupTasks } from './followups.tables';

export type TaskRow = typeof followupTasks.$inferSelect;
export type TaskInsert = typeof followupTasks.$inferInsert;

/** Inserts the tasks that do not exist yet (one per visit and round); returns the inserted rows. */
export async function insertTasksIfAbsent(executor: Executor, rows: TaskInsert[]): Promise<TaskRow[]> {
  if (rows.length === 0) return [];
  return executor.insert(followupTasks).values(rows).onConflictDoNothing({ target: [followupTasks.workOrderId, followupTasks.round] }).returning();
}

export async function findTasksOfVisit(executor: Executor, workOrderId: string): Promise<TaskRow[]> {
  return executor.select().from(followupTasks).where(sql`${followupTasks.workOrderId} = ${workOrderId}`).orderBy(followupTasks.round);
}

export async function findTask(executor: Executor, id: string): Promise<TaskRow | undefined> {
  const [row] = await executor.select().from(followupTasks).where(sql`${followupTasks.id} = ${id}`);
  return row;
}

/** The task row locked for an update (FOR UPDATE). */
export async function lockTask(executor: Executor, id: string): Promise<TaskRow | undefined> {
  const [row] = await executor.select().from(followupTasks).where(sql`${followupTasks.id} = ${id}`).for('update');
  return row;
}

/** Changes the given fields and bumps the version when it is still `version`; undefined when stale. */
export async function updateTask(executor: Executor, id: string, version: number, fields: Partial<TaskInsert>): Promise<TaskRow | undefined> {
  const [row] = await executor
    .update(followupTasks)
    .set({ ...fields, version: version + 1 })
    .where(sql`${followupTasks.id} = ${id} and ${followupTasks.version} = ${version}`)
    .returning();
  return row;
}

/** Open tasks (opened by `now`) of one queue, due first. */
export async function findQueue(executor: Executor, queue: 'mine' | 'unassigned' | 'overdue', userId: string | null, now: Date, limit = 200): Promise<TaskRow[]> {
  const base = sql`${followupTasks.status} <> 'closed' and ${followupTasks.opensAt} <= ${now.toISOString()}`;
  const where =
    queue === 'mine'
      ? sql`${base} and ${followupTasks.assignedUserId} = ${userId}`
      : queue === 'unassigned'
        ? sql`${base} and ${followupTasks.assignedUserId} is null`
        : sql`${base} and ${followupTasks.dueAt} < ${now.toISOString()}`;
  return executor.select().from(followupTasks).where(where).orderBy(followupTasks.dueAt, followupTasks.id).limit(limit);
}

export async function insertAttempt(executor: Executor, row: typeof followupAttempts.$inferInsert): Promise<void> {
  await executor.insert(followupAttempts).values(row);
}

export async function insertOutcome(executor: Executor, row: typeof followupOutcomes.$inferInsert): Promise<void> {
  await executor.insert(followupOutcomes).values(row);
}

// ---- Surveys ----

export type SurveyRow = typeof followupSurveys.$inferSelect;

export async function insertSurvey(executor: Executor, row: typeof followupSurveys.$inferInsert): Promise<SurveyRow> {
  const [created] = await executor.insert(followupSurveys).values(row).returning();
  return created;
}

/** Ends the task's unused, unexpired links (a new one replaces them). */
export async function expireOpenSurveys(executor: Executor, taskId: string, now: Date): Promise<void> {
  await executor.update(followupSurveys).set({ expiresAt: now }).where(sql`${followupSurveys.taskId} = ${taskId} and ${followupSurveys.usedAt} is null and ${followupSurveys.expiresAt} > ${now.toISOString()}`);
}

export async function findSurveyByHash(executor: Executor, tokenHash: string, options: { forUpdate?: boolean } = {}): Promise<SurveyRow | undefined> {
  const query = executor.select().from(followupSurveys).where(sql`${followupSurveys.tokenHash} = ${tokenHash}`);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function markSurveyUsed(executor: Executor, id: string, now: Date): Promise<void> {
  await executor.update(followupSurveys).set({ usedAt: now }).where(sql`${followupSurveys.id} = ${id}`);
}

export async function findOutcomes(executor: Executor, taskIds: string[]) {
  if (!taskIds.length) return [];
  return executor.select().from(followupOutcomes).where(inArray(followupOutcomes.taskId, taskIds));
}
