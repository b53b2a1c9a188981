/** The auth module's surface for other modules and the app. */
import type { Executor } from '../../db/client';
import type { Role } from '../../../contracts/permissions';
import { findUserByUsername, findUsersByIds } from './auth.repository';
export { authRoutes } from './auth.routes';
export { usersRoutes } from './users.routes';
export { tokensRoutes } from './tokens.routes';
export { resolveSession, ensureFirstAdmin } from './auth.service';
export { resolveApiToken } from './tokens.service';
export { createUser } from './users.service';
export { findDisplayName } from './users.service';
export { findEmailsOfRole, findUserIdsOfRole } from './users.service';

/** Account facts other modules check (e.g. dispatch: is this an active technician?), by user id. */
export async function findUserAccounts(executor: Executor, ids: string[]) {
  const rows = await findUsersByIds(executor, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles as Role[], isDisabled: row.isDisabled, outletId: row.outletId, phone: row.phone }]));
}

/** A user's id by login name, or undefined (demo data and imports). */
export async function findUserIdByUsername(executor: Executor, username: string): Promise<string | undefined> {
  return (await findUserByUsername(executor, username))?.id;
}
