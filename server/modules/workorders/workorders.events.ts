/**
 * What the workorders module tells the modules above it (server/platform/seam.ts). Parts
 * (stock used on completion), follow-ups (a call after the visit), claims (drafted when a
 * visit is verified) and settlement subscribe here. Payloads are plain JSON.
 */
import type { WorkOrderStatus } from '../../../contracts/dispatch';
import { defineEvent, defineGuard, defineLookup } from '../../platform/seam';

type WorkOrderFacts = {
  workOrderId: string;
  number: string;
  ticketId: string;
  customerId: string;
  assetId: string | null;
  type: string;
  outletId: string | null;
  technicianId: string | null;
};

/** Every status change of a work order. */
export const WorkOrderMoved = defineEvent<WorkOrderFacts & { from: WorkOrderStatus; to: WorkOrderStatus }>('workOrder.moved');

/** A part of the catalogue the technician used, as the work report recorded it. */
export type CompletedPartLine = { partId: string; quantity: number; serials?: string[]; isWarranty: boolean; oldPartSerial?: string | null };

/**
 * The technician completed the visit (signed receipt); `finishedAt` is ISO; `modelId` is the
 * serviced unit's model; `partsUsed` the catalogue parts of the report (parts deducts them in
 * this transaction: a part not in stock refuses the completion); `assignedUserId` the
 * technician's user and `workDone` the report's work (quality records the visit from them).
 */
export const WorkOrderCompleted = defineEvent<WorkOrderFacts & { finishedAt: string; modelId: string | null; partsUsed: CompletedPartLine[]; assignedUserId: string | null; workDone: string | null }>('workOrder.completed');

/** Catalogue facts of parts by id, for pricing the work report (answered by parts; none without it). */
export const WorkOrderPartPrices = defineLookup<string[], Map<string, { partNumber: string; name: string; salePriceFen: number }>>('workOrder.partPrices', () => new Map());

/** The department verified the visit (completed or not completed). */
export const WorkOrderVerified = defineEvent<WorkOrderFacts & { verifiedAt: string; wasCompleted: boolean }>('workOrder.verified');

/**
 * Asked before the technician's phone completes a visit (in_progress → completed), inside the
 * step's transaction: a check throws an AppError naming the field to refuse (the quality
 * module: the self-check is missing or a required item failed).
 */
export const WorkOrderCompletionGuard = defineGuard<WorkOrderFacts & { categoryId: string | null }>('workOrder.complete');
