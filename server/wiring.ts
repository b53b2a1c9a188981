/**
 * Where the modules meet (docs/ARCHITECTURE.md, "How modules talk"): every subscriber to a
 * domain event, every guard check and every lookup answer is registered here and nowhere else.
 * A module that wants to hear about another's event adds one line here that calls a function
 * of its own index — it never registers itself as a side effect of being imported.
 *
 * Reading this file tells who reacts to what:
 * - tickets asks `TicketManualMoveGuard` before a person moves a ticket → workorders refuses
 *   resolving, closing, cancelling or re-assessing while a visit is open;
 * - customers asks `CustomerAssetCounts` for its lists → assets counts;
 * - workorders asks `WorkOrderPartPrices` for the work report → parts prices catalogue parts;
 *   `workOrder.completed` → parts deducts the parts used (same transaction);
 * - `parts.requisitionShort` / `parts.requisitionIssued` → workorders holds the visit's ticket
 *   in waiting_parts and releases it;
 * - quality (docs/QUALITY.md): answers `WorkOrderCompletionGuard` (no completion without a passed
 *   self-check), records visits on `workOrder.completed` / `workOrder.moved` (not completed), and
 *   detects repeat repairs on `ticket.created` and `ticket.moved` to assessed — all in the cause's
 *   transaction; it proposes ledger entries on `sla.clockBreached` (after commit: the late visit's
 *   technician) and `followup.outcomeRecorded` (praise / top ratings; followups publishes it);
 * - returns: refuses closing/cancelling a ticket while a loaner is out (`TicketManualMoveGuard`);
 *   drafts the maker claim line of an in-warranty visit after commit of `workOrder.completed`;
 * - billing (docs/BILLING.md): makes the bill final and keeps the settlement facts on
 *   `workOrder.completed` (same transaction); refuses closing a ticket while a discount or waiver
 *   waits for approval (`TicketManualMoveGuard`);
 * - after-commit subscribers are delivered through `domain_event_outbox` (jobs: events.deliver).
 */
import { countAssets } from './modules/assets';
import { CustomerAssetCounts } from './modules/customers';
import { TicketCreated, TicketManualMoveGuard, TicketMoved } from './modules/tickets';
import { guardTicketAgainstOpenWork, holdWorkOrderForParts, releaseWorkOrderParts, WorkOrderCompleted, WorkOrderCompletionGuard, WorkOrderMoved, WorkOrderPartPrices } from './modules/workorders';
import { checkSelfCheckBeforeCompletion, onFollowupOutcome, onSlaClockBreached, onTicketAssessed, onTicketCreated, recordCompletedVisit, recordIncompleteVisit, repeatFlagsOfTickets } from './modules/quality';
import { SlaClockBreached } from './modules/sla';
import { TicketRepeatRepairs } from './modules/dispatch';
import { consumePartsOnCompletion, partPrices, RequisitionIssued, RequisitionShort } from './modules/parts';
import { createTasksForVisit, findFollowUpForComplaint } from './modules/followups';
import { FollowUpForComplaintLookup } from './modules/complaints';
import { draftClaimLine, guardTicketAgainstOpenLoans } from './modules/returns';
import { guardTicketCloseAgainstPendingApproval, onWorkOrderCompleted as billOnCompletion } from './modules/billing';
import { writeDomainEventOutbox } from './platform/event-outbox';
import { FollowupOutcomeRecorded, seam as processSeam, type Seam } from './platform/seam';

const wired = new WeakSet<Seam>();

/** Registers the wiring on a seam once (the process's seam by default; apps built again reuse it). */
export function wireModules(target: Seam = processSeam): Seam {
  if (wired.has(target)) return target;
  wired.add(target);
  target.setOutboxWriter(writeDomainEventOutbox);

  target.addGuard(TicketManualMoveGuard, 'workorders.no-open-visits', guardTicketAgainstOpenWork);
  target.provide(CustomerAssetCounts, countAssets);

  // Parts: the work report prices catalogue parts; completing the visit deducts them from the
  // technician's stock in the same transaction (a part not in stock refuses the completion).
  target.provide(WorkOrderPartPrices, partPrices);
  target.subscribe(WorkOrderCompleted, { name: 'parts.consume-on-completion' }, async (tx, payload, meta) => {
    await consumePartsOnCompletion(tx, payload, meta);
  });
  // A visit waiting for parts (派工前预审): a short requisition pauses its ticket, the issue releases it.
  target.subscribe(RequisitionShort, { name: 'workorders.hold-for-parts' }, holdWorkOrderForParts);
  target.subscribe(RequisitionIssued, { name: 'workorders.release-parts' }, releaseWorkOrderParts);

  // Quality: the self-check before completion, the visits it keeps, repeat repairs at intake and triage.
  target.addGuard(WorkOrderCompletionGuard, 'quality.self-check', checkSelfCheckBeforeCompletion);
  target.subscribe(WorkOrderCompleted, { name: 'quality.record-visit' }, recordCompletedVisit);
  target.subscribe(WorkOrderMoved, { name: 'quality.record-incomplete-visit' }, recordIncompleteVisit);
  target.subscribe(TicketCreated, { name: 'quality.repeat-repair-at-intake' }, onTicketCreated);
  target.subscribe(TicketMoved, { name: 'quality.repeat-repair-at-triage' }, onTicketAssessed);
  // Quality's ledger triggers: an SLA clock breached by the technician's late visit (after commit
  // of the scan's mark), a follow-up's praise or top ratings (in the outcome's transaction).
  target.subscribe(SlaClockBreached, { name: 'quality.sla-breach', afterCommit: true }, onSlaClockBreached);
  target.subscribe(FollowupOutcomeRecorded, { name: 'quality.praise' }, onFollowupOutcome);

  // Follow-ups: the call tasks of a completed visit, after commit (one per visit and round).
  target.subscribe(WorkOrderCompleted, { name: 'followups.create-tasks', afterCommit: true }, (tx, payload, meta) => createTasksForVisit(tx, payload, meta));
  // 回访不满意 → 投诉: the follow-up hands over its visit, people and what the customer said
  target.provide(FollowUpForComplaintLookup, findFollowUpForComplaint);

  // Returns (issue 12): no closing or cancelling a ticket while a loaner lent on it is out; the
  // maker claim line of an in-warranty visit is drafted after commit of its completion.
  target.addGuard(TicketManualMoveGuard, 'returns.no-open-loaners', guardTicketAgainstOpenLoans);
  target.subscribe(WorkOrderCompleted, { name: 'returns.draft-claim-line', afterCommit: true }, (tx, payload, meta) => draftClaimLine(tx, payload, meta));
  // Dispatch asks quality which orders are repeat repairs (返修): the board shows the flag and
  // automatic dispatch prefers another technician than the earlier visit's.
  target.provide(TicketRepeatRepairs, repeatFlagsOfTickets);

  // Billing: the final bill and the settlement facts of a completed visit; no closing with an approval pending.
  target.subscribe(WorkOrderCompleted, { name: 'billing.finalize-bill' }, billOnCompletion);
  target.addGuard(TicketManualMoveGuard, 'billing.no-pending-approval', guardTicketCloseAgainstPendingApproval);

  return target;
}
