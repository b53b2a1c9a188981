/**
 * What the workorders module tells the modules above it (server/platform/seam.ts). Parts
 * (stock used on completion), follow-ups (a call after the visit), claims (drafted when a
 * visit is verified) and settlement subscribe here. Payloads are plain JSON.
 */
import type { WorkOrderStatus } from '../../../contracts/dispatch';
import { defineEvent } from '../../platform/seam';

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

/** The technician completed the visit (signed receipt); `finishedAt` is ISO. */
export const WorkOrderCompleted = defineEvent<WorkOrderFacts & { finishedAt: string }>('workOrder.completed');

/** The department verified the visit (completed or not completed). */
export const WorkOrderVerified = defineEvent<WorkOrderFacts & { verifiedAt: string; wasCompleted: boolean }>('workOrder.verified');
