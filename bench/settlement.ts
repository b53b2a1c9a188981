/**
 * `npm run bench:settlement`: a month of settlement on PostgreSQL (TEST_DATABASE_URL or
 * DATABASE_URL): 200,000 completed visits of 2026-11 over 40 outlets and 300 technicians
 * (bulk-generated settlement facts: work types, categories, urgent ones, night and weekend
 * finishes, distances) and 2,000 approved quality penalties; times the real
 * `generateStatements` (one transaction: every outlet's and technician's statement with a
 * line per visit and per deduction). Then checks the money: every statement's stored total
 * equals the sum of its lines, and the grand total equals an independent recomputation from
 * the generated facts with the same piece-rate rules.
 * Options: --orders N (200000), --outlets N (40), --technicians N (300).
 * Last line: {"name":"settlement","orders","statements","seconds","total_fen_matches"}
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../server/db/client';
import { extrasOf, findPieceRate, generateStatements } from '../server/modules/billing';
import { loadCalendar } from '../server/modules/sla';
import { SYSTEM_ACTOR } from '../server/platform/principal';
import { option, startBenchServer } from './lib/bench-server';

const ORDERS = Number(option('orders') ?? 200_000);
const OUTLETS = Number(option('outlets') ?? 40);
const TECHNICIANS = Number(option('technicians') ?? 300);
const PENALTIES = 2000;
const PERIOD = '2026-11';
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!serverUrl) throw new Error('bench:settlement runs on PostgreSQL: set TEST_DATABASE_URL or DATABASE_URL');

const server = await startBenchServer('postgres', serverUrl);
try {
  const db = server.database.db;
  const run = (text: string) => db.execute(sql.raw(text));
  const t0 = Date.now();
  await run(`insert into outlets (id, code, name, kind) select gen_random_uuid(), 'BS-' || lpad(g::text, 3, '0'), '结算网点' || g, 'partner' from generate_series(1, ${OUTLETS}) g`);
  await run(`create temporary table bench_o as select row_number() over (order by code) as n, id from outlets where code like 'BS-%'`);
  await run(`insert into users (id, username, display_name, roles, outlet_id, password_hash)
    select gen_random_uuid(), 'bench_settle_tech_' || g, '技师' || g, '["technician"]'::jsonb, o.id, 'x'
    from generate_series(1, ${TECHNICIANS}) g join bench_o o on o.n = 1 + g % ${OUTLETS}`);
  await run(`insert into technicians (id, user_id, outlet_id, name, grade, created_at, updated_at)
    select gen_random_uuid(), u.id, u.outlet_id, u.display_name, 'senior', now(), now() from users u where u.username like 'bench_settle_tech_%'`);
  await run(`create temporary table bench_t as select row_number() over (order by t.name) - 1 as n, t.id, t.user_id, t.outlet_id from technicians t`);
  // Three categories (two with a rate of their own, one falling back to any category).
  const categories = ['00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-00000000c002', '00000000-0000-4000-8000-00000000c003'];
  const workTypes = ['installation', 'repair', 'maintenance', 'inspection'];
  const rates = workTypes.flatMap((workType, w) => [
    { party: 'outlet', workType, categoryId: null, amountFen: 3000 + w * 500 },
    { party: 'outlet', workType, categoryId: categories[0], amountFen: 4500 + w * 500 },
    { party: 'outlet', workType, categoryId: categories[1], amountFen: 5200 + w * 300 },
    { party: 'technician', workType, categoryId: null, amountFen: 1200 + w * 100 },
    { party: 'technician', workType, categoryId: categories[0], amountFen: 1800 + w * 100 },
  ]);
  const extras = { nightFen: 1000, holidayFen: 2000, urgentFen: 1500, perKmFen: 120, freeKm: 15 };
  await db.execute(sql`insert into billing_piece_rates (id, name, effective_from, rates, extras, created_at, updated_at)
    values (gen_random_uuid(), 'bench', '2026-01-01', ${JSON.stringify(rates)}::jsonb, ${JSON.stringify(extras)}::jsonb, now(), now())`);
  // 2026-11 in Shanghai: 2026-10-31T16:00Z .. 2026-11-30T16:00Z; finishes spread over the month and the day.
  await run(`insert into billing_settlement_orders (work_order_id, number, work_type, category_id, priority, outlet_id, technician_id, technician_user_id, distance_km, finished_at, period)
    select gen_random_uuid(), 'BS' || lpad(g::text, 7, '0'),
           (array['installation','repair','maintenance','inspection'])[1 + g % 4],
           (array['${categories[0]}','${categories[1]}','${categories[2]}'])[1 + (g / 4) % 3]::uuid,
           case when g % 17 = 0 then 'urgent' when g % 5 = 0 then 'high' else 'normal' end,
           t.outlet_id, t.id, t.user_id,
           case when g % 3 = 0 then round(((g * 7919) % 400) / 10.0, 1) else null end,
           timestamptz '2026-10-31 16:00:00+00' + ((g::bigint * 12973) % (30 * 86400)) * interval '1 second',
           '${PERIOD}'
    from generate_series(1, ${ORDERS}) g join bench_t t on t.n = g % ${TECHNICIANS}`);
  await run(`insert into quality_ledger_entries (id, source_key, source_type, rule_id, rule_code, kind, user_id, technician_id, outlet_id, base_amount_fen, amount_fen, points, reason, status, proposed_at, decided_at)
    select gen_random_uuid(), 'bench:' || g, case when g % 4 = 0 then 'rework' else 'manual' end, gen_random_uuid(), 'BENCH', 'penalty', t.user_id, t.id, t.outlet_id, 2000 + g % 7 * 500, 2000 + g % 7 * 500, 1, '抽检不合格', 'approved',
           timestamptz '2026-11-02 02:00:00+00', timestamptz '2026-11-03 02:00:00+00' + (g % 20) * interval '1 day'
    from generate_series(1, ${PENALTIES}) g join bench_t t on t.n = g % ${TECHNICIANS}`);
  await run('analyze');
  console.log(`generated ${ORDERS} visits, ${OUTLETS} outlets, ${TECHNICIANS} technicians, ${PENALTIES} penalties in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const started = performance.now();
  const result = await generateStatements(server.app.ctx, SYSTEM_ACTOR, PERIOD);
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  console.log(`generated ${result.statements} statements in ${seconds} s (total ${result.totalFen} fen)`);

  // Every stored total is the sum of its lines.
  const [{ mismatched }] = await queryRows<{ mismatched: number }>(
    db,
    sql`select count(*)::int as mismatched from billing_statements s
        left join (select statement_id, sum(amount_fen) as total, count(*) filter (where kind = 'order') as n from billing_statement_lines group by statement_id) l on l.statement_id = s.id
        where s.period = ${PERIOD} and (coalesce(l.total, 0) <> s.total_fen or coalesce(l.n, 0) <> s.order_count)`,
  );
  // The grand total recomputed from the facts with the same rules (rates, extras via the calendar, penalties).
  const calendar = await loadCalendar(db, { fresh: true });
  const facts = await queryRows<{ work_type: string; category_id: string | null; priority: string; outlet_id: string | null; technician_id: string | null; distance_km: number | null; finished_at: Date }>(
    db,
    sql`select work_type, category_id, priority, outlet_id, technician_id, distance_km, finished_at from billing_settlement_orders where period = ${PERIOD}`,
  );
  let expected = 0;
  for (const fact of facts) {
    const extra = extrasOf({ finishedAt: new Date(fact.finished_at), priority: fact.priority, distanceKm: fact.distance_km === null ? null : Number(fact.distance_km) }, extras, calendar).fen;
    if (fact.outlet_id) expected += (findPieceRate(rates as never, 'outlet', fact.work_type, fact.category_id)?.amountFen ?? 0) + extra;
    if (fact.technician_id) expected += (findPieceRate(rates as never, 'technician', fact.work_type, fact.category_id)?.amountFen ?? 0) + extra;
  }
  const [{ penalties }] = await queryRows<{ penalties: string }>(db, sql`select coalesce(sum(amount_fen), 0)::text as penalties from quality_ledger_entries where source_key like 'bench:%'`);
  expected -= 2 * Number(penalties); // each penalty charges the technician's and the outlet's statement
  const [{ stored }] = await queryRows<{ stored: string }>(db, sql`select coalesce(sum(total_fen), 0)::text as stored from billing_statements where period = ${PERIOD}`);
  const matches = mismatched === 0 && Number(stored) === expected && result.totalFen === expected;
  if (!matches) console.log(`mismatched statements ${mismatched}, stored ${stored}, expected ${expected}, returned ${result.totalFen}`);
  console.log(JSON.stringify({ name: 'settlement', orders: result.orders, statements: result.statements, seconds, total_fen_matches: matches }));
} finally {
  await server.stop();
}
