import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../platform/clock';
import { scanClocks } from '../modules/sla';
import { buildOutlet, createTestApp, signIn, signInAs, type Session, type TestApp } from '../test/harness';
import { buildAssessedTicket, planVisit } from '../test/dispatch-factories';
import { buildDispatchedOrder, buildTechnician } from '../test/field-factories';
import type { TodoList } from '../../contracts/todos';

const HOUR = 3_600_000;

async function todos(session: Session): Promise<TodoList> {
  const response = await session.request('GET', '/api/todos');
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const countsOf = (list: TodoList) => Object.fromEntries(list.items.map((item) => [item.key, item.count]));

describe('staff to-dos (GET /api/todos)', () => {
  const clock = createFakeClock('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
  let t: TestApp;
  let agent: Session;
  let dispatcher: Session;
  let outletA: Session;
  let agentName: string;
  let keeperName: string;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const signedIn = await signInAs(t.app, ['agent']);
    agent = signedIn.session;
    agentName = signedIn.user.username;
    dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
    keeperName = (await signInAs(t.app, ['parts_keeper'])).user.username;
    const a = await buildOutlet(t.app);
    const b = await buildOutlet(t.app);
    outletA = (await signInAs(t.app, ['outlet'], { outletId: a.id })).session;
    // one order waiting for dispatch, one dispatched to each outlet that no technician has taken yet
    const { ticket } = await buildAssessedTicket(t.app, agent);
    expect((await planVisit(agent, ticket.id)).status).toBe('waiting');
    await buildDispatchedOrder(t.app, { agent, outletId: a.id, technician: await buildTechnician(t.app, a.id) });
    await buildDispatchedOrder(t.app, { agent, outletId: b.id, technician: await buildTechnician(t.app, b.id) });
  });
  afterAll(() => t.close());

  it('gives the dispatcher the orders to dispatch, and the outlet feedback only once it is overdue', async () => {
    const fresh = await todos(dispatcher);
    expect(countsOf(fresh)).toMatchObject({ 'dispatch.waiting': 1, 'dispatch.feedbackOverdue': 0 });
    expect(fresh.items.find((item) => item.key === 'dispatch.waiting')).toMatchObject({ severity: 'info', link: '/work-orders?tab=waiting' });
    clock.advance(3 * HOUR);
    expect(countsOf(await todos(dispatcher))).toMatchObject({ 'dispatch.waiting': 1, 'dispatch.feedbackOverdue': 2 });
  });

  it('counts within the data scope: an outlet user sees only its own outlet’s overdue feedback and no other queue of the dispatcher', async () => {
    const list = await todos(outletA);
    expect(countsOf(list)).toMatchObject({ 'dispatch.feedbackOverdue': 1, 'dispatch.waiting': 0 });
  });

  it('names breached SLA clocks once the scan finds them, for everyone who reads tickets', async () => {
    const before = countsOf(await todos(agent));
    expect(before['sla.breached']).toBe(0);
    clock.advance(10 * 24 * HOUR);
    await scanClocks(t.app.ctx);
    const after = await todos(await signIn(t.app, agentName)); // ten days on, the morning's session has ended
    expect(countsOf(after)['sla.breached']).toBe(3);
    expect(after.items.find((item) => item.key === 'sla.breached')).toMatchObject({ severity: 'danger', link: '/tickets?sla=breached' });
    // the agent does not dispatch: no dispatch kinds, and the total is the sum of what is shown
    expect(after.items.map((item) => item.key)).toEqual(['sla.breached', 'sla.atRisk']);
    expect(after.total).toBe(after.items.reduce((sum, item) => sum + item.count, 0));
  });

  it('shows nothing to a role with none of the queues, and refuses the anonymous', async () => {
    expect(await todos(await signIn(t.app, keeperName))).toMatchObject({ items: [], total: 0 });
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/todos' });
    expect(anonymous.statusCode).toBe(401);
  });
});
