import { businessDate } from '../modules/assets';
import { reviewKeyCustomers } from '../modules/customers/customers.service';
import { SYSTEM_ACTOR } from '../platform/principal';
import type { Job } from './scheduler';

/** The yearly key-customer review (重点顾客评定) at the start of each year, Asia/Shanghai. */
export const keyCustomerReviewJob: Job = {
  name: 'customers.key-review',
  periodOf: (now) => businessDate(now).slice(0, 4),
  run: (ctx, period) => reviewKeyCustomers(ctx, SYSTEM_ACTOR, Number(period)),
};

/** Every scheduled job of the system. */
export const JOBS: Job[] = [keyCustomerReviewJob];

export { runJobIfDue, startScheduler } from './scheduler';
