import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { buildOutlet, createTestApp, signInAs, type TestApp } from '../../test/harness';
import { buildAsset, buildCustomer, buildModel, grantToOutlet, uniqueMobile } from '../../test/archive-factories';

describe('products and assets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-11-22T02:00:00Z') });
  });
  afterAll(() => t.close());

  it('an admin builds a category tree; children inherit the policy', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const policy = { warrantyMonths: 36, coversParts: true, coversLabour: false, coversOnSite: true, maintenanceIntervalMonths: 12, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } };
    const parent = (await session.request('POST', '/api/product-categories', { code: 'hvac', name: '暖通', policy })).json();
    const child = (await session.request('POST', '/api/product-categories', { code: 'HVAC-AC', name: '空调', parentId: parent.id })).json();
    const categories = (await session.request('GET', '/api/product-categories')).json().items;
    const childView = categories.find((c: { id: string }) => c.id === child.id);
    expect(childView).toMatchObject({ code: 'HVAC-AC', policy: null, effectivePolicy: { warrantyMonths: 36, coversLabour: false } });
    const loop = await session.request('PATCH', `/api/product-categories/${parent.id}`, { parentId: child.id });
    expect(loop.json().error.details[0].path).toEqual(['parentId']);
    const dup = await session.request('POST', '/api/product-categories', { code: 'HVAC', name: 'x' });
    expect(dup.statusCode).toBe(409);
  });

  it('models are unique per brand and model code', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const { category } = await buildModel(t.app);
    const body = { categoryId: category.id, brand: '美的', modelCode: 'MB-100', name: '波轮洗衣机' };
    expect((await session.request('POST', '/api/product-models', body)).statusCode).toBe(201);
    const again = await session.request('POST', '/api/product-models', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].path).toEqual(['modelCode']);
    const agent = await signInAs(t.app, ['agent']);
    expect((await agent.session.request('POST', '/api/product-models', { ...body, modelCode: 'MB-200' })).statusCode).toBe(403);
  });

  it('registers an asset at the customer’s address with its warranty and the basis in words', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const { model, category } = await buildModel(t.app, { warrantyMonths: 12 });
    const customer = await buildCustomer(t.app);
    const response = await session.request('POST', '/api/assets', { modelId: model.id, customerId: customer.id, serialNumber: 'gr-2026-0001', purchaseDate: '2026-03-02', salesChannel: 'store' });
    expect(response.statusCode).toBe(201);
    const asset = response.json();
    expect(asset).toMatchObject({ serialNumber: 'GR-2026-0001', installAddress: '上海市浦东新区张江路 100 号', computedWarrantyEnd: '2027-03-01' });
    expect(asset.warranty).toMatchObject({ state: 'in_warranty', endDate: '2027-03-01' });
    expect(asset.warranty.basis.zh).toBe(`在保：购买日期 2026-03-02，按品类「${category.name}」保修 12 个月，至 2027-03-01`);
    const check = (await session.request('GET', '/api/warranty/check?serialNumber=GR-2026-0001&date=2027-03-02')).json();
    expect(check.warranty.state).toBe('out_of_warranty');
  });

  it('refuses a serial number already used for the model, a future date, an unknown model, naming the field', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const { model } = await buildModel(t.app);
    const customer = await buildCustomer(t.app);
    await buildAsset(t.app, { customerId: customer.id, modelId: model.id, serialNumber: 'DUP-001' });
    const before = (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from assets`))[0].n;
    const dup = await session.request('POST', '/api/assets', { modelId: model.id, customerId: customer.id, serialNumber: 'dup-001', salesChannel: 'store' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].path).toEqual(['serialNumber']);
    const future = await session.request('POST', '/api/assets', { modelId: model.id, customerId: customer.id, serialNumber: 'NEW-001', purchaseDate: '2026-11-23', salesChannel: 'store' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details[0].path).toEqual(['purchaseDate']);
    const unknown = await session.request('POST', '/api/assets', { modelId: '00000000-0000-4000-8000-000000000000', customerId: customer.id, serialNumber: 'NEW-002', salesChannel: 'store' });
    expect(unknown.json().error.details[0].path).toEqual(['modelId']);
    expect((await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from assets`))[0].n).toBe(before);
  });

  it('a warranty override needs a reason and the right role; it is audited', async () => {
    const { model } = await buildModel(t.app);
    const customer = await buildCustomer(t.app);
    const asset = await buildAsset(t.app, { customerId: customer.id, modelId: model.id, purchaseDate: '2025-01-10' });
    const agent = await signInAs(t.app, ['agent']);
    expect((await agent.session.request('PUT', `/api/assets/${asset.id}/warranty-override`, { warrantyEnd: '2027-01-01', reason: '促销' })).statusCode).toBe(403);
    const manager = await signInAs(t.app, ['manager']);
    const missing = await manager.session.request('PUT', `/api/assets/${asset.id}/warranty-override`, { warrantyEnd: '2027-01-01' });
    expect(missing.json().error.details[0].path).toEqual(['reason']);
    const ok = await manager.session.request('PUT', `/api/assets/${asset.id}/warranty-override`, { warrantyEnd: '2027-01-01', reason: '经销商促销承诺延保' });
    expect(ok.json().warranty).toMatchObject({ state: 'in_warranty', isOverridden: true, endDate: '2027-01-01' });
    const audit = await queryRows<{ after: { reason: string } }>(t.app.ctx.db, sql`select after from audit_log where entity_id = ${asset.id} and action = 'warranty_overridden'`);
    expect(audit[0].after.reason).toBe('经销商促销承诺延保');
  });

  it('a new category policy recomputes the warranty ends of its assets', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const { model, category } = await buildModel(t.app, { warrantyMonths: 12 });
    const customer = await buildCustomer(t.app);
    const asset = await buildAsset(t.app, { customerId: customer.id, modelId: model.id, purchaseDate: '2025-06-01' });
    expect((await session.request('GET', `/api/assets/${asset.id}`)).json().warranty.state).toBe('out_of_warranty');
    const policy = { warrantyMonths: 36, coversParts: true, coversLabour: true, coversOnSite: true, maintenanceIntervalMonths: null, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } };
    await session.request('PATCH', `/api/product-categories/${category.id}`, { policy });
    expect((await session.request('GET', `/api/assets/${asset.id}`)).json()).toMatchObject({ computedWarrantyEnd: '2028-05-31', warranty: { state: 'in_warranty' } });
  });

  it('filters by warranty state and customer', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const { model } = await buildModel(t.app, { warrantyMonths: 12 });
    const customer = await buildCustomer(t.app);
    const fresh = await buildAsset(t.app, { customerId: customer.id, modelId: model.id, purchaseDate: '2026-10-01' });
    const old = await buildAsset(t.app, { customerId: customer.id, modelId: model.id, purchaseDate: '2024-01-01' });
    const inWarranty = (await session.request('GET', `/api/assets?customerId=${customer.id}&warranty=in_warranty`)).json();
    expect(inWarranty.items.map((a: { id: string }) => a.id)).toEqual([fresh.id]);
    const out = (await session.request('GET', `/api/assets?customerId=${customer.id}&warranty=out_of_warranty`)).json();
    expect(out.items.map((a: { id: string }) => a.id)).toEqual([old.id]);
  });

  it('outlet staff see only assets of their customers', async () => {
    const outlet = await buildOutlet(t.app);
    const { model } = await buildModel(t.app);
    const mine = await buildCustomer(t.app);
    const theirs = await buildCustomer(t.app);
    await grantToOutlet(t.app, mine.id, outlet.id);
    const myAsset = await buildAsset(t.app, { customerId: mine.id, modelId: model.id });
    const theirAsset = await buildAsset(t.app, { customerId: theirs.id, modelId: model.id });
    const { session } = await signInAs(t.app, ['outlet'], { outletId: outlet.id });
    expect((await session.request('GET', '/api/assets?pageSize=200')).json().items.map((a: { id: string }) => a.id)).toEqual([myAsset.id]);
    expect((await session.request('GET', `/api/assets/${theirAsset.id}`)).statusCode).toBe(404);
  });
});

