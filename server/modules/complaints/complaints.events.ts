/** What the complaints module asks other modules (server/platform/seam.ts). */
import type { TFollowUpRatings } from '../../../contracts/complaints';
import { defineLookup } from '../../platform/seam';

/** What a follow-up carries over to its complaint (the visit, the people, what the customer said). */
export type FollowUpForComplaint = {
  id: string;
  /** Only a follow-up with a recorded outcome (the customer was reached) becomes a complaint. */
  hasOutcome: boolean;
  ticketId: string;
  workOrderId: string;
  workOrderNumber: string | null;
  customerId: string;
  technicianId: string | null;
  outletId: string | null;
  ratings: TFollowUpRatings | null;
  categories: string[];
  comment: string | null;
};

/**
 * A follow-up by id for "dissatisfied → complaint" (answered by the follow-ups module in
 * server/wiring.ts; null — "no such follow-up" — when nobody answers).
 */
export const FollowUpForComplaintLookup = defineLookup<string, FollowUpForComplaint | null>('complaints.followUpSource', () => null);
