import type { TLocale } from '../../../contracts/common';
import type { TChannel } from '../../../contracts/notifications';
import { isMobile } from '../../../contracts/phones';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { shanghaiDayStart } from '../../platform/time';
import { recordAudit } from '../audit';
import { isGatewayError, type MessageSender, type OutgoingMessage } from './gateway-http';
import * as repo from './notifications.repository';
import { isQuiet, nextMorning, parseQuietHours, quietEndAfter, type SendPolicy } from './policy';
import { defaultText, eventOf, fillText, isTemplateName, type TemplateName } from './templates';

export type { MessageSender } from './gateway-http';

export const loggingSender: MessageSender = async () => {};

type EnqueueInput = { template: TemplateName; recipient: string; params: Record<string, string>; locale?: TLocale; isUrgent?: boolean };

/** A recipient with an @ is an e-mail address; anything else a phone. */
export const isEmailAddress = (recipient: string) => recipient.includes('@');

/** The outbox rows of one message: one per channel it goes on, or one skipped row when none is left. */
function rowsOfMessage(input: EnqueueInput, at: Date, templates: repo.TemplateRow[], preference: repo.PreferenceRow | undefined) {
  const event = eventOf(input.template);
  const locale = input.locale ?? 'zh-CN';
  const enabled: { channel: TChannel; body: string; code: string | null }[] =
    templates.length > 0
      ? templates.filter((row) => row.isEnabled).map((row) => ({ channel: row.channel, body: row.body, code: row.providerTemplateCode }))
      : [{ channel: event.channel, body: defaultText(input.template, event.channel, locale)!, code: null }];
  const wanted = preference?.eventChannels[input.template];
  const isOptedOut = event.kind === 'marketing' && preference?.isMarketingOptOut === true;
  const rows = [];
  for (const template of enabled) {
    if (wanted && !wanted.includes(template.channel)) continue;
    const recipient = template.channel === 'wechat' ? preference?.wechatOpenid : template.channel === 'email' ? (isEmailAddress(input.recipient) ? input.recipient : null) : isEmailAddress(input.recipient) ? null : input.recipient;
    if (!recipient) continue;
    const isBadNumber = template.channel === 'sms' && !isMobile(recipient);
    const problem = isBadNumber ? `不是有效的手机号，无法发送短信：${recipient}` : isOptedOut ? '客户已退订营销类消息' : null;
    rows.push({
      id: newId(),
      channel: template.channel,
      recipient,
      template: input.template,
      params: input.params,
      body: fillText(template.body, input.params),
      status: isBadNumber ? ('failed' as const) : isOptedOut ? ('skipped' as const) : ('pending' as const),
      lastError: problem,
      isUrgent: input.isUrgent ?? event.isUrgent,
      providerTemplateCode: template.code,
      nextAttemptAt: at,
      createdAt: at,
    });
  }
  // The event's default channel keeps its row even when every template is switched off, so the caller's id is real.
  if (rows.length === 0) {
    rows.push({ id: newId(), channel: event.channel, recipient: input.recipient, template: input.template, params: input.params, body: fillText(defaultText(input.template, event.channel, locale)!, input.params), status: 'skipped' as const, lastError: '该事件未启用任何渠道', isUrgent: false, providerTemplateCode: null, nextAttemptAt: at, createdAt: at });
  }
  return rows;
}

/**
 * Queues messages in the caller's transaction; the outbox job sends them. One row per channel
 * the event sends on (templates' `isEnabled`, narrowed by the recipient's own choice): SMS to
 * the phone, e-mail to an address, WeChat to the openid bound to the phone. Nothing is dropped
 * silently: a number that is not a mobile is stored as failed with the reason, a marketing
 * message to a recipient who opted out as skipped. Three statements whatever the number of
 * messages: the templates of their events and languages, the preferences of their phones
 * (e-mail addresses have none), one insert. Answers the id of each message's first row.
 */
export async function enqueueMessages(executor: Executor, at: Date, inputs: EnqueueInput[]): Promise<string[]> {
  return (await enqueueMessageRows(executor, at, inputs)).map((messageRows) => messageRows[0]);
}

