/**
 * The returns module's surface (issue 12): returns and exchanges, the unit stock, loaners and
 * maker claims. Wired in server/wiring.ts: the loaner check of `TicketManualMoveGuard` and the
 * after-commit claim draft on `workOrder.completed`.
 */
export { returnsRoutes } from './returns.routes';
export { guardTicketAgainstOpenLoans, countOverdueLoans } from './loaners.service';
export { countReturnsToDecide } from './returns.service';
export { draftClaimLine } from './claims.service';
export { returnSettings } from './returns.settings';
