import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { portalCodes, portalSessions } from './portal.tables';

export type PortalCodeRow = typeof portalCodes.$inferSelect;
export type PortalSessionRow = typeof portalSessions.$inferSelect;

/** Serializes code requests for one phone until the transaction ends (transaction-level advisory lock). */
export async function lockPortalCodesOfPhone(tx: Executor, phone: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`portal-code:${phone}`}))`);
}

/** The phone's codes created since `since`, newest first. */
export async function findPortalCodesSince(executor: Executor, phone: string, since: Date): Promise<PortalCodeRow[]> {
  return executor
    .select()
    .from(portalCodes)
    .where(and(eq(portalCodes.phone, phone), gte(portalCodes.createdAt, since)))
    .orderBy(desc(portalCodes.createdAt));
}

export async function insertPortalCode(executor: Executor, row: typeof portalCodes.$inferInsert): Promise<void> {
  await executor.insert(portalCodes).values(row);
}

/** The phone's newest unconsumed, unexpired code, locked for update. */
export async function findLatestLivePortalCodeForUpdate(executor: Executor, phone: string, now: Date): Promise<PortalCodeRow | undefined> {
  const [row] = await executor
    .select()
    .from(portalCodes)
    .where(and(eq(portalCodes.phone, phone), isNull(portalCodes.consumedAt), gte(portalCodes.expiresAt, now)))
    .orderBy(desc(portalCodes.createdAt))
    .limit(1)
    .for('update');
  return row;
}

export async function updatePortalCode(executor: Executor, id: string, patch: Partial<typeof portalCodes.$inferInsert>): Promise<void> {
  await executor.update(portalCodes).set(patch).where(eq(portalCodes.id, id));
}

export async function insertPortalSession(executor: Executor, row: typeof portalSessions.$inferInsert): Promise<void> {
  await executor.insert(portalSessions).values(row);
}

/** A portal session by id (the secret's hash) that is neither revoked nor expired. */
export async function findLivePortalSession(executor: Executor, id: string, now: Date): Promise<PortalSessionRow | undefined> {
  const [row] = await executor
    .select()
    .from(portalSessions)
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.revokedAt), gte(portalSessions.expiresAt, now)));
  return row;
}

export async function revokePortalSession(executor: Executor, id: string, at: Date): Promise<void> {
  await executor.update(portalSessions).set({ revokedAt: at }).where(eq(portalSessions.id, id));
}
