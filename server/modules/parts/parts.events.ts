/**
 * What the parts module tells the modules above it and beside it (server/platform/seam.ts),
 * registered in server/wiring.ts. Payloads are plain JSON.
 */
import { defineEvent } from '../../platform/seam';

/**
 * A requisition for a work order cannot be served (created short, or marked 缺料): the visit
 * waits for parts — the ticket pauses in `waiting_parts` (its clocks stop).
 */
export const RequisitionShort = defineEvent<{ requisitionId: string; workOrderId: string; technicianId: string; text: string }>('parts.requisitionShort');

/**
 * A requisition for a work order was issued to the technician; `isEveryPartReady` when no
 * requisition of that order is still short or waiting — the visit may go ahead.
 */
export const RequisitionIssued = defineEvent<{ requisitionId: string; workOrderId: string; technicianId: string; isEveryPartReady: boolean }>('parts.requisitionIssued');
