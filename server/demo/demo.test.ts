import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { createTestApp, type TestApp } from '../test/harness';
import { loadDemoData } from './index';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('loads outlets, one account per role, 5 categories, 20 models, 200 customers in real districts and 500 assets; a second load adds nothing', async () => {
    const first = await loadDemoData(t.app.ctx);
    expect(first).toEqual({ outlets: 5, users: 17, models: 20, customers: 200, assets: 500, technicians: 10, workOrders: 30 });
    const [counts] = await queryRows<{ categories: number; customers: number; assets: number; bad_phones: number; districts: number }>(
      t.app.ctx.db,
      sql`select (select count(*)::int from product_categories) as categories,
                 (select count(*)::int from customers) as customers,
                 (select count(*)::int from assets) as assets,
                 (select count(*)::int from customer_phones where phone !~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})$') as bad_phones,
                 (select count(distinct district_code)::int from customer_addresses) as districts`,
    );
    expect(counts).toEqual({ categories: 5, customers: 200, assets: 500, bad_phones: 0, districts: 10 });
    const second = await loadDemoData(t.app.ctx);
    expect(second).toEqual({ outlets: 0, users: 0, models: 0, customers: 0, assets: 0, technicians: 0, workOrders: 0 });
  });

  it('demo work: assessed tickets with a visit on the next working day, most dispatched automatically with an explanation, a few waiting', async () => {
    const rows = await queryRows<{ status: string; n: number; explained: number; with_technician: number }>(
      t.app.ctx.db,
      sql`select status, count(*)::int as n, count(explanation)::int as explained, count(technician_id)::int as with_technician from work_orders group by status order by status`,
    );
    const byStatus = Object.fromEntries(rows.map((row) => [row.status, row]));
    expect(byStatus.waiting.n).toBe(5);
    expect(byStatus.dispatched.n).toBe(25);
    expect(byStatus.dispatched.explained).toBe(25);
    expect(byStatus.dispatched.with_technician).toBeGreaterThanOrEqual(12);
    const [tickets] = await queryRows<{ dispatched: number }>(t.app.ctx.db, sql`select count(*)::int as dispatched from tickets where status = 'dispatched' and outlet_id is not null`);
    expect(tickets.dispatched).toBe(25);
  });

  it('dispatch demo: outlets cover every customer district, 10 technicians, one expired 上岗证 (吕国庆), one absence, a vehicle per outlet', async () => {
    const [uncovered] = await queryRows<{ n: number }>(
      t.app.ctx.db,
      sql`select count(distinct district_code)::int as n from customer_addresses
          where not exists (select 1 from outlets where customer_addresses.district_code = any(outlets.service_districts))`,
    );
    expect(uncovered.n).toBe(0);
    const [counts] = await queryRows<{ technicians: number; vehicles: number; absences: number; located: number }>(
      t.app.ctx.db,
      sql`select (select count(*)::int from technicians) as technicians,
                 (select count(*)::int from vehicles) as vehicles,
                 (select count(*)::int from technician_absences) as absences,
                 (select count(*)::int from outlets where latitude is not null and work_start_minute < work_end_minute) as located`,
    );
    expect(counts).toEqual({ technicians: 10, vehicles: 5, absences: 1, located: 5 });
    const expired = await queryRows<{ name: string }>(
      t.app.ctx.db,
      sql`select t.name from technicians t join technician_certifications c on c.technician_id = t.id
          where c.kind = 'work_permit' and c.expires_on < current_date`,
    );
    expect(expired).toEqual([{ name: '吕国庆' }]);
  });
});
