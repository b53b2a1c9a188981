import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditLog } from './audit.tables';

export type NewAuditRow = typeof auditLog.$inferInsert;
export type AuditRow = typeof auditLog.$inferSelect;

export async function insertAuditRow(executor: Executor, row: NewAuditRow): Promise<void> {
  await executor.insert(auditLog).values(row);
}

export type AuditFilter = {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
};

export async function findAuditRows(executor: Executor, filter: AuditFilter, page: { limit: number; offset: number }) {
  const conditions: SQL[] = [];
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function insertAuditRows(executor: Executor, rows: NewAuditRow[]): Promise<void> {
  if (rows.length) await executor.insert(auditLog).values(rows);
}
