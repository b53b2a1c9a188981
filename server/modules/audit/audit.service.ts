import type { Executor } from '../../db/client';
import type { Actor } from '../../platform/principal';
import { findAuditRows, insertAuditRow, insertAuditRows, type AuditFilter, type AuditRow } from './audit.repository';

/** Field names whose values never enter the audit trail. */
const REDACTED_FIELDS = new Set(['passwordHash', 'secretHash', 'csrfToken', 'password']);

export type AuditEvent = {
  entity: string;
  entityId?: string | null;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/**
 * Records one write in the audit trail. Call it with the transaction of the write, so
 * that both commit or neither does. For updates only the changed fields are kept.
 */
export async function recordAudit(executor: Executor, actor: Actor, event: AuditEvent): Promise<void> {
  await insertAuditRow(executor, toAuditRow(actor, event));
}

function toAuditRow(actor: Actor, event: AuditEvent) {
  const { before, after } = diffRecords(event.before ?? null, event.after ?? null);
  return {
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    entity: event.entity,
    entityId: event.entityId ?? null,
    action: event.action,
    before,
    after,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  };
}

/** Keeps only the fields that differ (both sides), with secrets redacted and dates as ISO text. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const clean = (record: Record<string, unknown> | null, keys: string[]) => {
    if (!record) return null;
    const result: Record<string, unknown> = {};
    for (const key of keys) {
      if (!(key in record)) continue;
      result[key] = REDACTED_FIELDS.has(key) ? '[redacted]' : normalize(record[key]);
    }
    return result;
  };
  if (before && after) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (key) => JSON.stringify(normalize(before[key])) !== JSON.stringify(normalize(after[key])),
    );
    return { before: clean(before, keys), after: clean(after, keys) };
  }
  return { before: clean(before, before ? Object.keys(before) : []), after: clean(after, after ? Object.keys(after) : []) };
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

export async function listAudit(executor: Executor, filter: AuditFilter, page: { page: number; pageSize: number }) {
  const { rows, total } = await findAuditRows(executor, filter, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
  return { items: rows.map(presentAuditRow), total, page: page.page, pageSize: page.pageSize };
}

function presentAuditRow(row: AuditRow) {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    entity: row.entity,
    entityId: row.entityId,
    action: row.action,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId,
    ip: row.ip,
  };
}

/** Records many audit rows at once (bulk imports), in the caller's transaction. */
export async function recordAuditBatch(executor: Executor, actor: Actor, events: AuditEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += 500) {
    await insertAuditRows(executor, events.slice(start, start + 500).map((event) => toAuditRow(actor, event)));
  }
}
