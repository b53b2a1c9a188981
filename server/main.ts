import fs from 'node:fs';
import path from 'node:path';
import { buildApp, ROOT_DIR, WEB_DIST_DIR } from './app';
import { DataDirLockedError, lockDataDir, migrateDatabase, openPglite, openPostgres, type Database } from './db/client';
import { dataDirOf, readEnv, type Env } from './env';
import { loadDemoData, DEMO_PASSWORD } from './demo';
import { ensureFirstAdmin } from './modules/auth';
import { JOBS, startScheduler } from './jobs';
import { createSenderFromEnv, deliverDueMessages } from './modules/notifications';
import { systemClock } from './platform/clock';
import { createPasswordHasher } from './platform/passwords';
import { createLocalStorage } from './platform/storage';

const USAGE = `Usage: tsx server/main.ts <command>
  start [--demo]        migrate, create the first admin, serve API and web app (--demo loads demo data)
  backup <file>         write a backup of the embedded database (server must be stopped)
  restore <file>        restore the embedded database from a backup into an empty data directory`;

/** Builds the web app with Vite when dist/web is missing or older than the sources. */
async function ensureWebBuild(): Promise<void> {
  const indexFile = path.join(WEB_DIST_DIR, 'index.html');
  const sourceDirs = [path.join(ROOT_DIR, 'web'), path.join(ROOT_DIR, 'contracts')];
  if (!fs.existsSync(path.join(ROOT_DIR, 'web', 'index.html'))) return;
  const builtAt = fs.existsSync(indexFile) ? fs.statSync(indexFile).mtimeMs : 0;
  const newest = Math.max(...sourceDirs.map(newestMtime), fs.statSync(path.join(ROOT_DIR, 'vite.config.ts')).mtimeMs);
  if (builtAt >= newest) return;
  console.log('Building the web app (vite build)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), logLevel: 'warn' });
}

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.parentPath.includes('node_modules')) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite under the data directory. */
async function openConfiguredDatabase(env: Env): Promise<{ database: Database; release: () => void }> {
  if (env.DATABASE_URL) return { database: await openPostgres(env.DATABASE_URL), release: () => {} };
  const dataDir = dataDirOf(env);
  const release = lockDataDir(dataDir);
  try {
    return { database: await openPglite({ dataDir: path.join(dataDir, 'pgdata') }), release };
  } catch (error) {
    release();
    throw error;
  }
}

async function start(env: Env, options: { demo: boolean }): Promise<void> {
  if (env.NODE_ENV !== 'test' && process.env.AFTERSALES_SKIP_WEB_BUILD !== '1') await ensureWebBuild();
  const { database, release } = await openConfiguredDatabase(env);
  await migrateDatabase(database);
  const hasher = createPasswordHasher({ fast: env.NODE_ENV === 'test' });
  const storage = createLocalStorage(path.join(dataDirOf(env), 'uploads'));
  const bootCtx = { db: database.db, dbKind: database.kind, clock: systemClock, hasher, env, storage };
  const admin = await ensureFirstAdmin(bootCtx, env.AFTERSALES_ADMIN_PASSWORD);
  if (admin) {
    const line = '='.repeat(64);
    console.log(`\n${line}\n First start: created the administrator account\n   username: ${admin.username}`);
    console.log(admin.password ? `   one-time password: ${admin.password}\n   (you will be asked to change it at first sign-in)` : '   password: the value of AFTERSALES_ADMIN_PASSWORD');
    console.log(`${line}\n`);
  }
  if (options.demo) {
    const loaded = await loadDemoData(bootCtx);
    console.log(
      `Demo data added: ${loaded.outlets} outlets, ${loaded.users} staff accounts (password of every demo account: ${DEMO_PASSWORD}), ` +
        `${loaded.models} product models, ${loaded.customers} customers, ${loaded.assets} assets.`,
    );
  }
  const app = await buildApp({ database, env, hasher, storage });
  const stopJobs = startScheduler(app.ctx, JOBS, (message) => app.log.info(message));
  // The outbox: the gateways of server/env.ts (SMTP, SMS_PROVIDER, WECHAT_APP_ID); whatever has none is logged as sent.
  const sender = createSenderFromEnv(env, (message) => app.log.info({ outbox: message }, 'message sent'));
  const outboxTimer = setInterval(() => {
    void deliverDueMessages(app.ctx, sender).catch((error) => app.log.error(error));
  }, 10_000);
  outboxTimer.unref();
  const stopScheduler = () => {
    stopJobs();
    clearInterval(outboxTimer);
  };
  let isClosing = false;
  const shutdown = async (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    app.log.info(`${signal}: closing`);
    try {
      stopScheduler();
      await app.close();
      await database.close();
    } finally {
      release();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  console.log(`Aftersales is running: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs, database: ${database.kind})`);
}

async function backup(env: Env, file: string | undefined): Promise<void> {
  if (!file) throw new Error('backup needs a file name');
  if (env.DATABASE_URL) throw new Error('With DATABASE_URL, back up the PostgreSQL server with pg_dump.');
  const { database, release } = await openConfiguredDatabase(env);
  try {
    const dump = await database.pglite!.dumpDataDir('gzip');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    console.log(`Backup written to ${path.resolve(file)} (${dump.size} bytes)`);
  } finally {
    await database.close();
    release();
  }
}

async function restore(env: Env, file: string | undefined): Promise<void> {
  if (!file || !fs.existsSync(file)) throw new Error('restore needs an existing backup file');
  if (env.DATABASE_URL) throw new Error('With DATABASE_URL, restore the PostgreSQL server with pg_restore/psql.');
  const dataDir = dataDirOf(env);
  const release = lockDataDir(dataDir);
  try {
    const target = path.join(dataDir, 'pgdata');
    if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
      throw new Error(`${target} is not empty: move it away first (restore never overwrites a database)`);
    }
    const blob = new Blob([fs.readFileSync(file)]);
    const database = await openPglite({ dataDir: target, loadDataDir: blob });
    await migrateDatabase(database);
    await database.close();
    console.log(`Restored ${file} into ${target}`);
  } finally {
    release();
  }
}

async function main(): Promise<void> {
  const [command = 'start', ...rest] = process.argv.slice(2);
  const env = readEnv();
  if (command === 'start') return start(env, { demo: rest.includes('--demo') });
  if (command === 'demo') return start(env, { demo: true });
  if (command === 'backup') return backup(env, rest[0]);
  if (command === 'restore') return restore(env, rest[0]);
  console.error(USAGE);
  process.exit(2);
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(`Error: ${error.message}`);
    process.exit(3);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
