import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { buildOutlet, signInAs } from '../../test/harness';
import { buildSuiteOrder, buildTechnician, fieldStep, stepId, useFieldSuite } from '../../test/field-factories';

describe('taken back to the workshop (带回维修)', () => {
  const suite = useFieldSuite();
  const step = fieldStep;
  const arrivedOrder = async () => {
    const order = await buildSuiteOrder(suite, { withAsset: true });
    for (const path of ['accept', 'on-the-way', 'arrived']) expect((await step(suite.tech.session, order.id, path)).statusCode).toBe(200);
    return order;
  };
  const logRows = (workOrderId: string) =>
    queryRows<{ direction: string; receipt_number: string; unit_description: string; condition: string | null; outlet_id: string }>(
      suite.t.app.ctx.db,
      sql`select direction, receipt_number, unit_description, condition, outlet_id from workshop_log where work_order_id = ${workOrderId} order by at, direction`,
    );

  it('needs the unit description, then logs the unit in with a receipt number the receipt shows', async () => {
    const order = await arrivedOrder();
    const missing = await step(suite.tech.session, order.id, 'not-completed', { reason: 'workshop', note: '需返厂检测' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toEqual(['unitDescription']);
    expect(await logRows(order.id)).toEqual([]);

    const body = { clientStepId: stepId('workshop'), reason: 'workshop', note: '需返厂检测', unitDescription: '室内机主板 1 块', condition: '外壳完好，无划痕' };
    const done = await suite.tech.session.request('POST', `/api/m/work-orders/${order.id}/not-completed`, body);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'not_completed', notCompletedReason: 'workshop' });
    // A retry of the same step neither moves the order again nor takes the unit in twice.
    expect((await suite.tech.session.request('POST', `/api/m/work-orders/${order.id}/not-completed`, body)).statusCode).toBe(200);
    const rows = await logRows(order.id);
    expect(rows).toEqual([{ direction: 'in', receipt_number: 'DH20261122-0001', unit_description: '室内机主板 1 块', condition: '外壳完好，无划痕', outlet_id: suite.outletId }]);

    const receipt = (await suite.agent.request('GET', `/api/work-orders/${order.id}/receipt`)).json();
    expect(receipt.workOrder).toMatchObject({ status: 'not_completed', notCompletedReason: 'workshop', notCompletedNote: '需返厂检测' });
    expect(receipt.workshop).toMatchObject([{ direction: 'in', receiptNumber: 'DH20261122-0001', workOrderNumber: order.number, unitDescription: '室内机主板 1 块', actorName: expect.any(String) }]);
    // The ticket is not paused for a workshop repair; its timeline says why the visit ended.
    expect((await suite.agent.request('GET', `/api/tickets/${order.ticketId}`)).json().status).toBe('in_progress');
  });

  it('numbers receipts uniquely when two units are taken in at once', async () => {
    const orders = [await arrivedOrder(), await arrivedOrder(), await arrivedOrder()];
    const responses = await Promise.all(orders.map((order) => step(suite.tech.session, order.id, 'not-completed', { reason: 'workshop', unitDescription: `整机 ${order.number}` })));
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    const numbers = (await Promise.all(orders.map(async (order) => (await logRows(order.id))[0].receipt_number))).sort();
    expect(new Set(numbers).size).toBe(3);
    for (const number of numbers) expect(number).toMatch(/^DH20261122-\d{4}$/);
  });

  it('lets the unit go back out once (409 after) and lists the log by scope', async () => {
    const order = await arrivedOrder();
    expect((await step(suite.tech.session, order.id, 'not-completed', { reason: 'workshop', unitDescription: '遥控器' })).statusCode).toBe(200);
    const manager = (await signInAs(suite.t.app, ['manager'])).session;
    const list = (await manager.request('GET', '/api/workshop?direction=in&q=遥控器')).json();
    expect(list.items).toHaveLength(1);
    const entry = list.items[0];
    expect(entry).toMatchObject({ workOrderId: order.id, workOrderNumber: order.number, direction: 'in' });

    const foreignOutlet = (await signInAs(suite.t.app, ['outlet'], { outletId: (await buildOutlet(suite.t.app)).id })).session;
    expect((await foreignOutlet.request('GET', '/api/workshop')).json().items).toEqual([]);
    expect((await foreignOutlet.request('POST', `/api/workshop/${entry.id}/out`, {})).statusCode).toBe(404);
    const otherTech = await buildTechnician(suite.t.app, suite.outletId);
    expect((await otherTech.session.request('GET', '/api/workshop')).json().items).toEqual([]);
    expect((await suite.tech.session.request('GET', `/api/workshop?q=${entry.receiptNumber}`)).json().items.map((item: { id: string }) => item.id)).toEqual([entry.id]);

    const ownOutlet = (await signInAs(suite.t.app, ['outlet'], { outletId: suite.outletId })).session;
    const out = await ownOutlet.request('POST', `/api/workshop/${entry.id}/out`, { note: '修复后送回客户' });
    expect(out.statusCode, out.body).toBe(201);
    expect(out.json()).toMatchObject({ direction: 'out', receiptNumber: entry.receiptNumber, note: '修复后送回客户', workOrderNumber: order.number });
    const twice = await ownOutlet.request('POST', `/api/workshop/${entry.id}/out`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0].path).toEqual(['entryId']);
    const outEntry = out.json();
    expect((await ownOutlet.request('POST', `/api/workshop/${outEntry.id}/out`, {})).statusCode).toBe(409);
    expect((await logRows(order.id)).map((row) => row.direction)).toEqual(['in', 'out']);
    const audit = await queryRows<{ action: string }>(suite.t.app.ctx.db, sql`select action from audit_log where entity = 'workshop_log' and entity_id in (${entry.id}, ${outEntry.id}) order by action`);
    expect(audit.map((row) => row.action)).toEqual(['unit_in', 'unit_out']);
    const receipt = (await suite.agent.request('GET', `/api/work-orders/${order.id}/receipt`)).json();
    expect(receipt.workshop.map((item: { direction: string }) => item.direction)).toEqual(['in', 'out']);
    expect((await ownOutlet.request('POST', `/api/workshop/${entry.id}/out`, { extra: 1 })).statusCode).toBe(400);
  });
});
