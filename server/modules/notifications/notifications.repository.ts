import { and, asc, count, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { notificationPreferences, notificationTemplates, outboxMessages } from './notifications.tables';

export type OutboxMessageRow = typeof outboxMessages.$inferSelect;
export type TemplateRow = typeof notificationTemplates.$inferSelect;
export type PreferenceRow = typeof notificationPreferences.$inferSelect;

/** Inserts messages in statements of up to 500 rows (one for any ordinary call). */
export async function insertOutboxMessages(executor: Executor, rows: (typeof outboxMessages.$inferInsert)[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) await executor.insert(outboxMessages).values(rows.slice(start, start + 500));
}

/**
 * Up to `limit` due messages, the longest due first, claimed with FOR UPDATE SKIP LOCKED: a
 * message another process is sending is passed over, not waited for.
 */
export async function findDueOutboxMessagesForUpdate(tx: Executor, now: Date, limit: number): Promise<OutboxMessageRow[]> {
  return tx
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.status, 'pending'), lte(outboxMessages.nextAttemptAt, now)))
    .orderBy(asc(outboxMessages.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function findOutboxMessageForUpdate(tx: Executor, id: string): Promise<OutboxMessageRow | undefined> {
  const [row] = await tx.select().from(outboxMessages).where(eq(outboxMessages.id, id)).for('update');
  return row;
}

export async function findOutboxMessagesByIds(executor: Executor, ids: string[]): Promise<OutboxMessageRow[]> {
  if (ids.length === 0) return [];
  return executor.select().from(outboxMessages).where(inArray(outboxMessages.id, ids)).orderBy(asc(outboxMessages.channel));
}

export async function updateOutboxMessage(executor: Executor, id: string, patch: Partial<typeof outboxMessages.$inferInsert>): Promise<void> {
  await executor.update(outboxMessages).set(patch).where(eq(outboxMessages.id, id));
}

export async function updateOutboxMessagesByIds(executor: Executor, ids: string[], patch: Partial<typeof outboxMessages.$inferInsert>): Promise<void> {
  if (ids.length) await executor.update(outboxMessages).set(patch).where(inArray(outboxMessages.id, ids));
}

/**
 * Non-urgent SMS sent (or delivered) since an instant, per phone, for many phones in one
 * grouped count: the daily cap counts these. A phone without any is left out of the map.
 */
export async function countCappedSmsSentSince(executor: Executor, recipients: string[], since: Date): Promise<Map<string, number>> {
  if (recipients.length === 0) return new Map();
  const rows = await executor
    .select({ recipient: outboxMessages.recipient, total: count() })
    .from(outboxMessages)
    .where(and(inArray(outboxMessages.recipient, recipients), eq(outboxMessages.channel, 'sms'), eq(outboxMessages.isUrgent, false), inArray(outboxMessages.status, ['sent', 'delivered']), gte(outboxMessages.sentAt, since)))
    .groupBy(outboxMessages.recipient);
  return new Map(rows.map((row) => [row.recipient, Number(row.total)]));
}

/** Messages of a gateway by its message ids, locked for the receipt's update. */
export async function findMessagesByProviderIdsForUpdate(tx: Executor, provider: string, providerMessageIds: string[]): Promise<OutboxMessageRow[]> {
  if (providerMessageIds.length === 0) return [];
  return tx.select().from(outboxMessages).where(and(eq(outboxMessages.provider, provider), inArray(outboxMessages.providerMessageId, providerMessageIds))).for('update');
}

export type OutboxFilter = { recipient?: string; status?: OutboxMessageRow['status']; channel?: OutboxMessageRow['channel']; template?: string };

/** A page of the outbox, newest first, with the total of the filter. */
export async function findOutboxMessages(executor: Executor, filter: OutboxFilter, page: { limit: number; offset: number }): Promise<{ rows: OutboxMessageRow[]; total: number }> {
  const where = and(
    filter.recipient ? eq(outboxMessages.recipient, filter.recipient) : undefined,
    filter.status ? eq(outboxMessages.status, filter.status) : undefined,
    filter.channel ? eq(outboxMessages.channel, filter.channel) : undefined,
    filter.template ? eq(outboxMessages.template, filter.template) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(outboxMessages).where(where).orderBy(desc(outboxMessages.createdAt), desc(sql`${outboxMessages.id}`)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(outboxMessages).where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function findTemplates(executor: Executor): Promise<TemplateRow[]> {
  return executor.select().from(notificationTemplates).orderBy(asc(notificationTemplates.event), asc(notificationTemplates.channel), asc(notificationTemplates.locale));
}

/** The templates of some events in some languages (every event × language pair among them). */
export async function findTemplatesOfEvents(executor: Executor, events: string[], locales: TemplateRow['locale'][]): Promise<TemplateRow[]> {
  if (events.length === 0 || locales.length === 0) return [];
  return executor.select().from(notificationTemplates).where(and(inArray(notificationTemplates.event, events), inArray(notificationTemplates.locale, locales)));
}

export async function findTemplateByIdForUpdate(tx: Executor, id: string): Promise<TemplateRow | undefined> {
  const [row] = await tx.select().from(notificationTemplates).where(eq(notificationTemplates.id, id)).for('update');
  return row;
}

export async function updateTemplate(executor: Executor, id: string, patch: Partial<typeof notificationTemplates.$inferInsert>): Promise<TemplateRow> {
  const [row] = await executor.update(notificationTemplates).set(patch).where(eq(notificationTemplates.id, id)).returning();
  return row;
}

export async function findPreference(executor: Executor, recipient: string): Promise<PreferenceRow | undefined> {
  const [row] = await executor.select().from(notificationPreferences).where(eq(notificationPreferences.recipient, recipient));
  return row;
}

export async function findPreferences(executor: Executor, recipients: string[]): Promise<PreferenceRow[]> {
  if (recipients.length === 0) return [];
  return executor.select().from(notificationPreferences).where(inArray(notificationPreferences.recipient, recipients));
}

export async function upsertPreference(executor: Executor, row: typeof notificationPreferences.$inferInsert): Promise<PreferenceRow> {
  const [saved] = await executor
    .insert(notificationPreferences)
    .values(row)
    .onConflictDoUpdate({ target: notificationPreferences.recipient, set: { isMarketingOptOut: row.isMarketingOptOut, eventChannels: row.eventChannels, wechatOpenid: row.wechatOpenid, updatedAt: row.updatedAt } })
    .returning();
  return saved;
}
