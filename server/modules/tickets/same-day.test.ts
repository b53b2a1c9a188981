import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { createTestApp, signInAs, type TestApp } from '../../test/harness';
import { buildCustomer } from '../../test/archive-factories';
import { runJobIfDue, sameDayCheckJob } from '../../jobs';

describe('same-day rule, batch repairs and customer messages', () => {
  const clock = createFakeClock('2026-11-20T02:00:00Z'); // Friday 10:00 in Shanghai
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('texts the customer the number and the promised time when a ticket is registered', async () => {
    const agent = (await signInAs(t.app, ['agent'])).session;
    const customer = await buildCustomer(t.app);
    const ticket = (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description: '短信测试' })).json().ticket;
    const [message] = await queryRows<{ body: string; recipient: string }>(t.app.ctx.db, sql`select body, recipient from outbox_messages where template = 'ticket_received' and body like ${`%${ticket.number}%`}`);
    expect(message.recipient).toBe(ticket.contactPhone);
    // Fri 10:00–22:00 (12 h) + Sat 09:00–21:00 (12 h) of service time
    expect(message.body).toContain('11月21日 21:00');
  });

  it('20 units received together are due in 2 working days', async () => {
    const agent = (await signInAs(t.app, ['agent'])).session;
    const customer = await buildCustomer(t.app);
    const ticket = (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'walk_in', customerId: customer.id, description: '20 台返修', unitCount: 20 })).json().ticket;
    const resolution = ticket.clocks.find((clock: { kind: string }) => clock.kind === 'resolution');
    expect(resolution.dueAt).toBe('2026-11-24T02:00:00.000Z'); // Fri 10:00 + Mon + Tue 10:00
    expect(ticket.unitCount).toBe(20);
  });

  it('lists today’s unsolved tickets; at the end of the service day those without a commitment are flagged once', async () => {
    const agent = (await signInAs(t.app, ['agent'])).session;
    const customer = await buildCustomer(t.app);
    const create = async (description: string) => (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description, allowDuplicate: true })).json().ticket;
    const committed = await create('已承诺');
    const silent = await create('未说明');
    const solved = await create('已解决');
    expect((await agent.request('PUT', `/api/tickets/${solved.id}/assessment`, { faultClass: 'performance', faultCode: 'other', impact: 'low', urgency: 'normal' })).statusCode).toBe(200);
    expect((await agent.request('POST', `/api/tickets/${solved.id}/transitions`, { to: 'resolved' })).statusCode).toBe(200);
    const past = await agent.request('PUT', `/api/tickets/${committed.id}/same-day-commitment`, { reason: '缺压缩机', committedAt: '2026-11-19T02:00:00Z' });
    expect(past.json().error.details[0].path).toEqual(['committedAt']);
    const ok = await agent.request('PUT', `/api/tickets/${committed.id}/same-day-commitment`, { reason: '缺压缩机，明天到货', committedAt: '2026-11-21T04:00:00Z' });
    expect(ok.json().events.at(-1)).toMatchObject({ kind: 'same_day_commitment', isCustomerVisible: true });

    const report = (await agent.request('GET', '/api/reports/unresolved?date=2026-11-20')).json();
    const byId = new Map(report.items.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(committed.id)).toMatchObject({ isMissingCommitment: false, sameDayReason: '缺压缩机，明天到货' });
    expect(byId.get(silent.id)).toMatchObject({ isMissingCommitment: true });
    expect(byId.has(solved.id)).toBe(false);

    expect((await runJobIfDue(t.app.ctx, sameDayCheckJob)).status).toBe('skipped'); // 10:00, not yet
    clock.set('2026-11-20T14:00:00Z'); // 22:00 in Shanghai
    const ran = await runJobIfDue(t.app.ctx, sameDayCheckJob);
    expect(ran.status).toBe('ran');
    expect((await runJobIfDue(t.app.ctx, sameDayCheckJob)).status).toBe('skipped');
    const later = (await signInAs(t.app, ['agent'])).session;
    const flagged = (await later.request('GET', `/api/tickets/${silent.id}`)).json();
    expect(flagged.events.filter((event: { kind: string }) => event.kind === 'same_day_unresolved')).toHaveLength(1);
    const notFlagged = (await later.request('GET', `/api/tickets/${committed.id}`)).json();
    expect(notFlagged.events.some((event: { kind: string }) => event.kind === 'same_day_unresolved')).toBe(false);
  });
});
