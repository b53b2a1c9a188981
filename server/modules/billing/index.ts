/**
 * The billing module's surface (收费、审批、收款、发票、结算, issue 13): its routes, what
 * `server/wiring.ts` registers (the bill on `workOrder.completed`, the ticket close guard),
 * the contract-rates hook, the providers' interfaces and fakes, the pure money rules.
 */
export { billingRoutes } from './billing.routes';
export { onWorkOrderCompleted, guardTicketCloseAgainstPendingApproval } from './bills.service';
export { BillingContractRates, billingApprovalSettings } from './billing.events';
export { FakePaymentProvider, FakeInvoiceProvider, setBillingProviders, type PaymentProvider, type InvoiceProvider } from './providers';
export { generateStatements, extrasOf, findPieceRate } from './settlement.service';
export { divideHalfUp, percentOf, billTotals } from './money';
export type { ContractRate } from './pricing';
