import { LIMITS } from '../../../contracts/limits';
import { permissionsOfRoles, scopeOfRoles, type Role } from '../../../contracts/permissions';
import type { TLocale } from '../../../contracts/common';
import { AppError, invalidField, notFound, unauthorized } from '../../platform/errors';
import { generateOneTimePassword, newId, randomSecret, sha256 } from '../../platform/ids';
import type { AppContext } from '../../platform/context';
import { SYSTEM_ACTOR, type Actor, type UserPrincipal } from '../../platform/principal';
import { recordAudit } from '../audit';
import * as repo from './auth.repository';
import type { UserRow } from './auth.repository';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A hash to verify against when the username is unknown, so both paths take the same time. */
let dummyHash: Promise<string> | undefined;

export type LoginInput = { username: string; password: string; ip: string | null; userAgent: string | null; requestId: string };
export type LoginResult = { sessionSecret: string; principal: UserPrincipal };

/**
 * Signs a user in: checks the lock, the password and the account state, counts failures
 * (locking the account after too many), and opens a session. Every outcome is audited.
 */
export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const now = ctx.clock.now();
  const username = input.username.trim().toLowerCase();
  const requestActor: Actor = { type: 'system', id: null, name: username, requestId: input.requestId, ip: input.ip ?? undefined };
  const user = await repo.findUserByUsername(ctx.db, username);
  if (!user) {
    dummyHash ??= ctx.hasher.hash('not-a-real-password-0');
    await ctx.hasher.verify(await dummyHash, input.password);
    await ctx.db.transaction((tx) => recordAudit(tx, requestActor, { entity: 'user', action: 'login_failed', after: { username, reason: 'unknown_user' } }));
    throw new AppError('invalid_credentials', 'Wrong username or password');
  }
  if (user.lockedUntil && user.lockedUntil > now) throw lockedError(user.lockedUntil, now);

  const isPasswordRight = await ctx.hasher.verify(user.passwordHash, input.password);
  if (!isPasswordRight) {
    const lockedUntil = await ctx.db.transaction(async (tx) => {
      const current = await repo.findUserByIdForUpdate(tx, user.id);
      if (!current) throw notFound('User');
      const failures = current.failedLoginCount + 1;
      const shouldLock = failures >= LIMITS.loginMaxFailures;
      const patch = shouldLock
        ? { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + LIMITS.loginLockMinutes * MINUTE) }
        : { failedLoginCount: failures };
      await repo.updateUser(tx, user.id, patch);
      await recordAudit(tx, requestActor, {
        entity: 'user',
        entityId: user.id,
        action: shouldLock ? 'locked' : 'login_failed',
        before: { failedLoginCount: current.failedLoginCount, lockedUntil: current.lockedUntil },
        after: patch,
      });
      return shouldLock ? patch.lockedUntil : null;
    });
    if (lockedUntil) throw lockedError(lockedUntil, now);
    throw new AppError('invalid_credentials', 'Wrong username or password');
  }
  if (user.isDisabled) throw new AppError('forbidden', 'This account is disabled; ask an administrator');

  const sessionSecret = randomSecret();
  const sessionId = sha256(sessionSecret);
  const csrfToken = randomSecret(24);
  const actor: Actor = { type: 'user', id: user.id, name: user.username, requestId: input.requestId, ip: input.ip ?? undefined };
  await ctx.db.transaction(async (tx) => {
    await repo.insertSession(tx, {
      id: sessionId,
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: new Date(now.getTime() + ctx.env.SESSION_IDLE_HOURS * HOUR),
      expiresAt: new Date(now.getTime() + ctx.env.SESSION_MAX_HOURS * HOUR),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await repo.updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
    await recordAudit(tx, actor, { entity: 'session', entityId: sessionId.slice(0, 16), action: 'login', after: { userId: user.id, ip: input.ip } });
  });
  return { sessionSecret, principal: principalOf(user, sessionId, csrfToken) };
}

function lockedError(lockedUntil: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / MINUTE));
  return new AppError('account_locked', `Too many failed sign-ins; the account is locked for ${minutes} more minute(s)`);
}

/** The principal of a live session, refreshing its idle expiry at most once a minute. */
export async function resolveSession(ctx: AppContext, sessionSecret: string): Promise<UserPrincipal | null> {
  const now = ctx.clock.now();
  const sessionId = sha256(sessionSecret);
  const found = await repo.findLiveSession(ctx.db, sessionId, now);
  if (!found || found.user.isDisabled) return null;
  if (now.getTime() - found.session.lastSeenAt.getTime() > MINUTE) {
    // Session bookkeeping, not a business change: no audit row.
    await repo.touchSession(ctx.db, sessionId, now, new Date(now.getTime() + ctx.env.SESSION_IDLE_HOURS * HOUR));
  }
  return principalOf(found.user, sessionId, found.session.csrfToken);
}

export function principalOf(user: UserRow, sessionId: string, csrfToken: string): UserPrincipal {
  const roles = user.roles as Role[];
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles,
    permissions: new Set(permissionsOfRoles(roles)),
    scope: scopeOfRoles(roles),
    outletId: user.outletId,
    locale: user.locale,
    mustChangePassword: user.mustChangePassword,
    sessionId,
    csrfToken,
  };
}