/** `enqueueMessages`, answering the ids of every row of each message (a test send shows them all). */
export async function enqueueMessageRows(executor: Executor, at: Date, inputs: EnqueueInput[]): Promise<string[][]> {
  if (inputs.length === 0) return [];
  const localeOf = (input: EnqueueInput) => input.locale ?? 'zh-CN';
  const phones = [...new Set(inputs.map((input) => input.recipient).filter((recipient) => !isEmailAddress(recipient)))];
  const [templates, preferences] = await Promise.all([repo.findTemplatesOfEvents(executor, [...new Set(inputs.map((input) => input.template))], [...new Set(inputs.map(localeOf))]), repo.findPreferences(executor, phones)]);
  const templatesOf = new Map<string, repo.TemplateRow[]>();
  for (const row of templates) templatesOf.set(`${row.event}|${row.locale}`, [...(templatesOf.get(`${row.event}|${row.locale}`) ?? []), row]);
  const preferenceOf = new Map(preferences.map((row) => [row.recipient, row]));
  const rows = inputs.map((input) => rowsOfMessage(input, at, templatesOf.get(`${input.template}|${localeOf(input)}`) ?? [], preferenceOf.get(input.recipient)));
  await repo.insertOutboxMessages(executor, rows.flat());
  return rows.map((messageRows) => messageRows.map((row) => row.id));
}

/** Queues one message in the caller's transaction (see `enqueueMessages`); answers the id of its first row. */
export async function enqueueMessage(executor: Executor, at: Date, input: EnqueueInput): Promise<string> {
  const [id] = await enqueueMessages(executor, at, [input]);
  return id;
}

const MAX_ATTEMPTS = 5;

export function policyOf(ctx: AppContext): SendPolicy {
  return { ...parseQuietHours(ctx.env.NOTIFY_QUIET_HOURS), dailyCap: ctx.env.NOTIFY_DAILY_SMS_CAP };
}

/** Customers' non-urgent SMS wait for the end of the quiet hours and respect the daily cap. */
function isRestricted(message: repo.OutboxMessageRow): boolean {
  if (message.channel !== 'sms' || message.isUrgent) return false;
  return !isTemplateName(message.template) || eventOf(message.template).audience === 'customer';
}

function toOutgoing(message: repo.OutboxMessageRow): OutgoingMessage {
  const variables = isTemplateName(message.template) ? Object.keys(eventOf(message.template).variables) : Object.keys(message.params);
  return { id: message.id, channel: message.channel, recipient: message.recipient, body: message.body, template: message.template, params: message.params, variables, providerTemplateCode: message.providerTemplateCode };
}

type BatchOutcome = { claimed: number; sent: number; failed: number };

/**
 * One transaction: claims up to `batchSize` due messages (SKIP LOCKED), defers those the quiet
 * hours or the daily cap hold back, sends the others side by side while their rows stay locked
 * (a second process passes them over; a crash rolls the claim back), and records each outcome.
 * The policy costs at most two statements per batch: in the quiet hours one update defers every
 * restricted message; otherwise one grouped count gives each phone's sends today (by `sent_at`)
 * and one update defers those over the cap. The cap is counted per batch: batches running side
 * by side each see only what is committed (docs/NOTIFICATIONS.md).
 */
async function deliverBatch(ctx: AppContext, send: MessageSender, policy: SendPolicy, batchSize: number): Promise<BatchOutcome> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const messages = await repo.findDueOutboxMessagesForUpdate(tx, now, batchSize);
    const restricted = messages.filter(isRestricted);
    const toSend = messages.filter((message) => !isRestricted(message));
    if (isQuiet(policy, now)) {
      await repo.updateOutboxMessagesByIds(tx, restricted.map((message) => message.id), { nextAttemptAt: quietEndAfter(policy, now) });
    } else if (restricted.length > 0) {
      const sentToday = await repo.countCappedSmsSentSince(tx, [...new Set(restricted.map((message) => message.recipient))], shanghaiDayStart(now));
      const capped: string[] = [];
      for (const message of restricted) {
        const count = sentToday.get(message.recipient) ?? 0;
        if (count >= policy.dailyCap) {
          capped.push(message.id);
          continue;
        }
        sentToday.set(message.recipient, count + 1);
        toSend.push(message);
      }
      await repo.updateOutboxMessagesByIds(tx, capped, { nextAttemptAt: nextMorning(policy, now), lastError: `已达每日上限（${policy.dailyCap} 条），次日发送` });
    }
    const results = await Promise.allSettled(toSend.map((message) => send(toOutgoing(message))));
    let sent = 0;
    let failed = 0;
    for (const [index, message] of toSend.entries()) {
      const result = results[index];
      const attempts = message.attempts + 1;
      if (result.status === 'fulfilled') {
        await repo.updateOutboxMessage(tx, message.id, { status: 'sent', sentAt: now, attempts, lastError: null, provider: result.value?.provider ?? null, providerMessageId: result.value?.providerMessageId ?? null });
        sent += 1;
        continue;
      }
      const error: unknown = result.reason;
      const reason = (isGatewayError(error) ? error.reason : String(error)).slice(0, 500);
      const isFinal = (isGatewayError(error) && error.isPermanent) || attempts >= MAX_ATTEMPTS;
      await repo.updateOutboxMessage(tx, message.id, { attempts, lastError: reason, status: isFinal ? 'failed' : 'pending', nextAttemptAt: isFinal ? message.nextAttemptAt : new Date(now.getTime() + 2 ** attempts * 30_000) });
      failed += 1;
    }
    return { claimed: messages.length, sent, failed };
  });
}

