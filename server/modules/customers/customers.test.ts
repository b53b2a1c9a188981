import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { buildOutlet, createTestApp, signInAs, type TestApp } from '../../test/harness';
import { buildAsset, buildCustomer, buildModel, grantToOutlet, uniqueMobile } from '../../test/archive-factories';

const SHANGHAI_PUDONG = { provinceCode: '310000', cityCode: '310100', districtCode: '310115' };

describe('customers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-11-22T02:00:00Z') });
  });
  afterAll(() => t.close());

  it('creates a customer with normalized phones, a real district, contacts and tags; audited', async () => {
    const { session, user } = await signInAs(t.app, ['agent']);
    const response = await session.request('POST', '/api/customers', {
      kind: 'organisation',
      name: '上海明珠酒店有限公司',
      phones: [{ phone: '+86 138-0013-8001' }, { phone: '(021) 5888 1234', label: 'work' }],
      addresses: [{ ...SHANGHAI_PUDONG, detail: '世纪大道 100 号' }],
      contacts: [{ name: '王经理', title: '工程部', phone: '13900001111' }],
      tags: ['酒店', '酒店', 'VIP'],
    });
    expect(response.statusCode).toBe(201);
    const customer = response.json();
    expect(customer.code).toMatch(/^KH\d{8}$/);
    expect(customer.phones.map((p: { phone: string }) => p.phone)).toEqual(['13800138001', '021-58881234']);
    expect(customer.phonesMasked).toBe(false);
    expect(customer.addresses[0]).toMatchObject({ regionLabel: '上海市浦东新区', fullAddress: '上海市浦东新区世纪大道 100 号', isDefault: true });
    expect(customer.tags).toEqual(['酒店', 'VIP']);
    const audit = await queryRows<{ action: string; actor_id: string }>(t.app.ctx.db, sql`select action, actor_id from audit_log where entity = 'customer' and entity_id = ${customer.id}`);
    expect(audit).toEqual([{ action: 'created', actor_id: user.id }]);
  });

  it('rejects invalid phones and unknown division codes naming the field, storing nothing', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const before = (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from customers`))[0].n;
    const badPhone = await session.request('POST', '/api/customers', { kind: 'person', name: '甲', phones: [{ phone: '1234567' }] });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details[0].path).toEqual(['phones', 0, 'phone']);
    const badDistrict = await session.request('POST', '/api/customers', {
      kind: 'person', name: '乙', phones: [{ phone: uniqueMobile() }], addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '320102', detail: 'x' }],
    });
    expect(badDistrict.statusCode).toBe(400);
    expect(badDistrict.json().error.details[0].path).toEqual(['addresses', 0, 'districtCode']);
    const noPhone = await session.request('POST', '/api/customers', { kind: 'person', name: '丙', phones: [] });
    expect(noPhone.json().error.details[0].path).toEqual(['phones']);
    expect((await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from customers`))[0].n).toBe(before);
  });

  it('warns about a phone that another customer has, and creates anyway when told to', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const phone = uniqueMobile();
    const first = await buildCustomer(t.app, { name: '张三', phone });
    const duplicate = await session.request('POST', '/api/customers', { kind: 'person', name: '张三丰', phones: [{ phone }] });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.details[0]).toMatchObject({ path: ['phones', 0, 'phone'], code: 'duplicate_phone' });
    expect(duplicate.json().error.message).toContain(first.code);
    const matches = await session.request('GET', `/api/customers/phone-matches?phone=${phone}`);
    expect(matches.json().items.map((c: { id: string }) => c.id)).toEqual([first.id]);
    const anyway = await session.request('POST', '/api/customers', { kind: 'person', name: '张三丰', phones: [{ phone }], allowDuplicatePhone: true });
    expect(anyway.statusCode).toBe(201);
  });

  it('updates by replacing the given lists and records before and after', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const customer = await buildCustomer(t.app, { name: '李四' });
    const phone = uniqueMobile();
    const response = await session.request('PATCH', `/api/customers/${customer.id}`, { name: '李四（改）', phones: [{ phone }] });
    expect(response.statusCode).toBe(200);
    expect(response.json().phones.map((p: { phone: string }) => p.phone)).toEqual([phone]);
    expect(response.json().addresses).toHaveLength(1);
    const [audit] = await queryRows<{ before: { name: string }; after: { name: string; phones: string[] } }>(
      t.app.ctx.db, sql`select before, after from audit_log where entity_id = ${customer.id} and action = 'updated'`);
    expect(audit.before.name).toBe('李四');
    expect(audit.after).toMatchObject({ name: '李四（改）', phones: [phone] });
  });

  it('lists with filters, sorting and paging', async () => {
    const { session } = await signInAs(t.app, ['manager']);
    await buildCustomer(t.app, { name: '排序甲' });
    await buildCustomer(t.app, { name: '排序乙' });
    const page = (await session.request('GET', '/api/customers?q=排序&sort=name&pageSize=1')).json();
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    const byDistrict = (await session.request('GET', '/api/customers?districtCode=310115&q=排序')).json();
    expect(byDistrict.total).toBe(2);
    const otherDistrict = (await session.request('GET', '/api/customers?districtCode=310104&q=排序')).json();
    expect(otherDistrict.total).toBe(0);
  });

  it('masks phones for roles without full-number rights; revealing is explicit and audited', async () => {
    const outlet = await buildOutlet(t.app);
    const phone = uniqueMobile();
    const customer = await buildCustomer(t.app, { name: '王五', phone });
    await grantToOutlet(t.app, customer.id, outlet.id);
    const { session, user } = await signInAs(t.app, ['outlet'], { outletId: outlet.id });
    const detail = (await session.request('GET', `/api/customers/${customer.id}`)).json();
    expect(detail.phonesMasked).toBe(true);
    expect(detail.phones[0].phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(JSON.stringify(detail)).not.toContain(phone);
    const list = (await session.request('GET', '/api/customers')).json();
    expect(list.items[0].primaryPhone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const revealed = await session.request('POST', `/api/customers/${customer.id}/reveal-phones`);
    expect(revealed.json().phones[0].phone).toBe(phone);
    const audit = await queryRows<{ actor_id: string }>(t.app.ctx.db, sql`select actor_id from audit_log where entity_id = ${customer.id} and action = 'phones_revealed'`);
    expect(audit).toEqual([{ actor_id: user.id }]);
  });

  it('outlet staff and technicians see only customers of their own work', async () => {
    const own = await buildOutlet(t.app);
    const other = await buildOutlet(t.app);
    const mine = await buildCustomer(t.app, { name: '本网点客户' });
    const theirs = await buildCustomer(t.app, { name: '别的网点客户' });
    await grantToOutlet(t.app, mine.id, own.id);
    await grantToOutlet(t.app, theirs.id, other.id);
    const outletUser = await signInAs(t.app, ['outlet'], { outletId: own.id });
    const listed = (await outletUser.session.request('GET', '/api/customers?pageSize=200')).json();
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect((await outletUser.session.request('GET', `/api/customers/${theirs.id}`)).statusCode).toBe(404);
    expect((await outletUser.session.request('POST', `/api/customers/${theirs.id}/reveal-phones`)).statusCode).toBe(404);
    const search = (await outletUser.session.request('GET', `/api/search?q=${encodeURIComponent('网点客户')}`)).json();
    expect(search.items.map((hit: { id: string }) => hit.id)).toEqual([mine.id]);

    const technician = await signInAs(t.app, ['technician'], { outletId: own.id });
    expect((await technician.session.request('GET', '/api/customers')).json().total).toBe(0);
    await t.app.ctx.db.transaction(async (tx) => {
      const { grantCustomerAccess } = await import('./index');
      await grantCustomerAccess(tx, { customerId: mine.id, userId: technician.user.id, source: 'test' });
    });
    expect((await technician.session.request('GET', '/api/customers')).json().items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
  });

  it('key customers: set by hand with a reason; by rule from last year’s revenue at the threshold', async () => {
    const { session } = await signInAs(t.app, ['manager']);
    const manual = await buildCustomer(t.app, { name: '手动重点' });
    const noReason = await session.request('PUT', `/api/customers/${manual.id}/key-status`, { isKey: true });
    expect(noReason.json().error.details[0].path).toEqual(['reason']);
    const set = await session.request('PUT', `/api/customers/${manual.id}/key-status`, { isKey: true, reason: '战略合作' });
    expect(set.json()).toMatchObject({ isKey: true, keySource: 'manual', keyReason: '战略合作' });

    const big = await buildCustomer(t.app, { name: '大客户' });
    const exact = await buildCustomer(t.app, { name: '刚好达标' });
    const small = await buildCustomer(t.app, { name: '小客户' });
    await session.request('PUT', `/api/customers/${big.id}/revenue`, { year: 2025, amountFen: 800_000_000 });
    await session.request('PUT', `/api/customers/${exact.id}/revenue`, { year: 2025, amountFen: 500_000_000 });
    await session.request('PUT', `/api/customers/${small.id}/revenue`, { year: 2025, amountFen: 499_999_999 });
    await session.request('PUT', `/api/customers/${manual.id}/revenue`, { year: 2025, amountFen: 1 });
    const review = (await session.request('POST', '/api/customers/key-review', { year: 2026 })).json();
    expect(review).toMatchObject({ thresholdFen: 500_000_000, promoted: 2, demoted: 0 });
    const keyOf = async (id: string) => (await session.request('GET', `/api/customers/${id}`)).json();
    expect(await keyOf(big.id)).toMatchObject({ isKey: true, keySource: 'rule' });
    expect((await keyOf(exact.id)).isKey).toBe(true);
    expect((await keyOf(small.id)).isKey).toBe(false);
    expect((await keyOf(manual.id)).isKey).toBe(true);

    // Next year big falls below: it loses the rule-made status; the manual one stays.
    await session.request('PUT', `/api/customers/${big.id}/revenue`, { year: 2026, amountFen: 100 });
    await session.request('PUT', `/api/customers/${exact.id}/revenue`, { year: 2026, amountFen: 600_000_000 });
    const next = (await session.request('POST', '/api/customers/key-review', { year: 2027 })).json();
    expect(next).toMatchObject({ promoted: 0, demoted: 1 });
    expect((await keyOf(big.id)).isKey).toBe(false);
    expect((await keyOf(manual.id)).isKey).toBe(true);
  });

  it('the key-customer threshold is configurable by an admin', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const manager = await signInAs(t.app, ['manager']);
    expect((await manager.session.request('PUT', '/api/settings/key-customer-threshold', { amountFen: 1 })).statusCode).toBe(403);
    await admin.session.request('PUT', '/api/settings/key-customer-threshold', { amountFen: 100_000_000 });
    expect((await manager.session.request('GET', '/api/settings/key-customer-threshold')).json()).toEqual({ amountFen: 100_000_000 });
    await admin.session.request('PUT', '/api/settings/key-customer-threshold', { amountFen: 500_000_000 });
  });

  it('merges two customers: phones, addresses and assets follow; the source disappears; audited', async () => {
    const { session } = await signInAs(t.app, ['manager']);
    const { model } = await buildModel(t.app);
    const sharedPhone = uniqueMobile();
    const target = await buildCustomer(t.app, { name: '合并目标', phone: sharedPhone });
    const source = await session.request('POST', '/api/customers', {
      kind: 'person', name: '合并来源', phones: [{ phone: sharedPhone }, { phone: uniqueMobile() }], allowDuplicatePhone: true,
      addresses: [{ provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路 1 号' }],
    });
    const sourceId = source.json().id;
    const asset = await buildAsset(t.app, { customerId: sourceId, modelId: model.id });
    const merged = await session.request('POST', '/api/customers/merge', { sourceId, targetId: target.id });
    expect(merged.json()).toEqual({ targetId: target.id, assetsMoved: 1 });
    const detail = (await session.request('GET', `/api/customers/${target.id}`)).json();
    expect(detail.phones).toHaveLength(2);
    expect(detail.addresses.map((a: { regionLabel: string }) => a.regionLabel)).toEqual(['上海市浦东新区', '浙江省杭州市西湖区']);
    expect(detail.assetCount).toBe(1);
    expect((await session.request('GET', `/api/assets/${asset.id}`)).json().customerId).toBe(target.id);
    expect((await session.request('GET', `/api/customers/${sourceId}`)).statusCode).toBe(404);
    const actions = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity_id in (${sourceId}, ${target.id}) and action like 'merged%' or action = 'assets_moved' and entity_id = ${target.id}`);
    expect(actions.map((a) => a.action).sort()).toEqual(['assets_moved', 'merged_away', 'merged_into']);
    const self = await session.request('POST', '/api/customers/merge', { sourceId: target.id, targetId: target.id });
    expect(self.json().error.details[0].path).toEqual(['sourceId']);
  });
});
