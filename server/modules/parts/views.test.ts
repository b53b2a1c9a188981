import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../platform/clock';
import { actorOf } from '../../platform/principal';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { consumePartsOnCompletion } from '.';
import { buildPart, buildPartsOutlet, buildWarehouse, receive, type PartsOutlet } from './parts.factories';

const WORK_ORDER = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const SEAM = actorOf({ kind: 'token', tokenId: 'seam', name: 'seam', permissions: new Set(), scope: 'all', outletId: null });

/**
 * What the pages read without the catalogue: serials in a technician's own stock (the phone's
 * picker), part and warehouse names on ledger rows, transfers, old parts and counts, and the
 * list of counts.
 */
describe('parts views: serials, names, the list of counts', () => {
  const clock = createFakeClock('2026-12-03T02:00:00Z');
  let t: TestApp;
  let keeper: Session;
  let central: string;
  let outletA: PartsOutlet;
  let outletB: PartsOutlet;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    keeper = (await signInAs(t.app, ['parts_keeper'])).session;
    central = await buildWarehouse(keeper, { level: 'central', name: '上海总仓' });
    outletA = await buildPartsOutlet(t.app, keeper, 2);
    outletB = await buildPartsOutlet(t.app, keeper, 1);
  });
  afterAll(() => t.close());

  describe('serials in a warehouse', () => {
    it('lists the serials in the technician’s own stock, by part; a consumed serial leaves the list', async () => {
      const compressor = await buildPart(keeper, { name: '压缩机 1.5P', isSerialTracked: true });
      const board = await buildPart(keeper, { name: '主板', isSerialTracked: true });
      const [tech] = outletA.technicians;
      await receive(keeper, tech.warehouseId, [
        { partId: compressor.id, quantity: 2, serials: ['CMP-B', 'CMP-A'] },
        { partId: board.id, quantity: 1, serials: ['BRD-1'] },
      ]);
      const stock = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/stock`)).json();
      expect(stock.items.find((row: { partId: string }) => row.partId === compressor.id)).toMatchObject({ isSerialTracked: true, onHand: 2 });
      const all = await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/serials`);
      expect(all.statusCode, all.body).toBe(200);
      expect(all.json().total).toBe(3);
      const ofCompressor = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/serials?partId=${compressor.id}`)).json();
      expect(ofCompressor.items).toEqual([
        { partId: compressor.id, partNumber: compressor.partNumber, partName: '压缩机 1.5P', serial: 'CMP-A', condition: 'good' },
        { partId: compressor.id, partNumber: compressor.partNumber, partName: '压缩机 1.5P', serial: 'CMP-B', condition: 'good' },
      ]);
      const searched = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/serials?q=b`)).json();
      expect(searched.items.map((row: { serial: string }) => row.serial).sort()).toEqual(['BRD-1', 'CMP-B']);

      await t.app.ctx.db.transaction((tx) =>
        consumePartsOnCompletion(tx, { workOrderId: WORK_ORDER, technicianId: tech.id, assetId: null, partsUsed: [{ partId: compressor.id, quantity: 1, serials: ['CMP-A'] }] }, { actor: SEAM, now: clock.now() }),
      );
      const after = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/serials?partId=${compressor.id}`)).json();
      expect(after.items.map((row: { serial: string }) => row.serial)).toEqual(['CMP-B']);
      expect(after.total).toBe(1);
    });

    it('pages the serials and keeps defective units apart', async () => {
      const part = await buildPart(keeper, { isSerialTracked: true });
      const serials = ['S-01', 'S-02', 'S-03', 'S-04', 'S-05'];
      await receive(keeper, outletA.warehouseId, [{ partId: part.id, quantity: 5, serials }]);
      await receive(keeper, outletA.warehouseId, [{ partId: part.id, quantity: 1, serials: ['S-BAD'] }], 'defective');
      const second = (await outletA.staff.request('GET', `/api/parts/warehouses/${outletA.warehouseId}/serials?partId=${part.id}&pageSize=2&page=2`)).json();
      expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect(second.items.map((row: { serial: string }) => row.serial)).toEqual(['S-03', 'S-04']);
      const defective = (await outletA.staff.request('GET', `/api/parts/warehouses/${outletA.warehouseId}/serials?partId=${part.id}&condition=defective`)).json();
      expect(defective.items.map((row: { serial: string; condition: string }) => [row.serial, row.condition])).toEqual([['S-BAD', 'defective']]);
    });

    it('a technician sees only their own stock’s serials: a colleague’s or an outlet’s warehouse is a 404; bad input is a 400 naming the field', async () => {
      const [own, colleague] = outletA.technicians;
      expect((await own.session.request('GET', `/api/parts/warehouses/${colleague.warehouseId}/serials`)).statusCode).toBe(404);
      expect((await own.session.request('GET', `/api/parts/warehouses/${outletA.warehouseId}/serials`)).statusCode).toBe(404);
      expect((await outletB.staff.request('GET', `/api/parts/warehouses/${own.warehouseId}/serials`)).statusCode).toBe(404);
      expect((await outletA.staff.request('GET', `/api/parts/warehouses/${own.warehouseId}/serials`)).statusCode).toBe(200);
      const unknownPart = await own.session.request('GET', `/api/parts/warehouses/${own.warehouseId}/serials?partId=6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b`);
      expect(unknownPart.statusCode).toBe(400);
      expect(unknownPart.json().error.details[0].path).toEqual(['partId']);
      const badCondition = await own.session.request('GET', `/api/parts/warehouses/${own.warehouseId}/serials?condition=broken`);
      expect(badCondition.statusCode).toBe(400);
      expect(JSON.stringify(badCondition.json().error.details)).toContain('condition');
      expect((await t.app.inject({ method: 'GET', url: `/api/parts/warehouses/${own.warehouseId}/serials` })).statusCode).toBe(401);
    });
  });

  describe('stock pages', () => {
    it('answers the total with the page, also on a page past the end; a filter narrows both', async () => {
      const [tech] = outletB.technicians;
      const made = [];
      for (let index = 0; index < 3; index += 1) made.push(await buildPart(keeper, { kind: index === 0 ? 'consumable' : 'common' }));
      await receive(keeper, tech.warehouseId, made.map((part) => ({ partId: part.id, quantity: 2 })));
      const first = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/stock?pageSize=2`)).json();
      expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(first.items).toHaveLength(2);
      const second = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/stock?pageSize=2&page=2`)).json();
      expect(second.items.map((row: { partId: string }) => row.partId)).toHaveLength(1);
      expect(second.total).toBe(3);
      expect(first.items.every((row: { isSerialTracked: boolean }) => row.isSerialTracked === false)).toBe(true);
      const beyond = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/stock?pageSize=2&page=5`)).json();
      expect(beyond).toMatchObject({ items: [], total: 3 });
      const consumable = (await tech.session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/stock?kind=consumable`)).json();
      expect(consumable.total).toBe(1);
      expect(consumable.items.map((row: { partId: string }) => row.partId)).toEqual([made[0].id]);
      expect((await outletA.technicians[0].session.request('GET', `/api/parts/warehouses/${tech.warehouseId}/stock`)).statusCode).toBe(404);
      const across = (await keeper.request('GET', `/api/parts/${made[1].id}/stock`)).json();
      expect(across).toMatchObject({ total: 1, items: [{ warehouseId: tech.warehouseId, onHand: 2 }] });
      expect((await keeper.request('GET', '/api/parts/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b/stock')).statusCode).toBe(404);
    });
  });

  describe('names on the views', () => {
    it('ledger rows, transfers and old parts carry part number, name and warehouse name', async () => {
      const part = await buildPart(keeper, { name: '启动电容', mustReturnOldPart: true });
      await receive(keeper, central, [{ partId: part.id, quantity: 5 }]);
      const sent = await keeper.request('POST', '/api/parts/transfers', { fromWarehouseId: central, toWarehouseId: outletA.warehouseId, lines: [{ partId: part.id, quantity: 2 }] });
      expect(sent.statusCode, sent.body).toBe(201);
      const outletName = (await keeper.request('GET', `/api/parts/warehouses/${outletA.warehouseId}`)).json().name;
      expect(sent.json().transfer).toMatchObject({ fromWarehouseName: '上海总仓', toWarehouseName: outletName, lines: [{ partId: part.id, partNumber: part.partNumber, partName: '启动电容', quantity: 2, serials: [] }] });
      const listed = (await outletA.staff.request('GET', `/api/parts/transfers?warehouseId=${outletA.warehouseId}&status=in_transit`)).json();
      expect(listed.items.find((item: { id: string }) => item.id === sent.json().transfer.id)).toMatchObject({ fromWarehouseName: '上海总仓', lines: [{ partNumber: part.partNumber, partName: '启动电容' }] });
      const received = await outletA.staff.request('POST', `/api/parts/transfers/${sent.json().transfer.id}/receive`);
      expect(received.json().transfer).toMatchObject({ status: 'received', toWarehouseName: outletName, lines: [{ partName: '启动电容' }] });
      expect((await keeper.request('GET', `/api/parts/transfers/${sent.json().transfer.id}`)).json().lines[0].partNumber).toBe(part.partNumber);

      const ledger = (await keeper.request('GET', `/api/parts/ledger?partId=${part.id}`)).json();
      const rows = ledger.items.map((row: { kind: string; warehouseName: string; partName: string }) => [row.kind, row.warehouseName, row.partName].join(' '));
      expect(rows.sort()).toEqual([`receipt 上海总仓 启动电容`, `transfer_in ${outletName} 启动电容`, `transfer_in_transit ${outletName} 启动电容`, `transfer_out 上海总仓 启动电容`]);

      const [tech] = outletA.technicians;
      await receive(keeper, tech.warehouseId, [{ partId: part.id, quantity: 1 }]);
      await t.app.ctx.db.transaction((tx) =>
        consumePartsOnCompletion(tx, { workOrderId: WORK_ORDER, technicianId: tech.id, assetId: null, partsUsed: [{ partId: part.id, quantity: 1, isWarranty: true, oldPartSerial: 'OLD-CAP-7' }] }, { actor: SEAM, now: clock.now() }),
      );
      const held = (await tech.session.request('GET', '/api/parts/old-parts?status=held_by_technician')).json().items.find((item: { serial: string }) => item.serial === 'OLD-CAP-7');
      expect(held).toMatchObject({ partNumber: part.partNumber, partName: '启动电容', warehouseId: null, warehouseName: null });
      const handedIn = await tech.session.request('POST', `/api/parts/old-parts/${held.id}/hand-in`, { warehouseId: outletA.warehouseId });
      expect(handedIn.statusCode, handedIn.body).toBe(200);
      expect(handedIn.json().oldPart).toMatchObject({ status: 'handed_in', warehouseName: outletName, partName: '启动电容' });
    });
  });

  describe('the list of counts', () => {
    it('lists counts newest first with their warehouse, how many lines and differences; filters by warehouse, status and time; pages', async () => {
      const part = await buildPart(keeper, { name: '铜管' });
      await receive(keeper, outletB.warehouseId, [{ partId: part.id, quantity: 10 }]);
      const { session: manager } = await signInAs(t.app, ['manager']);
      const outletName = (await keeper.request('GET', `/api/parts/warehouses/${outletB.warehouseId}`)).json().name;

      // An approved count (one line, one difference), then three hours later one awaiting approval.
      const first = (await outletB.staff.request('POST', '/api/parts/counts', { warehouseId: outletB.warehouseId, note: '月末盘点' })).json();
      await outletB.staff.request('PUT', `/api/parts/counts/${first.id}/lines`, { lines: [{ partId: part.id, countedQuantity: 9 }] });
      await outletB.staff.request('POST', `/api/parts/counts/${first.id}/submit`);
      expect((await manager.request('POST', `/api/parts/counts/${first.id}/approve`)).statusCode).toBe(200);
      clock.advance(3 * 3_600_000);
      const second = (await outletB.staff.request('POST', '/api/parts/counts', { warehouseId: outletB.warehouseId })).json();
      const entered = await outletB.staff.request('PUT', `/api/parts/counts/${second.id}/lines`, { lines: [{ partId: part.id, countedQuantity: 12 }] });
      // Before approval the view shows the frozen warehouse's on hand now and the difference.
      expect(entered.json()).toMatchObject({ warehouseName: outletName, lines: [{ partId: part.id, partNumber: part.partNumber, partName: '铜管', countedQuantity: 12, systemQuantity: 9, difference: 3 }] });
      await outletB.staff.request('POST', `/api/parts/counts/${second.id}/submit`);
      const pending = (await manager.request('GET', `/api/parts/counts/${second.id}`)).json();
      expect(pending).toMatchObject({ status: 'submitted', lines: [{ systemQuantity: 9, difference: 3 }] });
      expect(pending.submittedAt).toBe(clock.now().toISOString());

      const listed = await manager.request('GET', `/api/parts/counts?warehouseId=${outletB.warehouseId}`);
      expect(listed.statusCode, listed.body).toBe(200);
      expect(listed.json().total).toBe(2);
      expect(listed.json().items.map((item: { id: string; status: string; warehouseName: string; lineCount: number; differenceCount: number | null; note: string | null }) => [item.id, item.status, item.warehouseName, item.lineCount, item.differenceCount, item.note])).toEqual([
        [second.id, 'submitted', outletName, 1, null, null],
        [first.id, 'approved', outletName, 1, 1, '月末盘点'],
      ]);
      const submitted = (await manager.request('GET', '/api/parts/counts?status=submitted')).json();
      expect(submitted.items.map((item: { id: string }) => item.id)).toContain(second.id);
      expect(submitted.items.map((item: { id: string }) => item.id)).not.toContain(first.id);
      const since = encodeURIComponent(new Date(clock.now().getTime() - 3_600_000).toISOString());
      expect((await manager.request('GET', `/api/parts/counts?warehouseId=${outletB.warehouseId}&from=${since}`)).json().items.map((item: { id: string }) => item.id)).toEqual([second.id]);
      const paged = (await manager.request('GET', `/api/parts/counts?warehouseId=${outletB.warehouseId}&pageSize=1&page=2`)).json();
      expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
      expect(paged.items.map((item: { id: string }) => item.id)).toEqual([first.id]);
      expect((await manager.request('POST', `/api/parts/counts/${second.id}/approve`)).statusCode).toBe(200);
    });

    it('scopes the list: another outlet sees none of them; bad filters are a 400 naming the field', async () => {
      const otherOutlet = (await outletA.staff.request('GET', `/api/parts/counts?warehouseId=${outletB.warehouseId}`)).json();
      expect(otherOutlet.items).toEqual([]);
      expect(otherOutlet.total).toBe(0);
      expect((await outletB.staff.request('GET', '/api/parts/counts')).json().total).toBeGreaterThanOrEqual(2);
      const [tech] = outletB.technicians;
      expect((await tech.session.request('GET', '/api/parts/counts')).json().total).toBe(0);
      const badStatus = await keeper.request('GET', '/api/parts/counts?status=lost');
      expect(badStatus.statusCode).toBe(400);
      expect(JSON.stringify(badStatus.json().error.details)).toContain('status');
      const backwards = await keeper.request('GET', `/api/parts/counts?from=${encodeURIComponent('2026-12-05T00:00:00Z')}&to=${encodeURIComponent('2026-12-01T00:00:00Z')}`);
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().error.details[0].path).toEqual(['to']);
      expect((await t.app.inject({ method: 'GET', url: '/api/parts/counts' })).statusCode).toBe(401);
    });
  });
});
