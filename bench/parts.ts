/**
 * `npm run bench:parts`: spare parts on PostgreSQL (TEST_DATABASE_URL or DATABASE_URL):
 * 2,000 parts, 400 warehouses (1 central, 40 outlets, 359 technicians), 1,000,000 ledger rows
 * bulk-generated with SQL (receipts and consumptions per warehouse × part, balance after each
 * row) and the cached balances summed from them. Times over HTTP: the stock of one warehouse,
 * one part across warehouses, a filtered ledger page (p95), next to the same server's HTTP
 * baseline and the same reads through the service functions; then 32 concurrent consumptions
 * (the real `consumePartsForWorkOrder` in its own transaction each) on 10 hot parts held by 8
 * technicians until their stock runs out; then checks that no balance is negative and that
 * the cache equals a rebuild from the ledger.
 * Options: --ledger N (1000000), --rounds N (40), --consumptions N (3000).
 * Last line: {"name":"parts","ledger_rows","stock_p95_ms","ledger_page_p95_ms","consume_per_s","negative_stock"}
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../server/db/client';
import { consumePartsForWorkOrder, getPartStock, getWarehouseStock, listLedger, rebuildBalances } from '../server/modules/parts';
import { SYSTEM_ACTOR } from '../server/platform/principal';
import { option, percentile, startBenchServer } from './lib/bench-server';

const LEDGER_ROWS = Number(option('ledger') ?? 1_000_000);
const ROUNDS = Number(option('rounds') ?? 40);
const CONSUMPTIONS = Number(option('consumptions') ?? 3000);
const PARTS = 2000;
const OUTLETS = 40;
const TECHNICIANS = 359;
const HOT_PARTS = 10;
const HOT_TECHNICIANS = 8;
const CONCURRENCY = 32;
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!serverUrl) throw new Error('bench:parts runs on PostgreSQL: set TEST_DATABASE_URL or DATABASE_URL');

let seed = 20261203;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];

const server = await startBenchServer('postgres', serverUrl);
try {
  const db = server.database.db;
  const run = (text: string) => db.execute(sql.raw(text));
  const started = Date.now();
  await run(`insert into outlets (id, code, name, kind) select gen_random_uuid(), 'BP-' || g, '备件网点' || g, 'own' from generate_series(1, ${OUTLETS}) g`);
  await run(`create temporary table bench_o as select row_number() over (order by code) as n, id from outlets where code like 'BP-%'`);
  await run(`insert into users (id, username, display_name, roles, outlet_id, password_hash)
    select gen_random_uuid(), 'bench_parts_tech_' || g, '技师' || g, '["technician"]'::jsonb, o.id, 'x'
    from generate_series(1, ${TECHNICIANS}) g join bench_o o on o.n = 1 + g % ${OUTLETS}`);
  await run(`insert into technicians (id, user_id, outlet_id, name, grade, created_at, updated_at)
    select gen_random_uuid(), u.id, u.outlet_id, u.display_name, 'senior', now(), now() from users u where u.username like 'bench_parts_tech_%'`);
  await run(`insert into parts (id, part_number, name, kind, unit, is_serial_tracked, must_return_old_part, cost_fen, sale_price_fen, created_at, updated_at)
    select gen_random_uuid(), 'BP' || lpad(g::text, 5, '0'), '备件' || g, (array['common','consumable','maintenance'])[1 + g % 3], 'piece', false, g % 7 = 0, 1000 + g, 1500 + g, now(), now()
    from generate_series(1, ${PARTS}) g`);
  await run(`insert into warehouses (id, code, name, level, created_at, updated_at) values (gen_random_uuid(), 'BW-CENTRAL', '总仓', 'central', now(), now())`);
  await run(`insert into warehouses (id, code, name, level, outlet_id, created_at, updated_at)
    select gen_random_uuid(), 'BW-O' || o.n, '网点仓' || o.n, 'outlet', o.id, now(), now() from bench_o o`);
  await run(`insert into warehouses (id, code, name, level, outlet_id, technician_id, owner_user_id, created_at, updated_at)
    select gen_random_uuid(), 'BW-T' || row_number() over (order by t.name), t.name || '随身库', 'technician', t.outlet_id, t.id, t.user_id, now(), now() from technicians t`);
  await run(`create temporary table bench_p as select row_number() over (order by part_number) as n, id from parts where part_number like 'BP%'`);
  // Which parts each warehouse holds: the central one all, an outlet 500, a technician 50.
  await run(`create temporary table bench_k as
    select row_number() over (order by w.code, p.n) - 1 as k, w.id as warehouse_id, p.id as part_id
    from warehouses w
    join bench_p p on (w.level = 'central')
      or (w.level = 'outlet' and (p.n + length(w.code) * 37) % 4 = 0)
      or (w.level = 'technician' and (p.n + hashtext(w.code)) % 40 = 0)`);
  const [{ keys }] = await queryRows<{ keys: number }>(db, sql`select count(*)::int as keys from bench_k`);
  // Row g belongs to key g % keys, round r = g / keys: round 0 receives 50, odd rounds consume 1, even ones
  // receive 1, so the balance after a row is 50 − r % 2.
  for (let from = 0; from < LEDGER_ROWS; from += 250_000) {
    const to = Math.min(LEDGER_ROWS, from + 250_000) - 1;
    await run(`insert into stock_ledger (id, kind, part_id, warehouse_id, condition, quantity, in_transit_change, document_type, document_id, reason, actor_id, actor_name, at, balance_after)
      select gen_random_uuid(), case when r = 0 then 'receipt' when r % 2 = 1 then 'consumption' else 'receipt' end, k.part_id, k.warehouse_id, 'good',
             q, 0, case when r % 2 = 1 then 'work_order' else 'receipt' end, gen_random_uuid(), null, null, 'bench',
             now() - ((${LEDGER_ROWS} - g) * interval '15 seconds'),
             50 - r % 2
      from (select g, g % ${keys} as key, g / ${keys} as r, case when g / ${keys} = 0 then 50 when (g / ${keys}) % 2 = 1 then -1 else 1 end as q
            from generate_series(${from}, ${to}) g) s
      join bench_k k on k.k = s.key`);
  }
  await run(`insert into stock_balances (warehouse_id, part_id, condition, on_hand, in_transit, reserved, updated_at)
    select warehouse_id, part_id, condition, sum(quantity), sum(in_transit_change), 0, now() from stock_ledger group by warehouse_id, part_id, condition`);
  await run('vacuum analyze');
  const [{ ledger }] = await queryRows<{ ledger: number }>(db, sql`select count(*)::int as ledger from stock_ledger`);
  console.log(`generated ${ledger} ledger rows over ${keys} balances in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const warehouseIds = (await queryRows<{ id: string; level: string }>(db, sql`select id, level from warehouses`));
  const partIds = (await queryRows<{ id: string }>(db, sql`select id from parts`)).map((row) => row.id);
  const central = warehouseIds.find((row) => row.level === 'central')!.id;
  const outletWarehouses = warehouseIds.filter((row) => row.level === 'outlet').map((row) => row.id);
  const technicianWarehouses = warehouseIds.filter((row) => row.level === 'technician').map((row) => row.id);

  async function time(urls: () => string): Promise<number[]> {
    const timings: number[] = [];
    for (let i = 0; i < ROUNDS + 3; i += 1) {
      const url = urls();
      const t0 = performance.now();
      const response = await fetch(`${server.url}${url}`, { headers: server.headers });
      await response.json();
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      if (i >= 3) timings.push(performance.now() - t0);
    }
    return timings;
  }
  const p95 = (timings: number[]) => Math.round(percentile(timings, 95) * 10) / 10;
  const measures: Record<string, number> = {};
  const baseline = await time(() => `/api/parts/warehouses/${central}`);
  console.log(`baseline (one warehouse row, same session and HTTP path): p50 ${Math.round(percentile(baseline, 50) * 10) / 10} ms, p95 ${p95(baseline)} ms`);
  const stockCases: [string, () => string][] = [
    ['stock_central', () => `/api/parts/warehouses/${central}/stock?pageSize=50&page=${1 + Math.floor(random() * 40)}`],
    ['stock_outlet', () => `/api/parts/warehouses/${pick(outletWarehouses)}/stock?pageSize=50`],
    ['stock_outlet_below_reorder', () => `/api/parts/warehouses/${pick(outletWarehouses)}/stock?pageSize=50&kind=common&belowReorderPoint=false`],
    ['stock_technician', () => `/api/parts/warehouses/${pick(technicianWarehouses)}/stock?pageSize=50`],
    ['part_across_warehouses', () => `/api/parts/${pick(partIds)}/stock?pageSize=50`],
  ];
  const ledgerCases: [string, () => string][] = [
    ['ledger_warehouse', () => `/api/parts/ledger?warehouseId=${pick(outletWarehouses)}&pageSize=50`],
    ['ledger_warehouse_kind', () => `/api/parts/ledger?warehouseId=${pick(outletWarehouses)}&kind=consumption&pageSize=50`],
    ['ledger_central_kind_page3', () => `/api/parts/ledger?warehouseId=${central}&kind=receipt&pageSize=50&page=3`],
    ['ledger_part_since', () => `/api/parts/ledger?partId=${pick(partIds)}&from=${encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString())}&pageSize=50`],
    ['ledger_all_first_page', () => '/api/parts/ledger?pageSize=50'],
  ];
  for (const [name, urls] of [...stockCases, ...ledgerCases]) {
    const timings = await time(urls);
    measures[name] = p95(timings);
    console.log(`${name}: p50 ${Math.round(percentile(timings, 50) * 10) / 10} ms, p95 ${measures[name]} ms`);
  }

  // The same reads through the service functions (no HTTP, session or JSON): what the database part costs.
  const admin = { kind: 'token' as const, tokenId: 'bench', name: 'bench', permissions: new Set(['parts.read', 'parts.cost.read'] as const), scope: 'all' as const, outletId: null };
  const serviceCases: [string, () => Promise<unknown>][] = [
    ['service_stock_central', () => getWarehouseStock(server.app.ctx, admin, central, { page: 1 + Math.floor(random() * 40), pageSize: 50 })],
    ['service_stock_outlet', () => getWarehouseStock(server.app.ctx, admin, pick(outletWarehouses), { page: 1, pageSize: 50 })],
    ['service_part_across_warehouses', () => getPartStock(server.app.ctx, admin, pick(partIds), { page: 1, pageSize: 50 })],
    ['service_ledger_warehouse_kind', () => listLedger(server.app.ctx, admin, { warehouseId: pick(outletWarehouses), kind: 'consumption', page: 1, pageSize: 50 })],
    ['service_ledger_central_kind_page3', () => listLedger(server.app.ctx, admin, { warehouseId: central, kind: 'receipt', page: 3, pageSize: 50 })],
  ];
  for (const [name, call] of serviceCases) {
    const timings: number[] = [];
    for (let i = 0; i < ROUNDS + 3; i += 1) {
      const t0 = performance.now();
      await call();
      if (i >= 3) timings.push(performance.now() - t0);
    }
    measures[name] = p95(timings);
    console.log(`${name}: p50 ${Math.round(percentile(timings, 50) * 10) / 10} ms, p95 ${measures[name]} ms`);
  }

  // 32 concurrent consumptions on 10 hot parts held by 8 technicians, stocked so that they run out near the end.
  const hotParts = partIds.slice(0, HOT_PARTS);
  const hotTechnicians = await queryRows<{ technician_id: string; warehouse_id: string }>(db, sql`select technician_id, id as warehouse_id from warehouses where level = 'technician' order by code limit ${HOT_TECHNICIANS}`);
  const stockEach = Math.ceil((CONSUMPTIONS * 1.9) / (HOT_PARTS * HOT_TECHNICIANS) * 0.95);
  for (const technician of hotTechnicians) {
    const receipt = await fetch(`${server.url}/api/parts/receipts`, {
      method: 'POST',
      headers: { ...server.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ warehouseId: technician.warehouse_id, reference: 'bench', lines: hotParts.map((partId) => ({ partId, quantity: stockEach })) }),
    });
    if (receipt.status !== 201) throw new Error(`receipt: ${receipt.status} ${await receipt.text()}`);
  }
  let next = 0;
  let succeeded = 0;
  let refused = 0;
  const consumeStarted = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONSUMPTIONS) {
        next += 1;
        const technician = pick(hotTechnicians);
        const lines = [...new Set([pick(hotParts), pick(hotParts)])].map((partId) => ({ partId, quantity: 1 }));
        try {
          await db.transaction((tx) => consumePartsForWorkOrder(tx, SYSTEM_ACTOR, { workOrderId: crypto.randomUUID(), technicianId: technician.technician_id, lines }));
          succeeded += 1;
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 409) throw error;
          refused += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - consumeStarted) / 1000;
  const consumePerSecond = Math.round(CONSUMPTIONS / seconds);
  console.log(`consumptions: ${succeeded} done, ${refused} refused (409: stock ran out) in ${seconds.toFixed(1)} s = ${consumePerSecond}/s with ${CONCURRENCY} workers`);

  const [{ negative }] = await queryRows<{ negative: number }>(db, sql`select count(*)::int as negative from stock_balances where on_hand < 0 or reserved < 0 or in_transit < 0`);
  const rebuild = await rebuildBalances(db, { apply: false });
  console.log(`balances: ${rebuild.balances}, differing from a rebuild from the ledger: ${rebuild.differences}`);
  if (rebuild.differences !== 0) throw new Error('the cached balances differ from the ledger');
  const [{ rows }] = await queryRows<{ rows: number }>(db, sql`select count(*)::int as rows from stock_ledger`);
  console.log(
    JSON.stringify({
      name: 'parts',
      ledger_rows: rows,
      stock_p95_ms: Math.max(...stockCases.map(([name]) => measures[name])),
      ledger_page_p95_ms: Math.max(...ledgerCases.map(([name]) => measures[name])),
      consume_per_s: consumePerSecond,
      negative_stock: negative,
      baseline_p95_ms: p95(baseline),
      stock_service_p95_ms: Math.max(measures.service_stock_central, measures.service_stock_outlet, measures.service_part_across_warehouses),
      ledger_page_service_p95_ms: Math.max(measures.service_ledger_warehouse_kind, measures.service_ledger_central_kind_page3),
      balance_equals_ledger: rebuild.differences === 0,
      consumptions: { done: succeeded, refused_409: refused, concurrency: CONCURRENCY, hot_parts: HOT_PARTS },
      detail_p95_ms: measures,
    }),
  );
} finally {
  await server.stop();
}
