import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission, type Role } from '../../contracts/permissions';
import { buildApp } from '../app';
import { buildOutlet, buildUser, createTestApp, signIn, type TestApp } from '../test/harness';
import { openTestDatabase } from '../test/db';
import { readEnv } from '../env';
import { inject } from 'vitest';
import { enforceRouteDeclarations, type RouteEntry } from './http';
import { createMemoryStorage } from './storage';

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

function concreteUrl(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, () => PLACEHOLDER_ID).replace('/*', '/x');
}

/**
 * The RBAC matrix: every registered route × every role (and anonymous, and API tokens),
 * generated from the app's own route table so a new route cannot escape it.
 */
describe('RBAC matrix', async () => {
  // The route table is read from a real app so the matrix is known when tests are collected.
  const probeDatabase = await openTestDatabase(inject('dbTemplate'));
  const probe = await buildApp({ database: probeDatabase, env: readEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), logger: false, webDistDir: null, storage: createMemoryStorage() });
  const routes: RouteEntry[] = probe.routeTable.filter((route) => route.access !== 'public' && route.access !== 'portal');
  const portalRoutes: RouteEntry[] = probe.routeTable.filter((route) => route.access === 'portal');
  const publicRoutes: RouteEntry[] = probe.routeTable.filter((route) => route.access === 'public' && !route.url.startsWith('/api/docs'));
  await probe.close();
  await probeDatabase.close();

  let t: TestApp;
  const usernames = new Map<Role, string>();
  beforeAll(async () => {
    // One sign-in per route and role: well over the test default of 1000 sign-ins a minute.
    t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '1000000' } });
    const outlet = await buildOutlet(t.app);
    for (const role of ROLES) {
      const user = await buildUser(t.app, { roles: [role], outletId: role === 'outlet' || role === 'technician' ? outlet.id : null, username: `rbac.${role.replace('_', '')}` });
      usernames.set(role, user.username);
    }
  });
  afterAll(() => t.close());

  it('declares a known access level on every route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(18);
    for (const route of probe.routeTable) {
      expect(['public', 'authenticated', 'portal', ...PERMISSIONS]).toContain(route.access);
    }
  });

  it.each(publicRoutes.map((route) => [`${route.method} ${route.url}`, route] as const))('public route %s answers without a session', async (_name, route) => {
    const response = await t.app.inject({ method: route.method as 'GET', url: concreteUrl(route.url), payload: route.method === 'GET' ? undefined : {} });
    expect([401, 403]).not.toContain(response.statusCode);
  });

  it.each(portalRoutes.map((route) => [`${route.method} ${route.url}`, route] as const))('portal route %s answers 401 to anonymous callers, staff sessions and API tokens', async (_name, route) => {
    const admin = await signIn(t.app, usernames.get('admin')!);
    const secret = (await admin.request('POST', '/api/tokens', { name: 'rbac', permissions: ['tickets.read'] })).json().secret as string;
    for (const headers of [{}, { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, { authorization: `Bearer ${secret}` }]) {
      const response = await t.app.inject({ method: route.method as 'GET', url: concreteUrl(route.url), headers, payload: route.method === 'GET' ? undefined : {} });
      expect(response.statusCode).toBe(401);
    }
  });

  describe.each(routes.map((route) => [`${route.method} ${route.url} (${route.access})`, route] as const))('%s', (_name, route) => {
    const send = (headers: Record<string, string>) =>
      t.app.inject({ method: route.method as 'GET', url: concreteUrl(route.url), headers, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });

    it('answers 401 to an anonymous caller', async () => {
      const response = await send({});
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    });

    it.each(ROLES.map((role) => [role]))('role %s: allowed only with the permission', async (role) => {
      const session = await signIn(t.app, usernames.get(role)!);
      const response = await send({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });
      const isAllowed = route.access === 'authenticated' || ROLE_PERMISSIONS[role].includes(route.access as Permission);
      if (isAllowed) {
        expect([401, 403]).not.toContain(response.statusCode);
      } else {
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    });

    it('API token: allowed only with the permission, never on user-only routes', async () => {
      const admin = await signIn(t.app, usernames.get('admin')!);
      const other: Permission = route.access === 'outlets.read' ? 'users.read' : 'outlets.read';
      const without = (await admin.request('POST', '/api/tokens', { name: 'rbac', permissions: [other] })).json().secret as string;
      expect((await send({ authorization: `Bearer ${without}` })).statusCode).toBe(route.access === 'authenticated' && !route.isUserOnly ? 200 : 403);
      if (route.access !== 'authenticated') {
        const withIt = (await admin.request('POST', '/api/tokens', { name: 'rbac', permissions: [route.access as Permission] })).json().secret as string;
        const response = await send({ authorization: `Bearer ${withIt}` });
        if (route.isUserOnly) expect(response.statusCode).toBe(403);
        else expect([401, 403]).not.toContain(response.statusCode);
      }
    });
  });
});

describe('deny by default', () => {
  it('a route without a declared access stops the app from starting', async () => {
    const app = Fastify();
    const table: RouteEntry[] = [];
    enforceRouteDeclarations(app, table);
    expect(() => app.get('/api/forgotten', async () => ({ secret: true }))).toThrow(/declares no access/);
    app.get('/api/declared', { config: { access: 'users.read' } }, async () => ({}));
    expect(table).toEqual([{ method: 'GET', url: '/api/declared', access: 'users.read', isUserOnly: false }]);
  });
});
