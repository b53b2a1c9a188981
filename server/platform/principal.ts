import type { DataScope, Permission, Role } from '../../contracts/permissions';
import type { TLocale } from '../../contracts/common';

/** A signed-in staff user, resolved from the session cookie. */
export type UserPrincipal = {
  kind: 'user';
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  scope: DataScope;
  outletId: string | null;
  locale: TLocale;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
};

/** Another system calling with an API token. Tokens see the whole department within their permissions. */
export type TokenPrincipal = {
  kind: 'token';
  tokenId: string;
  name: string;
  permissions: ReadonlySet<Permission>;
  scope: 'all';
  outletId: null;
};

export type Principal = UserPrincipal | TokenPrincipal;

/** A customer signed in to the portal with a verified phone number. */
export type PortalPrincipal = { phone: string; sessionId: string; csrfToken: string };

/** Who did a write, for the audit trail. */
export type Actor = {
  type: 'user' | 'token' | 'system' | 'customer';
  id: string | null;
  name: string | null;
  /** The person's display name (what a timeline shows); `name` is the login. */
  displayName?: string;
  requestId?: string;
  ip?: string;
};

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'system' };

/** The system itself reading as a principal (jobs, demo data): the whole department, no route permissions. */
export const SYSTEM_PRINCIPAL: Principal = { kind: 'token', tokenId: 'system', name: 'system', permissions: new Set(), scope: 'all', outletId: null };

/** The audit actor of a principal within one request. */
export function actorOf(principal: Principal, request?: { id: string; ip: string }): Actor {
  const base = principal.kind === 'user'
    ? { type: 'user' as const, id: principal.userId, name: principal.username, displayName: principal.displayName }
    : { type: 'token' as const, id: principal.tokenId, name: `token:${principal.name}` };
  return { ...base, requestId: request?.id, ip: request?.ip };
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has(permission);
}
