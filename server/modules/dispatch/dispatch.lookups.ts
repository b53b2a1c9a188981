/**
 * What dispatch asks of higher modules (the seam, docs/ARCHITECTURE.md): the repeat-repair
 * flags of tickets (返修), answered by quality in server/wiring.ts. Without an answer no ticket
 * is a repeat repair.
 */
import { defineLookup } from '../../platform/seam';

/** A ticket flagged 返修: the earlier visit's technician (to avoid) and the flag as the dispatcher reads it. */
export type RepeatRepairFlag = { technicianId: string | null; summary: string };

/** Ticket ids → the uncleared repeat-repair flag of each flagged ticket. */
export const TicketRepeatRepairs = defineLookup<string[], Map<string, RepeatRepairFlag>>('dispatch.ticketRepeatRepairs', () => new Map());
