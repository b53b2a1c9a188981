import { and, asc, count, desc, eq, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { outboxMessages } from './notifications.tables';

export type OutboxMessageRow = typeof outboxMessages.$inferSelect;

export async function insertOutboxMessage(executor: Executor, row: typeof outboxMessages.$inferInsert): Promise<void> {
  await executor.insert(outboxMessages).values(row);
}

/**
 * The pending message due longest, claimed with FOR UPDATE SKIP LOCKED: a message another
 * process is sending is passed over, not waited for.
 */
export async function findDueOutboxMessageForUpdate(tx: Executor, now: Date): Promise<OutboxMessageRow | undefined> {
  const [row] = await tx
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.status, 'pending'), lte(outboxMessages.nextAttemptAt, now)))
    .orderBy(asc(outboxMessages.nextAttemptAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return row;
}

export async function updateOutboxMessage(executor: Executor, id: string, patch: Partial<typeof outboxMessages.$inferInsert>): Promise<void> {
  await executor.update(outboxMessages).set(patch).where(eq(outboxMessages.id, id));
}

export type OutboxFilter = { recipient?: string; status?: OutboxMessageRow['status'] };

/** A page of the outbox, newest first, with the total of the filter. */
export async function findOutboxMessages(executor: Executor, filter: OutboxFilter, page: { limit: number; offset: number }): Promise<{ rows: OutboxMessageRow[]; total: number }> {
  const where = and(filter.recipient ? eq(outboxMessages.recipient, filter.recipient) : undefined, filter.status ? eq(outboxMessages.status, filter.status) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(outboxMessages).where(where).orderBy(desc(outboxMessages.createdAt), desc(sql`${outboxMessages.id}`)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(outboxMessages).where(where),
  ]);
  return { rows, total: Number(total) };
}
