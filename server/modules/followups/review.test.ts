import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { deliverDomainEvents } from '../../platform/event-outbox';
import { seam } from '../../platform/seam';
import { buildSuiteOrder, fieldStep, pngDataUrl, useFieldSuite } from '../../test/field-factories';
import { signInAs } from '../../test/harness';

/** The review decision on real visits: 退回重填 reopens the report, 退回重办 plans a new visit; a low rating proposes a ledger entry where a rule says so. */
describe('follow-up review decisions', () => {
  const suite = useFieldSuite(); // fixed clock: Sun 2026-11-22 10:00 Shanghai

  /** A visit completed on the phone, its task created after commit and claimed by the agent. */
  async function completedVisitWithTask() {
    const order = await buildSuiteOrder(suite);
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expect((await fieldStep(suite.tech.session, order.id, path)).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'report', { workDone: '更换电容' })).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl(200) })).statusCode).toBe(200);
    const completed = await fieldStep(suite.tech.session, order.id, 'complete');
    expect(completed.statusCode, completed.body).toBe(200);
    await deliverDomainEvents(suite.t.app.ctx.db, suite.clock, seam);
    const [task] = await queryRows<{ id: string }>(suite.t.app.ctx.db, sql`select id from followup_tasks where work_order_id = ${order.id} and round = 1`);
    const claimed = await suite.agent.request('POST', `/api/followups/${task.id}/claim`, { version: 1 });
    expect(claimed.statusCode, claimed.body).toBe(200);
    return { order, taskId: task.id, version: claimed.json().version as number };
  }
  const ratings = (over: Record<string, unknown> = {}) => ({ overall: 4, attitude: 4, skill: 4, timeliness: 4, categories: [], ...over });
  const statusOf = async (table: 'work_orders' | 'tickets', id: string) => (await queryRows<{ status: string }>(suite.t.app.ctx.db, sql`select status from ${sql.raw(table)} where id = ${id}`))[0].status;

  it('退回重填 moves the completed visit back to in progress for the technician, on its timeline, and closes the task', async () => {
    const { order, taskId, version } = await completedVisitWithTask();
    expect(await statusOf('work_orders', order.id)).toBe('completed');
    const response = await suite.agent.request('POST', `/api/followups/${taskId}/outcome`, { version, ...ratings({ categories: ['未修好'] }), decision: 'report_returned', reason: '报告未写明更换的配件' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'closed', closing: 'report_returned' });
    expect(await statusOf('work_orders', order.id)).toBe('in_progress');
    const events = await queryRows<{ kind: string; text: string }>(suite.t.app.ctx.db, sql`select kind, text from work_order_events where work_order_id = ${order.id} and kind = 'report_returned'`);
    expect(events).toEqual([{ kind: 'report_returned', text: '回访退回重填：报告未写明更换的配件' }]);
    // The technician sees the order to correct on the phone again and can complete it once more.
    expect((await fieldStep(suite.tech.session, order.id, 'complete')).statusCode).toBe(200);
  });

  it('退回重办 without the new window is a 400 naming redo and changes nothing; with it the ticket is reopened and a new visit planned', async () => {
    const { order, taskId, version } = await completedVisitWithTask();
    expect(await statusOf('tickets', order.ticketId)).toBe('resolved');
    const missing = await suite.agent.request('POST', `/api/followups/${taskId}/outcome`, { version, ...ratings({ overall: 2, categories: ['未修好'] }), decision: 'job_redone' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toEqual(['redo']);
    const [{ n: before }] = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from work_orders where ticket_id = ${order.ticketId}`);
    expect(before).toBe(1);

    const redo = { windowStart: '2026-11-24T01:00:00Z', windowEnd: '2026-11-24T03:00:00Z', note: '重新检查压缩机' };
    const response = await suite.agent.request('POST', `/api/followups/${taskId}/outcome`, { version, ...ratings({ overall: 2, categories: ['未修好'] }), decision: 'job_redone', redo });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'closed', closing: 'job_redone' });
    const ticket = (await queryRows<{ status: string; reopen_count: number }>(suite.t.app.ctx.db, sql`select status, reopen_count from tickets where id = ${order.ticketId}`))[0];
    expect(ticket).toEqual({ status: 'assessed', reopen_count: 1 });
    const orders = await queryRows<{ id: string; status: string; type: string; window_start: Date; note: string | null }>(suite.t.app.ctx.db, sql`select id, status, type, window_start, note from work_orders where ticket_id = ${order.ticketId} and id <> ${order.id}`);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'waiting', type: 'repair', note: `回访退回重办（${order.number}）：重新检查压缩机` });
    expect(new Date(orders[0].window_start).toISOString()).toBe('2026-11-24T01:00:00.000Z');
    const [outcome] = await queryRows<{ redo_work_order_id: string; decision: string }>(suite.t.app.ctx.db, sql`select redo_work_order_id, decision from followup_outcomes where task_id = ${taskId}`);
    expect(outcome).toEqual({ redo_work_order_id: orders[0].id, decision: 'job_redone' });
  });

  it('a report cannot go back once the visit is verified (409 naming decision, the task stays open)', async () => {
    const { order, taskId, version } = await completedVisitWithTask();
    const supervisor = (await signInAs(suite.t.app, ['supervisor'])).session;
    const verified = await supervisor.request('POST', `/api/work-orders/${order.id}/verify`, {});
    expect(verified.statusCode, verified.body).toBe(200);
    const response = await suite.agent.request('POST', `/api/followups/${taskId}/outcome`, { version, ...ratings(), decision: 'report_returned' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details[0].path).toEqual(['decision']);
    const [task] = await queryRows<{ status: string }>(suite.t.app.ctx.db, sql`select status from followup_tasks where id = ${taskId}`);
    expect(task.status).toBe('claimed');
    const [{ n }] = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from followup_outcomes where task_id = ${taskId}`);
    expect(n).toBe(0);
  });

  it('a low rating proposes the technician\'s ledger entry only once a low_rating rule exists', async () => {
    const entriesOf = async (taskId: string) => queryRows<{ user_id: string; rule_code: string; reason: string }>(suite.t.app.ctx.db, sql`select user_id, rule_code, reason from quality_ledger_entries where source_id = ${taskId}`);
    const first = await completedVisitWithTask();
    expect((await suite.agent.request('POST', `/api/followups/${first.taskId}/outcome`, { version: first.version, ...ratings({ overall: 1 }), decision: 'closed' })).statusCode).toBe(200);
    expect(await entriesOf(first.taskId)).toEqual([]); // no rule: nothing proposed

    const manager = (await signInAs(suite.t.app, ['manager'])).session;
    const rule = await manager.request('POST', '/api/quality/rules', { code: 'low_rating_points', name: '回访差评扣分', kind: 'penalty', points: 2, trigger: 'low_rating' });
    expect(rule.statusCode, rule.body).toBe(201);

    const happy = await completedVisitWithTask();
    expect((await suite.agent.request('POST', `/api/followups/${happy.taskId}/outcome`, { version: happy.version, ...ratings({ overall: 5, categories: ['响应慢'] }), decision: 'closed' })).statusCode).toBe(200);
    expect(await entriesOf(happy.taskId)).toEqual([]); // 5 points and a category the policy does not count as low

    const unhappy = await completedVisitWithTask();
    expect((await suite.agent.request('POST', `/api/followups/${unhappy.taskId}/outcome`, { version: unhappy.version, ...ratings({ overall: 4, categories: ['服务态度'], comment: '态度差' }), decision: 'closed' })).statusCode).toBe(200);
    const entries = await entriesOf(unhappy.taskId);
    expect(entries).toHaveLength(1);
    expect(entries[0].user_id).toBe(suite.tech.userId);
    expect(entries[0].rule_code).toBe('low_rating_points');
    expect(entries[0].reason).toContain('服务态度');
  });
});
