import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FOLLOWUP_SETTINGS } from '../../../contracts/followups';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { FollowupOutcomeRecorded, seam, type FollowupOutcomePayload } from '../../platform/seam';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { createTasksForVisit } from './tasks.service';

/** The queue and the call over HTTP, on tasks created from a visit completed Fri 2026-11-20 10:00 Shanghai. */
describe('follow-up calls', () => {
  const clock = createFakeClock('2026-11-23T02:00:00Z'); // Mon 11-23 10:00 Shanghai
  let t: TestApp;
  let agent: Session & { userId: string };
  let other: Session & { userId: string };
  let technician: Session;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const a = await signInAs(t.app, ['agent']);
    agent = Object.assign(a.session, { userId: a.user.id });
    const b = await signInAs(t.app, ['agent']);
    other = Object.assign(b.session, { userId: b.user.id });
    technician = (await signInAs(t.app, ['technician'])).session;
  });
  afterAll(() => t.close());

  async function newTask(): Promise<{ id: string; version: number }> {
    const workOrderId = newId();
    const payload = { workOrderId, number: 'PG1', ticketId: newId(), customerId: newId(), assetId: null, type: 'repair', outletId: null, technicianId: null, finishedAt: '2026-11-20T02:00:00Z', modelId: null, partsUsed: [], assignedUserId: null, workDone: '更换电容' };
    await t.app.ctx.db.transaction((tx) => createTasksForVisit(tx, payload, { actor: SYSTEM_ACTOR, now: clock.now() }, { ...DEFAULT_FOLLOWUP_SETTINGS, secondRoundRules: [] }));
    const [row] = await queryRows<{ id: string; version: number }>(t.app.ctx.db, sql`select id, version from followup_tasks where work_order_id = ${workOrderId}`);
    return row;
  }
  const claim = async (session: Session, task: { id: string; version: number }) => session.request('POST', `/api/followups/${task.id}/claim`, { version: task.version });
  const outcome = (over: Record<string, unknown> = {}) => ({ overall: 4, attitude: 5, skill: 4, timeliness: 3, categories: ['响应慢'], comment: '等了两天', decision: 'closed', ...over });

  it('lists an unassigned task with its due date; a claim moves it to mine; another agent cannot claim it', async () => {
    const task = await newTask();
    const unassigned = (await agent.request('GET', '/api/followups?queue=unassigned')).json();
    const listed = unassigned.items.find((item: { id: string }) => item.id === task.id);
    expect(listed).toMatchObject({ dueDate: '2026-11-25', status: 'open', workDone: '更换电容', isOverdue: false });

    const claimed = await claim(agent, task);
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'claimed', assignedUserId: agent.userId, version: 2 });
    const mine = (await agent.request('GET', '/api/followups?queue=mine')).json();
    expect(mine.items.map((item: { id: string }) => item.id)).toContain(task.id);

    const stale = await claim(other, task);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0].path).toEqual(['version']);
    const taken = await claim(other, { id: task.id, version: 2 });
    expect(taken.statusCode).toBe(403);
    expect(taken.json().error.details[0].path).toEqual(['assignedUserId']);
    const byOther = await other.request('POST', `/api/followups/${task.id}/outcome`, { version: 2, ...outcome() });
    expect(byOther.statusCode).toBe(403);
  });

  it('refuses a rating of 0 or 6 and an unknown category, naming the field, and changes nothing', async () => {
    const task = await newTask();
    expect((await claim(agent, task)).statusCode).toBe(200);
    for (const [field, value] of [['overall', 0], ['skill', 6]] as const) {
      const response = await agent.request('POST', `/api/followups/${task.id}/outcome`, { version: 2, ...outcome({ [field]: value }) });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(field);
    }
    const unknown = await agent.request('POST', `/api/followups/${task.id}/outcome`, { version: 2, ...outcome({ categories: ['服务态度', '太贵了'] }) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toEqual(['categories', 1]);
    const [row] = await queryRows<{ status: string; version: number }>(t.app.ctx.db, sql`select status, version from followup_tasks where id = ${task.id}`);
    expect(row).toEqual({ status: 'claimed', version: 2 });
  });

  it('records the outcome and closes the task with an audit row; an outcome on a closed task is a 409', async () => {
    const task = await newTask();
    expect((await claim(agent, task)).statusCode).toBe(200);
    const done = await agent.request('POST', `/api/followups/${task.id}/outcome`, { version: 2, ...outcome({ categories: ['未修好'] }) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'closed', closing: 'closed', attemptCount: 1 });
    const [stored] = await queryRows<{ overall: number; categories: string[]; decision: string }>(t.app.ctx.db, sql`select overall, categories, decision from followup_outcomes where task_id = ${task.id}`);
    expect(stored).toEqual({ overall: 4, categories: ['未修好'], decision: 'closed' });
    const audits = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity = 'followup_task' and entity_id = ${task.id} order by id`);
    expect(audits.map((a) => a.action).sort()).toEqual(['claim', 'create', 'outcome']);
    const again = await agent.request('POST', `/api/followups/${task.id}/outcome`, { version: 3, ...outcome() });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].path).toEqual(['status']);
  });

  it('publishes the outcome (followup.outcomeRecorded) in its transaction, for quality’s praise rule', async () => {
    const heard: FollowupOutcomePayload[] = [];
    const stop = seam.subscribe(FollowupOutcomeRecorded, { name: 'test.capture-outcome' }, async (_tx, payload) => void heard.push(payload));
    try {
      const task = await newTask();
      expect((await claim(agent, task)).statusCode).toBe(200);
      const done = await agent.request('POST', `/api/followups/${task.id}/outcome`, { version: 2, ...outcome({ overall: 5, attitude: 5, skill: 5, timeliness: 5, categories: [], comment: '很满意' }) });
      expect(done.statusCode, done.body).toBe(200);
      const [row] = await queryRows<{ work_order_id: string }>(t.app.ctx.db, sql`select work_order_id from followup_tasks where id = ${task.id}`);
      expect(heard).toEqual([{ taskId: task.id, workOrderId: row.work_order_id, round: 1, overall: 5, attitude: 5, skill: 5, timeliness: 5, categories: [], comment: '很满意' }]);
    } finally {
      stop();
    }
  });

  it('closes the task as unreachable on the third not-reached try', async () => {
    const task = await newTask();
    let version = (await claim(agent, task)).json().version as number;
    for (const expected of [1, 2]) {
      const response = await agent.request('POST', `/api/followups/${task.id}/not-reached`, { version, note: '无人接听' });
      expect(response.json()).toMatchObject({ status: 'claimed', attemptCount: expected });
      version = response.json().version;
    }
    const last = await agent.request('POST', `/api/followups/${task.id}/not-reached`, { version });
    expect(last.json()).toMatchObject({ status: 'closed', closing: 'unreachable', attemptCount: 3 });
    const [{ n }] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from followup_attempts where task_id = ${task.id} and not is_reached`);
    expect(n).toBe(3);
  });

  it('a supervisor assigns a task to an agent; a user who takes no calls is a 400 naming userId', async () => {
    const task = await newTask();
    const supervisor = (await signInAs(t.app, ['supervisor'])).session;
    const tech = await signInAs(t.app, ['parts_keeper']);
    const refused = await supervisor.request('POST', `/api/followups/${task.id}/assign`, { version: 1, userId: tech.user.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toEqual(['userId']);
    const assigned = await supervisor.request('POST', `/api/followups/${task.id}/assign`, { version: 1, userId: agent.userId });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ assignedUserId: agent.userId, status: 'claimed', version: 2 });
    expect((await agent.request('POST', `/api/followups/${task.id}/assign`, { version: 2, userId: other.userId })).statusCode).toBe(403);
  });

  it('shows a task past its due end in the overdue queue (fixed clock), and not to a technician', async () => {
    const task = await newTask();
    expect((await agent.request('GET', '/api/followups?queue=overdue')).json().items.map((i: { id: string }) => i.id)).not.toContain(task.id);
    clock.advance(3 * 86_400_000); // Thu 11-26 10:00 Shanghai: past the end of Wed 11-25
    const later = (await signInAs(t.app, ['agent'])).session; // sessions expired meanwhile
    const overdue = (await later.request('GET', '/api/followups?queue=overdue')).json();
    expect(overdue.items.find((i: { id: string }) => i.id === task.id)).toMatchObject({ isOverdue: true });
    technician = (await signInAs(t.app, ['technician'])).session;
    expect((await technician.request('GET', '/api/followups?queue=unassigned')).statusCode).toBe(403);
  });
});
