import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Principal } from './principal';

/**
 * The data-scoping mechanism every module applies to its reads: a principal with scope
 * `outlet` sees only rows of its outlet, one with scope `self` only rows it owns (or, where
 * a table has no owner, rows of its outlet). Returns undefined for `all`.
 *
 * A principal with a narrow scope but no outlet sees nothing (`false`), never everything.
 */
export function scopeCondition(
  principal: Principal,
  columns: { outlet?: AnyColumn; owner?: AnyColumn },
): SQL | undefined {
  if (principal.scope === 'all') return undefined;
  if (principal.scope === 'self' && columns.owner && principal.kind === 'user') {
    return sql`${columns.owner} = ${principal.userId}`;
  }
  if (columns.outlet && principal.outletId) return sql`${columns.outlet} = ${principal.outletId}`;
  return sql`false`;
}

/** Whether one record (its outlet and owner) is within the principal's scope. */
export function isInScope(principal: Principal, record: { outletId?: string | null; ownerId?: string | null }): boolean {
  if (principal.scope === 'all') return true;
  if (principal.scope === 'self' && record.ownerId !== undefined && principal.kind === 'user') {
    return record.ownerId === principal.userId;
  }
  return principal.outletId !== null && record.outletId === principal.outletId;
}
