import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildDispatchedOrder, fieldStep, pngDataUrl, type TestTechnician } from '../../test/field-factories';
import { balanceOf, buildPart, buildPartsOutlet, receive, type PartsOutlet } from './parts.factories';

/**
 * The work order's completion deducts the catalogue parts of its report from the technician's
 * own stock, in the completion's transaction (server/wiring.ts: workOrder.completed → parts).
 */
describe('parts used on a visit', () => {
  let t: TestApp;
  let keeper: Session;
  let agent: Session;
  let outlet: PartsOutlet;
  let technician: TestTechnician;
  const clock = createFakeClock('2026-11-22T02:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({ clock });
    keeper = (await signInAs(t.app, ['parts_keeper'])).session;
    agent = (await signInAs(t.app, ['agent'])).session;
    outlet = await buildPartsOutlet(t.app, keeper, 1);
    const [tech] = outlet.technicians;
    technician = { id: tech.id, userId: tech.userId, name: '', session: tech.session };
  });
  afterAll(() => t.close());

  const workOrder = async (id: string) => (await queryRows<{ status: string; result: { partsUsed?: Record<string, unknown>[]; feeExpectedFen?: number } }>(t.app.ctx.db, sql`select status, result from work_orders where id = ${id}`))[0];

  /** A dispatched order walked to in progress with a signature; the report is the test's. */
  async function orderInProgress() {
    const order = await buildDispatchedOrder(t.app, { agent, outletId: outlet.id, technician });
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) {
      const step = await fieldStep(technician.session, order.id, path, path === 'arrived' ? { latitude: 31.2, longitude: 121.6 } : {});
      expect(step.statusCode, step.body).toBe(200);
    }
    expect((await fieldStep(technician.session, order.id, 'signature', { dataUrl: pngDataUrl(200) })).statusCode).toBe(200);
    return order;
  }

  it('prices a catalogue part in the report and deducts it from the technician’s stock on completion, with its ledger row', async () => {
    const part = await buildPart(keeper, { salePriceFen: 45000 });
    await receive(keeper, outlet.technicians[0].warehouseId, [{ partId: part.id, quantity: 3 }]);
    const order = await orderInProgress();

    const report = await fieldStep(technician.session, order.id, 'report', { workDone: '更换压缩机', partsUsed: [{ partId: part.id, name: '随便写的名字', quantity: 2, unitPriceFen: 1 }], labourFeeFen: 5000, feeCollectedFen: 95000 });
    expect(report.statusCode, report.body).toBe(200);
    const saved = (await workOrder(order.id)).result;
    expect(saved.partsUsed).toEqual([expect.objectContaining({ partId: part.id, partCode: part.partNumber, quantity: 2, unitPriceFen: 45000, isWarranty: false })]);
    expect(saved.partsUsed![0].name).not.toBe('随便写的名字');
    expect(saved.feeExpectedFen).toBe(95000);
    expect((await balanceOf(t.app, outlet.technicians[0].warehouseId, part.id)).onHand).toBe(3);

    const completed = await fieldStep(technician.session, order.id, 'complete');
    expect(completed.statusCode, completed.body).toBe(200);
    expect((await balanceOf(t.app, outlet.technicians[0].warehouseId, part.id)).onHand).toBe(1);
    const ledger = await queryRows<{ kind: string; quantity: string }>(t.app.ctx.db, sql`select kind, quantity::float8 as quantity from stock_ledger where part_id = ${part.id} and document_id = ${order.id}`);
    expect(ledger.map((row) => ({ kind: row.kind, quantity: Number(row.quantity) }))).toEqual([{ kind: 'consumption', quantity: -2 }]);
  });

  it('refuses the completion when the technician does not hold the part, and changes nothing', async () => {
    const part = await buildPart(keeper);
    await receive(keeper, outlet.technicians[0].warehouseId, [{ partId: part.id, quantity: 1 }]);
    const order = await orderInProgress();
    expect((await fieldStep(technician.session, order.id, 'report', { workDone: '更换', partsUsed: [{ partId: part.id, name: 'x', quantity: 2 }] })).statusCode).toBe(200);

    const refused = await fieldStep(technician.session, order.id, 'complete');
    expect(refused.statusCode).toBe(409);
    expect(JSON.stringify(refused.json().error.details)).toContain('quantity');
    expect((await workOrder(order.id)).status).toBe('in_progress');
    expect((await balanceOf(t.app, outlet.technicians[0].warehouseId, part.id)).onHand).toBe(1);
    const ledger = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from stock_ledger where document_id = ${order.id}`);
    expect(ledger[0].n).toBe(0);
  });

  it('answers 400 naming the line for a part that is not in the catalogue', async () => {
    const order = await orderInProgress();
    const response = await fieldStep(technician.session, order.id, 'report', { workDone: '更换', partsUsed: [{ name: '电容', quantity: 1, unitPriceFen: 800 }, { partId: '00000000-0000-4000-8000-000000000001', name: 'x', quantity: 1 }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toEqual(['partsUsed', 1, 'partId']);
    expect((await workOrder(order.id)).result).toBeNull();
  });

  it('keeps free-text parts as typed and deducts nothing for them', async () => {
    const order = await orderInProgress();
    expect((await fieldStep(technician.session, order.id, 'report', { workDone: '更换电容', partsUsed: [{ partCode: 'CAP-35', name: '电容', quantity: 1, unitPriceFen: 800 }] })).statusCode).toBe(200);
    expect((await fieldStep(technician.session, order.id, 'complete')).statusCode).toBe(200);
    expect((await workOrder(order.id)).result.partsUsed).toEqual([{ partCode: 'CAP-35', name: '电容', quantity: 1, unitPriceFen: 800 }]);
    const ledger = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from stock_ledger where document_id = ${order.id}`);
    expect(ledger[0].n).toBe(0);
  });

  it('holds the ticket in waiting_parts while the visit’s requisition is short, and releases it when the parts are issued', async () => {
    const part = await buildPart(keeper);
    const order = await buildDispatchedOrder(t.app, { agent, outletId: outlet.id, technician });
    const ticketStatus = async () => (await queryRows<{ status: string; paused_from_status: string | null }>(t.app.ctx.db, sql`select status, paused_from_status from tickets where id = ${order.ticketId}`))[0];
    const before = await ticketStatus();
    expect(before.status).toBe('assessed');

    const requested = await keeper.request('POST', '/api/parts/requisitions', { workOrderId: order.id, technicianId: technician.id, warehouseId: outlet.warehouseId, lines: [{ partId: part.id, quantity: 1 }], allowShortage: true });
    expect(requested.statusCode, requested.body).toBe(201);
    expect(requested.json().status).toBe('shortage');
    expect(await ticketStatus()).toEqual({ status: 'waiting_parts', paused_from_status: 'assessed' });
    const events = async () => (await queryRows<{ kind: string; text: string | null }>(t.app.ctx.db, sql`select kind, text from work_order_events where work_order_id = ${order.id} order by at, kind`)).map((row) => row.kind);
    expect(await events()).toContain('parts_short');

    await receive(keeper, outlet.warehouseId, [{ partId: part.id, quantity: 1 }]);
    const issued = await keeper.request('POST', `/api/parts/requisitions/${requested.json().id}/issue`, {});
    expect(issued.statusCode, issued.body).toBe(200);
    expect((await ticketStatus()).status).toBe('assessed');
    expect(await events()).toContain('parts_ready');
    expect((await balanceOf(t.app, outlet.technicians[0].warehouseId, part.id)).onHand).toBe(1);
  });
});