/** What GET /api/auth/me answers. */
export function presentMe(principal: UserPrincipal) {
  return {
    id: principal.userId,
    username: principal.username,
    displayName: principal.displayName,
    roles: principal.roles,
    permissions: [...principal.permissions],
    scope: principal.scope,
    outletId: principal.outletId,
    locale: principal.locale,
    mustChangePassword: principal.mustChangePassword,
    csrfToken: principal.csrfToken,
  };
}

export async function logout(ctx: AppContext, principal: UserPrincipal, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await repo.revokeSession(tx, principal.sessionId, ctx.clock.now());
    await recordAudit(tx, actor, { entity: 'session', entityId: principal.sessionId.slice(0, 16), action: 'logout' });
  });
}

/** Changes the signed-in user's password and signs out their other sessions. */
export async function changeOwnPassword(
  ctx: AppContext,
  principal: UserPrincipal,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<UserPrincipal> {
  const user = await repo.findUserById(ctx.db, principal.userId);
  if (!user) throw unauthorized();
  if (!(await ctx.hasher.verify(user.passwordHash, input.currentPassword))) {
    throw invalidField(['currentPassword'], 'the current password is wrong');
  }
  if (input.currentPassword === input.newPassword) throw invalidField(['newPassword'], 'must differ from the current password');
  const passwordHash = await ctx.hasher.hash(input.newPassword);
  const now = ctx.clock.now();
  const updated = await ctx.db.transaction(async (tx) => {
    const row = await repo.updateUser(tx, user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now });
    const revoked = await repo.revokeUserSessions(tx, user.id, now, principal.sessionId);
    await recordAudit(tx, actor, {
      entity: 'user',
      entityId: user.id,
      action: 'password_changed',
      before: { mustChangePassword: user.mustChangePassword },
      after: { mustChangePassword: false, otherSessionsRevoked: revoked },
    });
    return row;
  });
  return principalOf(updated, principal.sessionId, principal.csrfToken);
}

export async function updatePreferences(ctx: AppContext, principal: UserPrincipal, actor: Actor, input: { locale: TLocale }): Promise<UserPrincipal> {
  const updated = await ctx.db.transaction(async (tx) => {
    const before = await repo.findUserByIdForUpdate(tx, principal.userId);
    if (!before) throw unauthorized();
    const row = await repo.updateUser(tx, principal.userId, { locale: input.locale, updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'user', entityId: principal.userId, action: 'preferences_updated', before: { locale: before.locale }, after: { locale: row.locale } });
    return row;
  });
  return principalOf(updated, principal.sessionId, principal.csrfToken);
}

export async function listOwnSessions(ctx: AppContext, principal: UserPrincipal) {
  const rows = await repo.findUserSessions(ctx.db, principal.userId, ctx.clock.now());
  return rows.map((row) => ({
    id: row.id.slice(0, 16),
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: new Date(Math.min(row.expiresAt.getTime(), row.idleExpiresAt.getTime())).toISOString(),
    ip: row.ip,
    userAgent: row.userAgent,
    isCurrent: row.id === principal.sessionId,
  }));
}

/** Revokes one of the user's own sessions, named by the 16-character id the list shows. */
export async function revokeOwnSession(ctx: AppContext, principal: UserPrincipal, actor: Actor, shortId: string): Promise<void> {
  const rows = await repo.findUserSessions(ctx.db, principal.userId, ctx.clock.now());
  const target = rows.find((row) => row.id.slice(0, 16) === shortId);
  if (!target) throw notFound('Session');
  await ctx.db.transaction(async (tx) => {
    await repo.revokeSession(tx, target.id, ctx.clock.now());
    await recordAudit(tx, actor, { entity: 'session', entityId: shortId, action: 'revoked' });
  });
}

/**
 * On the first start, creates the user `admin`. With a configured password the admin uses
 * it; otherwise a one-time password is generated, returned for printing, and must be changed
 * at first sign-in. Does nothing when any user exists.
 */
export async function ensureFirstAdmin(ctx: AppContext, configuredPassword?: string): Promise<{ username: string; password: string | null } | null> {
  if ((await repo.countUsers(ctx.db)) > 0) return null;
  const password = configuredPassword ?? generateOneTimePassword();
  const passwordHash = await ctx.hasher.hash(password);
  return ctx.db.transaction(async (tx) => {
    if ((await repo.countUsers(tx)) > 0) return null;
    const id = newId();
    const user = await repo.insertUser(tx, {
      id,
      username: 'admin',
      displayName: '系统管理员',
      roles: ['admin'],
      passwordHash,
      mustChangePassword: configuredPassword === undefined,
    });
    await recordAudit(tx, SYSTEM_ACTOR, { entity: 'user', entityId: id, action: 'created', after: { username: user.username, roles: user.roles } });
    return { username: 'admin', password: configuredPassword === undefined ? password : null };
  });
}
