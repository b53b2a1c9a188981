import { PERMISSIONS, type Permission, type RouteAccess } from '../../contracts/permissions';
import type { Me } from './api/types';

/** What a route or menu entry requires: a permission name, any signed-in user, or nobody (public). */
export type Access = RouteAccess;

/** The subset of the signed-in principal that decides what may be seen. */
export type AccessSubject = Pick<Me, 'permissions' | 'mustChangePassword'> | null | undefined;

const KNOWN = new Set<string>(PERMISSIONS);

/** Whether `me` may open something that requires `access`. Unknown permission names are denied. */
export function canAccess(me: AccessSubject, access: Access): boolean {
  if (access === 'public') return true;
  if (!me) return false;
  if (me.mustChangePassword) return false;
  if (access === 'authenticated') return true;
  if (!KNOWN.has(access)) return false;
  return me.permissions.includes(access as Permission);
}

/** Keeps only the entries `me` may open (the same rule the server enforces). */
export function filterByAccess<T extends { access: Access }>(entries: readonly T[], me: AccessSubject): T[] {
  return entries.filter((entry) => canAccess(me, entry.access));
}

/** The menu entries `me` may see: those marked for the menu and allowed by access. */
export function menuEntries<T extends { access: Access; menu?: boolean }>(entries: readonly T[], me: AccessSubject): T[] {
  return filterByAccess(entries, me).filter((entry) => entry.menu !== false);
}
