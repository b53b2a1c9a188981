import type { Permission } from '../../../contracts/permissions';
import { AppError, notFound } from '../../platform/errors';
import { newId, randomSecret, sha256 } from '../../platform/ids';
import type { AppContext } from '../../platform/context';
import type { Actor, TokenPrincipal, UserPrincipal } from '../../platform/principal';
import { recordAudit } from '../audit';
import * as repo from './auth.repository';
import type { ApiTokenRow } from './auth.repository';

const TOKEN_PREFIX = 'ast_';
const DAY = 86_400_000;

function presentToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token with a subset of the creator's permissions; the secret is returned once. */
export async function createApiToken(
  ctx: AppContext,
  principal: UserPrincipal,
  actor: Actor,
  input: { name: string; permissions: Permission[]; expiresInDays?: number },
) {
  const notHeld = input.permissions.filter((permission) => !principal.permissions.has(permission));
  if (notHeld.length) {
    throw new AppError('forbidden', 'A token cannot have permissions its creator lacks', {
      details: notHeld.map((permission) => ({ path: ['permissions', input.permissions.indexOf(permission)], message: `you lack ${permission}` })),
    });
  }
  const secret = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertApiToken(tx, {
      id: newId(),
      name: input.name,
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      secretHash: sha256(secret),
      permissions: [...new Set(input.permissions)],
      createdBy: principal.userId,
      createdAt: now,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY) : null,
    });
    await recordAudit(tx, actor, { entity: 'api_token', entityId: created.id, action: 'created', after: presentToken(created) });
    return created;
  });
  return { token: presentToken(row), secret };
}

export async function listApiTokens(ctx: AppContext) {
  return { items: (await repo.findApiTokens(ctx.db)).map(presentToken) };
}

export async function revokeApiToken(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findApiTokenById(tx, id);
    if (!before) throw notFound('API token');
    if (before.revokedAt) return;
    const after = await repo.updateApiToken(tx, id, { revokedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'api_token', entityId: id, action: 'revoked', before: presentToken(before), after: presentToken(after) });
  });
}

/** The principal of a bearer token, or null when it is unknown, revoked or expired. */
export async function resolveApiToken(ctx: AppContext, secret: string): Promise<TokenPrincipal | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = await repo.findApiTokenBySecretHash(ctx.db, sha256(secret));
  const now = ctx.clock.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    // Usage bookkeeping, not a business change: no audit row.
    await repo.updateApiToken(ctx.db, row.id, { lastUsedAt: now });
  }
  return { kind: 'token', tokenId: row.id, name: row.name, permissions: new Set(row.permissions), scope: 'all', outletId: null };
}
