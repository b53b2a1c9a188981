import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../../server/app';
import { migrateDatabase, openPglite, openPostgres, type Database } from '../../server/db/client';
import { readEnv } from '../../server/env';
import { ensureFirstAdmin } from '../../server/modules/auth';
import { systemClock } from '../../server/platform/clock';
import { createPasswordHasher } from '../../server/platform/passwords';
import { createMemoryStorage } from '../../server/platform/storage';

export const BENCH_PASSWORD = 'Bench12345pw';

/** A server on a fresh database (PGlite in a temp dir, or a new database on a PostgreSQL server). */
export async function startBenchServer(kind: 'pglite' | 'postgres', serverUrl?: string) {
  let database: Database;
  let cleanup = async () => {};
  if (kind === 'postgres') {
    if (!serverUrl) throw new Error('postgres needs TEST_DATABASE_URL or DATABASE_URL');
    const name = `as_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await openPostgres(url.toString());
    cleanup = async () => {
      if (process.env.BENCH_KEEP_DB) return console.log(`kept database ${name}`);
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
      await dropper.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-bench-'));
    database = await openPglite({ dataDir: dir });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await migrateDatabase(database);
  const env = readEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn' });
  const hasher = createPasswordHasher({ fast: true });
  await ensureFirstAdmin({ db: database.db, dbKind: database.kind, clock: systemClock, hasher, env, storage: createMemoryStorage() }, BENCH_PASSWORD);
  const app = await buildApp({ database, env, hasher, logger: false, webDistDir: null, storage: createMemoryStorage() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_PASSWORD }) });
  const me = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  return {
    app,
    database,
    url,
    headers: { cookie, 'x-csrf-token': me.csrfToken },
    stop: async () => {
      await app.close();
      await database.close();
      await cleanup();
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
