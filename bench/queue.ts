/**
 * `npm run bench:queue`: generates 1,000,000 tickets (15 % open, with SLA clocks) on
 * PostgreSQL (TEST_DATABASE_URL or DATABASE_URL) and times the agent queue over HTTP: each
 * saved-filter style list (filtered, sorted, first page, with its total count) and the queue
 * counts. Options: --tickets N (1000000), --rounds N (20).
 * Last line: {"name":"queue","results":[{"filter","p50_ms","p95_ms"}]}
 */
import { sql } from 'drizzle-orm';
import { option, percentile, startBenchServer } from './lib/bench-server';

const ticketCount = Number(option('tickets') ?? 1_000_000);
const rounds = Number(option('rounds') ?? 20);
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!serverUrl) throw new Error('bench:queue runs on PostgreSQL: set TEST_DATABASE_URL or DATABASE_URL');

const server = await startBenchServer('postgres', serverUrl);
try {
  const db = server.database.db;
  const started = Date.now();
  await db.execute(sql.raw(`
    insert into outlets (id, code, name, kind) select gen_random_uuid(), 'B-' || g, '压测网点' || g, 'own' from generate_series(1, 20) g`));
  await db.execute(sql.raw(`
    insert into customers (id, code, kind, name, tags, search_text, created_at, updated_at)
    select gen_random_uuid(), 'KQ' || lpad(g::text, 8, '0'), 'person', '队列客户' || g, '[]'::jsonb, '队列客户' || g, now(), now() from generate_series(1, 20000) g`));
  await db.execute(sql.raw(`create temporary table bench_c as select row_number() over () as n, id from customers where code like 'KQ%'`));
  await db.execute(sql.raw(`create temporary table bench_o as select row_number() over () as n, id from outlets where code like 'B-%'`));
  for (let from = 1; from <= ticketCount; from += 100_000) {
    const to = Math.min(ticketCount, from + 99_999);
    await db.execute(sql.raw(`
      insert into tickets (id, number, type, channel, status, urgency, customer_id, description, outlet_id, promised_feedback_at, created_by, created_at, updated_at, unit_count, reopen_count)
      select gen_random_uuid(), 'Q' || lpad(g::text, 9, '0'),
             (array['installation','repair','maintenance','inspection','consultation','complaint'])[1 + g % 6],
             'hotline',
             case when g % 100 < 85 then 'closed' else (array['new','accepted','assessed','dispatched','in_progress','waiting_parts'])[1 + g % 6] end,
             (array['low','normal','normal','high','urgent'])[1 + g % 5],
             c.id, '压测工单 ' || g,
             case when g % 3 = 0 then null else o.id end,
             now() - ((${ticketCount} - g) * interval '1 minute') + interval '1 day',
             case when g % 50 = 0 then 'bench-agent' else null end,
             now() - ((${ticketCount} - g) * interval '1 minute'), now(), 1, 0
      from generate_series(${from}, ${to}) g
      join bench_c c on c.n = 1 + g % 20000
      join bench_o o on o.n = 1 + g % 20`));
  }
  await db.execute(sql.raw(`
    insert into ticket_clocks (id, ticket_id, kind, started_at, target_minutes, hours, working_days_only, due_at, status, is_at_risk)
    select gen_random_uuid(), t.id, k.kind, t.created_at, 1440, '{"start":"00:00","end":"24:00"}', false, t.created_at + interval '1 day',
           case when t.created_at < now() - interval '1 day' then 'breached' else 'running' end,
           t.created_at between now() - interval '1 day' and now() - interval '19 hours'
    from tickets t cross join (values ('response'), ('resolution')) k(kind)
    where t.status <> 'closed'`));
  // As autovacuum would leave a table after a bulk load: visibility map set (index-only scans),
  // the dead versions of the SLA-flag backfill gone, statistics fresh.
  await db.execute(sql.raw('vacuum analyze'));
  console.log(`generated ${ticketCount} tickets in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const filters: [string, string][] = [
    ['open', '/api/tickets?isOpen=true'],
    ['mine', '/api/tickets?mine=true&isOpen=true'],
    ['unassigned', '/api/tickets?unassigned=true&isOpen=true'],
    ['at_risk', '/api/tickets?sla=at_risk'],
    ['breached', '/api/tickets?sla=breached'],
    ['by_type', '/api/tickets?type=repair&isOpen=true'],
    ['by_status', '/api/tickets?status=waiting_parts'],
    ['search_number', '/api/tickets?q=Q000500000'],
    ['queue_counts', '/api/tickets/queues'],
  ];
  const results = [];
  for (const [filter, url] of filters) {
    const timings: number[] = [];
    for (let i = 0; i < rounds + 2; i += 1) {
      const t0 = performance.now();
      const response = await fetch(`${server.url}${url}`, { headers: server.headers });
      await response.json();
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      if (i >= 2) timings.push(performance.now() - t0);
    }
    const row = { filter, p50_ms: Math.round(percentile(timings, 50) * 10) / 10, p95_ms: Math.round(percentile(timings, 95) * 10) / 10 };
    console.log(`${filter}: p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms`);
    results.push(row);
  }
  console.log(JSON.stringify({ name: 'queue', tickets: ticketCount, results }));
} finally {
  await server.stop();
}
