import { sql } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { createSiblingApp, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { startFakeGateway, type FakeGateway } from './fake-gateway';
import { deliverDueMessages, enqueueMessage, enqueueMessages } from './notifications.service';
import { createSenderFromEnv } from './senders';
import type { TemplateName } from './templates';

type Row = { id: string; channel: string; recipient: string; status: string; attempts: number; last_error: string | null; provider: string | null; provider_message_id: string | null; next_attempt_at: Date; body: string };

let phoneCounter = 0;
const uniqueMobile = () => `139${String(process.pid % 1000).padStart(3, '0')}${String(++phoneCounter).padStart(5, '0')}`;

describe('notifications: gateways, templates as data, customers’ choices', () => {
  let fake: FakeGateway;
  let t: TestApp;
  let admin: Session;
  let baseUrl: string;
  // 10:00 Asia/Shanghai
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  const send = () => createSenderFromEnv(t.app.ctx.env, () => {});
  const deliver = () => deliverDueMessages(t.app.ctx, send(), 200);
  const queue = (template: TemplateName, recipient: string, params: Record<string, string> = { number: 'SH20261122-0001', promised: '11月23日 10:00' }) =>
    t.app.ctx.db.transaction((tx) => enqueueMessage(tx, clock.now(), { template, recipient, params }));
  const rowsOf = (recipient: string) => queryRows<Row>(t.app.ctx.db, sql`select * from outbox_messages where recipient = ${recipient} order by created_at, channel`);
  const templateId = async (event: string, channel: string) => (await admin.request('GET', '/api/notifications/templates')).json().items.find((item: { event: string; channel: string; locale: string }) => item.event === event && item.channel === channel && item.locale === 'zh-CN').id as string;

  beforeAll(async () => {
    fake = await startFakeGateway();
    t = await createTestApp({ clock, env: { ...fake.envFor('aliyun'), NOTIFY_DAILY_SMS_CAP: '3' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    admin = (await signInAs(t.app, ['admin'])).session;
    for (const [event, code] of [['ticket_received', 'SMS_100001'], ['technician_on_the_way', 'SMS_100002'], ['portal_code', 'SMS_100003'], ['maintenance_expiring', 'SMS_100004'], ['job_done', 'SMS_100005']]) {
      const response = await admin.request('PATCH', `/api/notifications/templates/${await templateId(event, 'sms')}`, { providerTemplateCode: code });
      expect(response.statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('lists the seeded templates with their variables, sample preview and SMS parts', async () => {
    const items = (await admin.request('GET', '/api/notifications/templates')).json().items as { event: string; channel: string; locale: string; body: string; variables: { name: string }[]; sms: { parts: number } | null; preview: string; providerTemplateCode: string | null }[];
    const received = items.find((item) => item.event === 'ticket_received' && item.channel === 'sms' && item.locale === 'zh-CN')!;
    expect(received.body).toBe('【售后服务】您的服务申请已受理，单号 {number}，我们将在 {promised} 前与您联系。');
    expect(received.variables.map((variable) => variable.name)).toEqual(['number', 'promised']);
    expect(received.preview).toContain('SH20261122-0001');
    expect(received.sms).toEqual({ length: Array.from(received.preview).length, parts: 1 });
    expect(received.providerTemplateCode).toBe('SMS_100001');
    expect(new Set(items.map((item) => item.event)).size).toBeGreaterThanOrEqual(17);
  });

  it('refuses a template with an unknown variable (400 naming the field and the variable); preview counts the parts', async () => {
    const id = await templateId('ticket_received', 'sms');
    const bad = await admin.request('PATCH', `/api/notifications/templates/${id}`, { body: '单号 {number}，客户 {customerName}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ path: ['body'] });
    expect(bad.json().error.details[0].message).toContain('{customerName}');
    const stored = (await admin.request('GET', '/api/notifications/templates')).json().items.find((item: { id: string }) => item.id === id);
    expect(stored.body).not.toContain('customerName');
    const long = await admin.request('POST', '/api/notifications/templates/preview', { event: 'ticket_received', channel: 'sms', body: `【售后服务】${'您好'.repeat(40)}单号 {number}` });
    expect(long.json()).toMatchObject({ sms: { parts: 2 } });
    expect(long.json().text).toContain('SH20261122-0001');
    expect((await admin.request('POST', '/api/notifications/templates/preview', { event: 'ticket_received', channel: 'sms', body: '{nope}' })).statusCode).toBe(400);
    const manager = (await signInAs(t.app, ['manager'])).session;
    expect((await manager.request('PATCH', `/api/notifications/templates/${id}`, { isEnabled: false })).statusCode).toBe(403);
  });

  it('changes a template only at the version the editor read: a stale updatedAt is a 409 and changes nothing', async () => {
    const id = await templateId('loaner_due', 'sms');
    const read = (await admin.request('GET', '/api/notifications/templates')).json().items.find((item: { id: string }) => item.id === id);
    clock.advance(1000);
    const first = await admin.request('PATCH', `/api/notifications/templates/${id}`, { body: `${read.body} `.trim() + '谢谢。', expectedUpdatedAt: read.updatedAt });
    expect(first.statusCode).toBe(200);
    expect(first.json().updatedAt).not.toBe(read.updatedAt);
    const stale = await admin.request('PATCH', `/api/notifications/templates/${id}`, { body: '备用机 {item} 请于 {due} 归还', expectedUpdatedAt: read.updatedAt });
    expect(stale.statusCode).toBe(409);
    const stored = (await admin.request('GET', '/api/notifications/templates')).json().items.find((item: { id: string }) => item.id === id);
    expect(stored.body).toBe(first.json().body);
  });

  it('sends an SMS through Alibaba with the template code and parameters; the receipt marks it delivered; an unknown id is a 404 changing nothing', async () => {
    const phone = uniqueMobile();
    await queue('ticket_received', phone);
    expect((await deliver()).sent).toBeGreaterThanOrEqual(1);
    const [row] = await rowsOf(phone);
    expect(row).toMatchObject({ status: 'sent', provider: 'aliyun', attempts: 1 });
    expect(fake.sent.find((entry) => entry.messageId === row.provider_message_id)).toMatchObject({ recipient: phone, templateCode: 'SMS_100001', params: { number: 'SH20261122-0001', promised: '11月23日 10:00' }, outId: row.id });
    const receiptUrl = `${baseUrl}/api/notifications/receipts/aliyun?secret=receipt-secret-0123456789`;
    const unknown = await fake.postReceipts('aliyun', receiptUrl, [{ messageId: row.provider_message_id!, recipient: phone, isDelivered: true }, { messageId: '000^0', recipient: phone, isDelivered: true }]);
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.json)).toContain('000^0');
    expect((await rowsOf(phone))[0].status).toBe('sent');
    const wrongSecret = await fake.postReceipts('aliyun', `${baseUrl}/api/notifications/receipts/aliyun?secret=wrong`, [{ messageId: row.provider_message_id!, recipient: phone, isDelivered: true }]);
    expect(wrongSecret.status).toBe(401);
    // Same length in characters as the real secret, longer in bytes: a 401, not a RangeError (500).
    const nonAscii = await fake.postReceipts('aliyun', `${baseUrl}/api/notifications/receipts/aliyun?secret=${encodeURIComponent('密'.repeat('receipt-secret-0123456789'.length))}`, [{ messageId: row.provider_message_id!, recipient: phone, isDelivered: true }]);
    expect(nonAscii.status).toBe(401);
    const ok = await fake.postReceipts('aliyun', receiptUrl, [{ messageId: row.provider_message_id!, recipient: phone, isDelivered: true }]);
    expect(ok).toMatchObject({ status: 200, json: { code: 0 } });
    const outbox = (await admin.request('GET', `/api/outbox?recipient=${phone}`)).json();
    expect(outbox.items[0]).toMatchObject({ status: 'delivered', provider: 'aliyun', providerMessageId: row.provider_message_id });
    expect(outbox.items[0].deliveredAt).toBe('2026-11-22T02:00:05.000Z');
  });

  it('retries throttling with backoff, stops at an invalid number with the reason, and a failed message can be resent', async () => {
    const phone = uniqueMobile();
    fake.plan(phone, 'throttle', 'invalid_number');
    await queue('ticket_received', phone);
    await deliver();
    expect((await rowsOf(phone))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await rowsOf(phone))[0].last_error).toContain('isv.BUSINESS_LIMIT_CONTROL');
    await deliver();
    expect((await rowsOf(phone))[0].attempts).toBe(1);
    clock.advance(61_000);
    await deliver();
    const [failed] = await rowsOf(phone);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, last_error: 'aliyun: isv.MOBILE_NUMBER_ILLEGAL 非法手机号' });
    clock.advance(3_600_000);
    await deliver();
    expect((await rowsOf(phone))[0].status).toBe('failed');
    const filtered = (await admin.request('GET', `/api/outbox?status=failed&channel=sms&recipient=${phone}`)).json();
    expect(filtered.total).toBe(1);
    const resent = await admin.request('POST', `/api/outbox/${failed.id}/resend`);
    expect(resent.json()).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await admin.request('POST', `/api/outbox/${failed.id}/resend`)).statusCode).toBe(409);
    await deliver();
    expect((await rowsOf(phone))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    const audit = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity = 'outbox_message' and entity_id = ${failed.id}`);
    expect(audit.map((entry) => entry.action)).toEqual(['resend']);
  });

  it('a non-urgent customer SMS queued at 23:00 goes out at 08:00; a verification code goes at once', async () => {
    const phone = uniqueMobile();
    clock.set('2026-11-22T15:00:00Z'); // 23:00 Shanghai
    await queue('ticket_received', phone);
    await queue('portal_code', phone, { code: '123456' });
    await deliver();
    const [received, code] = await rowsOf(phone);
    expect(code.status).toBe('sent');
    expect(received.status).toBe('pending');
    expect(new Date(received.next_attempt_at).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // 08:00 Shanghai
    clock.set('2026-11-22T23:59:00Z');
    await deliver();
    expect((await rowsOf(phone))[0].status).toBe('pending');
    clock.set('2026-11-23T00:00:00Z');
    await deliver();
    expect((await rowsOf(phone))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('caps non-urgent SMS per phone per day; the rest wait until the next morning', async () => {
    const phone = uniqueMobile();
    clock.set('2026-11-23T04:00:00Z'); // 12:00 Shanghai
    for (let index = 0; index < 4; index += 1) await queue('ticket_received', phone, { number: `SH-${index}`, promised: '今天' });
    await deliver();
    const rows = await rowsOf(phone);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(3);
    const waiting = rows.find((row) => row.status === 'pending')!;
    expect(new Date(waiting.next_attempt_at).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(waiting.last_error).toContain('每日上限');
  });

  it('honours the marketing opt-out (service messages still go), the per-event channel choice, and sends WeChat to a bound openid', async () => {
    const phone = uniqueMobile();
    clock.set('2026-11-23T05:00:00Z');
    admin = (await signInAs(t.app, ['admin'])).session; // the fake clock moved past the session's idle limit
    const saved = await admin.request('PUT', `/api/notifications/preferences/${phone}`, { isMarketingOptOut: true, eventChannels: { job_done: ['wechat'] }, wechatOpenid: 'oWx-customer-1' });
    expect(saved.statusCode).toBe(200);
    expect((await admin.request('PUT', '/api/notifications/preferences/021-58881234', { isMarketingOptOut: true, eventChannels: {}, wechatOpenid: null })).statusCode).toBe(400);
    expect((await admin.request('PUT', `/api/notifications/preferences/${phone}`, { isMarketingOptOut: true, eventChannels: { no_such_event: ['sms'] }, wechatOpenid: null })).statusCode).toBe(400);
    const wechatTemplate = await templateId('job_done', 'wechat');
    await admin.request('PATCH', `/api/notifications/templates/${wechatTemplate}`, { isEnabled: true, providerTemplateCode: 'WX-TPL-DONE' });
    await queue('maintenance_expiring', phone, { product: '热水器', expires: '2027年2月28日' });
    await queue('ticket_received', phone);
    await queue('job_done', phone, { number: 'SH20261122-0001', surveyLink: 'https://s.example.cn/q/1' });
    await deliver();
    const rows = await queryRows<Row & { template: string }>(t.app.ctx.db, sql`select * from outbox_messages where recipient in (${phone}, 'oWx-customer-1') order by created_at, template`);
    const byTemplate = Object.fromEntries(rows.map((row) => [`${row.template}:${row.channel}`, row]));
    expect(byTemplate['maintenance_expiring:sms']).toMatchObject({ status: 'skipped', last_error: '客户已退订营销类消息' });
    expect(byTemplate['ticket_received:sms'].status).toBe('sent');
    expect(byTemplate['job_done:sms']).toBeUndefined();
    expect(byTemplate['job_done:wechat']).toMatchObject({ status: 'sent', provider: 'wechat', recipient: 'oWx-customer-1' });
    expect(fake.sent.find((entry) => entry.provider === 'wechat' && entry.recipient === 'oWx-customer-1')).toMatchObject({ templateCode: 'WX-TPL-DONE', params: { number: { value: 'SH20261122-0001' }, surveyLink: { value: 'https://s.example.cn/q/1' } } });
  });

  it('queues a batch in one call: each message with its own channels, language and the phone’s choices; one id per message', async () => {
    const phone = uniqueMobile();
    const optedOut = uniqueMobile();
    await admin.request('PUT', `/api/notifications/preferences/${optedOut}`, { isMarketingOptOut: true, eventChannels: {}, wechatOpenid: null });
    const email = `manager-${phone}@example.com`;
    const ids = await t.app.ctx.db.transaction((tx) =>
      enqueueMessages(tx, clock.now(), [
        { template: 'sla_breached', recipient: email, params: { number: 'SH1', clock: 'response', due: 'Nov 23 10:00' }, locale: 'en' },
        { template: 'ticket_received', recipient: phone, params: { number: 'SH2', promised: '今天' } },
        { template: 'maintenance_expiring', recipient: optedOut, params: { product: '热水器', expires: '2027年2月28日' } },
      ]),
    );
    expect(ids).toHaveLength(3);
    const rows = await queryRows<Row & { template: string }>(t.app.ctx.db, sql`select * from outbox_messages where id in (${ids[0]}, ${ids[1]}, ${ids[2]})`);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(ids[0])).toMatchObject({ channel: 'email', recipient: email, status: 'pending', body: 'Ticket SH1: the response time limit was breached (due Nov 23 10:00). Please act now.' });
    expect(byId.get(ids[1])).toMatchObject({ channel: 'sms', recipient: phone, status: 'pending' });
    expect(byId.get(ids[1])!.body).toContain('SH2');
    expect(byId.get(ids[2])).toMatchObject({ channel: 'sms', status: 'skipped', last_error: '客户已退订营销类消息' });
    expect(await t.app.ctx.db.transaction((tx) => enqueueMessages(tx, clock.now(), []))).toEqual([]);
    await deliver(); // nothing of this test is left pending for the next ones
  });

  it('test-sends a template with its sample values through the outbox (opt-out applies); audited; a wrong recipient is a 400 naming it; manage only', async () => {
    const id = await templateId('contract_expiring', 'sms');
    const phone = uniqueMobile();
    const sent = await admin.request('POST', `/api/notifications/templates/${id}/test`, { recipient: `+86 ${phone}` });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().items).toHaveLength(1);
    expect(sent.json().items[0]).toMatchObject({ channel: 'sms', recipient: phone, template: 'contract_expiring', status: 'pending' });
    expect(sent.json().items[0].body).toContain('HT2025-018');
    expect((await rowsOf(phone)).map((row) => row.status)).toEqual(['pending']);
    const audit = await queryRows<{ action: string; after: { recipient: string } }>(t.app.ctx.db, sql`select action, after from audit_log where entity = 'notification_template' and entity_id = ${id} and action = 'test_send'`);
    expect(audit.map((entry) => entry.after.recipient)).toContain(phone);

    const optedOut = uniqueMobile();
    expect((await admin.request('PUT', `/api/notifications/preferences/${optedOut}`, { isMarketingOptOut: true, eventChannels: {}, wechatOpenid: null })).statusCode).toBe(200);
    const skipped = await admin.request('POST', `/api/notifications/templates/${id}/test`, { recipient: optedOut });
    expect(skipped.json().items[0]).toMatchObject({ status: 'skipped', lastError: '客户已退订营销类消息' });

    const byAddress = await admin.request('POST', `/api/notifications/templates/${id}/test`, { recipient: 'staff@example.com' });
    expect(byAddress.statusCode).toBe(400);
    expect(byAddress.json().error.details[0]).toMatchObject({ path: ['recipient'] });
    const badPhone = await admin.request('POST', `/api/notifications/templates/${id}/test`, { recipient: '12345' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details[0].path).toEqual(['recipient']);
    expect((await admin.request('POST', '/api/notifications/templates/00000000-0000-4000-8000-000000000000/test', { recipient: phone })).statusCode).toBe(404);
    const manager = (await signInAs(t.app, ['manager'])).session;
    expect((await manager.request('POST', `/api/notifications/templates/${id}/test`, { recipient: phone })).statusCode).toBe(403);
    expect(await rowsOf(phone)).toHaveLength(1);
  });

  it('keeps a message to a number that is not a mobile, failed with the reason', async () => {
    await queue('ticket_received', '021-58881234');
    const [row] = await rowsOf('021-58881234');
    expect(row).toMatchObject({ status: 'failed', attempts: 0 });
    expect(row.last_error).toContain('不是有效的手机号');
  });

  it('never sends a message twice with two sender processes (PostgreSQL)', async () => {
    const sibling = await createSiblingApp(t, { clock });
    if (!sibling) return; // PGlite: one process only
    try {
      const phones = Array.from({ length: 120 }, uniqueMobile);
      clock.set('2026-11-23T06:00:00Z');
      for (const phone of phones) await queue('technician_on_the_way', phone, { number: 'SH1', technician: '王师傅', window: '14:00-16:00' });
      const before = fake.sent.length;
      await Promise.all([deliverDueMessages(t.app.ctx, send(), 1000, 3), deliverDueMessages(sibling.app.ctx, createSenderFromEnv(t.app.ctx.env, () => {}), 1000, 3)]);
      const outIds = fake.sent.slice(before).map((entry) => entry.outId);
      expect(outIds).toHaveLength(120);
      expect(new Set(outIds).size).toBe(120);
    } finally {
      await sibling.close();
    }
  });
});
