/**
 * `npm run bench:tickets`: ticket creation through POST /api/tickets (autocannon, 32
 * connections; customer lookup, SLA clocks, timeline, audit and outbox rows) against a
 * baseline that inserts the same rows directly (node-postgres on PostgreSQL, the PGlite
 * handle on PGlite) in one transaction each with 32 concurrent loops, in the same run.
 * Options: --seconds N (10), --db pglite|postgres|both (both when TEST_DATABASE_URL or DATABASE_URL is set).
 * Last line: {"name":"tickets","results":[{"db","rps","p50_ms","p99_ms","baseline_rps","ratio","api_cpu_ms_per_ticket"}]}
 * `api_cpu_ms_per_ticket` is this process's CPU time (server and load generator) per created
 * ticket: steadier than the rates when other work shares the cores.
 */
import crypto from 'node:crypto';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../server/platform/principal';
import { createCustomer } from '../server/modules/customers';
import { option, percentile, startBenchServer } from './lib/bench-server';

const seconds = Number(option('seconds') ?? 10);
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const which = option('db') ?? (serverUrl ? 'both' : 'pglite');
const kinds = (which === 'both' ? ['postgres', 'pglite'] : [which]) as ('postgres' | 'pglite')[];
const CONNECTIONS = 32;

async function baseline(server: Awaited<ReturnType<typeof startBenchServer>>, customerIds: string[]) {
  const db = server.database.db;
  let done = 0;
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  let counter = 0;
  const loop = async () => {
    while (Date.now() < end) {
      const started = performance.now();
      const id = crypto.randomUUID();
      const n = (counter += 1);
      const customerId = customerIds[n % customerIds.length];
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into ticket_sequences (business_date, last) values (${"2000-01-01"}, 1) on conflict (business_date) do update set last = ticket_sequences.last + 1 returning last`);
        await tx.execute(sql`insert into tickets (id, number, type, channel, status, urgency, customer_id, description, promised_feedback_at, created_at, updated_at, unit_count, reopen_count)
          values (${id}, ${`BASE-${id}`}, 'repair', 'hotline', 'accepted', 'normal', ${customerId}, '基线', now() + interval '1 day', now(), now(), 1, 0)`);
        await tx.execute(sql`insert into ticket_events (id, ticket_id, at, kind, text, is_customer_visible) values (${crypto.randomUUID()}, ${id}, now(), 'created', 'x', true), (${crypto.randomUUID()}, ${id}, now(), 'status_changed', null, true)`);
        await tx.execute(sql`insert into ticket_clocks (id, ticket_id, kind, started_at, target_minutes, hours, working_days_only, due_at)
          values (${crypto.randomUUID()}, ${id}, 'response', now(), 1440, '{"start":"00:00","end":"24:00"}', false, now()),
                 (${crypto.randomUUID()}, ${id}, 'onsite', now(), 4320, '{"start":"00:00","end":"24:00"}', true, now()),
                 (${crypto.randomUUID()}, ${id}, 'resolution', now(), 10080, '{"start":"00:00","end":"24:00"}', true, now())`);
        await tx.execute(sql`insert into audit_log (actor_type, actor_id, entity, entity_id, action, after) values ('user', 'bench', 'ticket', ${id}, 'created', '{}'::jsonb)`);
        await tx.execute(sql`insert into outbox_messages (id, channel, recipient, template, params, body, next_attempt_at, created_at) values (${crypto.randomUUID()}, 'sms', '13800000000', 'ticket_received', '{}'::jsonb, 'x', now(), now())`);
      });
      latencies.push(performance.now() - started);
      done += 1;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  return { rps: Math.round(done / ((Date.now() - started) / 1000)), p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99) };
}

const results = [];
for (const kind of kinds) {
  const server = await startBenchServer(kind, serverUrl);
  try {
    const customerIds: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const customer = await createCustomer(server.app.ctx, SYSTEM_ACTOR, { kind: 'person', name: `压测客户${i}`, phones: [{ phone: `136${String(10_000_000 + i).padStart(8, '0')}` }], addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: `测试路 ${i} 号` }] });
      customerIds.push(customer.id);
    }
    let n = 0;
    const cpuBefore = process.cpuUsage();
    const api = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/tickets',
          headers: { ...server.headers, 'content-type': 'application/json' },
          setupRequest: (request: Record<string, unknown>) => ({
            ...request,
            body: JSON.stringify({ type: 'repair', channel: 'hotline', customerId: customerIds[(n += 1) % customerIds.length], description: '压测报修', allowDuplicate: true }),
          }),
        },
      ],
    });
    const cpu = process.cpuUsage(cpuBefore);
    if (api.non2xx > 0) throw new Error(`${api.non2xx} non-2xx answers`);
    const apiCpuMsPerTicket = Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, api['2xx'])) * 100) / 100;
    const base = await baseline(server, customerIds);
    const row = { db: kind, rps: Math.round(api.requests.average), p50_ms: api.latency.p50, p99_ms: api.latency.p99, baseline_rps: base.rps, baseline_p99_ms: Math.round(base.p99_ms * 10) / 10, ratio: Math.round((api.requests.average / base.rps) * 100) / 100, api_cpu_ms_per_ticket: apiCpuMsPerTicket };
    console.log(`${kind}: API ${row.rps} tickets/s (p50 ${row.p50_ms} ms, p99 ${row.p99_ms} ms, ${apiCpuMsPerTicket} ms CPU per ticket); direct inserts ${row.baseline_rps}/s; ratio ${row.ratio}`);
    results.push(row);
  } finally {
    await server.stop();
  }
}
console.log(JSON.stringify({ name: 'tickets', results }));
