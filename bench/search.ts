/**
 * `npm run bench:search`: generates 100,000 customers (with phones and addresses) and
 * 300,000 assets straight in SQL, then times 200 mixed queries against GET /api/search over
 * HTTP, on PostgreSQL (TEST_DATABASE_URL or DATABASE_URL, when set) and on PGlite.
 * Options: --customers N (100000), --assets N (300000), --db pglite|postgres|both (both).
 * Last stdout line: {"name":"search","results":[{"db","customers","assets","p50_ms","p95_ms"}]}
 */
import { sql } from 'drizzle-orm';
import { loadArchiveDemo } from '../server/demo/archive';
import { systemClock } from '../server/platform/clock';
import { createPasswordHasher } from '../server/platform/passwords';
import { createMemoryStorage } from '../server/platform/storage';
import { readEnv } from '../server/env';
import { option, percentile, startBenchServer } from './lib/bench-server';

const customerCount = Number(option('customers') ?? 100_000);
const assetCount = Number(option('assets') ?? 300_000);
const which = option('db') ?? 'both';
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

const SURNAMES = "'{王,李,张,刘,陈,杨,黄,赵,吴,周,徐,孙,马,朱,胡,郭,何,高,林,罗,郑,梁,谢,宋,唐,许,韩,冯,邓,曹}'";
const GIVEN = "'{伟,芳,娜,秀英,敏,静,丽,强,磊,军,洋,勇,艳,杰,娟,涛,明,超,秀兰,霞,平,刚,桂英,建华,建国,志强,海燕,丹,辉,鑫}'";
const STREETS = "'{张江路,世纪大道,莘松路,漕溪北路,南京西路,文三路,江南大道,深南大道,中关村大街,建国路}'";

async function generate(server: Awaited<ReturnType<typeof startBenchServer>>) {
  const db = server.database.db;
  await loadArchiveDemo({ db, dbKind: server.database.kind, clock: systemClock, hasher: createPasswordHasher({ fast: true }), env: readEnv({}), storage: createMemoryStorage() });
  const started = Date.now();
  for (let from = 1; from <= customerCount; from += 20_000) {
    const to = Math.min(customerCount, from + 19_999);
    await db.execute(sql.raw(`
      insert into customers (id, code, kind, name, tags, search_text, created_at, updated_at)
      select gen_random_uuid(), 'KB' || lpad(g::text, 8, '0'), 'person', n.name, '[]'::jsonb,
             lower(n.name || ' KB' || lpad(g::text, 8, '0') || ' ' || n.phone || ' 上海市浦东新区' || n.street || ' ' || (g % 999) || ' 号'), now(), now()
      from generate_series(${from}, ${to}) g,
      lateral (select (${SURNAMES}::text[])[1 + (g * 7) % 30] || (${GIVEN}::text[])[1 + (g * 13) % 30] || (${GIVEN}::text[])[1 + (g * 17) % 30] as name,
                      '13' || lpad(((g::bigint * 7919) % 1000000000)::text, 9, '0') as phone,
                      (${STREETS}::text[])[1 + g % 10] as street) n`));
  }
  await db.execute(sql.raw(`
    insert into customer_phones (id, customer_id, phone, label, is_primary, position)
    select gen_random_uuid(), c.id, split_part(c.search_text, ' ', 3), 'mobile', true, 0 from customers c where c.code like 'KB%'`));
  await db.execute(sql.raw(`
    insert into customer_addresses (id, customer_id, province_code, city_code, district_code, detail, is_default, position)
    select gen_random_uuid(), c.id, '310000', '310100', '310115', split_part(c.search_text, ' ', 4), true, 0 from customers c where c.code like 'KB%'`));
  await db.execute(sql.raw(`
    create temporary table bench_customers as select row_number() over () as n, id from customers where code like 'KB%'`));
  await db.execute(sql.raw(`
    create temporary table bench_models as select row_number() over (order by model_code) as n, id, upper(regexp_replace(model_code, '[^A-Za-z0-9]', '', 'g')) as prefix from product_models`));
  for (let from = 1; from <= assetCount; from += 50_000) {
    const to = Math.min(assetCount, from + 49_999);
    await db.execute(sql.raw(`
      insert into assets (id, model_id, serial_number, customer_id, purchase_date, sales_channel, computed_warranty_end, status, created_at, updated_at)
      select gen_random_uuid(), m.id, left(m.prefix, 6) || lpad(g::text, 9, '0'), c.id, date '2024-01-01' + (g % 900), 'store', date '2025-01-01' + (g % 900), 'in_service', now(), now()
      from generate_series(${from}, ${to}) g
      join bench_models m on m.n = 1 + g % 20
      join bench_customers c on c.n = 1 + (g::bigint * 31) % ${customerCount}`));
  }
  await db.execute(sql.raw('analyze'));
  return (Date.now() - started) / 1000;
}

