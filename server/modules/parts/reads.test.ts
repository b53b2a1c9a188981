import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../platform/clock';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildDispatchedOrder, fieldStep, pngDataUrl, type TestTechnician } from '../../test/field-factories';
import { buildPart, buildPartsOutlet, buildWarehouse, receive, type PartsOutlet } from './parts.factories';

/**
 * The reads around the work order: the board's parts readiness, a technician's warehouses (the
 * phone's request and return), and the service receipt's catalogue lines with their price.
 */
describe('parts reads for the board, the phone and the receipt', () => {
  let t: TestApp;
  let keeper: Session;
  let agent: Session;
  let dispatcher: Session;
  let central: string;
  let outletA: PartsOutlet;
  let outletB: PartsOutlet;

  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-11-22T02:00:00Z') });
    keeper = (await signInAs(t.app, ['parts_keeper'])).session;
    agent = (await signInAs(t.app, ['agent'])).session;
    dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
    central = await buildWarehouse(keeper, { level: 'central', name: '总仓' });
    outletA = await buildPartsOutlet(t.app, keeper, 2);
    outletB = await buildPartsOutlet(t.app, keeper, 1);
  });
  afterAll(() => t.close());

  const techOf = (outlet: PartsOutlet, index = 0): TestTechnician => ({ id: outlet.technicians[index].id, userId: outlet.technicians[index].userId, name: '', session: outlet.technicians[index].session });

  it('answers readiness per work order: none, requested, shortage, ready; another outlet’s requisitions read none', async () => {
    const part = await buildPart(keeper);
    await receive(keeper, central, [{ partId: part.id, quantity: 2 }]);
    const [requested, short, ready, untouched] = await Promise.all([0, 1, 2, 3].map(() => buildDispatchedOrder(t.app, { agent, outletId: outletA.id, technician: techOf(outletA) })));
    const request = (workOrderId: string, quantity: number, allowShortage = false) =>
      dispatcher.request('POST', '/api/parts/requisitions', { workOrderId, technicianId: outletA.technicians[0].id, warehouseId: central, lines: [{ partId: part.id, quantity }], allowShortage });
    expect((await request(requested.id, 1)).statusCode).toBe(201);
    expect((await request(short.id, 50, true)).json().status).toBe('shortage');
    const toIssue = (await request(ready.id, 1)).json();
    expect((await keeper.request('POST', `/api/parts/requisitions/${toIssue.id}/issue`, {})).statusCode).toBe(200);

    const ids = [requested.id, short.id, ready.id, untouched.id].join(',');
    const answer = await dispatcher.request('GET', `/api/parts/readiness?workOrderIds=${ids}`);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().items).toEqual([
      { workOrderId: requested.id, readiness: 'requested' },
      { workOrderId: short.id, readiness: 'shortage' },
      { workOrderId: ready.id, readiness: 'ready' },
      { workOrderId: untouched.id, readiness: 'none' },
    ]);
    const otherOutlet = await outletB.staff.request('GET', `/api/parts/readiness?workOrderIds=${ids}`);
    expect(otherOutlet.json().items.map((item: { readiness: string }) => item.readiness)).toEqual(['none', 'none', 'none', 'none']);
    const ownOutlet = await outletA.staff.request('GET', `/api/parts/readiness?workOrderIds=${requested.id}`);
    expect(ownOutlet.json().items).toEqual([{ workOrderId: requested.id, readiness: 'requested' }]);
  });

  it('refuses a readiness question without ids, with a bad id or without a session', async () => {
    expect((await dispatcher.request('GET', '/api/parts/readiness?workOrderIds=')).statusCode).toBe(400);
    const bad = await dispatcher.request('GET', '/api/parts/readiness?workOrderIds=not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/parts/readiness?workOrderIds=6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b' })).statusCode).toBe(401);
  });

  it('gives a technician their own stock and the warehouses to request from or return to; another technician’s is a 404', async () => {
    const own = outletA.technicians[0];
    const answer = await own.session.request('GET', `/api/parts/technicians/${own.id}/warehouses`);
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json();
    expect(body.stock.id).toBe(own.warehouseId);
    expect(body.sources.map((warehouse: { id: string }) => warehouse.id)).toEqual(expect.arrayContaining([outletA.warehouseId, central]));
    expect(body.sources.map((warehouse: { id: string }) => warehouse.id)).not.toContain(outletB.warehouseId);
    expect((await own.session.request('GET', `/api/parts/technicians/${outletA.technicians[1].id}/warehouses`)).statusCode).toBe(404);
    expect((await outletB.staff.request('GET', `/api/parts/technicians/${own.id}/warehouses`)).statusCode).toBe(404);
    expect((await outletA.staff.request('GET', `/api/parts/technicians/${own.id}/warehouses`)).statusCode).toBe(200);
    expect((await dispatcher.request('GET', `/api/parts/technicians/${own.id}/warehouses`)).json().stock.id).toBe(own.warehouseId);
  });

  it('lets the technician request parts for their order and return unused ones to the outlet warehouse', async () => {
    const own = outletA.technicians[0];
    const part = await buildPart(keeper);
    await receive(keeper, outletA.warehouseId, [{ partId: part.id, quantity: 3 }]);
    const order = await buildDispatchedOrder(t.app, { agent, outletId: outletA.id, technician: techOf(outletA) });
    const requested = await own.session.request('POST', '/api/parts/requisitions', { workOrderId: order.id, technicianId: own.id, warehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 2 }] });
    expect(requested.statusCode, requested.body).toBe(201);
    expect((await outletA.staff.request('POST', `/api/parts/requisitions/${requested.json().id}/issue`, {})).statusCode).toBe(200);
    const returned = await own.session.request('POST', '/api/parts/returns', { fromWarehouseId: own.warehouseId, toWarehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 1 }] });
    expect(returned.statusCode, returned.body).toBe(201);
    const stock = (await own.session.request('GET', `/api/parts/warehouses/${own.warehouseId}/stock?q=${part.partNumber}`)).json();
    expect(stock.items.map((row: { partId: string; onHand: number }) => ({ partId: row.partId, onHand: row.onHand }))).toEqual([{ partId: part.id, onHand: 1 }]);
  });

  it('lists the parts used on the receipt with number, unit price and amount; a warranty line is free and flagged', async () => {
    const own = outletA.technicians[0];
    const part = await buildPart(keeper, { salePriceFen: 12800 });
    await receive(keeper, own.warehouseId, [{ partId: part.id, quantity: 4 }]);
    for (const withAsset of [false, true]) {
      const order = await buildDispatchedOrder(t.app, { agent, outletId: outletA.id, technician: techOf(outletA), withAsset });
      if (order.assetId) {
        // the unit's model: a part used on it must fit it
        const { modelId } = (await agent.request('GET', `/api/assets/${order.assetId}`)).json();
        const current = (await keeper.request('GET', `/api/parts/${part.id}`)).json();
        expect((await keeper.request('PATCH', `/api/parts/${part.id}`, { version: current.version, modelIds: [modelId] })).statusCode).toBe(200);
      }
      for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expect((await fieldStep(own.session, order.id, path, path === 'arrived' ? { latitude: 31.2, longitude: 121.6 } : {})).statusCode).toBe(200);
      expect((await fieldStep(own.session, order.id, 'signature', { dataUrl: pngDataUrl(200) })).statusCode).toBe(200);
      const report = await fieldStep(own.session, order.id, 'report', { workDone: '更换电容', partsUsed: [{ partId: part.id, name: part.partNumber, quantity: 2 }, { name: '扎带', quantity: 1, unitPriceFen: 100 }] });
      expect(report.statusCode, report.body).toBe(200);
      expect((await fieldStep(own.session, order.id, 'complete')).statusCode).toBe(200);
      const saved = (await own.session.request('GET', `/api/m/work-orders/${order.id}`)).json().result.partsUsed[0];
      const receipt = (await agent.request('GET', `/api/work-orders/${order.id}/receipt`)).json();
      const isWarranty = Boolean(saved.isWarranty);
      expect(receipt.partsUsed).toEqual([
        { partCode: part.partNumber, name: expect.any(String), quantity: 2, unitPriceFen: isWarranty ? 0 : 12800, amountFen: isWarranty ? 0 : 25600, isWarranty, serials: [] },
        { partCode: null, name: '扎带', quantity: 1, unitPriceFen: 100, amountFen: 100, isWarranty: false, serials: [] },
      ]);
      expect(receipt.partsTotalFen).toBe(isWarranty ? 100 : 25700);
      // the asset's model is in warranty (12 months from a recent purchase): its visit is free
      if (withAsset) expect(isWarranty).toBe(true);
    }
  });
});
