import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { containsPattern } from '../../db/like';
import { apiTokens, sessions, users } from './auth.tables';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function findUserById(executor: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await executor.select().from(users).where(eq(users.id, id));
  return row;
}

/** The user row locked for update, for read-modify-write in a transaction. */
export async function findUserByIdForUpdate(executor: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await executor.select().from(users).where(eq(users.id, id)).for('update');
  return row;
}

/** Several users by id (one query). */
export async function findUsersByIds(executor: Executor, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return executor.select().from(users).where(inArray(users.id, ids));
}

export async function findUserByUsername(executor: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await executor.select().from(users).where(eq(users.username, username.toLowerCase()));
  return row;
}

export async function countUsers(executor: Executor): Promise<number> {
  const [{ total }] = await executor.select({ total: count() }).from(users);
  return Number(total);
}

export async function insertUser(executor: Executor, row: typeof users.$inferInsert): Promise<UserRow> {
  const [created] = await executor.insert(users).values(row).returning();
  return created;
}

export async function updateUser(executor: Executor, id: string, patch: Partial<typeof users.$inferInsert>): Promise<UserRow> {
  const [updated] = await executor.update(users).set(patch).where(eq(users.id, id)).returning();
  return updated;
}

export type UserListFilter = { q?: string; role?: string; outletId?: string; isDisabled?: boolean; scope?: SQL };

export async function findUsers(executor: Executor, filter: UserListFilter, page: { limit: number; offset: number }) {
  const conditions: (SQL | undefined)[] = [filter.scope];
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(users.phone, pattern)));
  }
  if (filter.role) conditions.push(sql`${users.roles} @> ${JSON.stringify([filter.role])}::jsonb`);
  if (filter.outletId) conditions.push(eq(users.outletId, filter.outletId));
  if (filter.isDisabled !== undefined) conditions.push(eq(users.isDisabled, filter.isDisabled));
  const where = and(...conditions.filter((condition): condition is SQL => condition !== undefined));
  const [rows, [{ total }]] = await Promise.all([
    executor
      .select({ user: users })
      .from(users)
      .where(where)
      .orderBy(asc(users.username))
      .limit(page.limit)
      .offset(page.offset),
    executor.select({ total: count() }).from(users).where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function insertSession(executor: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await executor.insert(sessions).values(row);
}

/** A live session with its user: not revoked, not past either expiry. */
export async function findLiveSession(executor: Executor, sessionId: string, now: Date) {
  const [row] = await executor
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > ${now}`, sql`${sessions.idleExpiresAt} > ${now}`));
  return row;
}

export async function touchSession(executor: Executor, sessionId: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
  await executor.update(sessions).set({ lastSeenAt, idleExpiresAt }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(executor: Executor, sessionId: string, at: Date): Promise<SessionRow | undefined> {
  const [row] = await executor
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning();
  return row;
}

/** Revokes every live session of a user, optionally sparing one; returns how many. */
export async function revokeUserSessions(executor: Executor, userId: string, at: Date, exceptSessionId?: string): Promise<number> {
  const rows = await executor
    .update(sessions)
    .set({ revokedAt: at })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptSessionId ? sql`${sessions.id} <> ${exceptSessionId}` : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

export async function findUserSessions(executor: Executor, userId: string, now: Date): Promise<SessionRow[]> {
  return executor
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > ${now}`, sql`${sessions.idleExpiresAt} > ${now}`))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function insertApiToken(executor: Executor, row: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [created] = await executor.insert(apiTokens).values(row).returning();
  return created;
}

export async function findApiTokenBySecretHash(executor: Executor, secretHash: string): Promise<ApiTokenRow | undefined> {
  const [row] = await executor.select().from(apiTokens).where(eq(apiTokens.secretHash, secretHash));
  return row;
}

export async function findApiTokens(executor: Executor): Promise<ApiTokenRow[]> {
  return executor.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
}

export async function findApiTokenById(executor: Executor, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await executor.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export async function updateApiToken(executor: Executor, id: string, patch: Partial<typeof apiTokens.$inferInsert>): Promise<ApiTokenRow> {
  const [row] = await executor.update(apiTokens).set(patch).where(eq(apiTokens.id, id)).returning();
  return row;
}
