import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import { buildCustomer } from '../../test/archive-factories';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { drawSample, previousWeekStart } from './audit.service';
import { followupAuditRuns, followupOutcomes, followupPeriodicVisits, followupTasks } from './followups.tables';
import { monthsOfQuarter, plannedMonthOf, quarterOf } from './periodic.service';

describe('the weekly follow-up audit (回访稽核)', () => {
  const clock = createFakeClock('2026-11-23T02:00:00Z'); // Mon 11-23 10:00 Shanghai: last week is 11-16 … 11-22
  let t: TestApp;
  let agentA: { session: Session; id: string };
  let supervisorB: { session: Session; id: string };
  let manager: Session;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const a = await signInAs(t.app, ['agent']);
    agentA = { session: a.session, id: a.user.id };
    const b = await signInAs(t.app, ['supervisor']);
    supervisorB = { session: b.session, id: b.user.id };
    manager = (await signInAs(t.app, ['manager'])).session;
  });
  afterAll(() => t.close());

  /** `count` reached calls recorded by the user, closed at `closedAt`. */
  async function closedCalls(userId: string, count: number, closedAt: string) {
    const now = new Date(closedAt);
    const tasks = Array.from({ length: count }, () => ({
      id: newId(), workOrderId: newId(), round: 1, workOrderNumber: `AU-${Math.random().toString(36).slice(2, 8)}`, ticketId: newId(), customerId: newId(), workType: 'repair', isKeyCustomer: false,
      finishedAt: now, opensAt: now, dueDate: '2026-11-25', dueAt: now, isDueProvisional: false, status: 'closed' as const, closing: 'closed' as const, assignedUserId: userId, attemptCount: 1, createdAt: now, updatedAt: now, closedAt: now,
    }));
    await t.app.ctx.db.insert(followupTasks).values(tasks);
    await t.app.ctx.db.insert(followupOutcomes).values(tasks.map((task) => ({ taskId: task.id, overall: 5, attitude: 5, skill: 5, timeliness: 5, categories: [], decision: 'closed' as const, recordedByUserId: userId, recordedAt: now })));
    return tasks.map((task) => task.id);
  }

  it('draws 5 % of each agent\'s calls of last week, at least one, reproducibly from the stored seed; an agent may not draw it', async () => {
    expect(previousWeekStart(clock.now())).toBe('2026-11-16');
    const aTasks = await closedCalls(agentA.id, 40, '2026-11-18T03:00:00Z');
    const bTasks = await closedCalls(supervisorB.id, 3, '2026-11-22T15:00:00Z'); // Sun 23:00 Shanghai: still last week
    await closedCalls(agentA.id, 5, '2026-11-22T16:30:00Z'); // Mon 00:30 Shanghai: this week, not sampled

    expect((await agentA.session.request('POST', '/api/followups/audits/runs', {})).statusCode).toBe(403);
    const notMonday = await supervisorB.session.request('POST', '/api/followups/audits/runs', { weekStart: '2026-11-17' });
    expect(notMonday.statusCode).toBe(400);
    expect(notMonday.json().error.details[0].path).toEqual(['weekStart']);

    const run = await supervisorB.session.request('POST', '/api/followups/audits/runs', {});
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ weekStart: '2026-11-16', sharePercent: 5, sampled: 3 });
    const sample = await queryRows<{ task_id: string; agent_user_id: string }>(t.app.ctx.db, sql`select task_id, agent_user_id from followup_audits order by task_id`);
    expect(sample.filter((row) => row.agent_user_id === agentA.id).map((row) => row.task_id).every((id) => aTasks.includes(id))).toBe(true);
    expect(sample.filter((row) => row.agent_user_id === agentA.id)).toHaveLength(2); // ceil(40 × 5 %)
    expect(sample.filter((row) => row.agent_user_id === supervisorB.id).map((row) => row.task_id).every((id) => bTasks.includes(id))).toBe(true);

    // The same run again answers the same sample; drawn afresh from the stored seed it is the same set.
    const again = await supervisorB.session.request('POST', '/api/followups/audits/runs', {});
    expect(again.json()).toMatchObject({ id: run.json().id, seed: run.json().seed, sampled: 3 });
    const [stored] = await t.app.ctx.db.select().from(followupAuditRuns);
    await t.app.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`delete from followup_audits where run_id = ${stored.id}`);
      expect(await drawSample(tx, stored, clock.now())).toBe(3);
    });
    const redrawn = await queryRows<{ task_id: string; agent_user_id: string }>(t.app.ctx.db, sql`select task_id, agent_user_id from followup_audits order by task_id`);
    expect(redrawn).toEqual(sample);
  });

  it('a supervisor cannot audit their own follow-up (403 naming agentUserId); a mismatch proposes a fake_follow_up penalty for the agent', async () => {
    expect((await manager.request('POST', '/api/quality/rules', { code: 'fake_fu', name: '虚假回访', kind: 'penalty', amountFen: 5000, trigger: 'fake_follow_up' })).statusCode).toBe(201);
    const list = await supervisorB.session.request('GET', '/api/followups/audits?status=pending');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; agentUserId: string; version: number; outcome: { overall: number } }[];
    expect(items).toHaveLength(3);
    expect(items[0].outcome.overall).toBe(5);
    const own = items.find((item) => item.agentUserId === supervisorB.id)!;
    const refused = await supervisorB.session.request('POST', `/api/followups/audits/${own.id}/result`, { version: own.version, isHappened: true, isMatched: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details[0].path).toEqual(['agentUserId']);
    expect((await queryRows<{ status: string }>(t.app.ctx.db, sql`select status from followup_audits where id = ${own.id}`))[0].status).toBe('pending');

    const [confirmed, faked] = items.filter((item) => item.agentUserId === agentA.id);
    const ok = await supervisorB.session.request('POST', `/api/followups/audits/${confirmed.id}/result`, { version: confirmed.version, isHappened: true, isMatched: true });
    expect(ok.json()).toMatchObject({ status: 'done', isMatched: true });
    const bad = await supervisorB.session.request('POST', `/api/followups/audits/${faked.id}/result`, { version: faked.version, isHappened: false, isMatched: true, note: '客户说没人打过电话' });
    expect(bad.statusCode, bad.body).toBe(200);
    expect(bad.json()).toMatchObject({ status: 'done', isHappened: false, isMatched: false });
    const entries = await queryRows<{ user_id: string; source_id: string; amount_fen: number; status: string }>(t.app.ctx.db, sql`select user_id, source_id, amount_fen, status from quality_ledger_entries where source_type = 'followup_audit'`);
    expect(entries).toEqual([{ user_id: agentA.id, source_id: faked.id, amount_fen: 5000, status: 'proposed' }]);
    const twice = await supervisorB.session.request('POST', `/api/followups/audits/${faked.id}/result`, { version: faked.version + 1, isHappened: true, isMatched: true });
    expect(twice.statusCode).toBe(409);
  });
});

