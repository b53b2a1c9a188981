import { and, eq, lt } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client';
import { AppError } from './errors';
import { sha256 } from './ids';

/**
 * Idempotency keys: a client retrying a POST with the same `Idempotency-Key` gets the first
 * answer back instead of a second write. Keys are per caller and kept for 24 hours.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    callerId: text('caller_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    resourceId: text('resource_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.callerId, table.key] })],
);

const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;
const TTL_MS = 24 * 3_600_000;

/** Checks the header value; undefined when absent. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!KEY_PATTERN.test(value)) throw new AppError('validation_error', 'Idempotency-Key: 8 to 128 letters, digits, - _ : .', { details: [{ path: ['Idempotency-Key'], message: 'invalid' }] });
  return value;
}

/**
 * The resource a previous request with this key created, or undefined. The same key with a
 * different body is a client error (409), never a silent second resource.
 */
export async function findIdempotentResult(executor: Executor, callerId: string, key: string, body: unknown, now: Date): Promise<string | undefined> {
  await executor.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - TTL_MS)));
  const [row] = await executor.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.callerId, callerId), eq(idempotencyKeys.key, key)));
  if (!row) return undefined;
  if (row.requestHash !== sha256(JSON.stringify(body))) {
    throw new AppError('conflict', 'This Idempotency-Key was used with a different request', { details: [{ path: ['Idempotency-Key'], message: 'reused with a different body', code: 'idempotency_key_reused' }] });
  }
  return row.resourceId;
}

/** Remembers the resource created under a key, in the transaction that created it. */
export async function rememberIdempotentResult(executor: Executor, callerId: string, key: string, body: unknown, resourceId: string, now: Date): Promise<void> {
  await executor.insert(idempotencyKeys).values({ callerId, key, requestHash: sha256(JSON.stringify(body)), resourceId, createdAt: now });
}
