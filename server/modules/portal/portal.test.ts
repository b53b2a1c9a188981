import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { App } from '../../app';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { createTestApp, signInAs, type TestApp } from '../../test/harness';
import { buildCustomer, uniqueMobile } from '../../test/archive-factories';
import { deliverDueMessages } from '../notifications';

/** Reads the last code sent to a phone from the outbox, as a tester would in development. */
async function lastCode(app: App, phone: string): Promise<string> {
  const [row] = await queryRows<{ body: string }>(app.ctx.db, sql`select body from outbox_messages where recipient = ${phone} order by created_at desc limit 1`);
  return /(\d{6})/.exec(row.body)![1];
}

async function portalSignIn(app: App, phone: string) {
  expect((await app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone } })).statusCode).toBe(200);
  const response = await app.inject({ method: 'POST', url: '/api/portal/sessions', payload: { phone, code: await lastCode(app, phone) } });
  expect(response.statusCode).toBe(200);
  const cookie = `as_portal=${response.cookies.find((c) => c.name === 'as_portal')!.value}`;
  const csrf = response.json().csrfToken as string;
  const send = (method: string, url: string, payload?: object) => app.inject({ method: method as 'GET', url, headers: { cookie, 'x-csrf-token': csrf }, payload });
  return Object.assign(send, { cookie });
}