/**
 * Sends due messages, up to `limit`. Messages are claimed with FOR UPDATE SKIP LOCKED in
 * batches of `batchSize`, so several processes (and `concurrency` workers in one) can run this
 * at once without sending a message twice. A transient failure is retried with exponential
 * backoff (1, 2, 4, 8 minutes) up to 5 attempts; a permanent one stops at once with the
 * provider's reason.
 */
export async function deliverDueMessages(ctx: AppContext, send: MessageSender, limit = 50, concurrency = 1, batchSize = 10): Promise<{ sent: number; failed: number }> {
  const policy = policyOf(ctx);
  let sent = 0;
  let failed = 0;
  let taken = 0;
  const worker = async () => {
    while (taken < limit) {
      const size = Math.min(batchSize, limit - taken);
      taken += size;
      const outcome = await deliverBatch(ctx, send, policy, size);
      sent += outcome.sent;
      failed += outcome.failed;
      if (outcome.claimed < size) return;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { sent, failed };
}

export function presentMessage(row: repo.OutboxMessageRow) {
  return {
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
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    isUrgent: row.isUrgent,
    provider: row.provider,
    providerMessageId: row.providerMessageId,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

export async function listOutbox(ctx: AppContext, query: repo.OutboxFilter & { page: number; pageSize: number }) {
  const { rows, total } = await repo.findOutboxMessages(ctx.db, { recipient: query.recipient, status: query.status, channel: query.channel, template: query.template }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: rows.map(presentMessage), total, page: query.page, pageSize: query.pageSize };
}

/** A failed message goes back to pending, due now, with its attempts reset (audited with the old reason). */
export async function resendMessage(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const message = await repo.findOutboxMessageForUpdate(tx, id);
    if (!message) throw notFound('Message');
    if (message.status !== 'failed') throw conflict(`only a failed message can be resent (this one is ${message.status})`);
    const now = ctx.clock.now();
    await repo.updateOutboxMessage(tx, id, { status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null });
    await recordAudit(tx, actor, { entity: 'outbox_message', entityId: id, action: 'resend', before: { status: message.status, lastError: message.lastError }, after: { status: 'pending' } });
    return presentMessage({ ...message, status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null });
  });
}

export type DeliveryReceipt = { providerMessageId: string; isDelivered: boolean; reason?: string | null; at?: Date | null };

/**
 * Applies a gateway's delivery receipts: sent → delivered, or failed with the gateway's reason.
 * A batch naming an id the outbox does not know changes nothing and answers 404 with the ids.
 */
export async function applyDeliveryReceipts(ctx: AppContext, provider: string, receipts: DeliveryReceipt[]): Promise<{ updated: number }> {
  return ctx.db.transaction(async (tx) => {
    const ids = [...new Set(receipts.map((receipt) => receipt.providerMessageId))];
    const rows = await repo.findMessagesByProviderIdsForUpdate(tx, provider, ids);
    const byId = new Map(rows.map((row) => [row.providerMessageId!, row]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw new AppError('not_found', `unknown ${provider} message id: ${unknown.join(', ')}`, { details: unknown.map((id) => ({ path: ['providerMessageId'], message: `no message with ${provider} id ${id}` })) });
    }
    const now = ctx.clock.now();
    let updated = 0;
    for (const receipt of receipts) {
      const row = byId.get(receipt.providerMessageId)!;
      // A delivered message stays delivered when a late failure report arrives for it.
      if (row.status === 'delivered') continue;
      await repo.updateOutboxMessage(tx, row.id, receipt.isDelivered ? { status: 'delivered', deliveredAt: receipt.at ?? now } : { status: 'failed', lastError: `${provider} 回执：${receipt.reason ?? '发送失败'}`.slice(0, 500) });
      updated += 1;
    }
    return { updated };
  });
}
