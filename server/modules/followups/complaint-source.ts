/**
 * What a follow-up hands over when it becomes a complaint. The complaints module asks for it
 * through its `FollowUpForComplaintLookup`; server/wiring.ts gives this as the answer (the
 * shapes match, so follow-ups need not know the module above it).
 */
import type { Executor } from '../../db/client';
import * as repo from './followups.repository';

export type FollowUpHandover = {
  id: string;
  hasOutcome: boolean;
  ticketId: string;
  workOrderId: string;
  workOrderNumber: string | null;
  customerId: string;
  technicianId: string | null;
  outletId: string | null;
  ratings: { overall: number; attitude: number; skill: number; timeliness: number } | null;
  categories: string[];
  comment: string | null;
};

export async function findFollowUpForComplaint(executor: Executor, id: string): Promise<FollowUpHandover | null> {
  const task = await repo.findTask(executor, id);
  if (!task) return null;
  const [outcome] = await repo.findOutcomes(executor, [task.id]);
  return {
    id: task.id,
    hasOutcome: outcome !== undefined,
    ticketId: task.ticketId,
    workOrderId: task.workOrderId,
    workOrderNumber: task.workOrderNumber,
    customerId: task.customerId,
    technicianId: task.technicianId,
    outletId: task.outletId,
    ratings: outcome ? { overall: outcome.overall, attitude: outcome.attitude, skill: outcome.skill, timeliness: outcome.timeliness } : null,
    categories: outcome?.categories ?? [],
    comment: outcome?.comment ?? null,
  };
}
