/**
 * The ticket follows its work orders (issue 5): dispatch sets the ticket's outlet and
 * technician and moves it to `dispatched`; the technician's arrival moves it to `in_progress`;
 * the last open visit completed resolves it; a visit that cannot be finished pauses it in the
 * matching pending state. Every move goes through the ticket transition table (a move the
 * table does not allow is skipped, never forced) and lands on the timeline, in the caller's
 * transaction.
 */
import { canTransition, PENDING_STATUSES, type TicketStatus } from '../../../contracts/tickets';
import type { Executor } from '../../db/client';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import * as repo from './tickets.repository';
import { moveTicket, moveTicketsToDispatched } from './ticket-move';
import type { TicketRow } from './tickets.repository';

export type WorkOrderSignal =
  | { kind: 'dispatched'; outletId: string | null; assignedUserId: string | null }
  | { kind: 'started' }
  | { kind: 'all_done' }
  | { kind: 'paused'; to: 'waiting_parts' | 'waiting_maker' | 'waiting_customer'; text: string }
  /** The last booked visit went back to waiting (recalled, declined): the ticket is assessed again, with no outlet or technician. */
  | { kind: 'returned'; text: string }
  | { kind: 'event'; text: string }
  /**
   * The job is to be done again (a follow-up's 退回重办): a resolved or closed ticket is reopened
   * (its reopen counter, the timeline) and assessed again, so the new visit can be planned.
   */
  | { kind: 'redo'; text: string }
  /** What the ticket waited for has come (the parts arrived): back to where it paused. */
  | { kind: 'resumed'; from: 'waiting_parts' | 'waiting_maker' | 'waiting_customer'; text: string };

/** The ticket fields a work order copies (customer, asset, type, contact) — read in the caller's transaction. */
export async function findTicketForWork(tx: Executor, ticketId: string, options: { forUpdate?: boolean } = {}): Promise<TicketRow | undefined> {
  return repo.findTicketById(tx, ticketId, options);
}

/** A move the work order asks for: only along the table, never bending a pending state's return. */
async function move(tx: Executor, actor: Actor, row: TicketRow, to: TicketStatus, now: Date, text: string | null): Promise<TicketRow> {
  if (row.status === to || !canTransition(row.status, to)) return row;
  // A pending ticket returns only to where it paused (or is cancelled): the work order cannot bend that rule.
  if (PENDING_STATUSES.includes(row.status) && row.pausedFromStatus !== to) return row;
  return moveTicket(tx, actor, row, to, now, { cause: 'work_order', timeline: { text }, audit: { after: { status: to, cause: 'work_order' } } });
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
      // The technician is on site: whatever the ticket waited for before the visit is there.
      if (row.status === 'waiting_parts' && row.pausedFromStatus) row = await move(tx, actor, row, row.pausedFromStatus, now, null);
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
    case 'resumed': {
      if (row.status === signal.from && row.pausedFromStatus) await move(tx, actor, row, row.pausedFromStatus, now, signal.text);
      return;
    }
    case 'redo': {
      if (row.status === 'resolved' || row.status === 'closed') {
        row = await moveTicket(tx, actor, row, 'accepted', now, {
          cause: 'work_order',
          patch: { reopenCount: row.reopenCount + 1, resolvedAt: null, closedAt: null },
          timeline: { kind: 'reopened', text: signal.text, isCustomerVisible: true },
          audit: { action: 'reopened', after: { status: 'accepted', cause: 'work_order', text: signal.text } },
        });
      }
      if (row.status === 'accepted' && row.assessment) await move(tx, actor, row, 'assessed', now, null);
      return;
    }
    case 'event': {
      await repo.insertEvent(tx, { id: newId(), ticketId: row.id, at: now, kind: 'work_order', actorId: actor.id, actorName: actor.displayName ?? actor.name, fromStatus: null, toStatus: null, text: signal.text, isCustomerVisible: false });
      return;
    }
  }
}

/**
 * `followWorkOrder(…, {kind: 'dispatched'})` for a batch (automatic dispatch): the tickets are
 * locked in id order, get their outlet and technician, and an assessed ticket moves to
 * `dispatched` — in a handful of statements instead of several per ticket.
 */
export async function followWorkOrdersDispatched(tx: Executor, actor: Actor, items: { ticketId: string; outletId: string | null; assignedUserId: string | null }[], now: Date): Promise<void> {
  if (!items.length) return;
  const byTicket = new Map(items.map((item) => [item.ticketId, item]));
  const rows = await repo.lockTicketsInOrder(tx, [...byTicket.keys()]);
  const updates = rows.flatMap((row) => {
    const item = byTicket.get(row.id)!;
    const isMoving = row.status !== 'dispatched' && canTransition(row.status, 'dispatched') && !(PENDING_STATUSES.includes(row.status) && row.pausedFromStatus !== 'dispatched');
    return isMoving || row.outletId !== item.outletId || row.assignedUserId !== item.assignedUserId ? [{ row, outletId: item.outletId, assignedUserId: item.assignedUserId, isMoving }] : [];
  });
  await moveTicketsToDispatched(tx, actor, updates, now);
}

export { findTicketNumbers } from './tickets.repository';
