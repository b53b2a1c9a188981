/**
 * The quality module's surface (质量管理, issue 14): its routes, the functions `server/wiring.ts`
 * registers on the seam (self-check guard, visits, repeat-repair detection, SLA breaches and
 * follow-up outcomes for the ledger's triggers), and
 * `proposeEntry(tx, …)` for follow-ups and complaints to propose ledger entries.
 */
export { qualityRoutes } from './quality.routes';
export { checkSelfCheckBeforeCompletion, evaluateAnswers } from './checklists.service';
export { recordCompletedVisit, recordIncompleteVisit } from './inspection.service';
export { onTicketCreated, onTicketAssessed, detectRepeatRepair, backfillRepeatRepairs, matchFault, repeatFlagsOfTickets } from './repeat.service';
export { proposeEntry, ledgerTodoCounts, type ProposeInput } from './ledger.service';
export { getQualityFigures } from './figures.service';
export { onSlaClockBreached, onFollowupOutcome } from './triggers.service';
/** Settlement (billing) reads the approved penalties of a month. */
export { approvedPenaltiesBetween, type ApprovedPenalty } from './settlement-read';