describe('customer portal', () => {
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('sends the code through the outbox, stores only its hash, and the outbox delivers it', async () => {
    const phone = uniqueMobile();
    await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone } });
    const code = await lastCode(t.app, phone);
    const stored = await queryRows<{ code_hash: string }>(t.app.ctx.db, sql`select code_hash from portal_codes where phone = ${phone}`);
    expect(stored[0].code_hash).not.toContain(code);
    const sent: string[] = [];
    await deliverDueMessages(t.app.ctx, async (message) => {
      sent.push(`${message.recipient}:${message.body}`);
    });
    expect(sent.some((line) => line.startsWith(phone) && line.includes(code))).toBe(true);
    const admin = (await signInAs(t.app, ['admin'])).session;
    const outbox = (await admin.request('GET', `/api/outbox?recipient=${phone}`)).json();
    expect(outbox.items[0]).toMatchObject({ status: 'sent', template: 'portal_code', attempts: 1 });
  });

  it('retries a failed send with backoff and records the error', async () => {
    const phone = uniqueMobile();
    clock.advance(120_000);
    await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone } });
    await deliverDueMessages(t.app.ctx, async () => {
      throw new Error('gateway down');
    });
    const [row] = await queryRows<{ status: string; attempts: number; last_error: string }>(t.app.ctx.db, sql`select status, attempts, last_error from outbox_messages where recipient = ${phone}`);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('gateway down');
    expect(await deliverDueMessages(t.app.ctx, async () => {})).toEqual({ sent: 0, failed: 0 });
    clock.advance(61_000);
    expect((await deliverDueMessages(t.app.ctx, async () => {})).sent).toBeGreaterThanOrEqual(1);
  });

  it('limits codes per phone: one a minute', async () => {
    const phone = uniqueMobile();
    expect((await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone } })).statusCode).toBe(200);
    clock.advance(15_000);
    const again = await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone } });
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe('45');
    clock.advance(61_000);
    expect((await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone } })).statusCode).toBe(200);
  });

  it('limits codes per phone to 5 an hour, and says when the next one may be asked for', async () => {
    const phone = uniqueMobile();
    for (let i = 0; i < 5; i += 1) {
      expect((await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone }, remoteAddress: `10.9.0.${i}` })).statusCode).toBe(200);
      clock.advance(61_000);
    }
    const sixth = await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone }, remoteAddress: '10.9.0.9' });
    expect(sixth.statusCode).toBe(429);
    // The first code of the hour was asked for 5 × 61 s ago: free again 3,600 − 305 s later.
    expect(sixth.headers['retry-after']).toBe('3295');
  });

  it('the per-address limit answers 429 with Retry-After too', async () => {
    const answers = [];
    for (let i = 0; i < 11; i += 1) answers.push(await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone: uniqueMobile() }, remoteAddress: '10.8.0.1' }));
    expect(answers.slice(0, 10).every((answer) => answer.statusCode === 200)).toBe(true);
    const limited = answers[10];
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a wrong code is refused, and after 5 wrong guesses even the right one', async () => {
    const phone = uniqueMobile();
    clock.advance(61_000);
    await t.app.inject({ method: 'POST', url: '/api/portal/codes', payload: { phone } });
    const code = await lastCode(t.app, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      const response = await t.app.inject({ method: 'POST', url: '/api/portal/sessions', payload: { phone, code: wrong } });
      expect(response.json().error.details[0].path).toEqual(['code']);
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/portal/sessions', payload: { phone, code } })).statusCode).toBe(400);
  });

  it('a new customer files a request and follows it; a known customer sees only their own tickets and no internal notes', async () => {
    clock.advance(61_000);
    const newcomer = uniqueMobile();
    const portal = await portalSignIn(t.app, newcomer);
    const noName = await portal('POST', '/api/portal/tickets', { type: 'installation', description: '新买的热水器需要安装' });
    expect(noName.json().error.details[0].path).toEqual(['name']);
    const filed = await portal('POST', '/api/portal/tickets', { type: 'installation', description: '新买的热水器需要安装', name: '陈女士' });
    expect(filed.statusCode).toBe(201);
    const ticket = filed.json().ticket;
    expect(ticket).toMatchObject({ channel: 'online', status: 'new' });
    const again = await portal('POST', '/api/portal/tickets', { type: 'installation', description: '再提交一次' });
    expect(again.json()).toMatchObject({ isExisting: true, ticket: { id: ticket.id } });

    const agent = (await signInAs(t.app, ['agent'])).session;
    await agent.request('POST', `/api/tickets/${ticket.id}/notes`, { text: '内部：客户脾气急', isCustomerVisible: false });
    await agent.request('POST', `/api/tickets/${ticket.id}/notes`, { text: '明天上午联系您', isCustomerVisible: true });
    const detail = (await portal('GET', `/api/portal/tickets/${ticket.id}`)).json();
    const texts = detail.events.map((e: { text: string | null }) => e.text);
    expect(texts).toContain('明天上午联系您');
    expect(texts).not.toContain('内部：客户脾气急');
    expect(detail).not.toHaveProperty('contactPhone');
    expect(detail.technicianName).toBeNull();

    // Someone else's phone sees none of it.
    clock.advance(61_000);
    const other = await buildCustomer(t.app);
    const otherPhone = (await queryRows<{ phone: string }>(t.app.ctx.db, sql`select phone from customer_phones where customer_id = ${other.id}`))[0].phone;
    const otherPortal = await portalSignIn(t.app, otherPhone);
    expect((await otherPortal('GET', '/api/portal/tickets')).json().items).toEqual([]);
    expect((await otherPortal('GET', `/api/portal/tickets/${ticket.id}`)).statusCode).toBe(404);
  });

  it('portal routes need a portal session and the CSRF token for writes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/portal/tickets' })).statusCode).toBe(401);
    clock.advance(61_000);
    const phone = uniqueMobile();
    const portal = await portalSignIn(t.app, phone);
    expect((await portal('GET', '/api/portal/me')).json()).toMatchObject({ phone, isKnownCustomer: false });
    const cookieOnly = await t.app.inject({ method: 'POST', url: '/api/portal/tickets', headers: { cookie: portal.cookie }, payload: { type: 'repair', description: 'x', name: 'y' } });
    expect(cookieOnly.statusCode).toBe(403);
    clock.advance(3 * 3_600_000);
    expect((await portal('GET', '/api/portal/me')).statusCode).toBe(401);
  });
});
