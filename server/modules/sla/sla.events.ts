/**
 * What the sla module tells higher modules (the seam, docs/ARCHITECTURE.md). Published by the
 * SLA scan (`scanClocks`) in the transaction that marks the clock breached, once per clock.
 */
import { defineEvent } from '../../platform/seam';

export type SlaClockKind = 'response' | 'onsite' | 'resolution';

/**
 * A ticket's clock was found breached (past its due time while running): `dueAt` the due time,
 * `breachedAt` the scan's time. Quality decides whether a technician was responsible.
 */
export const SlaClockBreached = defineEvent<{ clockId: string; ticketId: string; kind: SlaClockKind; dueAt: string; breachedAt: string }>('sla.clockBreached');