function queries(): string[] {
  const list: string[] = [];
  const surnames = ['王', '李', '张', '刘', '陈'];
  const given = ['伟', '芳', '秀英', '建华', '海燕'];
  for (let i = 0; i < 200; i += 1) {
    const kind = i % 8;
    const g = 1 + ((i * 7919) % customerCount);
    const phone = `13${String((g * 7919) % 1_000_000_000).padStart(9, '0')}`;
    if (kind === 0) list.push(`${surnames[i % 5]}${given[i % 5]}`);
    else if (kind === 1) list.push(phone.slice(-4));
    else if (kind === 2) list.push(phone);
    else if (kind === 3) list.push(phone.slice(0, 7));
    else if (kind === 4) list.push(`KFR35G${String(1 + ((i * 37) % assetCount)).padStart(9, '0').slice(0, 6)}`);
    else if (kind === 5) list.push(['张江路', '世纪大道', '南京西路', '文三路'][i % 4]);
    else if (kind === 6) list.push(`KB${String(g).padStart(8, '0')}`);
    else list.push(`${surnames[i % 5]}${given[(i + 1) % 5]}${given[(i + 2) % 5]}`);
  }
  return list;
}

const results: { db: string; customers: number; assets: number; generate_s: number; p50_ms: number; p95_ms: number }[] = [];
const kinds: ('postgres' | 'pglite')[] = [];
if ((which === 'both' || which === 'postgres') && serverUrl) kinds.push('postgres');
else if (which === 'postgres') throw new Error('--db postgres needs TEST_DATABASE_URL or DATABASE_URL');
if (which === 'both' || which === 'pglite') kinds.push('pglite');

for (const kind of kinds) {
  const server = await startBenchServer(kind, serverUrl);
  try {
    const generateSeconds = await generate(server);
    console.log(`${kind}: generated ${customerCount} customers and ${assetCount} assets in ${generateSeconds.toFixed(1)} s`);
    for (const q of queries().slice(0, 20)) await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`, { headers: server.headers });
    const timings: number[] = [];
    const slowest: { q: string; ms: number }[] = [];
    let hits = 0;
    for (const q of queries()) {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`, { headers: server.headers });
      const body = (await response.json()) as { items: unknown[] };
      timings.push(performance.now() - started);
      slowest.push({ q, ms: Math.round(performance.now() - started) });
      if (!response.ok) throw new Error(`search ${q}: ${response.status}`);
      if (body.items.length) hits += 1;
    }
    const row = { db: kind, customers: customerCount, assets: assetCount, generate_s: Math.round(generateSeconds), p50_ms: Math.round(percentile(timings, 50) * 10) / 10, p95_ms: Math.round(percentile(timings, 95) * 10) / 10 };
    console.log(`${kind}: p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms over 200 queries (${hits} with hits)`);
    console.log(`${kind}: slowest: ${slowest.sort((a, b) => b.ms - a.ms).slice(0, 8).map((item) => `${item.q} ${item.ms} ms`).join(', ')}`);
    results.push(row);
  } finally {
    await server.stop();
  }
}
console.log(JSON.stringify({ name: 'search', results }));
