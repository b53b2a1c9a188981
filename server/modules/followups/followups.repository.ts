/** The only code that queries the follow-up tables. */
import { inArray, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client';
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

/**
 * `insertTasksIfAbsent` for large batches: the rows go as one JSON parameter
 * (jsonb_to_recordset), so building the statement costs nothing per row; answers what the
 * audit rows need of the inserted tasks.
 */
export async function insertTaskBatchIfAbsent(executor: Executor, rows: TaskInsert[]): Promise<{ id: string; work_order_id: string; round: number; due_date: string }[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(
    rows.map((row) => ({
      id: row.id, work_order_id: row.workOrderId, round: row.round, work_order_number: row.workOrderNumber, ticket_id: row.ticketId, customer_id: row.customerId, asset_id: row.assetId ?? null,
      category_id: row.categoryId ?? null, work_type: row.workType, outlet_id: row.outletId ?? null, technician_id: row.technicianId ?? null, technician_user_id: row.technicianUserId ?? null,
      work_done: row.workDone ?? null, is_key_customer: row.isKeyCustomer, finished_at: row.finishedAt.toISOString(), opens_at: row.opensAt.toISOString(), due_date: row.dueDate,
      due_at: row.dueAt.toISOString(), is_due_provisional: row.isDueProvisional, status: row.status, created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString(),
    })),
  );
  return queryRows(
    executor,
    sql`insert into followup_tasks (id, work_order_id, round, work_order_number, ticket_id, customer_id, asset_id, category_id, work_type, outlet_id, technician_id, technician_user_id, work_done, is_key_customer, finished_at, opens_at, due_date, due_at, is_due_provisional, status, created_at, updated_at)
        select id, work_order_id, round, work_order_number, ticket_id, customer_id, asset_id, category_id, work_type, outlet_id, technician_id, technician_user_id, work_done, is_key_customer, finished_at, opens_at, due_date, due_at, is_due_provisional, status, created_at, updated_at
        from jsonb_to_recordset(${json}::jsonb) as r(id uuid, work_order_id uuid, round smallint, work_order_number text, ticket_id uuid, customer_id uuid, asset_id uuid, category_id uuid, work_type text, outlet_id uuid, technician_id uuid, technician_user_id uuid, work_done text, is_key_customer boolean, finished_at timestamptz, opens_at timestamptz, due_date date, due_at timestamptz, is_due_provisional boolean, status text, created_at timestamptz, updated_at timestamptz)
        on conflict (work_order_id, round) do nothing
        returning id, work_order_id, round, due_date::text as due_date`,
  );
}
