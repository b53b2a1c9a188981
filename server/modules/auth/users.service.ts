import type { TCreateUserBody, TUpdateUserBody } from '../../../contracts/users';
import type { Role } from '../../../contracts/permissions';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { generateOneTimePassword, newId } from '../../platform/ids';
import type { AppContext } from '../../platform/context';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { recordAudit } from '../audit';
import { findOutlet, findOutletNames } from '../org';
import type { Executor } from '../../db/client';
import { users } from './auth.tables';
import * as repo from './auth.repository';
import type { UserRow } from './auth.repository';

/** The fields of a user that the API shows (never the hash or counters). */
export function presentUser(user: UserRow, outletName: string | null) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles as Role[],
    outletId: user.outletId,
    outletName,
    phone: user.phone,
    email: user.email,
    locale: user.locale,
    isDisabled: user.isDisabled,
    mustChangePassword: user.mustChangePassword,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** The audited view of a user: what changed, without secrets. */
function auditView(user: UserRow) {
  const { passwordHash: _hash, failedLoginCount: _failures, lastLoginAt: _last, createdAt: _created, updatedAt: _updated, ...rest } = user;
  return rest;
}

export async function listUsers(
  ctx: AppContext,
  principal: Principal,
  query: { q?: string; role?: string; outletId?: string; isDisabled?: boolean; page: number; pageSize: number },
) {
  const scope = scopeCondition(principal, { outlet: users.outletId, owner: users.id });
  const { rows, total } = await repo.findUsers(ctx.db, { ...query, scope }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  const outletNames = await findOutletNames(ctx.db, rows.map((row) => row.user.outletId));
  return { items: rows.map((row) => presentUser(row.user, row.user.outletId ? (outletNames.get(row.user.outletId) ?? null) : null)), total, page: query.page, pageSize: query.pageSize };
}

export async function getUser(ctx: AppContext, principal: Principal, id: string) {
  const user = await repo.findUserById(ctx.db, id);
  if (!user || !isInScope(principal, { outletId: user.outletId, ownerId: user.id })) throw notFound('User');
  return presentUser(user, await outletNameOf(ctx.db, user.outletId));
}

async function outletNameOf(executor: Executor, outletId: string | null): Promise<string | null> {
  if (!outletId) return null;
  return (await findOutletNames(executor, [outletId])).get(outletId) ?? null;
}

async function checkOutlet(executor: Executor, roles: Role[], outletId: string | null | undefined) {
  if (outletId) {
    const outlet = await findOutlet(executor, outletId);
    if (!outlet) throw invalidField(['outletId'], 'no such outlet');
  }
  if (roles.includes('outlet') && !outletId) throw invalidField(['outletId'], 'an outlet user needs an outlet');
}

/** Creates a staff account. Without a password, a one-time password is generated and must be changed at first sign-in. */
export async function createUser(ctx: AppContext, actor: Actor, input: TCreateUserBody) {
  const oneTimePassword = input.password ? null : generateOneTimePassword();
  const passwordHash = await ctx.hasher.hash(input.password ?? oneTimePassword!);
  const user = await ctx.db.transaction(async (tx) => {
    if (await repo.findUserByUsername(tx, input.username)) {
      throw conflict('This username is taken', [{ path: ['username'], message: 'already taken' }]);
    }
    await checkOutlet(tx, input.roles, input.outletId);
    const created = await repo.insertUser(tx, {
      id: newId(),
      username: input.username,
      displayName: input.displayName,
      roles: [...new Set(input.roles)],
      outletId: input.outletId ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      locale: input.locale ?? 'zh-CN',
      passwordHash,
      mustChangePassword: oneTimePassword !== null,
    });
    await recordAudit(tx, actor, { entity: 'user', entityId: created.id, action: 'created', after: auditView(created) });
    return created;
  });
  return { user: presentUser(user, await outletNameOf(ctx.db, user.outletId)), oneTimePassword };
}

export async function updateUserAccount(ctx: AppContext, actor: Actor, id: string, input: TUpdateUserBody) {
  const user = await ctx.db.transaction(async (tx) => {
    const before = await repo.findUserByIdForUpdate(tx, id);
    if (!before) throw notFound('User');
    const roles = input.roles ? [...new Set(input.roles)] : (before.roles as Role[]);
    const outletId = input.outletId !== undefined ? input.outletId : before.outletId;
    await checkOutlet(tx, roles, outletId);
    if (actor.id === id && (input.isDisabled === true || (input.roles && !roles.includes('admin') && (before.roles as Role[]).includes('admin')))) {
      throw new AppError('conflict', 'You cannot disable yourself or remove your own administrator role', {
        details: [{ path: [input.isDisabled ? 'isDisabled' : 'roles'], message: 'not on your own account' }],
      });
    }
    const now = ctx.clock.now();
    const after = await repo.updateUser(tx, id, {
      displayName: input.displayName ?? before.displayName,
      roles,
      outletId,
      phone: input.phone !== undefined ? input.phone : before.phone,
      email: input.email !== undefined ? input.email : before.email,
      locale: input.locale ?? before.locale,
      isDisabled: input.isDisabled ?? before.isDisabled,
      updatedAt: now,
    });
    if (after.isDisabled && !before.isDisabled) await repo.revokeUserSessions(tx, id, now);
    await recordAudit(tx, actor, { entity: 'user', entityId: id, action: 'updated', before: auditView(before), after: auditView(after) });
    return after;
  });
  return presentUser(user, await outletNameOf(ctx.db, user.outletId));
}

/** Sets a new password (given or generated), unlocks the account and signs out its sessions. */
export async function resetUserPassword(ctx: AppContext, actor: Actor, id: string, input: { password?: string }) {
  const oneTimePassword = input.password ? null : generateOneTimePassword();
  const passwordHash = await ctx.hasher.hash(input.password ?? oneTimePassword!);
  const user = await ctx.db.transaction(async (tx) => {
    const before = await repo.findUserByIdForUpdate(tx, id);
    if (!before) throw notFound('User');
    const now = ctx.clock.now();
    const after = await repo.updateUser(tx, id, {
      passwordHash,
      mustChangePassword: true,
      failedLoginCount: 0,
      lockedUntil: null,
      passwordChangedAt: now,
      updatedAt: now,
    });
    const revoked = await repo.revokeUserSessions(tx, id, now);
    await recordAudit(tx, actor, {
      entity: 'user',
      entityId: id,
      action: 'password_reset',
      before: { mustChangePassword: before.mustChangePassword, lockedUntil: before.lockedUntil },
      after: { mustChangePassword: true, lockedUntil: null, sessionsRevoked: revoked },
    });
    return after;
  });
  return { user: presentUser(user, await outletNameOf(ctx.db, user.outletId)), oneTimePassword };
}

export async function revokeSessionsOfUser(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const user = await repo.findUserById(tx, id);
    if (!user) throw notFound('User');
    const revoked = await repo.revokeUserSessions(tx, id, ctx.clock.now());
    await recordAudit(tx, actor, { entity: 'user', entityId: id, action: 'sessions_revoked', after: { sessionsRevoked: revoked } });
  });
}

/** A user's display name (e.g. the technician's name the customer sees), or null. */
export async function findDisplayName(executor: Executor, userId: string): Promise<string | null> {
  return (await repo.findUserById(executor, userId))?.displayName ?? null;
}

/** E-mail addresses of active users with a role (escalations). */
export async function findEmailsOfRole(executor: Executor, role: Role): Promise<string[]> {
  const { rows } = await repo.findUsers(executor, { role, isDisabled: false }, { limit: 200, offset: 0 });
  return rows.map((row) => row.user.email).filter((email): email is string => Boolean(email));
}

/** The ids of a role's active users, oldest first (e.g. the agents periodic visits are shared among). */
export async function findUserIdsOfRole(executor: Executor, role: Role): Promise<string[]> {
  const { rows } = await repo.findUsers(executor, { role, isDisabled: false }, { limit: 500, offset: 0 });
  return rows.map((row) => row.user.id).sort();
}
