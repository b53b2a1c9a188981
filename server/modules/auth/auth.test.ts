import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../platform/clock';
import { sha256 } from '../../platform/ids';
import { buildOutlet, buildUser, createTestApp, signIn, signInAs, TEST_PASSWORD, type TestApp } from '../../test/harness';
import { queryRows } from '../../db/client';
import { sql } from 'drizzle-orm';

describe('sign-in and sessions', () => {
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('signs in with username and password and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const user = await buildUser(t.app, { roles: ['agent'] });
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username.toUpperCase(), password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'as_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(response.json()).toMatchObject({ username: user.username, roles: ['agent'], scope: 'all' });
    expect(response.json().permissions).toContain('customers.write');
    expect(response.json().permissions).not.toContain('users.manage');
  });

  it('stores only the hash of the session secret', async () => {
    const user = await buildUser(t.app, { roles: ['agent'] });
    const session = await signIn(t.app, user.username);
    const secret = session.cookie.split('=')[1];
    const rows = await queryRows<{ id: string }>(t.app.ctx.db, sql`select id from sessions where user_id = ${user.id}`);
    expect(rows.map((row) => row.id)).toEqual([sha256(secret)]);
  });

  it('answers 401 invalid_credentials for a wrong password or an unknown user, without telling which', async () => {
    const user = await buildUser(t.app, { roles: ['agent'] });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error).toEqual(unknown.json().error);
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });

  it('locks the account after 5 failed sign-ins, even for the right password, until the lock expires', async () => {
    const user = await buildUser(t.app, { roles: ['agent'] });
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password } });
    for (let i = 0; i < 4; i += 1) expect((await attempt('wrong-password')).statusCode).toBe(401);
    const fifth = await attempt('wrong-password');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('account_locked');
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(423);
    clock.advance(16 * 60_000);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('resets the failure count after a successful sign-in', async () => {
    const user = await buildUser(t.app, { roles: ['agent'] });
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password } });
    for (let i = 0; i < 4; i += 1) await attempt('wrong-password');
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await attempt('wrong-password')).statusCode).toBe(401);
  });

  it('refuses a disabled account with the right password', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const user = await buildUser(t.app, { roles: ['agent'] });
    await admin.session.request('PATCH', `/api/users/${user.id}`, { isDisabled: true });
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(403);
  });

  it('GET /api/auth/me answers 401 without a session and the user with one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const { user, session } = await signInAs(t.app, ['dispatcher']);
    const me = await session.request('GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: user.id, roles: ['dispatcher'], locale: 'zh-CN' });
  });

  it('logout revokes the session on the server', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    expect((await session.request('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await session.request('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('expires a session after the idle time, and keeps an active one alive', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    clock.advance(11 * 3_600_000);
    expect((await session.request('GET', '/api/auth/me')).statusCode).toBe(200);
    clock.advance(11 * 3_600_000);
    expect((await session.request('GET', '/api/auth/me')).statusCode).toBe(200);
    clock.advance(13 * 3_600_000);
    expect((await session.request('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('rejects a state-changing request without the CSRF token, and with a wrong one', async () => {
    const { session } = await signInAs(t.app, ['agent']);
    const missing = await t.app.inject({ method: 'PATCH', url: '/api/auth/preferences', headers: { cookie: session.cookie }, payload: { locale: 'en' } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('csrf_failed');
    const wrong = await session.request('PATCH', '/api/auth/preferences', { locale: 'en' }, { 'x-csrf-token': 'forged' });
    expect(wrong.statusCode).toBe(403);
    const right = await session.request('PATCH', '/api/auth/preferences', { locale: 'en' });
    expect(right.statusCode).toBe(200);
    expect(right.json().locale).toBe('en');
    expect((await session.request('GET', '/api/auth/me')).json().locale).toBe('en');
  });

  it('changing the password needs the current one and signs out the other sessions', async () => {
    const user = await buildUser(t.app, { roles: ['agent'] });
    const first = await signIn(t.app, user.username);
    const second = await signIn(t.app, user.username);
    const wrong = await first.request('POST', '/api/auth/password', { currentPassword: 'not-it-123', newPassword: 'Another12345' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toEqual(['currentPassword']);
    const weak = await first.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].path).toEqual(['newPassword']);
    const ok = await first.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Another12345' });
    expect(ok.statusCode).toBe(200);
    expect((await first.request('GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await second.request('GET', '/api/auth/me')).statusCode).toBe(401);
    await signIn(t.app, user.username, 'Another12345');
  });

  it('lists my sessions and revokes one of them', async () => {
    const user = await buildUser(t.app, { roles: ['agent'] });
    const first = await signIn(t.app, user.username);
    const second = await signIn(t.app, user.username);
    const list = (await first.request('GET', '/api/auth/sessions')).json().items as { id: string; isCurrent: boolean }[];
    expect(list).toHaveLength(2);
    const other = list.find((item) => !item.isCurrent)!;
    expect((await first.request('DELETE', `/api/auth/sessions/${other.id}`)).statusCode).toBe(200);
    expect((await second.request('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await first.request('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('a user with a one-time password can reach only the account routes until it is changed', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const created = await admin.session.request('POST', '/api/users', { username: 'fresh.tech', displayName: '新技师', roles: ['admin'] });
    expect(created.statusCode).toBe(201);
    const oneTimePassword = created.json().oneTimePassword as string;
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{12}$/);
    const session = await signIn(t.app, 'fresh.tech', oneTimePassword);
    expect((await session.request('GET', '/api/auth/me')).json().mustChangePassword).toBe(true);
    const blocked = await session.request('GET', '/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    await session.request('POST', '/api/auth/password', { currentPassword: oneTimePassword, newPassword: 'MyOwnPass123' });
    expect((await session.request('GET', '/api/users')).statusCode).toBe(200);
  });
});

describe('sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited past the per-minute limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' } });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) expect(response.json().error.code).toBe('rate_limited');
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows the secret once, stores only its hash, and grants only its permissions', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const outlet = await buildOutlet(t.app);
    const created = await admin.session.request('POST', '/api/tokens', { name: '门店系统', permissions: ['outlets.read'] });
    expect(created.statusCode).toBe(201);
    const { secret, token } = created.json();
    expect(secret).toMatch(/^ast_/);
    const list = await admin.session.request('GET', '/api/tokens');
    expect(JSON.stringify(list.json())).not.toContain(secret);
    const rows = await queryRows<{ secret_hash: string }>(t.app.ctx.db, sql`select secret_hash from api_tokens where id = ${token.id}`);
    expect(rows[0].secret_hash).toBe(sha256(secret));

    const bearer = { authorization: `Bearer ${secret}` };
    const read = await t.app.inject({ method: 'GET', url: `/api/outlets/${outlet.id}`, headers: bearer });
    expect(read.statusCode).toBe(200);
    const write = await t.app.inject({ method: 'POST', url: '/api/outlets', headers: bearer, payload: { code: 'X-1', name: 'x', kind: 'own' } });
    expect(write.statusCode).toBe(403);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(me.statusCode).toBe(403);
  });

  it('a revoked or unknown token is refused with 401', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const { secret, token } = (await admin.session.request('POST', '/api/tokens', { name: 'ERP', permissions: ['outlets.read'] })).json();
    expect((await admin.session.request('DELETE', `/api/tokens/${token.id}`)).statusCode).toBe(200);
    const revoked = await t.app.inject({ method: 'GET', url: '/api/outlets', headers: { authorization: `Bearer ${secret}` } });
    expect(revoked.statusCode).toBe(401);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/outlets', headers: { authorization: 'Bearer ast_madeup' } });
    expect(unknown.statusCode).toBe(401);
  });

  it('cannot grant permissions its creator lacks', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const response = await admin.session.request('POST', '/api/tokens', { name: 'bad', permissions: ['outlets.read', 'no.such'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toEqual(['permissions', 1]);
  });
});
