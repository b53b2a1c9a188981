import { z } from 'zod';
import { ZLocale } from './common';
import { ZMobile } from './users';

/** Notifications (issue 18): the outbox, templates as data, recipients' choices. See docs/NOTIFICATIONS.md. */
export const CHANNELS = ['sms', 'email', 'wechat'] as const;
export const ZChannel = z.enum(CHANNELS);
export type TChannel = (typeof CHANNELS)[number];
export const OUTBOX_STATUSES = ['pending', 'sent', 'delivered', 'failed', 'skipped'] as const;
export const ZOutboxStatus = z.enum(OUTBOX_STATUSES);
export type TOutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** Messages come in the languages of the app. */
export const ZMessageLocale = ZLocale;

export const ZOutboxMessage = z.object({
  id: z.uuid(),
  channel: ZChannel,
  recipient: z.string(),
  template: z.string(),
  body: z.string(),
  status: ZOutboxStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string(),
  isUrgent: z.boolean(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type TOutboxMessage = z.infer<typeof ZOutboxMessage>;

export const ZOutboxQuery = z.strictObject({
  recipient: z.string().trim().max(100).optional(),
  status: ZOutboxStatus.optional(),
  channel: ZChannel.optional(),
  template: z.string().trim().max(60).optional(),
});

export const ZSmsLength = z.object({ length: z.number().int(), parts: z.number().int() });

export const ZTemplateView = z.object({
  id: z.uuid(),
  event: z.string(),
  channel: ZChannel,
  locale: ZMessageLocale,
  body: z.string(),
  providerTemplateCode: z.string().nullable(),
  isEnabled: z.boolean(),
  audience: z.enum(['customer', 'staff']),
  kind: z.enum(['service', 'marketing']),
  isUrgent: z.boolean(),
  /** The variables the event offers, in the order providers' positional parameters follow. */
  variables: z.array(z.object({ name: z.string(), label: z.string() })),
  /** Rendered with the sample data; `sms` only for SMS templates. */
  preview: z.string(),
  sms: ZSmsLength.nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type TTemplateView = z.infer<typeof ZTemplateView>;

export const ZUpdateTemplateBody = z.strictObject({
  body: z.string().trim().min(1).max(1000).optional(),
  providerTemplateCode: z.string().trim().max(100).nullable().optional(),
  isEnabled: z.boolean().optional(),
  /** The `updatedAt` the editor read: another change since then is a 409 (optimistic version). */
  expectedUpdatedAt: z.string().max(40).optional(),
});
export type TUpdateTemplateBody = z.infer<typeof ZUpdateTemplateBody>;

/** A test send of a template: its sample values to a staff phone or e-mail, through the normal outbox. */
export const ZTestSendBody = z.strictObject({ recipient: z.union([z.email().max(120), ZMobile]) });
export type TTestSendBody = z.infer<typeof ZTestSendBody>;

export const ZPreviewBody = z.strictObject({
  event: z.string().trim().min(1).max(60),
  channel: ZChannel,
  body: z.string().min(1).max(1000),
  /** Overrides of the sample data. */
  params: z.record(z.string(), z.string().max(500)).optional(),
});
export const ZPreviewView = z.object({ text: z.string(), sms: ZSmsLength.nullable() });

export const ZPreferenceView = z.object({
  recipient: z.string(),
  isMarketingOptOut: z.boolean(),
  eventChannels: z.record(z.string(), z.array(ZChannel)),
  wechatOpenid: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
/** A recipient's choices are kept per mobile, normalized (`+86 138-0013-8000` → `13800138000`). */
export const ZPreferenceParams = z.strictObject({ recipient: ZMobile });
export const ZPreferenceBody = z.strictObject({
  isMarketingOptOut: z.boolean(),
  eventChannels: z.record(z.string(), z.array(ZChannel).max(3)),
  wechatOpenid: z.string().trim().min(1).max(64).nullable(),
});
export type TPreferenceBody = z.infer<typeof ZPreferenceBody>;
