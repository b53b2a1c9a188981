/**
 * What the tickets module tells and asks the modules above it (server/platform/seam.ts).
 * Payloads are plain JSON: ids, codes, ISO times.
 */
import type { TicketStatus, TicketType } from '../../../contracts/tickets';
import { defineEvent, defineGuard } from '../../platform/seam';
import type { TicketRow } from './tickets.repository';

/** A ticket was registered (not a retry, not a duplicate). */
export const TicketCreated = defineEvent<{ ticketId: string; number: string; customerId: string; assetId: string | null; type: TicketType; channel: string }>('ticket.created');

/** A ticket's status changed (every change, whatever caused it). `cause`: a person, a work order, triage. */
export const TicketMoved = defineEvent<{ ticketId: string; number: string; from: TicketStatus; to: TicketStatus; cause: 'manual' | 'work_order' | 'triage' }>('ticket.moved');

/** A ticket was resolved (by hand or by its last visit). */
export const TicketResolved = defineEvent<{ ticketId: string; number: string; customerId: string; assetId: string | null; resolvedAt: string }>('ticket.resolved');

/**
 * Asked before a person moves a ticket by hand: a check throws an AppError (409 naming `to`)
 * to refuse (the workorders module: no resolving while a visit is open).
 */
export const TicketManualMoveGuard = defineGuard<{ ticket: TicketRow; to: TicketStatus }>('ticket.manualMove');
