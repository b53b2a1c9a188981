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
    expect(first).toEqual({ outlets: 4, users: 10, models: 20, customers: 200, assets: 500 });
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
    expect(second).toEqual({ outlets: 0, users: 0, models: 0, customers: 0, assets: 0 });
  });
});
