import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { buildOutlet, buildUser, createTestApp, signIn, signInAs, TEST_PASSWORD, type TestApp } from '../../test/harness';

describe('user administration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('an admin creates a technician with an outlet; the user and its audit row are stored', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const outlet = await buildOutlet(t.app);
    const response = await admin.session.request('POST', '/api/users', {
      username: 'Tech.Li', displayName: '李师傅', roles: ['technician'], outletId: outlet.id, phone: '+86 138-0013-8000', password: 'Strong12345',
    });
    expect(response.statusCode).toBe(201);
    const { user, oneTimePassword } = response.json();
    expect(oneTimePassword).toBeNull();
    expect(user).toMatchObject({ username: 'tech.li', roles: ['technician'], outletId: outlet.id, outletName: outlet.name, phone: '13800138000', mustChangePassword: false });
    expect(JSON.stringify(user)).not.toContain('password');
    const audit = await admin.session.request('GET', `/api/audit?entity=user&entityId=${user.id}`);
    const [entry] = audit.json().items;
    expect(entry).toMatchObject({ action: 'created', actorId: admin.user.id, actorType: 'user' });
    expect(entry.after).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(entry)).not.toContain('$argon2');
    expect(entry.after.roles).toEqual(['technician']);
  });

  it('rejects a taken username with 409 naming the field, and stores nothing', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const existing = await buildUser(t.app, { roles: ['agent'] });
    const before = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from audit_log`);
    const response = await admin.session.request('POST', '/api/users', { username: existing.username, displayName: 'x', roles: ['agent'] });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details[0].path).toEqual(['username']);
    const after = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from audit_log`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('an outlet user needs an existing outlet', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const missing = await admin.session.request('POST', '/api/users', { username: 'outlet.x', displayName: 'x', roles: ['outlet'] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toEqual(['outletId']);
    const unknown = await admin.session.request('POST', '/api/users', {
      username: 'outlet.y', displayName: 'y', roles: ['outlet'], outletId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('outletId');
    const users = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from users where username in ('outlet.x', 'outlet.y')`);
    expect(users[0].n).toBe(0);
  });

  it('rejects invalid fields with the field path: phone, roles, unknown fields', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const response = await admin.session.request('POST', '/api/users', { username: 'ok.name', displayName: 'x', roles: ['wizard'], phone: '12345', extra: 1 });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.details.map((detail: { path: unknown[] }) => detail.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['roles.0', 'phone', 'extra']));
  });

  it('disabling a user signs them out everywhere and is audited with before and after', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const user = await buildUser(t.app, { roles: ['agent'] });
    const session = await signIn(t.app, user.username);
    const response = await admin.session.request('PATCH', `/api/users/${user.id}`, { isDisabled: true });
    expect(response.json().isDisabled).toBe(true);
    expect((await session.request('GET', '/api/auth/me')).statusCode).toBe(401);
    const audit = (await admin.session.request('GET', `/api/audit?entity=user&entityId=${user.id}&action=updated`)).json().items[0];
    expect(audit.before).toEqual({ isDisabled: false });
    expect(audit.after).toEqual({ isDisabled: true });
  });

  it('an admin cannot disable their own account', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const response = await admin.session.request('PATCH', `/api/users/${admin.user.id}`, { isDisabled: true });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details[0].path).toEqual(['isDisabled']);
  });

  it('reset password gives a one-time password, unlocks, and forces a change', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const user = await buildUser(t.app, { roles: ['agent'] });
    for (let i = 0; i < 5; i += 1) await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: 'bad-password' } });
    const locked = (await admin.session.request('GET', `/api/users/${user.id}`)).json();
    expect(locked.lockedUntil).not.toBeNull();
    const reset = await admin.session.request('POST', `/api/users/${user.id}/reset-password`, {});
    const { oneTimePassword, user: after } = reset.json();
    expect(after).toMatchObject({ lockedUntil: null, mustChangePassword: true });
    const session = await signIn(t.app, user.username, oneTimePassword);
    expect((await session.request('GET', '/api/auth/me')).json().mustChangePassword).toBe(true);
    await expect(signIn(t.app, user.username, TEST_PASSWORD)).rejects.toThrow();
  });

  it('revoke-sessions signs a user out everywhere', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const user = await buildUser(t.app, { roles: ['agent'] });
    const session = await signIn(t.app, user.username);
    expect((await admin.session.request('POST', `/api/users/${user.id}/revoke-sessions`)).statusCode).toBe(200);
    expect((await session.request('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('filters the list by role, outlet and text', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const outlet = await buildOutlet(t.app);
    const tech = await buildUser(t.app, { roles: ['technician'], outletId: outlet.id });
    await buildUser(t.app, { roles: ['agent'] });
    const byOutlet = (await admin.session.request('GET', `/api/users?outletId=${outlet.id}`)).json();
    expect(byOutlet.items.map((u: { id: string }) => u.id)).toEqual([tech.id]);
    const byRole = (await admin.session.request('GET', '/api/users?role=technician&pageSize=200')).json();
    expect(byRole.items.every((u: { roles: string[] }) => u.roles.includes('technician'))).toBe(true);
    const byText = (await admin.session.request('GET', `/api/users?q=${encodeURIComponent(tech.username)}`)).json();
    expect(byText.total).toBe(1);
  });
});

describe('data scoping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('an outlet user lists only its own outlet and its own staff, and gets 404 for another outlet’s', async () => {
    const own = await buildOutlet(t.app);
    const other = await buildOutlet(t.app);
    const ownTech = await buildUser(t.app, { roles: ['technician'], outletId: own.id });
    const otherTech = await buildUser(t.app, { roles: ['technician'], outletId: other.id });
    const { session } = await signInAs(t.app, ['outlet'], { outletId: own.id });

    const outlets = (await session.request('GET', '/api/outlets')).json();
    expect(outlets.items.map((o: { id: string }) => o.id)).toEqual([own.id]);
    expect((await session.request('GET', `/api/outlets/${other.id}`)).statusCode).toBe(404);

    const users = (await session.request('GET', '/api/users?pageSize=200')).json();
    const ids = users.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(ownTech.id);
    expect(ids).not.toContain(otherTech.id);
    expect((await session.request('GET', `/api/users/${otherTech.id}`)).statusCode).toBe(404);
    expect((await session.request('GET', `/api/users/${ownTech.id}`)).statusCode).toBe(200);
  });

  it('a technician sees only their own outlet', async () => {
    const own = await buildOutlet(t.app);
    await buildOutlet(t.app);
    const { session } = await signInAs(t.app, ['technician'], { outletId: own.id });
    const outlets = (await session.request('GET', '/api/outlets')).json();
    expect(outlets.items.map((o: { id: string }) => o.id)).toEqual([own.id]);
  });

  it('a technician without an outlet sees no outlets at all, not every outlet', async () => {
    await buildOutlet(t.app);
    const { session } = await signInAs(t.app, ['technician']);
    expect((await session.request('GET', '/api/outlets')).json().total).toBe(0);
  });
});