describe('periodic visits (定期回访)', () => {
  it('plans a month from the last visit and the interval; never visited: a fixed phase of the interval', () => {
    const q4 = monthsOfQuarter('2026-Q4');
    expect(q4).toEqual(['2026-10-01', '2026-11-01', '2026-12-01']);
    expect(quarterOf('2026-11-23')).toBe('2026-Q4');
    const zero = '00000000-0000-7000-8000-000000000000'; // phase 0
    expect(plannedMonthOf(zero, '2026-05-01', 6, q4)).toBe('2026-11-01');
    expect(plannedMonthOf(zero, '2026-09-01', 12, q4)).toBeNull();
    expect(plannedMonthOf(zero, '2025-01-01', 12, q4)).toBe('2026-10-01'); // past due: a month of the quarter
    // Month index 2026×12+9 = 24321 ≡ 3 (mod 6): phase 0 is January / July.
    expect(plannedMonthOf(zero, null, 6, q4)).toBeNull();
    expect(plannedMonthOf(zero, null, 6, monthsOfQuarter('2027-Q1'))).toBe('2027-01-01');
    // Over a whole interval every never-visited customer is planned exactly once.
    const ids = Array.from({ length: 50 }, (_, index) => `00000000-0000-7000-8000-${String(index * 7919).padStart(12, '0')}`);
    for (const id of ids) {
      const quarters = ['2026-Q3', '2026-Q4', '2027-Q1', '2027-Q2'].map((quarter) => plannedMonthOf(id, null, 12, monthsOfQuarter(quarter)));
      expect(quarters.filter(Boolean)).toHaveLength(1);
    }
  });

  const clock = createFakeClock('2026-11-23T02:00:00Z');
  let t: TestApp;
  let supervisor: Session;
  let agent: { session: Session; id: string };
  beforeAll(async () => {
    t = await createTestApp({ clock });
    supervisor = (await signInAs(t.app, ['supervisor'])).session;
    const a = await signInAs(t.app, ['agent']);
    agent = { session: a.session, id: a.user.id };
  });
  afterAll(() => t.close());

  it('generates the quarter once: key customers on site, others by phone to the agents; done and overdue are tracked', async () => {
    const key = await buildCustomer(t.app);
    await t.app.ctx.db.execute(sql`update customers set is_key = true where id = ${key.id}`);
    const regular = await buildCustomer(t.app);
    for (let index = 0; index < 5; index++) await buildCustomer(t.app);
    // Visited by phone in November 2025: due again (12 months) in November 2026.
    await t.app.ctx.db.insert(followupPeriodicVisits).values({ id: newId(), quarter: '2025-Q4', plannedMonth: '2025-11-01', customerId: regular.id, isKeyCustomer: false, mode: 'phone', status: 'done', doneAt: new Date('2025-11-10T02:00:00Z'), createdAt: new Date('2025-10-01T00:00:00Z'), updatedAt: new Date('2025-11-10T02:00:00Z') });
    expect((await agent.session.request('POST', '/api/followups/periodic/generate', { quarter: '2026-Q4' })).statusCode).toBe(403);
    const bad = await supervisor.request('POST', '/api/followups/periodic/generate', { quarter: '2026-Q5' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('quarter');

    const q4 = await supervisor.request('POST', '/api/followups/periodic/generate', { quarter: '2026-Q4' });
    expect(q4.statusCode, q4.body).toBe(200);
    const q1 = await supervisor.request('POST', '/api/followups/periodic/generate', { quarter: '2027-Q1' });
    expect((await supervisor.request('POST', '/api/followups/periodic/generate', { quarter: '2026-Q4' })).json().created).toBe(0);
    const rows = await queryRows<{ customer_id: string; quarter: string; mode: string; assigned_user_id: string | null; planned_month: string }>(t.app.ctx.db, sql`select customer_id, quarter, mode, assigned_user_id, planned_month::text from followup_periodic_visits where quarter <> '2025-Q4'`);
    expect(rows.length).toBe(q4.json().created + q1.json().created);
    // The key customer (every 6 months) is planned in exactly one of the two quarters, on site.
    const keyRows = rows.filter((row) => row.customer_id === key.id);
    expect(keyRows).toHaveLength(1);
    expect(keyRows[0].mode).toBe('onsite');
    expect(keyRows[0].assigned_user_id).toBeNull();
    for (const row of rows.filter((row) => row.customer_id !== key.id)) expect(row).toMatchObject({ mode: 'phone', assigned_user_id: agent.id });
    for (const row of rows) expect(monthsOfQuarter(row.quarter)).toContain(row.planned_month);

    const phone = rows.find((row) => row.customer_id === regular.id)!;
    expect(phone).toMatchObject({ quarter: '2026-Q4', planned_month: '2026-11-01' });
    {
      const list = (await agent.session.request('GET', '/api/followups/periodic?quarter=2026-Q4&mine=true')).json();
      const visit = list.items.find((item: { customerId: string }) => item.customerId === phone.customer_id);
      const done = await agent.session.request('POST', `/api/followups/periodic/${visit.id}/done`, { version: visit.version, note: '客户反馈使用正常' });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', isOverdue: false });
    }
    clock.set('2027-01-02T02:00:00Z');
    const fresh = (await signInAs(t.app, ['supervisor'])).session; // the earlier sessions have expired
    const later = (await fresh.request('GET', '/api/followups/periodic?quarter=2026-Q4')).json();
    const planned = rows.filter((row) => row.quarter === '2026-Q4').length - 1;
    expect(later.counts).toEqual({ planned, done: 1, overdue: planned });
    expect(later.items.filter((item: { isOverdue: boolean }) => item.isOverdue)).toHaveLength(planned);
  });
});
