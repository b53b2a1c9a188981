import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../platform/clock';
import { SYSTEM_ACTOR } from '../platform/principal';
import { scanClocks } from '../modules/sla';
import { escalateOverdueComplaints } from '../modules/complaints';
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
  let outletName: string;
  let managerName: string;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const signedIn = await signInAs(t.app, ['agent']);
    agent = signedIn.session;
    agentName = signedIn.user.username;
    dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
    keeperName = (await signInAs(t.app, ['parts_keeper'])).user.username;
    const a = await buildOutlet(t.app);
    const b = await buildOutlet(t.app);
    const outletUser = await signInAs(t.app, ['outlet'], { outletId: a.id });
    outletA = outletUser.session;
    outletName = outletUser.user.username;
    // one order waiting for dispatch, one dispatched to each outlet that no technician has taken yet
    const { ticket } = await buildAssessedTicket(t.app, agent);
    expect((await planVisit(agent, ticket.id)).status).toBe('waiting');
    // a loaner lent on that ticket, due back tomorrow
    const manager = await signInAs(t.app, ['manager']);
    managerName = manager.user.username;
    const loaner = await manager.session.request('POST', '/api/loaners', { outletId: a.id, modelName: '小天鹅 TG100', serialNumber: 'LOAN-TODO-1' });
    expect(loaner.statusCode, loaner.body).toBe(201);
    const lent = await manager.session.request('POST', `/api/loaners/${loaner.json().id}/lend`, { ticketId: ticket.id, expectedReturnDate: '2026-11-24' });
    expect(lent.statusCode, lent.body).toBe(200);
    const inA = await buildDispatchedOrder(t.app, { agent, outletId: a.id, technician: await buildTechnician(t.app, a.id) });
    const complaint = await agent.request('POST', '/api/complaints', { channel: 'phone', type: 'service_attitude', severity: 'normal', customerId: inA.customerId, account: '师傅态度差', workOrderId: inA.id });
    expect(complaint.statusCode, complaint.body).toBe(201);
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
    expect(before).toMatchObject({ 'sla.breached': 0, 'complaints.open': 1, 'complaints.overdue': 0 });
    clock.advance(10 * 24 * HOUR);
    await scanClocks(t.app.ctx);
    const after = await todos(await signIn(t.app, agentName)); // ten days on, the morning's session has ended
    expect(countsOf(after)).toMatchObject({ 'sla.breached': 3, 'complaints.overdue': 1 }); // the complaint's 24 h response is long past
    expect(after.items.find((item) => item.key === 'sla.breached')).toMatchObject({ severity: 'danger', link: '/tickets?sla=breached' });
    // the agent neither dispatches nor approves: no dispatch or approval kinds, and the total is the sum of what is shown
    expect(after.items.map((item) => item.key)).toEqual(['sla.breached', 'sla.atRisk', 'complaints.overdue', 'complaints.open']);
    expect(after.total).toBe(after.items.reduce((sum, item) => sum + item.count, 0));
  });

  it('gives a manager the complaints to approve, the escalated ones and the overdue loaners; outlet staff the complaints of their own outlet only', async () => {
    const manager = await signIn(t.app, managerName);
    const counts = countsOf(await todos(manager));
    expect(counts).toMatchObject({ 'complaints.open': 1, 'complaints.escalated': 0, 'complaints.compensations': 0, 'returns.toDecide': 0, 'loaners.overdue': 1, 'quality.proposed': 0, 'quality.appealed': 0, 'parts.countsToApprove': 0 });
    await escalateOverdueComplaints(t.app.ctx, SYSTEM_ACTOR); // the job: past its 24 h response, the complaint goes up to the manager
    expect(countsOf(await todos(manager))).toMatchObject({ 'complaints.escalated': 1 });
    expect(countsOf(await todos(await signIn(t.app, outletName)))['complaints.open']).toBeUndefined(); // outlet staff only read complaints
  });

  it('shows nothing to a role with none of the queues, and refuses the anonymous', async () => {
    expect(await todos(await signIn(t.app, keeperName))).toMatchObject({ items: [], total: 0 });
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/todos' });
    expect(anonymous.statusCode).toBe(401);
  });
});
