/**
 * The ticket follows its work orders (issue 5): dispatch sets the ticket's outlet and
 * technician and moves it to `dispatched`; the technician's arrival moves it to `in_progress`;
 * the last open visit completed resolves it; a visit that cannot be finished pauses it in the
 * matching pending state. Every move goes through the ticket transition table (a move the
 * table does not allow is skipped, never forced) and lands on the timeline, in the caller's
 * transaction.
 */
import { canTransition, PENDING_STATUSES, type TicketStatus } from '../../../contracts/tickets';
import { asc, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { ticketEvents, tickets } from './tickets.tables';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { recordAudit, recordAuditBatch } from '../audit';
import { onTicketStatusChange } from '../sla';
import { enqueueMessage } from '../notifications';
import * as repo from './tickets.repository';
import type { TicketRow } from './tickets.repository';

export type WorkOrderSignal =
  | { kind: 'dispatched'; outletId: string | null; assignedUserId: string | null }
  | { kind: 'started' }
  | { kind: 'all_done' }
  | { kind: 'paused'; to: 'waiting_parts' | 'waiting_maker' | 'waiting_customer'; text: string }
  /** The last booked visit went back to waiting (recalled, declined): the ticket is assessed again, with no outlet or technician. */
  | { kind: 'returned'; text: string }
  | { kind: 'event'; text: string };

/** The ticket fields a work order copies (customer, asset, type, contact) — read in the caller's transaction. */
export async function findTicketForWork(tx: Executor, ticketId: string, options: { forUpdate?: boolean } = {}): Promise<TicketRow | undefined> {
  return repo.findTicketById(tx, ticketId, options);
}

async function move(tx: Executor, actor: Actor, row: TicketRow, to: TicketStatus, now: Date, text: string | null): Promise<TicketRow> {
  if (row.status === to || !canTransition(row.status, to)) return row;
  // A pending ticket returns only to where it paused (or is cancelled): the work order cannot bend that rule.
  if (PENDING_STATUSES.includes(row.status) && row.pausedFromStatus !== to) return row;
  const patch: Partial<TicketRow> = { status: to, updatedAt: now, pausedFromStatus: PENDING_STATUSES.includes(to) ? row.status : null };
  if (to === 'resolved') patch.resolvedAt = now;
  const after = await repo.updateTicketRow(tx, row.id, patch);
  await onTicketStatusChange(tx, row.id, row.status, to, now);
  await repo.insertEvent(tx, {
    id: newId(),
    ticketId: row.id,
    at: now,
    kind: 'status_changed',
    actorId: actor.id,
    actorName: actor.displayName ?? actor.name,
    fromStatus: row.status,
    toStatus: to,
    text,
    isCustomerVisible: true,
  });
  await recordAudit(tx, actor, { entity: 'ticket', entityId: row.id, action: 'status_changed', before: { status: row.status }, after: { status: to, cause: 'work_order' } });
  if (to === 'resolved' && after.contactPhone && /^1\d{10}$/.test(after.contactPhone)) {
    await enqueueMessage(tx, now, { template: 'ticket_resolved', recipient: after.contactPhone, params: { number: after.number } });
  }
  return after;
}

/** Applies a work order's signal to its ticket, inside the caller's transaction. */
export async function followWorkOrder(tx: Executor, actor: Actor, ticketId: string, signal: WorkOrderSignal, now: Date): Promise<void> {
  let row = await repo.findTicketById(tx, ticketId, { forUpdate: true });
  if (!row) return;
  switch (signal.kind) {
    case 'dispatched': {
      if (row.outletId !== signal.outletId || row.assignedUserId !== signal.assignedUserId) {
        row = await repo.updateTicketRow(tx, row.id, { outletId: signal.outletId, assignedUserId: signal.assignedUserId, updatedAt: now });
      }
      await move(tx, actor, row, 'dispatched', now, null);
      return;
    }
    case 'started': {
      if (row.status === 'assessed') row = await move(tx, actor, row, 'dispatched', now, null);
      await move(tx, actor, row, 'in_progress', now, null);
      return;
    }
    case 'all_done': {
      if (row.status === 'assessed') row = await move(tx, actor, row, 'dispatched', now, null);
      if (row.status === 'dispatched') row = await move(tx, actor, row, 'in_progress', now, null);
      await move(tx, actor, row, 'resolved', now, '上门服务已完成');
      return;
    }
    case 'paused': {
      await move(tx, actor, row, signal.to, now, signal.text);
      return;
    }
    case 'returned': {
      if (row.status === 'dispatched') {
        row = await repo.updateTicketRow(tx, row.id, { outletId: null, assignedUserId: null, updatedAt: now });
        await move(tx, actor, row, 'assessed', now, signal.text);
        return;
      }
      await repo.insertEvent(tx, { id: newId(), ticketId: row.id, at: now, kind: 'work_order', actorId: actor.id, actorName: actor.displayName ?? actor.name, fromStatus: null, toStatus: null, text: signal.text, isCustomerVisible: false });
      return;
    }
    case 'event': {
      await repo.insertEvent(tx, { id: newId(), ticketId: row.id, at: now, kind: 'work_order', actorId: actor.id, actorName: actor.displayName ?? actor.name, fromStatus: null, toStatus: null, text: signal.text, isCustomerVisible: false });
      return;
    }
  }
}

/** id → number of tickets (for work order lists). */
export async function findTicketNumbers(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await executor.select({ id: tickets.id, number: tickets.number }).from(tickets).where(inArray(tickets.id, ids));
  return new Map(rows.map((row) => [row.id, row.number]));
}

/**
 * `followWorkOrder(…, {kind: 'dispatched'})` for a batch (automatic dispatch): the tickets are
 * locked in id order, get their outlet and technician, and an assessed ticket moves to
 * `dispatched` — in a handful of statements instead of several per ticket.
 */
export async function followWorkOrdersDispatched(tx: Executor, actor: Actor, items: { ticketId: string; outletId: string | null; assignedUserId: string | null }[], now: Date): Promise<void> {
  if (!items.length) return;
  const byTicket = new Map(items.map((item) => [item.ticketId, item]));
  const rows = await tx.select().from(tickets).where(inArray(tickets.id, [...byTicket.keys()])).orderBy(asc(tickets.id)).for('update');
  const updates: { id: string; outletId: string | null; assignedUserId: string | null; status: TicketStatus }[] = [];
  const moved: TicketRow[] = [];
  for (const row of rows) {
    const item = byTicket.get(row.id)!;
    const moves = row.status !== 'dispatched' && canTransition(row.status, 'dispatched') && !(PENDING_STATUSES.includes(row.status) && row.pausedFromStatus !== 'dispatched');
    if (moves) moved.push(row);
    if (moves || row.outletId !== item.outletId || row.assignedUserId !== item.assignedUserId) {
      updates.push({ id: row.id, outletId: item.outletId, assignedUserId: item.assignedUserId, status: moves ? 'dispatched' : row.status });
    }
  }
  if (updates.length) {
    const values = sql.join(updates.map((update) => sql`(${update.id}::uuid, ${update.outletId}::uuid, ${update.assignedUserId}::uuid, ${update.status})`), sql`, `);
    await tx.execute(sql`update ${tickets} as t set outlet_id = v.outlet_id, assigned_user_id = v.assigned_user_id, status = v.status, paused_from_status = case when v.status = t.status then t.paused_from_status else null end, updated_at = ${now}
      from (values ${values}) as v(id, outlet_id, assigned_user_id, status) where t.id = v.id`);
  }
  for (const row of moved) await onTicketStatusChange(tx, row.id, row.status, 'dispatched', now);
  if (moved.length) {
    await tx.insert(ticketEvents).values(
      moved.map((row) => ({ id: newId(), ticketId: row.id, at: now, kind: 'status_changed', actorId: actor.id, actorName: actor.displayName ?? actor.name, fromStatus: row.status, toStatus: 'dispatched' as const, text: null, isCustomerVisible: true })),
    );
    await recordAuditBatch(tx, actor, moved.map((row) => ({ entity: 'ticket', entityId: row.id, action: 'status_changed', before: { status: row.status }, after: { status: 'dispatched', cause: 'work_order' } })));
  }
}

/**
 * A rule another module adds to manual ticket transitions (dispatch: a ticket with open work
 * orders is not resolved, closed, cancelled or sent back to assessment by hand). It throws an
 * AppError to refuse; it runs in the transition's transaction.
 */
export type TicketTransitionGuard = (tx: Executor, ticket: TicketRow, to: TicketStatus) => Promise<void>;
const transitionGuards: TicketTransitionGuard[] = [];

export function addTicketTransitionGuard(guard: TicketTransitionGuard): void {
  if (!transitionGuards.includes(guard)) transitionGuards.push(guard);
}

export async function checkTransitionGuards(tx: Executor, ticket: TicketRow, to: TicketStatus): Promise<void> {
  for (const guard of transitionGuards) await guard(tx, ticket, to);
}
