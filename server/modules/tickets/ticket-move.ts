/**
 * The one writer of a ticket's status (like `moveWorkOrder` for work orders). Every change —
 * by a person, by triage, by a work order — goes through `moveTicket` (or its bulk form for
 * automatic dispatch, `moveTicketsToDispatched`), in the caller's transaction: the status
 * fields, the SLA clocks, the timeline, the audit row, the customer's SMS and the domain events.
 * Callers decide whether the move is allowed (the transition table, guards); this applies it.
 */
import { PENDING_STATUSES, type TicketStatus } from '../../../contracts/tickets';
import { isMobile } from '../../../contracts/phones';
import type { Executor } from '../../db/client';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { publishEvent } from '../../platform/seam';
import { recordAudit, recordAuditBatch } from '../audit';
import { enqueueMessage } from '../notifications';
import { onTicketStatusChange } from '../sla';
import * as repo from './tickets.repository';
import type { TicketRow } from './tickets.repository';
import { TicketMoved, TicketResolved } from './tickets.events';

export type TicketMoveOptions = {
  cause: 'manual' | 'work_order' | 'triage';
  /** Other fields written with the move (the assessment, a reopen's counters, the outlet). */
  patch?: Partial<TicketRow>;
  /** The timeline entry (default: `status_changed`, shown to the customer, without text). */
  timeline?: { kind?: string; text?: string | null; isCustomerVisible?: boolean };
  /** The audit row (default: `status_changed` with the statuses). */
  audit?: { action?: string; before?: Record<string, unknown>; after?: Record<string, unknown> };
};

/** The status fields of a move from `row` to `to` (none when the status stays). */
function statusPatch(row: TicketRow, to: TicketStatus, now: Date): Partial<TicketRow> {
  if (row.status === to) return {};
  const patch: Partial<TicketRow> = { status: to, pausedFromStatus: PENDING_STATUSES.includes(to) ? row.status : null };
  if (to === 'resolved') patch.resolvedAt = now;
  if (to === 'closed') patch.closedAt = now;
  return patch;
}

/**
 * Applies a ticket's move to `to` (or, when `to` is its status, writes the patch, timeline and
 * audit without a status change). Returns the row as written.
 */
export async function moveTicket(tx: Executor, actor: Actor, row: TicketRow, to: TicketStatus, now: Date, options: TicketMoveOptions): Promise<TicketRow> {
  const isMove = row.status !== to;
  const after = await repo.updateTicketRow(tx, row.id, { ...statusPatch(row, to, now), ...(options.patch ?? {}), updatedAt: now });
  if (isMove) await onTicketStatusChange(tx, row.id, row.status, to, now);
  if (isMove && (to === 'resolved' || to === 'cancelled') && after.contactPhone && isMobile(after.contactPhone)) {
    await enqueueMessage(tx, now, { template: to === 'resolved' ? 'ticket_resolved' : 'ticket_cancelled', recipient: after.contactPhone, params: { number: after.number } });
  }
  await repo.insertEvent(tx, {
    id: newId(),
    ticketId: row.id,
    at: now,
    kind: options.timeline?.kind ?? 'status_changed',
    actorId: actor.id,
    actorName: actor.displayName ?? actor.name,
    fromStatus: row.status,
    toStatus: to,
    text: options.timeline?.text ?? null,
    isCustomerVisible: options.timeline?.isCustomerVisible ?? true,
  });
  await recordAudit(tx, actor, {
    entity: 'ticket',
    entityId: row.id,
    action: options.audit?.action ?? 'status_changed',
    before: options.audit?.before ?? { status: row.status },
    after: options.audit?.after ?? { status: to },
  });
  if (isMove) await publishMoved(tx, actor, now, row, after, options.cause);
  return after;
}

async function publishMoved(tx: Executor, actor: Actor, now: Date, before: TicketRow, after: TicketRow, cause: TicketMoveOptions['cause']) {
  await publishEvent(tx, TicketMoved, { ticketId: after.id, number: after.number, from: before.status, to: after.status, cause }, { actor, now });
  if (after.status === 'resolved') {
    await publishEvent(tx, TicketResolved, { ticketId: after.id, number: after.number, customerId: after.customerId, assetId: after.assetId, resolvedAt: now.toISOString() }, { actor, now });
  }
}

/**
 * The bulk form for automatic dispatch: the given tickets (locked by the caller, in id order)
 * get their outlet and technician; those in `moving` go to `dispatched` — the same fields,
 * clocks, timeline, audit and events as `moveTicket`, in a handful of statements.
 */
export async function moveTicketsToDispatched(
  tx: Executor,
  actor: Actor,
  updates: { row: TicketRow; outletId: string | null; assignedUserId: string | null; isMoving: boolean }[],
  now: Date,
): Promise<void> {
  if (!updates.length) return;
  await repo.updateTicketsDispatchedInBulk(
    tx,
    updates.map((update) => ({ id: update.row.id, outletId: update.outletId, assignedUserId: update.assignedUserId, status: update.isMoving ? 'dispatched' : update.row.status })),
    now,
  );
  const moved = updates.filter((update) => update.isMoving).map((update) => update.row);
  for (const row of moved) await onTicketStatusChange(tx, row.id, row.status, 'dispatched', now);
  if (!moved.length) return;
  await repo.insertEvents(
    tx,
    moved.map((row) => ({ id: newId(), ticketId: row.id, at: now, kind: 'status_changed', actorId: actor.id, actorName: actor.displayName ?? actor.name, fromStatus: row.status, toStatus: 'dispatched' as const, text: null, isCustomerVisible: true })),
  );
  await recordAuditBatch(tx, actor, moved.map((row) => ({ entity: 'ticket', entityId: row.id, action: 'status_changed', before: { status: row.status }, after: { status: 'dispatched', cause: 'work_order' } })));
  for (const row of moved) await publishMoved(tx, actor, now, row, { ...row, status: 'dispatched' }, 'work_order');
}
