import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { newId } from '../../platform/ids';
import * as repo from './notifications.repository';
import { renderTemplate, TEMPLATES, type MessageLocale, type TemplateName } from './templates';

/** Sends one message through a real gateway; the default one only logs (development, tests). */
export type MessageSender = (message: { channel: string; recipient: string; body: string }) => Promise<void>;

export const loggingSender: MessageSender = async () => {};

/** Queues a message in the caller's transaction; the outbox job sends it. */
export async function enqueueMessage(executor: Executor, at: Date, input: { template: TemplateName; recipient: string; params: Record<string, string>; locale?: MessageLocale }) {
  const id = newId();
  await repo.insertOutboxMessage(executor, {
    id,
    channel: TEMPLATES[input.template].channel,
    recipient: input.recipient,
    template: input.template,
    params: input.params,
    body: renderTemplate(input.template, input.params, input.locale),
    nextAttemptAt: at,
    createdAt: at,
  });
  return id;
}

const MAX_ATTEMPTS = 5;

/**
 * Sends due messages. Each is claimed with FOR UPDATE SKIP LOCKED, so several processes can
 * run this at once; a failure is retried with exponential backoff up to 5 attempts.
 */
export async function deliverDueMessages(ctx: AppContext, send: MessageSender, limit = 50): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let index = 0; index < limit; index += 1) {
    const outcome = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const message = await repo.findDueOutboxMessageForUpdate(tx, now);
      if (!message) return 'none' as const;
      try {
        await send({ channel: message.channel, recipient: message.recipient, body: message.body });
        await repo.updateOutboxMessage(tx, message.id, { status: 'sent', sentAt: now, attempts: message.attempts + 1, lastError: null });
        return 'sent' as const;
      } catch (error) {
        const attempts = message.attempts + 1;
        await repo.updateOutboxMessage(tx, message.id, { attempts, lastError: String(error).slice(0, 500), status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', nextAttemptAt: new Date(now.getTime() + 2 ** attempts * 30_000) });
        return 'failed' as const;
      }
    });
    if (outcome === 'none') break;
    if (outcome === 'sent') sent += 1;
    else failed += 1;
  }
  return { sent, failed };
}

export async function listOutbox(ctx: AppContext, query: { recipient?: string; status?: 'pending' | 'sent' | 'failed'; page: number; pageSize: number }) {
  const { rows, total } = await repo.findOutboxMessages(ctx.db, { recipient: query.recipient, status: query.status }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return {
    items: rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      recipient: row.recipient,
      template: row.template,
      body: row.body,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
