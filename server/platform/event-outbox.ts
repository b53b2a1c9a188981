/**
 * The outbox of after-commit subscribers (server/platform/seam.ts): a publish writes one row per
 * such subscriber in the cause's transaction; `deliverDomainEvents` runs each after the commit,
 * in its own transaction with the row claimed (FOR UPDATE SKIP LOCKED, so several processes may
 * deliver at once), marks it delivered in the same transaction, and retries a failure with
 * exponential backoff until MAX_ATTEMPTS, then leaves it `failed` for a person to look at.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../db/client';
import type { Clock } from './clock';
import { newId } from './ids';
import type { Actor } from './principal';
import type { OutboxWriter, Seam } from './seam';

export const domainEventOutbox = pgTable(
  'domain_event_outbox',
  {
    id: uuid('id').primaryKey(),
    /** The subscriber's registered name (module.purpose). */
    subscriber: text('subscriber').notNull(),
    event: text('event').notNull(),
    payload: jsonb('payload').notNull(),
    actor: jsonb('actor').$type<Actor>().notNull(),
    /** When the cause happened. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (table) => [index('domain_event_outbox_due_idx').on(table.status, table.nextAttemptAt)],
);

export type DomainEventOutboxRow = typeof domainEventOutbox.$inferSelect;

export const MAX_ATTEMPTS = 8;

/** The seam's outbox writer: one row per after-commit subscriber, due at once. */
export const writeDomainEventOutbox: OutboxWriter = async (tx, rows) => {
  if (!rows.length) return;
  await tx.insert(domainEventOutbox).values(
    rows.map((row) => ({
      id: newId(),
      subscriber: row.subscriber,
      event: row.event,
      payload: row.payload as object,
      actor: row.meta.actor,
      occurredAt: row.meta.now,
      nextAttemptAt: row.meta.now,
    })),
  );
};

async function claimDue(tx: Executor, now: Date): Promise<DomainEventOutboxRow | undefined> {
  const [row] = await tx
    .select()
    .from(domainEventOutbox)
    .where(and(eq(domainEventOutbox.status, 'pending'), lte(domainEventOutbox.nextAttemptAt, now)))
    .orderBy(asc(domainEventOutbox.nextAttemptAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return row;
}

async function markFailedAttempt(db: Db, row: DomainEventOutboxRow, now: Date, error: unknown): Promise<void> {
  const attempts = row.attempts + 1;
  await db
    .update(domainEventOutbox)
    .set({ attempts, lastError: String(error).slice(0, 500), status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', nextAttemptAt: new Date(now.getTime() + 2 ** attempts * 30_000) })
    .where(eq(domainEventOutbox.id, row.id));
}

/** Finds the rows of one event (tests and the admin view). */
export async function findDomainEventOutboxRows(executor: Executor, event: string): Promise<DomainEventOutboxRow[]> {
  return executor.select().from(domainEventOutbox).where(eq(domainEventOutbox.event, event)).orderBy(asc(domainEventOutbox.occurredAt));
}

/**
 * Delivers due after-commit events (up to `limit`). A row whose subscriber is no longer
 * registered fails (and is kept), so a renamed subscriber is noticed, not silently skipped.
 */
export async function deliverDomainEvents(db: Db, clock: Clock, seam: Seam, limit = 100): Promise<{ delivered: number; failed: number }> {
  let delivered = 0;
  let failed = 0;
  for (let count = 0; count < limit; count += 1) {
    const now = clock.now();
    let claimed: DomainEventOutboxRow | undefined;
    try {
      const outcome = await db.transaction(async (tx) => {
        const row = await claimDue(tx, now);
        if (!row) return 'none' as const;
        claimed = row;
        const handler = seam.findAfterCommitSubscriber(row.event, row.subscriber);
        if (!handler) throw new Error(`no after-commit subscriber ${row.subscriber} for ${row.event}`);
        await handler(tx, row.payload, { actor: row.actor, now: row.occurredAt });
        await tx.update(domainEventOutbox).set({ status: 'delivered', deliveredAt: now, attempts: row.attempts + 1, lastError: null }).where(eq(domainEventOutbox.id, row.id));
        return 'delivered' as const;
      });
      if (outcome === 'none') break;
      delivered += 1;
    } catch (error) {
      // The subscriber's transaction rolled back; record the attempt outside it.
      if (!claimed) throw error;
      await markFailedAttempt(db, claimed, now, error);
      failed += 1;
    }
  }
  return { delivered, failed };
}
