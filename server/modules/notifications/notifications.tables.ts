import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { LOCALES } from '../../../contracts/common';
import { CHANNELS, OUTBOX_STATUSES, type TChannel } from '../../../contracts/notifications';

/**
 * The outbox (发件箱): every SMS, email or WeChat message is written here in the transaction
 * that causes it, then sent by the outbox job with retries. What was sent stays recorded, with
 * the gateway's message id and the delivery status its receipt reported.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    recipient: text('recipient').notNull(),
    /** The event (template name) the message was rendered from. */
    template: text('template').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    body: text('body').notNull(),
    /** pending → sent → delivered, or failed (with the reason in last_error); skipped: the customer opted out. */
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Urgent messages (verification codes, technician on the way) ignore quiet hours and the daily cap. */
    isUrgent: boolean('is_urgent').notNull().default(false),
    /** The provider's pre-registered template (Alibaba TemplateCode, Tencent TemplateId, WeChat template_id). */
    providerTemplateCode: text('provider_template_code'),
    /** Which gateway took it (`aliyun`, `tencent`, `webhook`, `wechat`, `smtp`, `log`). */
    provider: text('provider'),
    /** The gateway's id of the message (Alibaba BizId, Tencent SerialNo, WeChat msgid): receipts find it by this. */
    providerMessageId: text('provider_message_id'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (table) => [
    index('outbox_pending_idx').on(table.status, table.nextAttemptAt),
    index('outbox_recipient_idx').on(table.recipient, table.createdAt),
    index('outbox_provider_message_idx').on(table.provider, table.providerMessageId),
  ],
);

/**
 * Message templates (消息模板) per event × channel × language, seeded with the texts of
 * `templates.ts` and edited by admins. `{name}` stands for a variable the event offers.
 * `enabled` is the per-event channel setting: which events send on which channel.
 */
export const notificationTemplates = pgTable(
  'notification_templates',
  {
    id: uuid('id').primaryKey(),
    event: text('event').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    body: text('body').notNull(),
    providerTemplateCode: text('provider_template_code'),
    isEnabled: boolean('is_enabled').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by'),
  },
  (table) => [uniqueIndex('notification_templates_key').on(table.event, table.channel, table.locale)],
);

/**
 * A recipient's choices (by normalized phone): opt-out of marketing-like messages, the
 * channels per event, and the WeChat openid bound to the phone.
 */
export const notificationPreferences = pgTable('notification_preferences', {
  recipient: text('recipient').primaryKey(),
  isMarketingOptOut: boolean('is_marketing_opt_out').notNull().default(false),
  /** event → channels the recipient wants for it; an event not listed uses the template settings. */
  eventChannels: jsonb('event_channels').$type<Record<string, TChannel[]>>().notNull().default({}),
  wechatOpenid: text('wechat_openid'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
