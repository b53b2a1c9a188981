import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { buildUser, createTestApp, signInAs, type TestApp } from '../../test/harness';
import { buildCustomer } from '../../test/archive-factories';
import { runJobIfDue, slaScanJob } from '../../jobs';
import { setKeyCustomer } from '../customers';

type Clock = { kind: string; status: string; dueAt: string; isAtRisk: boolean; isProvisional: boolean };

describe('SLA clocks on the Chinese working-day calendar', () => {
  const clock = createFakeClock('2026-10-30T02:00:00Z'); // Friday 10:00 in Shanghai
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  async function newTicket(body: Record<string, unknown> = {}) {
    const agent = (await signInAs(t.app, ['agent'])).session;
    const customer = await buildCustomer(t.app);
    const response = await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description: '故障', ...body });
    return { agent, ticket: response.json().ticket, customer };
  }
  const clockOf = (ticket: { clocks: Clock[] }, kind: string) => ticket.clocks.find((item) => item.kind === kind)!;

  it('a repair gets response (24 service hours, 9:00–22:00), on-site (3 working days) and resolution (7 working days) clocks', async () => {
    const { ticket } = await newTicket();
    expect(ticket.clocks.map((item: Clock) => item.kind)).toEqual(['response', 'onsite', 'resolution']);
    // Fri 10:00–22:00 (12 h) + Sat 09:00–21:00 (12 h)
    expect(clockOf(ticket, 'response').dueAt).toBe('2026-10-31T13:00:00.000Z');
    // Fri 10:00 + 3 working days (the weekend does not count) = Wed 10:00
    expect(clockOf(ticket, 'onsite').dueAt).toBe('2026-11-04T02:00:00.000Z');
    expect(clockOf(ticket, 'resolution').dueAt).toBe('2026-11-10T02:00:00.000Z');
  });

  it('skips the National Day holidays and counts the make-up Saturday (调休)', async () => {
    clock.set('2026-09-30T02:00:00Z'); // Wed 09-30 10:00; 10-01..07 holidays; Sat 10-10 is a working day
    const { ticket } = await newTicket();
    expect(clockOf(ticket, 'onsite').dueAt).toBe('2026-10-10T02:00:00.000Z');
    clock.set('2026-10-30T02:00:00Z');
  });

  it('pending states pause the clocks and the due time moves by the paused time', async () => {
    const { agent, ticket } = await newTicket();
    await agent.request('PUT', `/api/tickets/${ticket.id}/assessment`, { faultClass: 'performance', faultCode: 'other', impact: 'low', urgency: 'normal' });
    await agent.request('POST', `/api/tickets/${ticket.id}/transitions`, { to: 'waiting_parts' });
    clock.advance(24 * 3_600_000); // Saturday: not a working day, so nothing is lost either way
    clock.advance(24 * 3_600_000); // Sunday
    clock.advance(24 * 3_600_000); // Monday: one working day paused
    const agent2 = (await signInAs(t.app, ['agent'])).session;
    const resumed = (await agent2.request('POST', `/api/tickets/${ticket.id}/transitions`, { to: 'assessed' })).json();
    expect(clockOf(resumed, 'response').status).toBe('met');
    expect(clockOf(resumed, 'resolution').dueAt).toBe('2026-11-11T02:00:00.000Z');
    clock.set('2026-10-30T02:00:00Z');
  });

  it('key customers get their own policy: 2 hours within 9:00–22:00', async () => {
    clock.set('2026-10-30T13:30:00Z'); // 21:30 in Shanghai
    const agent = (await signInAs(t.app, ['agent'])).session;
    const customer = await buildCustomer(t.app);
    await setKeyCustomer(t.app.ctx, SYSTEM_ACTOR, customer.id, { isKey: true, reason: '测试' });
    const ticket = (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description: '重点客户报修' })).json().ticket;
    // 30 minutes tonight, 90 minutes from 09:00 tomorrow
    expect(clockOf(ticket, 'response').dueAt).toBe('2026-10-31T02:30:00.000Z');
    clock.set('2026-10-30T02:00:00Z');
  });

  it('dates past the known calendar make the due time provisional', async () => {
    clock.set('2026-12-24T02:00:00Z');
    const { ticket } = await newTicket();
    expect(clockOf(ticket, 'response').isProvisional).toBe(false);
    expect(clockOf(ticket, 'resolution').isProvisional).toBe(true);
    clock.set('2026-10-30T02:00:00Z');
  });

  it('an admin’s local holiday moves the due time', async () => {
    const admin = (await signInAs(t.app, ['admin'])).session;
    expect((await admin.request('PUT', '/api/sla/calendar/days/2026-11-02', { kind: 'holiday', name: '公司停工' })).statusCode).toBe(200);
    const { ticket } = await newTicket();
    expect(clockOf(ticket, 'onsite').dueAt).toBe('2026-11-05T02:00:00.000Z');
    const year = (await admin.request('GET', '/api/sla/calendar/2026')).json();
    expect(year.adminDays).toEqual([{ date: '2026-11-02', kind: 'holiday', name: '公司停工' }]);
    expect(year.days.find((day: { date: string }) => day.date === '2026-10-10')).toMatchObject({ kind: 'makeup_workday' });
    await admin.request('PUT', '/api/sla/calendar/days/2026-11-02', { kind: 'normal' });
  });

  it('the scan flags clocks at risk, escalates breaches to the managers once, and the list filters them', async () => {
    await buildUser(t.app, { roles: ['manager'], username: 'sla.manager' });
    await t.app.ctx.db.execute(sql`update users set email = 'manager@example.com' where username = 'sla.manager'`);
    const { ticket } = await newTicket({ type: 'consultation' });
    // 24 service hours from Fri 10:00 (9:00–22:00): due Sat 21:00; at risk once 80 % is used (Sat 16:12).
    clock.advance(20 * 3_600_000); // Sat 06:00: 12 h used (Fri 10–22), the night does not count
    expect((await runJobIfDue(t.app.ctx, slaScanJob)).status).toBe('ran');
    const early = (await (await signInAs(t.app, ['agent'])).session.request('GET', '/api/tickets?sla=at_risk')).json();
    expect(early.items.map((item: { id: string }) => item.id)).not.toContain(ticket.id);
    clock.advance(11 * 3_600_000); // Sat 17:00: 20 h used, 4 h left: at risk
    expect((await runJobIfDue(t.app.ctx, slaScanJob)).status).toBe('ran');
    let agent = (await signInAs(t.app, ['agent'])).session;
    const atRisk = (await agent.request('GET', '/api/tickets?sla=at_risk')).json();
    expect(atRisk.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
    clock.advance(5 * 3_600_000); // Sat 22:00: one hour past the due time
    await runJobIfDue(t.app.ctx, slaScanJob);
    clock.advance(60_000);
    await runJobIfDue(t.app.ctx, slaScanJob);
    agent = (await signInAs(t.app, ['agent'])).session;
    const detail = (await agent.request('GET', `/api/tickets/${ticket.id}`)).json();
    expect(detail.events.filter((event: { kind: string }) => event.kind === 'sla_breached')).toHaveLength(1);
    expect(detail.events.some((event: { kind: string }) => event.kind === 'sla_at_risk')).toBe(true);
    expect(clockOf(detail, 'response').status).toBe('breached');
    const breached = (await agent.request('GET', '/api/tickets?sla=breached')).json();
    expect(breached.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
    const mails = await queryRows<{ body: string }>(t.app.ctx.db, sql`select body from outbox_messages where recipient = 'manager@example.com' and template = 'sla_breached'`);
    expect(mails.filter((mail) => mail.body.includes(ticket.number))).toHaveLength(1);
    // The queue counts agree with the list; a stopped clock leaves both at once (no scan needed).
    const before = (await agent.request('GET', '/api/tickets/queues')).json();
    expect(before.breached).toBe(breached.total);
    expect((await agent.request('POST', `/api/tickets/${ticket.id}/transitions`, { to: 'cancelled' })).statusCode).toBe(200);
    const after = (await agent.request('GET', '/api/tickets/queues')).json();
    expect(after.breached).toBe(before.breached - 1);
    expect((await agent.request('GET', '/api/tickets?sla=breached')).json().items.map((item: { id: string }) => item.id)).not.toContain(ticket.id);
  });

  it('the at-risk threshold is set per policy', async () => {
    const admin = (await signInAs(t.app, ['admin'])).session;
    const policy = await admin.request('POST', '/api/sla/policies', {
      name: '巡检：10 小时响应，用去一半即预警', ticketType: 'inspection', urgency: null, customerClass: null, priority: 50,
      responseMinutes: 600, responseHours: { start: '00:00', end: '24:00' }, onsiteWorkingDays: null, resolutionWorkingDays: null, atRiskPercent: 50, isActive: true,
    });
    expect(policy.statusCode).toBe(201);
    expect(policy.json().atRiskPercent).toBe(50);
    const { ticket } = await newTicket({ type: 'inspection' });
    clock.advance(4 * 3_600_000);
    let agent = (await signInAs(t.app, ['agent'])).session;
    expect(clockOf((await agent.request('GET', `/api/tickets/${ticket.id}`)).json(), 'response').isAtRisk).toBe(false);
    clock.advance(2 * 3_600_000);
    agent = (await signInAs(t.app, ['agent'])).session;
    expect(clockOf((await agent.request('GET', `/api/tickets/${ticket.id}`)).json(), 'response').isAtRisk).toBe(true);
    const invalid = await admin.request('POST', '/api/sla/policies', { ...(policy.json() as Record<string, unknown>), id: undefined, atRiskPercent: 100 });
    expect(invalid.statusCode).toBe(400);
  });
});
