import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_SETTINGS } from '../../../contracts/returns';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { buildAsset, buildCustomer, buildModel } from '../../test/archive-factories';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { returnSettings } from './returns.settings';
import { approvalLimitOf, depreciationOf } from './returns.service';

/** Clock: Sun 2026-11-22 10:00 Shanghai. */
describe('returns and exchanges', () => {
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  let t: TestApp;
  let admin: Session;
  let manager: Session;
  let agent: Session;
  let warehouseId: string;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    admin = (await signInAs(t.app, ['admin'])).session;
    manager = (await signInAs(t.app, ['manager'])).session;
    agent = (await signInAs(t.app, ['agent'])).session;
    const warehouse = await admin.request('POST', '/api/parts/warehouses', { code: 'WH-RET', name: '中心仓', level: 'central' });
    expect(warehouse.statusCode, warehouse.body).toBe(201);
    warehouseId = warehouse.json().id;
  });
  afterAll(() => t.close());

  /** A unit bought on `purchaseDate` with an assessed performance fault (the 三包 engine decides). */
  async function assessedTicket(purchaseDate: string) {
    sequence += 1;
    const { model } = await buildModel(t.app, { warrantyMonths: 12 });
    const customer = await buildCustomer(t.app);
    const asset = await buildAsset(t.app, { customerId: customer.id, modelId: model.id, serialNumber: `RET-${sequence}-${Date.now() % 100000}`, purchaseDate });
    const created = await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '不制冷', allowDuplicate: true });
    expect(created.statusCode, created.body).toBe(201);
    const ticketId = created.json().ticket.id as string;
    const assessed = await agent.request('PUT', `/api/tickets/${ticketId}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' });
    expect(assessed.statusCode, assessed.body).toBe(200);
    return { model, customer, asset, ticketId, remedies: assessed.json().assessment.sanbao.remedies as string[] };
  }

  async function receiveNewUnit(modelId: string) {
    sequence += 1;
    const response = await admin.request('POST', '/api/stock-units', { warehouseId, modelId, serialNumber: `NEW-${sequence}-${Date.now() % 100000}` });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; serialNumber: string };
  }

  const checks = { appearance: { isOk: true }, function: { isOk: false, note: '压缩机不启动' }, accessories: { isOk: true }, packaging: { isOk: true } };

  it('carries out a same-model exchange of a unit bought 4 days ago: approval, inspection into stock, the new unit becomes the customer\'s asset', async () => {
    const { model, customer, asset, ticketId, remedies } = await assessedTicket('2026-11-18');
    expect(remedies).toContain('exchange');
    const newUnit = await receiveNewUnit(model.id);

    const created = await agent.request('POST', '/api/returns', { ticketId, kind: 'exchange_same', purchasePriceFen: 359_900, reason: '三包期内性能故障，换货' });
    expect(created.statusCode, created.body).toBe(201);
    const started = created.json();
    expect(started).toMatchObject({ status: 'requested', kind: 'exchange_same', assetId: asset.id, customerId: customer.id, sanbaoRemedy: 'exchange', depreciationFen: 0, priceDifferenceFen: 0, approvalAmountFen: 359_900 });
    expect(started.number).toMatch(/^TH20261122-\d{3}$/);

    // Not executed before approval.
    const early = await admin.request('POST', `/api/returns/${started.id}/inspection`, { ...checks, decision: 'accept', warehouseId, grade: 'to_repair', version: started.version });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details[0].path).toEqual(['status']);
    expect((await admin.request('POST', `/api/returns/${started.id}/complete`, { version: started.version })).statusCode).toBe(409);
    // An agent may start, not approve.
    expect((await agent.request('POST', `/api/returns/${started.id}/decision`, { action: 'approve', version: started.version })).statusCode).toBe(403);

    const approved = await manager.request('POST', `/api/returns/${started.id}/decision`, { action: 'approve', note: '同意换货', version: started.version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decisionNote: '同意换货' });
    const stale = await manager.request('POST', `/api/returns/${started.id}/decision`, { action: 'approve', version: started.version });
    expect(stale.statusCode).toBe(409);

    const version = approved.json().version;
    const unknownWarehouse = await admin.request('POST', `/api/returns/${started.id}/inspection`, { ...checks, decision: 'accept', warehouseId: '00000000-0000-4000-8000-000000000000', grade: 'to_repair', version });
    expect(unknownWarehouse.statusCode).toBe(400);
    expect(unknownWarehouse.json().error.details[0].path).toEqual(['warehouseId']);
    expect((await admin.request('GET', `/api/returns/${started.id}`)).json().status).toBe('approved');

    const inspected = await admin.request('POST', `/api/returns/${started.id}/inspection`, { ...checks, decision: 'accept', warehouseId, grade: 'to_repair', version });
    expect(inspected.statusCode, inspected.body).toBe(200);
    expect(inspected.json().status).toBe('received');
    expect(inspected.json().inspection).toMatchObject({ decision: 'accept', function: { isOk: false, note: '压缩机不启动' } });
    const [returnedUnit] = await queryRows<{ serial_number: string; grade: string; status: string; warehouse_id: string }>(
      t.app.ctx.db,
      sql`select serial_number, grade, status, warehouse_id from stock_units where id = ${inspected.json().returnedUnitId}`,
    );
    expect(returnedUnit).toEqual({ serial_number: asset.serialNumber, grade: 'to_repair', status: 'in_stock', warehouse_id: warehouseId });

    const done = await admin.request('POST', `/api/returns/${started.id}/complete`, { version: inspected.json().version });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', issuedUnitId: newUnit.id });
    const newAsset = (await admin.request('GET', `/api/assets/${done.json().newAssetId}`)).json();
    // The 三包 periods restart: the exchanged unit is bought on the exchange date.
    expect(newAsset).toMatchObject({ customerId: customer.id, modelId: model.id, serialNumber: newUnit.serialNumber, purchaseDate: '2026-11-22', status: 'in_service' });
    expect((await admin.request('GET', `/api/assets/${asset.id}`)).json().status).toBe('returned');
    const [issued] = await queryRows<{ status: string }>(t.app.ctx.db, sql`select status from stock_units where id = ${newUnit.id}`);
    expect(issued.status).toBe('issued');
    const audit = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity = 'return_order' and entity_id = ${started.id} order by at, id`);
    expect(audit.map((row) => row.action).sort()).toEqual(['approved', 'completed', 'created', 'received']);
  });

  it('refunds the purchase price within the refund period and refuses a refund above it, naming refundFen, with nothing stored', async () => {
    const { ticketId, asset } = await assessedTicket('2026-11-18');
    const tooMuch = await agent.request('POST', '/api/returns', { ticketId, kind: 'refund', purchasePriceFen: 200_000, refundFen: 200_001, reason: '退货' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.details[0].path).toEqual(['refundFen']);
    const [count] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from return_orders where asset_id = ${asset.id}`);
    expect(count.n).toBe(0);

    const refund = await agent.request('POST', '/api/returns', { ticketId, kind: 'refund', purchasePriceFen: 200_000, reason: '七日内退货' });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json()).toMatchObject({ depreciationFen: 0, refundFen: 200_000, approvalAmountFen: 200_000 });
    // One open return per unit.
    const again = await agent.request('POST', '/api/returns', { ticketId, kind: 'refund', purchasePriceFen: 200_000, reason: '重复' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].path).toEqual(['assetId']);
  });

  it('refuses the remedy on inspection with a reason (required) and leaves the asset in service', async () => {
    const { ticketId, asset, model } = await assessedTicket('2026-11-19');
    await receiveNewUnit(model.id);
    const started = (await agent.request('POST', '/api/returns', { ticketId, kind: 'exchange_same', purchasePriceFen: 100_000, reason: '换货' })).json();
    const approved = (await manager.request('POST', `/api/returns/${started.id}/decision`, { action: 'approve', version: started.version })).json();
    const noReason = await admin.request('POST', `/api/returns/${started.id}/inspection`, { ...checks, decision: 'refuse', version: approved.version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toEqual(['refuseReason']);
    const refused = await admin.request('POST', `/api/returns/${started.id}/inspection`, { ...checks, appearance: { isOk: false, note: '外壳摔裂' }, decision: 'refuse', refuseReason: '人为损坏，不属于三包', version: approved.version });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'refused', returnedUnitId: null, inspection: { refuseReason: '人为损坏，不属于三包' } });
    expect((await admin.request('GET', `/api/assets/${asset.id}`)).json().status).toBe('in_service');
  });

  it('allows only the remedies of the 三包 decision; without a ticket only a manager starts one', async () => {
    const late = await assessedTicket('2026-03-02'); // months ago: free repair only
    expect(late.remedies).not.toContain('exchange');
    const refused = await agent.request('POST', '/api/returns', { ticketId: late.ticketId, kind: 'exchange_same', purchasePriceFen: 100_000, reason: '想换' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toEqual(['kind']);

    const byAgent = await agent.request('POST', '/api/returns', { assetId: late.asset.id, kind: 'refund', purchasePriceFen: 100_000, reason: '经理特批' });
    expect(byAgent.statusCode).toBe(403);
    const byManager = await manager.request('POST', '/api/returns', { assetId: late.asset.id, kind: 'refund', purchasePriceFen: 100_000, reason: '经理特批退货' });
    expect(byManager.statusCode, byManager.body).toBe(201);
    // 265 days of use: 9 started months at 5 % each.
    expect(byManager.json()).toMatchObject({ ticketId: null, sanbaoRemedy: null, depreciationFen: 45_000, refundFen: 55_000 });
  });

  it('exchanges to another model only when it is in stock, with the price difference; the approver\'s limit must cover the amount', async () => {
    const { ticketId, asset } = await assessedTicket('2026-11-20');
    const { model: other } = await buildModel(t.app, { warrantyMonths: 12 });
    const body = { ticketId, kind: 'exchange_other', purchasePriceFen: 300_000, newModelId: other.id, newModelPriceFen: 450_000, reason: '换型补差' };
    const noStock = await agent.request('POST', '/api/returns', body);
    expect(noStock.statusCode).toBe(400);
    expect(noStock.json().error.details[0].path).toEqual(['newModelId']);
    await receiveNewUnit(other.id);
    const created = await agent.request('POST', '/api/returns', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ assetId: asset.id, priceDifferenceFen: 150_000, approvalAmountFen: 450_000, newModelId: other.id });

    await t.app.ctx.db.transaction((tx) => returnSettings.write(tx, { ...DEFAULT_RETURN_SETTINGS, approvalLimitsFen: { manager: 100_000 } }, clock.now()));
    const overLimit = await manager.request('POST', `/api/returns/${created.json().id}/decision`, { action: 'approve', version: created.json().version });
    expect(overLimit.statusCode).toBe(403);
    expect(overLimit.json().error.details[0].path).toEqual(['approvalAmountFen']);
    expect((await manager.request('GET', `/api/returns/${created.json().id}`)).json().status).toBe('requested');
    await t.app.ctx.db.transaction((tx) => returnSettings.write(tx, DEFAULT_RETURN_SETTINGS, clock.now()));
    expect((await manager.request('POST', `/api/returns/${created.json().id}/decision`, { action: 'approve', version: created.json().version })).statusCode).toBe(200);
  });

  it('lists returns by status for readers and hides them from roles without returns.read', async () => {
    const list = await manager.request('GET', '/api/returns?status=completed');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThanOrEqual(1);
    expect(list.json().items.every((item: { status: string }) => item.status === 'completed')).toBe(true);
    const technician = (await signInAs(t.app, ['technician'])).session;
    expect((await technician.request('GET', '/api/returns')).statusCode).toBe(403);
  });
});

describe('return rules', () => {
  it('depreciates per started 30 days after the free days, never beyond the price', () => {
    const policy = { depreciationPermillePerMonth: 50, depreciationFreeDays: 7 };
    expect(depreciationOf(100_000, 7, policy)).toBe(0);
    expect(depreciationOf(100_000, 8, policy)).toBe(5_000);
    expect(depreciationOf(100_000, 31, policy)).toBe(10_000);
    expect(depreciationOf(100_000, 30 * 40, policy)).toBe(100_000);
    expect(depreciationOf(100_000, 100, { ...policy, depreciationPermillePerMonth: 0 })).toBe(0);
  });

  it("takes the largest limit of the approver's roles; API tokens approve nothing", () => {
    const settings = { approvalLimitsFen: { manager: 500, supervisor: 900 } };
    const user = (roles: string[]) => ({ kind: 'user', roles }) as never;
    expect(approvalLimitOf(user(['manager', 'supervisor']), settings)).toBe(900);
    expect(approvalLimitOf(user(['agent']), settings)).toBe(0);
    expect(approvalLimitOf({ kind: 'token' } as never, settings)).toBe(0);
  });
});
