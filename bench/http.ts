/**
 * `npm run bench:http`: autocannon against GET /api/health and an authenticated
 * GET /api/auth/me. Starts its own server on a fresh embedded database unless BENCH_URL
 * (with BENCH_USERNAME/BENCH_PASSWORD) points at a running one. Options: --seconds N (10),
 * --connections N (10). Last stdout line: {"name":"http","results":[{"route","rps","p50_ms","p99_ms"}]}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../server/app';
import { migrateDatabase, openPglite, openPostgres } from '../server/db/client';
import { readEnv } from '../server/env';
import { ensureFirstAdmin } from '../server/modules/auth';
import { systemClock } from '../server/platform/clock';
import { createPasswordHasher } from '../server/platform/passwords';
import { createMemoryStorage } from '../server/platform/storage';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const seconds = option('seconds', 10);
const connections = option('connections', 10);
const password = process.env.BENCH_PASSWORD ?? 'Bench12345pw';

async function startOwnServer() {
  const env = readEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', DATABASE_URL: process.env.DATABASE_URL ?? '' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-bench-'));
  const database = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL) : await openPglite({ dataDir });
  await migrateDatabase(database);
  const hasher = createPasswordHasher();
  await ensureFirstAdmin({ db: database.db, dbKind: database.kind, clock: systemClock, hasher, env, storage: createMemoryStorage() }, password);
  const app = await buildApp({ database, env, hasher, logger: false, webDistDir: null, storage: createMemoryStorage() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    db: database.kind,
    stop: async () => {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function run(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers`);
  return { rps: Math.round(result.requests.average), p50_ms: result.latency.p50, p99_ms: result.latency.p99 };
}

const server = process.env.BENCH_URL ? { url: process.env.BENCH_URL, db: 'external', stop: async () => {} } : await startOwnServer();
try {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: process.env.BENCH_USERNAME ?? 'admin', password }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const health = await run(`${server.url}/api/health`);
  console.log(`GET /api/health: ${health.rps} req/s, p50 ${health.p50_ms} ms, p99 ${health.p99_ms} ms`);
  const me = await run(`${server.url}/api/auth/me`, { cookie });
  console.log(`GET /api/auth/me: ${me.rps} req/s, p50 ${me.p50_ms} ms, p99 ${me.p99_ms} ms`);
  console.log(
    JSON.stringify({
      name: 'http',
      db: server.db,
      seconds,
      connections,
      results: [
        { route: 'GET /api/health', ...health },
        { route: 'GET /api/auth/me', ...me },
      ],
    }),
  );
} finally {
  await server.stop();
}
