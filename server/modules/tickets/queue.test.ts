import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createFakeClock } from '../../platform/clock';
import { buildOutlet, createTestApp, signInAs, type TestApp } from '../../test/harness';
import { buildCustomer } from '../../test/archive-factories';

describe('agent workspace queues', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-11-20T02:00:00Z') });
  });
  afterAll(() => t.close());

  it('counts open tickets per queue and filters the list the same way; saved filters are per user', async () => {
    const me = await signInAs(t.app, ['agent']);
    const colleague = await signInAs(t.app, ['agent']);
    const outlet = await buildOutlet(t.app);
    const customer = await buildCustomer(t.app);
    const create = async (session: typeof me.session, type: string) =>
      (await session.request('POST', '/api/tickets', { type, channel: 'hotline', customerId: customer.id, description: type, allowDuplicate: true })).json().ticket.id as string;
    const mine1 = await create(me.session, 'repair');
    await create(me.session, 'installation');
    const theirs = await create(colleague.session, 'repair');
    await t.app.ctx.db.execute(sql`update tickets set outlet_id = ${outlet.id} where id = ${theirs}`);
    const done = await create(me.session, 'consultation');
    expect((await me.session.request('PUT', `/api/tickets/${done}/assessment`, { faultClass: 'performance', faultCode: 'other', impact: 'low', urgency: 'normal' })).statusCode).toBe(200);
    expect((await me.session.request('POST', `/api/tickets/${done}/transitions`, { to: 'resolved' })).statusCode).toBe(200);

    const counts = (await me.session.request('GET', '/api/tickets/queues')).json();
    expect(counts).toMatchObject({ open: 3, mine: 2, unassigned: 2, atRisk: 0, breached: 0, byType: { repair: 2, installation: 1 } });
    expect(counts.byOutlet).toEqual(expect.arrayContaining([{ outletId: outlet.id, count: 1 }, { outletId: null, count: 2 }]));
    const mine = (await me.session.request('GET', '/api/tickets?mine=true&isOpen=true')).json();
    expect(mine.total).toBe(2);
    expect(mine.items.map((item: { id: string }) => item.id)).toContain(mine1);
    const byOutlet = (await me.session.request('GET', `/api/tickets?outletId=${outlet.id}`)).json();
    expect(byOutlet.items.map((item: { id: string }) => item.id)).toEqual([theirs]);

    const saved = await me.session.request('POST', '/api/tickets/saved-filters', { name: '我的维修', query: { mine: 'true', type: 'repair' } });
    expect(saved.statusCode).toBe(201);
    expect((await me.session.request('GET', '/api/tickets/saved-filters')).json().items.map((f: { name: string }) => f.name)).toEqual(['我的维修']);
    expect((await colleague.session.request('GET', '/api/tickets/saved-filters')).json().items).toEqual([]);
    expect((await colleague.session.request('DELETE', `/api/tickets/saved-filters/${saved.json().id}`)).statusCode).toBe(404);
    expect((await me.session.request('DELETE', `/api/tickets/saved-filters/${saved.json().id}`)).statusCode).toBe(200);
  });
});
