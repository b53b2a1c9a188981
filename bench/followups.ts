/**
 * `npm run bench:followups`: on a fresh PostgreSQL database (TEST_DATABASE_URL or DATABASE_URL)
 * 1. a day of 20,000 completed visits (5,000 customers, a fifth of them key customers, so the
 *    default policy adds a second round for them) → the follow-up tasks, through the module's
 *    `createTasksForVisits` in transactions of 1,000 visits (policy, calendar and key customers
 *    read once per transaction; tasks and audit rows in batches);
 * 2. the weekly audit sample over 100,000 completed follow-ups of 50 agents (5 % each, at
 *    least one) through `runWeeklyAudit` (one insert … select with the stored seed).
 * Options: --visits N (20000), --followups N (100000).
 * Last line: {"name":"followups","visits","tasks","seconds","sample_seconds"} (target < 10 s each).
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/app';
import { migrateDatabase, openPostgres, queryRows } from '../server/db/client';
import { readEnv } from '../server/env';
import { createTasksForVisits, runWeeklyFollowupAudit } from '../server/modules/followups';
import { createFakeClock } from '../server/platform/clock';
import { newId } from '../server/platform/ids';
import { SYSTEM_ACTOR } from '../server/platform/principal';
import { createMemoryStorage } from '../server/platform/storage';
import { option } from './lib/bench-server';

const visitCount = Number(option('visits') ?? 20_000);
const followupCount = Number(option('followups') ?? 100_000);
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!serverUrl) throw new Error('bench:followups runs on PostgreSQL: set TEST_DATABASE_URL or DATABASE_URL');

const name = `as_bench_followups_${process.pid}`;
async function admin(text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(text);
  await client.end();
}
await admin(`DROP DATABASE IF EXISTS ${name}`);
await admin(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;

// A fixed day: visits of Mon 2026-11-23 (Shanghai); the audit runs on Mon 11-30 for the week of 11-23.
const clock = createFakeClock('2026-11-23T12:00:00Z');
const env = readEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn' });
const database = await openPostgres(url.toString(), { max: 4 });
try {
  await migrateDatabase(database);
  const app = await buildApp({ database, env, logger: false, webDistDir: null, storage: createMemoryStorage(), clock });
  const db = database.db;
  const customerCount = 5_000;
  await db.execute(sql.raw(`
    insert into customers (id, code, kind, name, is_key, created_at, updated_at)
    select gen_random_uuid(), 'BC' || lpad(g::text, 7, '0'), 'person', '客户' || g, g % 5 = 0, now(), now()
    from generate_series(1, ${customerCount}) g`));
  const customerIds = (await queryRows<{ id: string }>(db, sql`select id from customers order by code`)).map((row) => row.id);
  const technicians = Array.from({ length: 200 }, () => newId());
  const visits = Array.from({ length: visitCount }, (_, index) => ({
    workOrderId: newId(),
    number: `SH20261123-${String(index + 1).padStart(5, '0')}-1`,
    ticketId: newId(),
    customerId: customerIds[index % customerIds.length],
    assetId: null,
    type: index % 3 === 0 ? 'installation' : 'repair',
    outletId: null,
    technicianId: null,
    finishedAt: new Date(Date.parse('2026-11-23T00:30:00Z') + (index % 600) * 60_000).toISOString(),
    modelId: null,
    partsUsed: [],
    assignedUserId: technicians[index % technicians.length],
    workDone: '更换电容，试机正常',
  }));
  console.log(`${customerCount} customers, ${visitCount} completed visits; creating the follow-up tasks`);

  const started = performance.now();
  for (let start = 0; start < visits.length; start += 1000) {
    const chunkStarted = performance.now();
    await db.transaction((tx) => createTasksForVisits(tx, visits.slice(start, start + 1000), { actor: SYSTEM_ACTOR, now: clock.now() }));
    if (process.env.BENCH_VERBOSE) console.log(`visits ${start}–${start + 1000}: ${(performance.now() - chunkStarted).toFixed(0)} ms`);
  }
  const seconds = (performance.now() - started) / 1000;
  const [{ n: tasks }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from followup_tasks`);
  console.log(`tasks: ${tasks} in ${seconds.toFixed(2)} s`);

  // 100,000 completed follow-ups of the week 11-23 … 11-29 by 50 agents, with their outcomes.
  await db.execute(sql.raw(`
    with agents as (select gen_random_uuid() as id, row_number() over () as k from generate_series(1, 50)),
    rows as (
      select gen_random_uuid() as id, g, a.id as agent
      from generate_series(1, ${followupCount}) g join agents a on a.k = (g % 50) + 1
    ),
    tasks as (
      insert into followup_tasks (id, work_order_id, round, work_order_number, ticket_id, customer_id, work_type, is_key_customer, finished_at, opens_at, due_date, due_at, is_due_provisional, status, closing, assigned_user_id, attempt_count, version, created_at, updated_at, closed_at)
      select id, gen_random_uuid(), 1, 'AU-' || g, gen_random_uuid(), gen_random_uuid(), 'repair', false,
             timestamptz '2026-11-22T16:00:00Z', timestamptz '2026-11-22T16:00:00Z', date '2026-11-26', timestamptz '2026-11-26T16:00:00Z', false,
             'closed', 'closed', agent, 1, 3, now(), now(), timestamptz '2026-11-22T16:00:00Z' + (g % 600000) * interval '1 second'
      from rows returning id, assigned_user_id
    )
    insert into followup_outcomes (task_id, overall, attitude, skill, timeliness, categories, decision, source, recorded_by_user_id, recorded_at)
    select id, 5, 5, 4, 4, '[]'::jsonb, 'closed', 'call', assigned_user_id, now() from tasks`));
  await db.execute(sql.raw('vacuum analyze followup_tasks'));
  await db.execute(sql.raw('vacuum analyze followup_outcomes'));
  clock.set('2026-11-30T02:00:00Z');
  const sampleStarted = performance.now();
  const run = await runWeeklyFollowupAudit(app.ctx, SYSTEM_ACTOR);
  const sampleSeconds = (performance.now() - sampleStarted) / 1000;
  console.log(`audit sample of the week ${run.run.weekStart}: ${run.sampled} follow-ups (seed ${run.run.seed}) in ${sampleSeconds.toFixed(2)} s`);
  await app.close();
  console.log(JSON.stringify({ name: 'followups', visits: visitCount, tasks, seconds: Number(seconds.toFixed(2)), sample_seconds: Number(sampleSeconds.toFixed(2)) }));
} finally {
  await database.close();
  await admin(`DROP DATABASE IF EXISTS ${name}`).catch(() => {});
}
