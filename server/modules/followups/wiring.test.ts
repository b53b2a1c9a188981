import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { deliverDomainEvents } from '../../platform/event-outbox';
import { seam } from '../../platform/seam';
import { buildSuiteOrder, fieldStep, pngDataUrl, useFieldSuite } from '../../test/field-factories';

/** End to end: the technician's phone completes a visit; after commit the delivery creates the task. */
describe('follow-up task from a real completion', () => {
  const suite = useFieldSuite(); // fixed clock: Sun 2026-11-22 10:00 Shanghai

  it('creates one task due on the 3rd working day after the visit, once, when the after-commit event is delivered', async () => {
    const order = await buildSuiteOrder(suite);
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expect((await fieldStep(suite.tech.session, order.id, path)).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'report', { workDone: '更换电容' })).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl(200) })).statusCode).toBe(200);
    const completed = await fieldStep(suite.tech.session, order.id, 'complete');
    expect(completed.statusCode, completed.body).toBe(200);

    const before = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from followup_tasks where work_order_id = ${order.id}`);
    expect(before[0].n).toBe(0); // after commit: not in the completion's transaction
    await deliverDomainEvents(suite.t.app.ctx.db, suite.clock, seam);
    await deliverDomainEvents(suite.t.app.ctx.db, suite.clock, seam);
    const tasks = await queryRows<{ round: number; due_date: string; work_done: string; status: string }>(
      suite.t.app.ctx.db,
      sql`select round, due_date::text as due_date, work_done, status from followup_tasks where work_order_id = ${order.id}`,
    );
    // Completed Sun 11-22: Mon 23, Tue 24, Wed 25.
    expect(tasks).toEqual([{ round: 1, due_date: '2026-11-25', work_done: '更换电容', status: 'open' }]);
  });
});
