/** The only code that queries the follow-up tables. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { followupTasks } from './followups.tables';

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
