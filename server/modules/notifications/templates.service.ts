import type { TChannel, TPreferenceBody, TUpdateTemplateBody } from '../../../contracts/notifications';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField, notFound } from '../../platform/errors';
import type { Actor } from '../../platform/principal';
import { recordAudit } from '../audit';
import * as repo from './notifications.repository';
import { enqueueMessageRows, isEmailAddress, presentMessage } from './notifications.service';
import { eventOf, fillText, isTemplateName, smsParts, unknownVariables, type TemplateName } from './templates';

/** A text must use only the variables its event offers: otherwise a 400 on `body` naming them and the offered ones. */
function checkVariables(event: TemplateName, body: string): void {
  const unknown = unknownVariables(event, body);
  if (unknown.length === 0) return;
  const offered = Object.keys(eventOf(event).variables).map((name) => `{${name}}`).join(' ');
  throw invalidField(['body'], `未知变量 ${unknown.map((name) => `{${name}}`).join(' ')}；该事件提供：${offered || '无'}`);
}

function render(event: TemplateName, channel: TChannel, body: string, params?: Record<string, string>) {
  const text = fillText(body, { ...eventOf(event).sample, ...params });
  return { text, sms: channel === 'sms' ? smsParts(text) : null };
}

function presentTemplate(row: repo.TemplateRow) {
  const event = isTemplateName(row.event) ? eventOf(row.event) : null;
  const preview = event ? render(row.event as TemplateName, row.channel, row.body) : { text: row.body, sms: row.channel === 'sms' ? smsParts(row.body) : null };
  return {
    id: row.id,
    event: row.event,
    channel: row.channel,
    locale: row.locale,
    body: row.body,
    providerTemplateCode: row.providerTemplateCode,
    isEnabled: row.isEnabled,
    audience: event?.audience ?? ('customer' as const),
    kind: event?.kind ?? ('service' as const),
    isUrgent: event?.isUrgent ?? false,
    variables: Object.entries((event?.variables ?? {}) as Record<string, string>).map(([name, label]) => ({ name, label })),
    preview: preview.text,
    sms: preview.sms,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

export async function listTemplates(ctx: AppContext) {
  return { items: (await repo.findTemplates(ctx.db)).map(presentTemplate) };
}

/** Changes a template's text, provider code or whether the event sends on this channel (audited). */
export async function updateTemplate(ctx: AppContext, actor: Actor, id: string, input: TUpdateTemplateBody) {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findTemplateByIdForUpdate(tx, id);
    if (!row) throw notFound('Template');
    if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== row.updatedAt.toISOString()) throw conflict('the template was changed by someone else since it was read: reload it');
    if (input.body !== undefined && isTemplateName(row.event)) checkVariables(row.event, input.body);
    const patch = { ...(input.body !== undefined && { body: input.body }), ...(input.providerTemplateCode !== undefined && { providerTemplateCode: input.providerTemplateCode || null }), ...(input.isEnabled !== undefined && { isEnabled: input.isEnabled }) };
    const saved = await repo.updateTemplate(tx, id, { ...patch, updatedAt: ctx.clock.now(), updatedBy: actor.name });
    await recordAudit(tx, actor, { entity: 'notification_template', entityId: id, action: 'update', before: { body: row.body, providerTemplateCode: row.providerTemplateCode, isEnabled: row.isEnabled }, after: { body: saved.body, providerTemplateCode: saved.providerTemplateCode, isEnabled: saved.isEnabled } });
    return presentTemplate(saved);
  });
}

/** Renders a text with the event's sample data (or the given params); SMS with their length and parts. */
export function previewTemplate(input: { event: string; channel: TChannel; body: string; params?: Record<string, string> }) {
  if (!isTemplateName(input.event)) throw invalidField(['event'], `未知事件 ${input.event}`);
  checkVariables(input.event, input.body);
  return render(input.event, input.channel, input.body, input.params);
}

/**
 * A test send: the template's event with its sample values to a staff phone or e-mail, queued
 * through the normal outbox in the template's language, so the event's enabled channels, the
 * recipient's choices, quiet hours and the daily cap apply as to a real message (audited).
 * A phone for an e-mail template, or an address for an SMS or WeChat one, is a 400 on `recipient`.
 */
export async function testSendTemplate(ctx: AppContext, actor: Actor, id: string, recipient: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findTemplateByIdForUpdate(tx, id);
    if (!row) throw notFound('Template');
    if (!isTemplateName(row.event)) throw invalidField(['event'], `未知事件 ${row.event}`);
    const isAddress = isEmailAddress(recipient);
    if (row.channel === 'email' && !isAddress) throw invalidField(['recipient'], '邮件模板的测试发送需要邮箱地址');
    if (row.channel !== 'email' && isAddress) throw invalidField(['recipient'], '短信与微信模板的测试发送需要手机号');
    const at = ctx.clock.now();
    const [ids] = await enqueueMessageRows(tx, at, [{ template: row.event, recipient, params: { ...eventOf(row.event).sample }, locale: row.locale }]);
    const messages = await repo.findOutboxMessagesByIds(tx, ids);
    await recordAudit(tx, actor, { entity: 'notification_template', entityId: id, action: 'test_send', before: null, after: { recipient, messages: messages.map((message) => ({ id: message.id, channel: message.channel, status: message.status })) } });
    return { items: messages.map(presentMessage) };
  });
}

function presentPreference(recipient: string, row: repo.PreferenceRow | undefined) {
  return { recipient, isMarketingOptOut: row?.isMarketingOptOut ?? false, eventChannels: row?.eventChannels ?? {}, wechatOpenid: row?.wechatOpenid ?? null, updatedAt: row?.updatedAt.toISOString() ?? null };
}

export async function getPreference(ctx: AppContext, recipient: string) {
  return presentPreference(recipient, await repo.findPreference(ctx.db, recipient));
}

/** A recipient's choices: marketing opt-out, channels per event, the bound WeChat openid (audited). */
export async function savePreference(ctx: AppContext, actor: Actor, recipient: string, input: TPreferenceBody) {
  for (const event of Object.keys(input.eventChannels)) {
    if (!isTemplateName(event)) throw invalidField(['eventChannels', event], `未知事件 ${event}`);
  }
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findPreference(tx, recipient);
    const saved = await repo.upsertPreference(tx, { recipient, isMarketingOptOut: input.isMarketingOptOut, eventChannels: input.eventChannels, wechatOpenid: input.wechatOpenid, updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'notification_preference', entityId: null, action: before ? 'update' : 'create', before: before ? { recipient, isMarketingOptOut: before.isMarketingOptOut, eventChannels: before.eventChannels, hasWechat: Boolean(before.wechatOpenid) } : null, after: { recipient, isMarketingOptOut: saved.isMarketingOptOut, eventChannels: saved.eventChannels, hasWechat: Boolean(saved.wechatOpenid) } });
    return presentPreference(recipient, saved);
  });
}
