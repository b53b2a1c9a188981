import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../platform/clock';
import { SYSTEM_ACTOR } from '../platform/principal';
import { createTestApp, type TestApp } from '../test/harness';
import { buildCustomer } from '../test/archive-factories';
import { setRevenue } from '../modules/customers';
import { keyCustomerReviewJob, runJobIfDue } from './index';

describe('scheduled jobs', () => {
  const clock = createFakeClock('2026-12-31T15:59:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('runs the key-customer review once per year in Asia/Shanghai, on last year’s revenue', async () => {
    const customer = await buildCustomer(t.app);
    await setRevenue(t.app.ctx, SYSTEM_ACTOR, customer.id, { year: 2026, amountFen: 600_000_000 });
    const december = await runJobIfDue(t.app.ctx, keyCustomerReviewJob);
    expect(december).toMatchObject({ status: 'ran', period: '2026' });
    expect(await runJobIfDue(t.app.ctx, keyCustomerReviewJob)).toMatchObject({ status: 'skipped', period: '2026' });
    clock.advance(60_000); // 2027-01-01 00:00 in Shanghai
    const january = await runJobIfDue(t.app.ctx, keyCustomerReviewJob);
    expect(january).toMatchObject({ status: 'ran', period: '2027', result: { promoted: 1 } });
    expect(await runJobIfDue(t.app.ctx, keyCustomerReviewJob)).toMatchObject({ status: 'skipped' });
  });
});
