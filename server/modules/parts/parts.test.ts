import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { actorOf } from '../../platform/principal';
import { buildModel } from '../../test/archive-factories';
import { createSiblingApp, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { consumePartsForWorkOrder, consumePartsOnCompletion, partPrices, partsReadiness, rebuildBalances, recordOldParts } from '.';
import { balanceOf, buildPart, buildPartsOutlet, buildWarehouse, ledgerCount, receive, type PartsOutlet } from './parts.factories';

const WORK_ORDER = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER_WORK_ORDER = '7a2e3d4c-5b6f-4071-9b8c-0d1e2f3a4b5c';

describe('parts', () => {
  let t: TestApp;
  /** A second server process on the same PostgreSQL database (undefined on PGlite: one process). */
  let sibling: TestApp | undefined;
  let keeper: Session;
  let keeperId: string;
  let central: string;
  let outletA: PartsOutlet;
  let outletB: PartsOutlet;
  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-12-03T02:00:00Z') });
    sibling = await createSiblingApp(t, { clock: createFakeClock('2026-12-03T02:00:00Z') });
    const signedIn = await signInAs(t.app, ['parts_keeper']);
    keeper = signedIn.session;
    keeperId = signedIn.user.id;
    central = await buildWarehouse(keeper, { level: 'central', name: '总仓' });
    outletA = await buildPartsOutlet(t.app, keeper, 2);
    outletB = await buildPartsOutlet(t.app, keeper, 1);
  });
  afterAll(async () => {
    await sibling?.close();
    await t.close();
  });

  describe('catalogue', () => {
    it('creates a part (part number upper-cased) with the models it fits; cost only for parts.cost.read; audited', async () => {
      const { model } = await buildModel(t.app);
      const response = await keeper.request('POST', '/api/parts', { partNumber: 'cmp-100', name: '压缩机 100', kind: 'common', unit: 'piece', isSerialTracked: true, mustReturnOldPart: true, costFen: 80000, salePriceFen: 120000, modelIds: [model.id] });
      expect(response.statusCode).toBe(201);
      const part = response.json();
      expect(part).toMatchObject({ partNumber: 'CMP-100', costFen: 80000, salePriceFen: 120000, modelIds: [model.id], version: 1 });
      const technicianView = (await outletA.technicians[0].session.request('GET', `/api/parts/${part.id}`)).json();
      expect(technicianView.costFen).toBeNull();
      expect(technicianView.salePriceFen).toBe(120000);
      const filtered = (await keeper.request('GET', `/api/parts?modelId=${model.id}`)).json();
      expect(filtered.items.map((item: { id: string }) => item.id)).toEqual([part.id]);
      const audit = await queryRows<{ action: string; actor_id: string }>(t.app.ctx.db, sql`select action, actor_id from audit_log where entity = 'part' and entity_id = ${part.id}`);
      expect(audit).toEqual([{ action: 'created', actor_id: keeperId }]);
    });

    it('refuses a known part number, an unknown model and a stale version, changing nothing', async () => {
      const part = await buildPart(keeper);
      const duplicate = await keeper.request('POST', '/api/parts', { partNumber: part.partNumber, name: 'x', kind: 'common', unit: 'piece', isSerialTracked: false, mustReturnOldPart: false, costFen: 1, salePriceFen: 1 });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error.details[0].path).toEqual(['partNumber']);
      const unknownModel = await keeper.request('PATCH', `/api/parts/${part.id}`, { version: 1, modelIds: ['00000000-0000-4000-8000-000000000001'] });
      expect(unknownModel.statusCode).toBe(400);
      expect(unknownModel.json().error.details[0].path).toEqual(['modelIds']);
      const updated = await keeper.request('PATCH', `/api/parts/${part.id}`, { version: 1, salePriceFen: 50000 });
      expect(updated.json()).toMatchObject({ version: 2, salePriceFen: 50000 });
      const stale = await keeper.request('PATCH', `/api/parts/${part.id}`, { version: 1, salePriceFen: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].path).toEqual(['version']);
      const [stored] = await queryRows<{ sale_price_fen: string; version: number }>(t.app.ctx.db, sql`select sale_price_fen::text, version from parts where id = ${part.id}`);
      expect(stored).toEqual({ sale_price_fen: '50000', version: 2 });
      const negative = await keeper.request('POST', '/api/parts', { partNumber: 'NEG-1', name: 'x', kind: 'common', unit: 'piece', isSerialTracked: false, mustReturnOldPart: false, costFen: -1, salePriceFen: 1 });
      expect(negative.statusCode).toBe(400);
      expect(negative.json().error.details[0].path).toEqual(['costFen']);
    });

    it('answers 401 without a session and 403 to a technician creating a part', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/parts' })).statusCode).toBe(401);
      const response = await outletA.technicians[0].session.request('POST', '/api/parts', { partNumber: 'X-1', name: 'x', kind: 'common', unit: 'piece', isSerialTracked: false, mustReturnOldPart: false, costFen: 1, salePriceFen: 1 });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('warehouses', () => {
    it('refuses a second outlet warehouse and a technician of another outlet', async () => {
      const second = await keeper.request('POST', '/api/parts/warehouses', { code: 'DUP-OUTLET', name: 'x', level: 'outlet', outletId: outletA.id });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.details[0].path).toEqual(['outletId']);
      const wrongOutlet = await keeper.request('POST', '/api/parts/warehouses', { code: 'WRONG-TECH', name: 'x', level: 'technician', outletId: outletB.id, technicianId: outletA.technicians[0].id });
      expect(wrongOutlet.statusCode).toBe(400);
      expect(wrongOutlet.json().error.details[0].path).toEqual(['technicianId']);
    });

    it('scopes warehouses: outlet staff see their outlet and its technicians, a technician only their own stock', async () => {
      const staffList = (await outletA.staff.request('GET', '/api/parts/warehouses?pageSize=200')).json();
      expect(staffList.items.map((item: { id: string }) => item.id).sort()).toEqual([outletA.warehouseId, ...outletA.technicians.map((tech) => tech.warehouseId)].sort());
      const techList = (await outletA.technicians[0].session.request('GET', '/api/parts/warehouses')).json();
      expect(techList.items.map((item: { id: string }) => item.id)).toEqual([outletA.technicians[0].warehouseId]);
      expect((await outletA.staff.request('GET', `/api/parts/warehouses/${outletB.warehouseId}/stock`)).statusCode).toBe(404);
      expect((await outletA.technicians[0].session.request('GET', `/api/parts/warehouses/${outletA.warehouseId}/stock`)).statusCode).toBe(404);
      expect((await outletA.technicians[0].session.request('GET', `/api/parts/warehouses/${outletA.technicians[1].warehouseId}`)).statusCode).toBe(404);
    });
  });

  describe('reorder points', () => {
    it('lists good stock below its reorder point (on hand + in transit − reserved), also a part never stocked, with a suggested transfer or purchase', async () => {
      const stocked = await buildPart(keeper);
      const never = await buildPart(keeper);
      const plenty = await buildPart(keeper);
      await receive(keeper, outletB.warehouseId, [{ partId: stocked.id, quantity: 2 }, { partId: plenty.id, quantity: 9 }]);
      for (const partId of [stocked.id, never.id, plenty.id]) {
        const response = await keeper.request('PUT', `/api/parts/warehouses/${outletB.warehouseId}/reorder-points`, { partId, reorderPoint: 3, reorderQuantity: 10 });
        expect(response.statusCode, response.body).toBe(200);
      }
      const below = (await outletB.staff.request('GET', `/api/parts/warehouses/${outletB.warehouseId}/stock?belowReorderPoint=true&pageSize=200`)).json();
      const ids = below.items.map((row: { partId: string }) => row.partId);
      expect(ids).toEqual(expect.arrayContaining([stocked.id, never.id]));
      expect(ids).not.toContain(plenty.id);
      expect(below.items.find((row: { partId: string }) => row.partId === stocked.id)).toMatchObject({ onHand: 2, reorderPoint: 3, reorderQuantity: 10, isBelowReorderPoint: true });
      const forbidden = await outletB.staff.request('PUT', `/api/parts/warehouses/${outletB.warehouseId}/reorder-points`, { partId: stocked.id, reorderPoint: 1, reorderQuantity: 1 });
      expect(forbidden.statusCode).toBe(403);

      // The shortage list suggests a transfer from the central warehouse when it has enough, else a purchase.
      await receive(keeper, central, [{ partId: stocked.id, quantity: 20 }, { partId: never.id, quantity: 4 }]);
      const shortages = await outletB.staff.request('GET', `/api/parts/warehouses/${outletB.warehouseId}/shortages`);
      expect(shortages.statusCode, shortages.body).toBe(200);
      const byPart = new Map(shortages.json().items.map((item: { partId: string }) => [item.partId, item]));
      expect(byPart.get(stocked.id)).toMatchObject({ projected: 2, suggestedQuantity: 10, suggestion: 'transfer', fromWarehouseId: central, centralAvailable: 20 });
      expect(byPart.get(never.id)).toMatchObject({ projected: 0, suggestedQuantity: 10, suggestion: 'purchase', fromWarehouseId: null, centralAvailable: 4 });
      expect(byPart.has(plenty.id)).toBe(false);
      expect((await outletA.staff.request('GET', `/api/parts/warehouses/${outletB.warehouseId}/shortages`)).statusCode).toBe(404);
    });
  });

  describe('receipts and ledger', () => {
    it('receives stock: balance, one ledger row with who/why/balance after, audit', async () => {
      const part = await buildPart(keeper);
      const { documentId } = await receive(keeper, central, [{ partId: part.id, quantity: 5 }]);
      await receive(keeper, central, [{ partId: part.id, quantity: 3 }]);
      expect(await balanceOf(t.app, central, part.id)).toEqual({ onHand: 8, inTransit: 0, reserved: 0 });
      const ledger = (await keeper.request('GET', `/api/parts/ledger?partId=${part.id}`)).json();
      expect(ledger.total).toBe(2);
      expect(ledger.items[1]).toMatchObject({ kind: 'receipt', quantity: 5, balanceAfter: 5, documentType: 'receipt', documentId, actorId: keeperId, reason: '供应商送货单 123' });
      expect(ledger.items[0]).toMatchObject({ quantity: 3, balanceAfter: 8 });
      const stock = (await keeper.request('GET', `/api/parts/warehouses/${central}/stock?q=${part.partNumber}`)).json();
      expect(stock.items[0]).toMatchObject({ partId: part.id, onHand: 8, available: 8, condition: 'good' });
      const audit = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity = 'stock_receipt' and entity_id = ${documentId}`);
      expect(audit).toEqual([{ action: 'created' }]);
    });

    it('refuses an unknown part, a fractional or negative quantity of a unit part, naming the field; nothing changes', async () => {
      const part = await buildPart(keeper);
      const metre = await buildPart(keeper, { unit: 'metre', kind: 'consumable' });
      const before = await ledgerCount(t.app);
      const cases: [unknown, (string | number)[]][] = [
        [[{ partId: '00000000-0000-4000-8000-000000000009', quantity: 1 }], ['lines', 0, 'partId']],
        [[{ partId: metre.id, quantity: 2.5 }, { partId: part.id, quantity: 1.5 }], ['lines', 1, 'quantity']],
        [[{ partId: part.id, quantity: -2 }], ['lines', 0, 'quantity']],
        [[{ partId: part.id, quantity: 1 }, { partId: part.id, quantity: 1 }], ['lines', 1, 'partId']],
      ];
      for (const [lines, path] of cases) {
        const response = await keeper.request('POST', '/api/parts/receipts', { warehouseId: central, lines });
        expect(response.statusCode, JSON.stringify(lines)).toBe(400);
        expect(response.json().error.details[0].path).toEqual(path);
      }
      expect(await ledgerCount(t.app)).toBe(before);
      expect(await balanceOf(t.app, central, metre.id)).toEqual({ onHand: 0, inTransit: 0, reserved: 0 });
      // A divisible unit takes decimals.
      await receive(keeper, central, [{ partId: metre.id, quantity: 12.5 }]);
      expect((await balanceOf(t.app, central, metre.id)).onHand).toBe(12.5);
    });

    it('scopes the ledger: outlet staff see only their warehouses’ rows', async () => {
      const part = await buildPart(keeper);
      await receive(keeper, outletA.warehouseId, [{ partId: part.id, quantity: 2 }]);
      await receive(keeper, outletB.warehouseId, [{ partId: part.id, quantity: 4 }]);
      const seen = (await outletA.staff.request('GET', `/api/parts/ledger?partId=${part.id}`)).json();
      expect(seen.items.map((row: { warehouseId: string }) => row.warehouseId)).toEqual([outletA.warehouseId]);
      expect((await outletA.staff.request('GET', `/api/parts/ledger?warehouseId=${outletB.warehouseId}`)).statusCode).toBe(404);
    });
  });

  describe('transfers', () => {
    it('sends stock in transit and receives it at the destination', async () => {
      const part = await buildPart(keeper);
      await receive(keeper, central, [{ partId: part.id, quantity: 10 }]);
      const sent = await keeper.request('POST', '/api/parts/transfers', { fromWarehouseId: central, toWarehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 4 }] });
      expect(sent.statusCode).toBe(201);
      const transferId = sent.json().transfer.id;
      expect(await balanceOf(t.app, central, part.id)).toEqual({ onHand: 6, inTransit: 0, reserved: 0 });
      expect(await balanceOf(t.app, outletA.warehouseId, part.id)).toEqual({ onHand: 0, inTransit: 4, reserved: 0 });
      // Another outlet can neither see nor receive it.
      expect((await outletB.staff.request('POST', `/api/parts/transfers/${transferId}/receive`)).statusCode).toBe(404);
      const received = await outletA.staff.request('POST', `/api/parts/transfers/${transferId}/receive`);
      expect(received.statusCode).toBe(200);
      expect(received.json().transfer.status).toBe('received');
      expect(await balanceOf(t.app, outletA.warehouseId, part.id)).toEqual({ onHand: 4, inTransit: 0, reserved: 0 });
      const kinds = await queryRows<{ kind: string; quantity: string; in_transit_change: string }>(t.app.ctx.db, sql`select kind, quantity::text, in_transit_change::text from stock_ledger where document_id = ${transferId} order by seq`);
      expect(kinds).toEqual([
        { kind: 'transfer_out', quantity: '-4.000', in_transit_change: '0.000' },
        { kind: 'transfer_in_transit', quantity: '0.000', in_transit_change: '4.000' },
        { kind: 'transfer_in', quantity: '4.000', in_transit_change: '-4.000' },
      ]);
      expect((await outletA.staff.request('POST', `/api/parts/transfers/${transferId}/receive`)).statusCode).toBe(409);
    });

    it('refuses the same warehouse, more than on hand (409 naming quantity) and another outlet’s warehouse; nothing changes', async () => {
      const part = await buildPart(keeper);
      await receive(keeper, outletA.warehouseId, [{ partId: part.id, quantity: 2 }]);
      const before = await ledgerCount(t.app);
      const same = await outletA.staff.request('POST', '/api/parts/transfers', { fromWarehouseId: outletA.warehouseId, toWarehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 1 }] });
      expect(same.statusCode).toBe(400);
      expect(same.json().error.details[0].path).toEqual(['toWarehouseId']);
      const tooMany = await outletA.staff.request('POST', '/api/parts/transfers', { fromWarehouseId: outletA.warehouseId, toWarehouseId: central, lines: [{ partId: part.id, quantity: 3 }] });
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json().error.details[0]).toMatchObject({ path: ['lines', 0, 'quantity'], message: '库存不足：可用 2，需要 3' });
      const foreign = await outletB.staff.request('POST', '/api/parts/transfers', { fromWarehouseId: outletA.warehouseId, toWarehouseId: outletB.warehouseId, lines: [{ partId: part.id, quantity: 1 }] });
      expect(foreign.statusCode).toBe(404);
      expect(await ledgerCount(t.app)).toBe(before);
      expect(await balanceOf(t.app, outletA.warehouseId, part.id)).toEqual({ onHand: 2, inTransit: 0, reserved: 0 });
    });
  });

  describe('serial-tracked parts', () => {
    it('stocks by serial: receipt needs the serials, a transfer refuses a serial that is not in the warehouse', async () => {
      const part = await buildPart(keeper, { isSerialTracked: true });
      const missing = await keeper.request('POST', '/api/parts/receipts', { warehouseId: central, lines: [{ partId: part.id, quantity: 2, serials: ['SN-A'] }] });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.details[0].path).toEqual(['lines', 0, 'serials']);
      await receive(keeper, central, [{ partId: part.id, quantity: 2, serials: ['SN-A', 'SN-B'] }]);
      const again = await keeper.request('POST', '/api/parts/receipts', { warehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 1, serials: ['SN-A'] }] });
      expect(again.statusCode).toBe(409);
      const wrongSerial = await keeper.request('POST', '/api/parts/transfers', { fromWarehouseId: central, toWarehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 1, serials: ['SN-Z'] }] });
      expect(wrongSerial.statusCode).toBe(400);
      expect(wrongSerial.json().error.details[0].path).toEqual(['lines', 0, 'serials', 0]);
      const sent = await keeper.request('POST', '/api/parts/transfers', { fromWarehouseId: central, toWarehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 1, serials: ['SN-B'] }] });
      expect(sent.statusCode).toBe(201);
      await outletA.staff.request('POST', `/api/parts/transfers/${sent.json().transfer.id}/receive`);
      const units = await queryRows<{ serial: string; warehouse_id: string; status: string }>(t.app.ctx.db, sql`select serial, warehouse_id, status from part_serial_units where part_id = ${part.id} order by serial`);
      expect(units).toEqual([
        { serial: 'SN-A', warehouse_id: central, status: 'in_stock' },
        { serial: 'SN-B', warehouse_id: outletA.warehouseId, status: 'in_stock' },
      ]);
      const serialsInLedger = await queryRows<{ serial: string }>(t.app.ctx.db, sql`select serial from stock_ledger where part_id = ${part.id} and kind = 'receipt' order by serial`);
      expect(serialsInLedger.map((row) => row.serial)).toEqual(['SN-A', 'SN-B']);
    });
  });

  describe('requisitions, consumption, returns, old parts', () => {
    it('walks the visit: request (reserved) → issue to the technician → used on the work order → unused returned → old part to the maker', async () => {
      const { model } = await buildModel(t.app);
      const part = await buildPart(keeper, { modelIds: [model.id], mustReturnOldPart: true, salePriceFen: 45000 });
      const [tech] = outletA.technicians;
      await receive(keeper, outletA.warehouseId, [{ partId: part.id, quantity: 5 }]);
      const requested = await tech.session.request('POST', '/api/parts/requisitions', { workOrderId: WORK_ORDER, technicianId: tech.id, warehouseId: outletA.warehouseId, modelId: model.id, lines: [{ partId: part.id, quantity: 3 }] });
      expect(requested.statusCode, requested.body).toBe(201);
      const requisition = requested.json();
      expect(requisition).toMatchObject({ status: 'requested', isReserved: true });
      const expectedLines = [{ partId: part.id, partNumber: part.partNumber, partName: part.name, quantity: 3 }];
      expect(requisition.lines).toEqual(expectedLines);
      expect((await tech.session.request('GET', `/api/parts/requisitions/${requisition.id}`)).json().lines).toEqual(expectedLines);
      expect((await tech.session.request('GET', `/api/parts/requisitions?workOrderId=${WORK_ORDER}`)).json().items.map((item: { lines: unknown }) => item.lines)).toEqual([expectedLines]);
      expect(await partsReadiness(t.app.ctx.db, [WORK_ORDER, OTHER_WORK_ORDER])).toEqual(new Map([[WORK_ORDER, 'requested'], [OTHER_WORK_ORDER, 'none']]));
      expect(await balanceOf(t.app, outletA.warehouseId, part.id)).toEqual({ onHand: 5, inTransit: 0, reserved: 3 });
      // The reservation holds: only 2 can leave otherwise.
      const tooMany = await outletA.staff.request('POST', '/api/parts/transfers', { fromWarehouseId: outletA.warehouseId, toWarehouseId: central, lines: [{ partId: part.id, quantity: 3 }] });
      expect(tooMany.statusCode).toBe(409);

      expect((await outletB.staff.request('POST', `/api/parts/requisitions/${requisition.id}/issue`, {})).statusCode).toBe(404);
      const issued = await outletA.staff.request('POST', `/api/parts/requisitions/${requisition.id}/issue`, {});
      expect(issued.statusCode, issued.body).toBe(200);
      expect(issued.json().requisition.status).toBe('issued');
      expect((await partsReadiness(t.app.ctx.db, [WORK_ORDER, OTHER_WORK_ORDER])).get(WORK_ORDER)).toBe('ready');
      expect(await balanceOf(t.app, outletA.warehouseId, part.id)).toEqual({ onHand: 2, inTransit: 0, reserved: 0 });
      expect(await balanceOf(t.app, tech.warehouseId, part.id)).toEqual({ onHand: 3, inTransit: 0, reserved: 0 });
      const myStock = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/stock?modelId=${model.id}`)).json();
      expect(myStock.items.map((row: { partId: string; onHand: number }) => [row.partId, row.onHand])).toEqual([[part.id, 3]]);

      const actor = { type: 'user' as const, id: tech.userId, name: 'tech' };
      const used = await t.app.ctx.db.transaction((tx) => consumePartsForWorkOrder(tx, actor, { workOrderId: WORK_ORDER, technicianId: tech.id, modelId: model.id, lines: [{ partId: part.id, quantity: 2 }] }));
      expect(used.lines[0]).toMatchObject({ partId: part.id, quantity: 2, salePriceFen: 45000, amountFen: 90000, mustReturnOldPart: true });
      expect(await balanceOf(t.app, tech.warehouseId, part.id)).toEqual({ onHand: 1, inTransit: 0, reserved: 0 });
      const consumption = await queryRows<{ kind: string; quantity: string; document_type: string }>(t.app.ctx.db, sql`select kind, quantity::text, document_type from stock_ledger where document_id = ${WORK_ORDER}`);
      expect(consumption).toEqual([{ kind: 'consumption', quantity: '-2.000', document_type: 'work_order' }]);
      expect((await partPrices(t.app.ctx.db, [part.id])).get(part.id)?.salePriceFen).toBe(45000);

      const returned = await tech.session.request('POST', '/api/parts/returns', { fromWarehouseId: tech.warehouseId, toWarehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 1 }] });
      expect(returned.statusCode, returned.body).toBe(201);
      expect(await balanceOf(t.app, tech.warehouseId, part.id)).toEqual({ onHand: 0, inTransit: 0, reserved: 0 });
      expect((await balanceOf(t.app, outletA.warehouseId, part.id)).onHand).toBe(3);

      const [oldPart] = await t.app.ctx.db.transaction((tx) => recordOldParts(tx, actor, { workOrderId: WORK_ORDER, technicianId: tech.id, assetId: null, items: [{ partId: part.id, serial: 'OLD-1' }] }));
      expect(oldPart.status).toBe('held_by_technician');
      expect((await outletB.staff.request('POST', `/api/parts/old-parts/${oldPart.id}/hand-in`, { warehouseId: outletB.warehouseId })).statusCode).toBe(404);
      const handedIn = await tech.session.request('POST', `/api/parts/old-parts/${oldPart.id}/hand-in`, { warehouseId: outletA.warehouseId });
      expect(handedIn.statusCode, handedIn.body).toBe(200);
      expect(await balanceOf(t.app, outletA.warehouseId, part.id, 'defective')).toEqual({ onHand: 1, inTransit: 0, reserved: 0 });
      const sentBack = await outletA.staff.request('POST', '/api/parts/old-parts/dispatch', { oldPartIds: [oldPart.id], reference: 'RMA-2026-001' });
      expect(sentBack.statusCode, sentBack.body).toBe(201);
      expect(await balanceOf(t.app, outletA.warehouseId, part.id, 'defective')).toEqual({ onHand: 0, inTransit: 0, reserved: 0 });
      const [stored] = await queryRows<{ status: string; reference: string }>(t.app.ctx.db, sql`select status, reference from old_parts where id = ${oldPart.id}`);
      expect(stored).toEqual({ status: 'sent_to_maker', reference: 'RMA-2026-001' });
      const ledgerKinds = await queryRows<{ kind: string; serial: string }>(t.app.ctx.db, sql`select kind, serial from stock_ledger where part_id = ${part.id} and condition = 'defective' order by seq`);
      expect(ledgerKinds).toEqual([{ kind: 'old_part_receipt', serial: 'OLD-1' }, { kind: 'old_part_dispatch', serial: 'OLD-1' }]);
    });

    it('refuses a part that does not fit the model, more than stock, and another technician’s stock; shortage on request', async () => {
      const { model } = await buildModel(t.app);
      const fitting = await buildPart(keeper, { modelIds: [model.id] });
      const other = await buildPart(keeper);
      const [tech, colleague] = outletA.technicians;
      await receive(keeper, outletA.warehouseId, [{ partId: fitting.id, quantity: 1 }, { partId: other.id, quantity: 1 }]);
      const body = { technicianId: tech.id, warehouseId: outletA.warehouseId, modelId: model.id };
      const notFitting = await tech.session.request('POST', '/api/parts/requisitions', { ...body, lines: [{ partId: fitting.id, quantity: 1 }, { partId: other.id, quantity: 1 }] });
      expect(notFitting.statusCode).toBe(400);
      expect(notFitting.json().error.details[0].path).toEqual(['lines', 1, 'partId']);
      const tooMany = await tech.session.request('POST', '/api/parts/requisitions', { ...body, lines: [{ partId: fitting.id, quantity: 2 }] });
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json().error.details[0].path).toEqual(['lines', 0, 'quantity']);
      const forColleague = await tech.session.request('POST', '/api/parts/requisitions', { ...body, technicianId: colleague.id, lines: [{ partId: fitting.id, quantity: 1 }] });
      expect(forColleague.statusCode).toBe(400);
      expect(forColleague.json().error.details[0].path).toEqual(['technicianId']);
      const otherOutlet = await tech.session.request('POST', '/api/parts/requisitions', { ...body, warehouseId: outletB.warehouseId, lines: [{ partId: fitting.id, quantity: 1 }] });
      expect(otherOutlet.statusCode).toBe(400);
      expect(otherOutlet.json().error.details[0].path).toEqual(['warehouseId']);
      expect(await balanceOf(t.app, outletA.warehouseId, fitting.id)).toEqual({ onHand: 1, inTransit: 0, reserved: 0 });

      const shortage = await tech.session.request('POST', '/api/parts/requisitions', { ...body, allowShortage: true, lines: [{ partId: fitting.id, quantity: 2 }] });
      expect(shortage.statusCode).toBe(201);
      expect(shortage.json()).toMatchObject({ status: 'shortage', isReserved: false });
      expect(shortage.json().workOrderId).toBeNull();
      expect(await balanceOf(t.app, outletA.warehouseId, fitting.id)).toEqual({ onHand: 1, inTransit: 0, reserved: 0 });
      // Technicians see only their own requisitions.
      const colleagueList = (await colleague.session.request('GET', '/api/parts/requisitions')).json();
      expect(colleagueList.items.map((item: { id: string }) => item.id)).not.toContain(shortage.json().id);
      expect((await colleague.session.request('GET', `/api/parts/requisitions/${shortage.json().id}`)).statusCode).toBe(404);
      const cancelled = await tech.session.request('POST', `/api/parts/requisitions/${shortage.json().id}/cancel`, {});
      expect(cancelled.json().status).toBe('cancelled');
    });

    it('consumption refuses more than the technician holds and a serial not in their stock; nothing changes', async () => {
      const part = await buildPart(keeper);
      const serialPart = await buildPart(keeper, { isSerialTracked: true });
      const [, tech] = outletA.technicians;
      await receive(keeper, tech.warehouseId, [{ partId: part.id, quantity: 1 }, { partId: serialPart.id, quantity: 1, serials: ['BOARD-1'] }]);
      const before = await ledgerCount(t.app);
      const actor = { type: 'user' as const, id: tech.userId, name: 'tech' };
      const consume = (lines: { partId: string; quantity: number; serials?: string[] }[]) =>
        t.app.ctx.db.transaction((tx) => consumePartsForWorkOrder(tx, actor, { workOrderId: WORK_ORDER, technicianId: tech.id, lines })).catch((error) => error);
      const tooMany = await consume([{ partId: part.id, quantity: 2 }]);
      expect(tooMany).toMatchObject({ statusCode: 409, details: [{ path: ['lines', 0, 'quantity'] }] });
      const wrongSerial = await consume([{ partId: part.id, quantity: 1 }, { partId: serialPart.id, quantity: 1, serials: ['BOARD-2'] }]);
      expect(wrongSerial).toMatchObject({ statusCode: 400, details: [{ path: ['lines', 1, 'serials', 0] }] });
      expect(await ledgerCount(t.app)).toBe(before);
      expect((await balanceOf(t.app, tech.warehouseId, part.id)).onHand).toBe(1);
    });
  });

  describe('completion seam', () => {
    it('a completed visit deducts its parts, records the warranty old part and prices the charged line; a short line rolls the completion back', async () => {
      const { model } = await buildModel(t.app);
      const compressor = await buildPart(keeper, { modelIds: [model.id], mustReturnOldPart: true, salePriceFen: 90000 });
      const pipe = await buildPart(keeper, { modelIds: [model.id], unit: 'metre', kind: 'consumable', salePriceFen: 1500 });
      const [tech] = outletB.technicians;
      await receive(keeper, tech.warehouseId, [{ partId: compressor.id, quantity: 1 }, { partId: pipe.id, quantity: 10 }]);
      const meta = { actor: { type: 'user' as const, id: tech.userId, name: 'tech' }, now: new Date('2026-12-03T03:00:00Z') };
      const workOrderId = '8b3f4e5d-6c70-4182-8c9d-1e2f3a4b5c6d';
      const visit = { workOrderId, technicianId: tech.id, assetId: null, modelId: model.id };
      // A line the technician does not hold: the whole completion (here: the caller's transaction) rolls back.
      const refused = await t.app.ctx.db
        .transaction(async (tx) => {
          await consumePartsOnCompletion(tx, { ...visit, partsUsed: [{ partId: pipe.id, quantity: 2.5 }, { partId: compressor.id, quantity: 2, isWarranty: true }] }, meta);
        })
        .catch((error) => error);
      expect(refused).toMatchObject({ statusCode: 409, details: [{ path: ['lines', 1, 'quantity'] }] });
      expect((await balanceOf(t.app, tech.warehouseId, pipe.id)).onHand).toBe(10);

      const lines = await t.app.ctx.db.transaction((tx) =>
        consumePartsOnCompletion(tx, { ...visit, partsUsed: [{ partId: null, quantity: 1 }, { partId: pipe.id, quantity: 2.5 }, { partId: compressor.id, quantity: 1, isWarranty: true, oldPartSerial: 'OLD-CMP-9' }] }, meta),
      );
      expect(lines.map((line) => [line.partId, line.quantity, line.amountFen, line.chargedFen])).toEqual([
        [pipe.id, 2.5, 3750, 3750],
        [compressor.id, 1, 90000, 0],
      ]);
      expect((await balanceOf(t.app, tech.warehouseId, pipe.id)).onHand).toBe(7.5);
      expect((await balanceOf(t.app, tech.warehouseId, compressor.id)).onHand).toBe(0);
      const old = await queryRows<{ part_id: string; serial: string; status: string; work_order_id: string }>(t.app.ctx.db, sql`select part_id, serial, status, work_order_id from old_parts where work_order_id = ${workOrderId}`);
      expect(old).toEqual([{ part_id: compressor.id, serial: 'OLD-CMP-9', status: 'held_by_technician', work_order_id: workOrderId }]);
      expect(await t.app.ctx.db.transaction((tx) => consumePartsOnCompletion(tx, { ...visit, partsUsed: [] }, meta))).toEqual([]);
    });
  });

  describe('stock counts', () => {
    it('freezes the warehouse, refuses others, posts the approved difference and unfreezes', async () => {
      const part = await buildPart(keeper);
      await receive(keeper, outletB.warehouseId, [{ partId: part.id, quantity: 10 }]);
      const opened = await outletB.staff.request('POST', '/api/parts/counts', { warehouseId: outletB.warehouseId });
      expect(opened.statusCode, opened.body).toBe(201);
      const countId = opened.json().id;
      const byKeeper = await keeper.request('POST', '/api/parts/counts', { warehouseId: outletB.warehouseId });
      expect(byKeeper.statusCode).toBe(409);
      expect(byKeeper.json().error.details[0].path).toEqual(['warehouseId']);
      const entryByKeeper = await keeper.request('PUT', `/api/parts/counts/${countId}/lines`, { lines: [{ partId: part.id, countedQuantity: 1 }] });
      expect(entryByKeeper.statusCode).toBe(409);
      expect(entryByKeeper.json().error.details[0].path).toEqual(['warehouseId']);
      const frozenMove = await keeper.request('POST', '/api/parts/receipts', { warehouseId: outletB.warehouseId, lines: [{ partId: part.id, quantity: 1 }] });
      expect(frozenMove.statusCode).toBe(409);
      expect(frozenMove.json().error.details[0].path).toEqual(['warehouseId']);
      expect((await outletA.staff.request('GET', `/api/parts/counts/${countId}`)).statusCode).toBe(404);

      const entered = await outletB.staff.request('PUT', `/api/parts/counts/${countId}/lines`, { lines: [{ partId: part.id, countedQuantity: 8 }] });
      expect(entered.statusCode, entered.body).toBe(200);
      expect((await outletB.staff.request('POST', `/api/parts/counts/${countId}/submit`)).statusCode).toBe(200);
      expect((await outletB.staff.request('POST', `/api/parts/counts/${countId}/approve`)).statusCode).toBe(403);
      const { session: manager } = await signInAs(t.app, ['manager']);
      const approved = await manager.request('POST', `/api/parts/counts/${countId}/approve`);
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().count.lines[0]).toMatchObject({ countedQuantity: 8, systemQuantity: 10, difference: -2 });
      expect((await balanceOf(t.app, outletB.warehouseId, part.id)).onHand).toBe(8);
      const [adjustment] = await queryRows<{ kind: string; quantity: string; balance_after: string }>(t.app.ctx.db, sql`select kind, quantity::text, balance_after::text from stock_ledger where document_id = ${countId}`);
      expect(adjustment).toEqual({ kind: 'count_adjustment', quantity: '-2.000', balance_after: '8.000' });
      const [warehouse] = await queryRows<{ frozen_by_count_id: string | null }>(t.app.ctx.db, sql`select frozen_by_count_id from warehouses where id = ${outletB.warehouseId}`);
      expect(warehouse.frozen_by_count_id).toBeNull();
      await receive(keeper, outletB.warehouseId, [{ partId: part.id, quantity: 1 }]);
    });
  });

  describe('balances', () => {
    it('the cached balances equal a rebuild from the ledger; a damaged cache is repaired by the rebuild', async () => {
      expect(await ledgerCount(t.app)).toBeGreaterThan(10);
      expect((await rebuildBalances(t.app.ctx.db, { apply: false })).differences).toBe(0);
      const part = await buildPart(keeper);
      await receive(keeper, central, [{ partId: part.id, quantity: 7 }]);
      await t.app.ctx.db.execute(sql`update stock_balances set on_hand = 99 where warehouse_id = ${central} and part_id = ${part.id}`);
      const response = await keeper.request('POST', '/api/parts/balances/rebuild');
      expect(response.statusCode).toBe(200);
      expect(response.json().differences).toBe(1);
      expect((await balanceOf(t.app, central, part.id)).onHand).toBe(7);
      expect((await rebuildBalances(t.app.ctx.db, { apply: false })).differences).toBe(0);
    });
  });

  describe('concurrency', () => {
    it('two technicians take the last unit at the same moment: one wins, the other gets 409 naming quantity', async () => {
      const part = await buildPart(keeper);
      await receive(keeper, outletA.warehouseId, [{ partId: part.id, quantity: 1 }]);
      const [first, second] = outletA.technicians;
      const request = (tech: typeof first) => tech.session.request('POST', '/api/parts/requisitions', { technicianId: tech.id, warehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 1 }] });
      const answers = await Promise.all([request(first), request(second)]);
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
      const loser = answers.find((answer) => answer.statusCode === 409)!;
      expect(loser.json().error.details[0].path).toEqual(['lines', 0, 'quantity']);
      expect(await balanceOf(t.app, outletA.warehouseId, part.id)).toEqual({ onHand: 1, inTransit: 0, reserved: 1 });
      // Then the winner's issue and a parallel transfer of the same unit: again only one goes through.
      const winner = answers.find((answer) => answer.statusCode === 201)!.json();
      const [issued, transfer] = await Promise.all([
        outletA.staff.request('POST', `/api/parts/requisitions/${winner.id}/issue`, {}),
        outletA.staff.request('POST', '/api/parts/transfers', { fromWarehouseId: outletA.warehouseId, toWarehouseId: central, lines: [{ partId: part.id, quantity: 1 }] }),
      ]);
      expect([issued.statusCode, transfer.statusCode]).toEqual([200, 409]);
      expect(await balanceOf(t.app, outletA.warehouseId, part.id)).toEqual({ onHand: 0, inTransit: 0, reserved: 0 });
      const [negative] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from stock_balances where on_hand < 0 or reserved < 0 or in_transit < 0`);
      expect(negative.n).toBe(0);
      expect((await rebuildBalances(t.app.ctx.db, { apply: false })).differences).toBe(0);
    });

    it('the last unit requested through two server processes at once: one 201, one 409 (PostgreSQL; one process on PGlite)', async () => {
      const part = await buildPart(keeper);
      await receive(keeper, outletA.warehouseId, [{ partId: part.id, quantity: 1 }]);
      const [first, second] = outletA.technicians;
      const other = sibling?.app ?? t.app;
      const body = (tech: typeof first) => ({ technicianId: tech.id, warehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 1 }] });
      const answers = await Promise.all([
        first.session.request('POST', '/api/parts/requisitions', body(first)),
        other.inject({ method: 'POST', url: '/api/parts/requisitions', headers: { cookie: second.session.cookie, 'x-csrf-token': second.session.csrfToken }, payload: body(second) }),
      ]);
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
      expect(await balanceOf(t.app, outletA.warehouseId, part.id)).toEqual({ onHand: 1, inTransit: 0, reserved: 1 });
      expect((await rebuildBalances(t.app.ctx.db, { apply: false })).differences).toBe(0);
    });

    it('parallel consumptions of one technician’s last units never overdraw', async () => {
      const part = await buildPart(keeper);
      const [tech] = outletB.technicians;
      await receive(keeper, tech.warehouseId, [{ partId: part.id, quantity: 3 }]);
      const actor = actorOf({ kind: 'token', tokenId: 'seam', name: 'seam', permissions: new Set(), scope: 'all', outletId: null });
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => t.app.ctx.db.transaction((tx) => consumePartsForWorkOrder(tx, actor, { workOrderId: WORK_ORDER, technicianId: tech.id, lines: [{ partId: part.id, quantity: 1 }] }))),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
      expect(results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason.statusCode)).toEqual([409, 409, 409]);
      expect((await balanceOf(t.app, tech.warehouseId, part.id)).onHand).toBe(0);
    });
  });
});