describe('search while typing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds customers by name, by the last 4 digits of any phone, by landline without dash, and assets by serial', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const { model } = await buildModel(t.app);
    const mobile = uniqueMobile();
    const customer = await session.request('POST', '/api/customers', {
      kind: 'person', name: '欧阳娜娜', phones: [{ phone: mobile }, { phone: '0571-87650001' }],
      addresses: [{ provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 478 号' }],
    });
    const customerId = customer.json().id;
    await buildAsset(t.app, { customerId, modelId: model.id, serialNumber: 'HAIER-XQB80-2026-777' });
    const search = async (q: string) => (await session.request('GET', `/api/search?q=${encodeURIComponent(q)}`)).json().items as { type: string; id: string; customerId: string }[];
    expect((await search('欧阳'))[0].id).toBe(customerId);
    expect((await search(mobile.slice(-4))).map((hit) => hit.id)).toContain(customerId);
    expect((await search('057187650001'))[0].id).toBe(customerId);
    expect((await search('文三路'))[0].id).toBe(customerId);
    const bySerial = await search('XQB80-2026');
    expect(bySerial[0]).toMatchObject({ type: 'asset', customerId });
  });

  it('is fuzzy: a misspelt name still finds the customer', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const created = await buildCustomer(t.app, { name: 'Shanghai Grand Hotel Co' });
    const hits = (await session.request('GET', `/api/search?q=${encodeURIComponent('Grnd Hotel')}`)).json().items;
    expect(hits.map((hit: { id: string }) => hit.id)).toContain(created.id);
  });

  it('rejects an empty query naming q', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const response = await session.request('GET', '/api/search?q=');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toEqual(['q']);
  });
});
