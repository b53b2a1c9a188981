import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per job and period (e.g. `customers.key-review` / `2027`). Inserting the row is
 * the claim: with several server processes on one PostgreSQL only the first insert wins,
 * so a periodic job runs once per period.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    period: text('period').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    result: jsonb('result'),
    error: text('error'),
  },
  (table) => [primaryKey({ columns: [table.job, table.period] })],
);
