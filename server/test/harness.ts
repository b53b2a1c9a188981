import { inject } from 'vitest';
import type { Role } from '../../contracts/permissions';
import { buildApp, type App } from '../app';
import type { Database } from '../db/client';
import { readEnv } from '../env';
import type { Clock } from '../platform/clock';
import { SYSTEM_ACTOR } from '../platform/principal';
import { createUser } from '../modules/auth';
import { createOutlet } from '../modules/org';
import { openTestDatabase } from './db';
import { createMemoryStorage } from '../platform/storage';

export const TEST_PASSWORD = 'Test12345pass';

export type TestApp = { app: App; database: Database; close: () => Promise<void> };

/** An app on a fresh migrated database (PGlite, or PostgreSQL with AFTERSALES_TEST_DB=postgres). */
export async function createTestApp(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestApp> {
  return appOn(await openTestDatabase(inject('dbTemplate')), options);
}

/**
 * A second app on the same PostgreSQL database with its own connection pool: another server
 * process, for tests of what must hold across processes. Undefined on PGlite (one process only).
 */
export async function createSiblingApp(first: TestApp, options: { clock?: Clock } = {}): Promise<TestApp | undefined> {
  const url = (first.database as Database & { url?: string }).url;
  if (!url) return undefined;
  const { openPostgres } = await import('../db/client');
  return appOn(await openPostgres(url, { max: 5 }), options);
}

async function appOn(database: Database, options: { clock?: Clock; env?: Record<string, string> }): Promise<TestApp> {
  const env = readEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LOGIN_RATE_PER_MINUTE: '1000', ...options.env });
  const app = await buildApp({ database, env, logger: false, webDistDir: null, clock: options.clock, storage: createMemoryStorage() });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

let sequence = 0;

/** Creates a user straight through the service (audited as system). */
export async function buildUser(app: App, options: { roles: Role[]; outletId?: string | null; username?: string; password?: string }) {
  sequence += 1;
  const username = options.username ?? `${options.roles[0].replace('_', '')}${sequence}`;
  const { user } = await createUser(app.ctx, SYSTEM_ACTOR, {
    username,
    displayName: `测试用户${sequence}`,
    roles: options.roles,
    outletId: options.outletId ?? null,
    password: options.password ?? TEST_PASSWORD,
  });
  return user;
}

export async function buildOutlet(app: App, code?: string) {
  sequence += 1;
  return createOutlet(app.ctx, SYSTEM_ACTOR, { code: code ?? `T-${sequence}`, name: `测试网点${sequence}`, kind: 'own' });
}

type InjectResponse = Awaited<ReturnType<App['inject']>>;

/** A signed-in browser: sends the session cookie and the CSRF header. */
export type Session = {
  cookie: string;
  csrfToken: string;
  request: (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<InjectResponse>;
};

export async function signIn(app: App, username: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  const setCookie = response.cookies.find((cookie) => cookie.name === 'as_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `as_session=${setCookie.value}`;
  const csrfToken = response.json().csrfToken as string;
  return {
    cookie,
    csrfToken,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { cookie, 'x-csrf-token': csrfToken, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/** Builds a user with the roles and signs them in. */
export async function signInAs(app: App, roles: Role[], options: { outletId?: string | null } = {}) {
  const user = await buildUser(app, { roles, outletId: options.outletId });
  return { user, session: await signIn(app, user.username) };
}
