import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { createTestApp, signInAs, type TestApp } from '../test/harness';

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/health answers ok when the database answers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('serves OpenAPI 3 with the API routes, and the docs page', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/audit']));
    expect(spec.paths['/api/auth/login'].post.requestBody).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await t.app.inject({ method: 'GET', url: '/api/health' });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
  });

  it('sends security headers with a content security policy and a request id', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
  });

  it('answers unknown routes and records with 404 in the one error body', async () => {
    const route = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(route.statusCode).toBe(404);
    expect(route.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /api/nope' } });
    const { session } = await signInAs(t.app, ['admin']);
    const record = await session.request('GET', '/api/users/00000000-0000-4000-8000-000000000000');
    expect(record.statusCode).toBe(404);
    expect(record.json().error.code).toBe('not_found');
  });
});

describe('bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const countUsers = async () => (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from users`))[0].n;

  it('malformed JSON is a 400 with a clear message, and the server keeps serving', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const response = await t.app.inject({
      method: 'POST', url: '/api/users', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }, payload: '{"username": "a",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
    expect(response.json().error.message).toMatch(/JSON/i);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('wrong types and missing fields name each field', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const before = await countUsers();
    const response = await session.request('POST', '/api/users', { username: 42, roles: 'admin' });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('validation_error');
    const paths = body.error.details.map((detail: { path: string[] }) => detail.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['username', 'displayName', 'roles']));
    expect(body.error.message).toContain('username');
    expect(await countUsers()).toBe(before);
  });

  it('unknown fields are rejected by name', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const response = await session.request('PATCH', '/api/auth/preferences', { locale: 'en', isAdmin: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ path: ['isAdmin'], message: 'unknown field', code: 'unrecognized_keys' }]);
  });

  it('an oversized body is a 413', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const response = await session.request('POST', '/api/outlets', { code: 'BIG', name: 'x'.repeat(1_100_000), kind: 'own' });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('a body that is not JSON is a 4xx, never a 500', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const response = await t.app.inject({
      method: 'POST', url: '/api/outlets', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/xml' }, payload: '<a/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it('strings with SQL or script are stored as plain text and come back unchanged', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const name = "Robert'); DROP TABLE users;-- <script>alert(1)</script>";
    const created = await session.request('POST', '/api/outlets', { code: 'INJ-1', name, kind: 'partner' });
    expect(created.statusCode).toBe(201);
    const read = await session.request('GET', `/api/outlets/${created.json().id}`);
    expect(read.json().name).toBe(name);
    const search = await session.request('GET', `/api/outlets?q=${encodeURIComponent("%' OR 1=1 --")}`);
    expect(search.statusCode).toBe(200);
    expect(search.json().total).toBe(0);
    expect(await countUsers()).toBeGreaterThan(0);
  });

  it('a bad id in the path is a 400 naming the parameter', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const response = await session.request('GET', '/api/users/not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toEqual(['id']);
  });

  it('a paging value out of range names the field', async () => {
    const { session } = await signInAs(t.app, ['admin']);
    const response = await session.request('GET', '/api/users?pageSize=100000');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toEqual(['pageSize']);
  });
});
