import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { containsPattern } from '../../db/like';
import { outlets, systemSettings } from './org.tables';

export type OutletRow = typeof outlets.$inferSelect;

export async function findOutletById(executor: Executor, id: string): Promise<OutletRow | undefined> {
  const [row] = await executor.select().from(outlets).where(eq(outlets.id, id));
  return row;
}

export async function findOutletByCode(executor: Executor, code: string): Promise<OutletRow | undefined> {
  const [row] = await executor.select().from(outlets).where(eq(outlets.code, code));
  return row;
}

export async function findOutlets(executor: Executor, filter: { q?: string; scope?: SQL }, page: { limit: number; offset: number }) {
  const conditions: SQL[] = [];
  if (filter.scope) conditions.push(filter.scope);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    const match = or(ilike(outlets.code, pattern), ilike(outlets.name, pattern), ilike(outlets.address, pattern));
    if (match) conditions.push(match);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(outlets).where(where).orderBy(asc(outlets.code)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(outlets).where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function insertOutlet(executor: Executor, row: typeof outlets.$inferInsert): Promise<OutletRow> {
  const [created] = await executor.insert(outlets).values(row).returning();
  return created;
}

export async function updateOutlet(executor: Executor, id: string, patch: Partial<typeof outlets.$inferInsert>): Promise<OutletRow> {
  const [updated] = await executor.update(outlets).set(patch).where(eq(outlets.id, id)).returning();
  return updated;
}

export async function findOutletsByIds(executor: Executor, ids: string[]): Promise<OutletRow[]> {
  if (!ids.length) return [];
  return executor.select().from(outlets).where(inArray(outlets.id, ids));
}

export async function findAllOutlets(executor: Executor): Promise<OutletRow[]> {
  return executor.select().from(outlets);
}

/** A setting's stored JSON value, or undefined. */
export async function readSetting<T>(executor: Executor, key: string): Promise<T | undefined> {
  const [row] = await executor.select().from(systemSettings).where(eq(systemSettings.key, key));
  return row ? (row.value as T) : undefined;
}

export async function writeSetting(executor: Executor, key: string, value: unknown, at: Date): Promise<void> {
  await executor.insert(systemSettings).values({ key, value, updatedAt: at }).onConflictDoUpdate({ target: systemSettings.key, set: { value, updatedAt: at } });
}
