import fs from 'node:fs';
import pg from 'pg';
import { migrateDatabase, openPglite, openPostgres, type Database } from '../db/client';

/**
 * Test databases. On PGlite every test file loads a dump of one migrated template (about
 * half a second instead of five). On PostgreSQL every test file gets a database created
 * from a migrated template database.
 */
export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.AFTERSALES_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** The admin connection string for creating test databases. */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('AFTERSALES_TEST_DB=postgres needs TEST_DATABASE_URL');
  return url;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Builds the migrated template; returns what test files need to clone it. */
export async function createTemplate(runId: string): Promise<string> {
  if (testDbKind() === 'postgres') {
    const name = `as_tpl_${runId}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    await adminQuery(`CREATE DATABASE ${name}`);
    const database = await openPostgres(withDatabaseName(testServerUrl(), name), { max: 1 });
    await migrateDatabase(database);
    await database.close();
    return name;
  }
  const database = await openPglite({});
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const file = `${process.cwd()}/.tmp/pglite-template-${runId}.tar`;
  fs.mkdirSync(`${process.cwd()}/.tmp`, { recursive: true });
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return file;
}

let counter = 0;

/** A fresh migrated database for one test file. */
export async function openTestDatabase(template: string): Promise<Database & { url?: string }> {
  if (testDbKind() === 'postgres') {
    counter += 1;
    const name = `${template.replace('as_tpl_', 'as_t_')}_${process.pid}_${counter}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const url = withDatabaseName(testServerUrl(), name);
    const database = await openPostgres(url, { max: 5 });
    return {
      ...database,
      url,
      close: async () => {
        await database.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
      },
    };
  }
  return openPglite({ loadDataDir: new Blob([fs.readFileSync(template)]) });
}
