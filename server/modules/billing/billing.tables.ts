/**
 * Billing (issue 13): fee schedule and piece-rate versions, bills and their lines, approvals,
 * payments, cash hand-ins, invoices, the settlement facts of completed visits and the monthly
 * statements with their lines. Work orders, tickets, customers, outlets and users are referred
 * to by id only. Money is integer fen (bigint where a month's sum could grow large).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  AdjustmentKind,
  AdjustmentStatus,
  ApproverLevel,
  BillStatus,
  DeductionType,
  ExtraKind,
  InvoiceType,
  LineKind,
  LineState,
  Payer,
  PaymentMethod,
  SettlementParty,
  StatementLineKind,
  StatementStatus,
  TLabourRate,
  TPieceRate,
  TPieceRateExtras,
  TVisitFee,
} from '../../../contracts/billing';

/** A version of the fee schedule (收费标准): applies from `effective_from` (Asia/Shanghai day) until the next version. */
export const billingFeeSchedules = pgTable(
  'billing_fee_schedules',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    labour: jsonb('labour').$type<TLabourRate[]>().notNull(),
    visit: jsonb('visit').$type<TVisitFee[]>().notNull(),
    consumablesAtCost: boolean('consumables_at_cost').notNull().default(false),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('billing_fee_schedules_from_idx').on(table.effectiveFrom)],
);

/** A version of the piece rates (计件单价) for outlets and technicians, with the extras. */
export const billingPieceRates = pgTable(
  'billing_piece_rates',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    rates: jsonb('rates').$type<TPieceRate[]>().notNull(),
    extras: jsonb('extras').$type<TPieceRateExtras>().notNull(),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('billing_piece_rates_from_idx').on(table.effectiveFrom)],
);

/** The bill of a work order: the quote before work, the final bill after. One per work order. */
export const billingBills = pgTable(
  'billing_bills',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    workOrderNumber: text('work_order_number').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    outletId: uuid('outlet_id'),
    technicianUserId: uuid('technician_user_id'),
    status: text('status').$type<BillStatus>().notNull(),
    isWarranty: boolean('is_warranty').notNull(),
    /** The schedule version the quote used (kept when the schedule changes). */
    scheduleId: uuid('schedule_id').notNull().references(() => billingFeeSchedules.id),
    subtotalFen: bigint('subtotal_fen', { mode: 'number' }).notNull(),
    discountFen: bigint('discount_fen', { mode: 'number' }).notNull(),
    dueFen: bigint('due_fen', { mode: 'number' }).notNull(),
    claimFen: bigint('claim_fen', { mode: 'number' }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
    refundedFen: bigint('refunded_fen', { mode: 'number' }).notNull().default(0),
    distanceKm: doublePrecision('distance_km'),
    /** The code the customer reads back to confirm (method `code`). */
    confirmCode: text('confirm_code'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmMethod: text('confirm_method'),
    confirmedDueFen: bigint('confirmed_due_fen', { mode: 'number' }),
    finalizedAt: timestamp('finalized_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('billing_bills_work_order_idx').on(table.workOrderId),
    index('billing_bills_ticket_idx').on(table.ticketId),
    index('billing_bills_outstanding_idx').on(table.customerId).where(sql`status = 'final' and due_fen > paid_fen - refunded_fen`),
  ],
);

export const billingBillLines = pgTable(
  'billing_bill_lines',
  {
    id: uuid('id').primaryKey(),
    billId: uuid('bill_id').notNull().references(() => billingBills.id),
    seq: integer('seq').notNull(),
    kind: text('kind').$type<LineKind>().notNull(),
    description: text('description').notNull(),
    partId: uuid('part_id'),
    quantity: integer('quantity').notNull(),
    unitPriceFen: bigint('unit_price_fen', { mode: 'number' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    payer: text('payer').$type<Payer>().notNull(),
    source: text('source').$type<'quote' | 'onsite' | 'report' | 'approval'>().notNull(),
    adjustmentId: uuid('adjustment_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('billing_bill_lines_bill_idx').on(table.billId, table.seq)],
);

/** A proposed discount, waiver or changed amount, decided by the outlet head or the manager. */
export const billingAdjustments = pgTable(
  'billing_adjustments',
  {
    id: uuid('id').primaryKey(),
    billId: uuid('bill_id').notNull().references(() => billingBills.id),
    ticketId: uuid('ticket_id').notNull(),
    outletId: uuid('outlet_id'),
    kind: text('kind').$type<AdjustmentKind>().notNull(),
    percentBp: integer('percent_bp'),
    /** The reduction of the due (negative: the technician asked for more). */
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    baseFen: bigint('base_fen', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    requiredLevel: text('required_level').$type<ApproverLevel>().notNull(),
    status: text('status').$type<AdjustmentStatus>().notNull(),
    proposedById: text('proposed_by_id').notNull(),
    proposedBy: text('proposed_by').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
    decidedById: text('decided_by_id'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    index('billing_adjustments_pending_idx').on(table.status, table.proposedAt),
    index('billing_adjustments_ticket_idx').on(table.ticketId, table.status),
    index('billing_adjustments_bill_idx').on(table.billId),
  ],
);

/** Payments and refunds of a bill; a payment link waits `pending` until the provider reports it paid. */
export const billingPayments = pgTable(
  'billing_payments',
  {
    id: uuid('id').primaryKey(),
    billId: uuid('bill_id').notNull().references(() => billingBills.id),
    outletId: uuid('outlet_id'),
    kind: text('kind').$type<'payment' | 'refund'>().notNull(),
    method: text('method').$type<PaymentMethod>().notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reference: text('reference'),
    status: text('status').$type<'pending' | 'succeeded'>().notNull(),
    providerRef: text('provider_ref'),
    payUrl: text('pay_url'),
    collectorUserId: uuid('collector_user_id').notNull(),
    collectorName: text('collector_name').notNull(),
    reason: text('reason'),
    refundOfId: uuid('refund_of_id'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    /** The Asia/Shanghai day of `paid_at` (cash reconciliation per day). */
    businessDate: date('business_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('billing_payments_bill_idx').on(table.billId),
    index('billing_payments_cash_idx').on(table.businessDate, table.collectorUserId).where(sql`method = 'cash'`),
    uniqueIndex('billing_payments_provider_ref_idx').on(table.providerRef),
  ],
);

/** A technician's cash hand-in (技师缴款) to the outlet or the company. */
export const billingCashHandins = pgTable(
  'billing_cash_handins',
  {
    id: uuid('id').primaryKey(),
    outletId: uuid('outlet_id'),
    technicianUserId: uuid('technician_user_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    note: text('note'),
    receivedById: text('received_by_id').notNull(),
    receivedBy: text('received_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('billing_cash_handins_day_idx').on(table.businessDate, table.technicianUserId)],
);

/** A fapiao request against a bill, and its issue. */
export const billingInvoices = pgTable(
  'billing_invoices',
  {
    id: uuid('id').primaryKey(),
    billId: uuid('bill_id').notNull().references(() => billingBills.id),
    type: text('type').$type<InvoiceType>().notNull(),
    title: text('title').notNull(),
    taxId: text('tax_id'),
    address: text('address'),
    phone: text('phone'),
    bankName: text('bank_name'),
    bankAccount: text('bank_account'),
    email: text('email'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status').$type<'requested' | 'issued'>().notNull(),
    number: text('number'),
    issuedOn: date('issued_on', { mode: 'string' }),
    providerRef: text('provider_ref'),
    requestedById: text('requested_by_id').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (table) => [index('billing_invoices_bill_idx').on(table.billId), uniqueIndex('billing_invoices_number_idx').on(table.number)],
);

/** What settlement needs of a completed visit, written in the completion's transaction. */
export const billingSettlementOrders = pgTable(
  'billing_settlement_orders',
  {
    workOrderId: uuid('work_order_id').primaryKey(),
    number: text('number').notNull(),
    workType: text('work_type').notNull(),
    categoryId: uuid('category_id'),
    priority: text('priority').notNull(),
    outletId: uuid('outlet_id'),
    technicianId: uuid('technician_id'),
    technicianUserId: uuid('technician_user_id'),
    distanceKm: doublePrecision('distance_km'),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    /** The Asia/Shanghai month of `finished_at`, 'YYYY-MM'. */
    period: text('period').notNull(),
  },
  (table) => [index('billing_settlement_orders_period_idx').on(table.period)],
);

/** A monthly statement (结算单) of an outlet or a technician. */
export const billingStatements = pgTable(
  'billing_statements',
  {
    id: uuid('id').primaryKey(),
    period: text('period').notNull(),
    partyType: text('party_type').$type<SettlementParty>().notNull(),
    partyId: uuid('party_id').notNull(),
    partyName: text('party_name').notNull(),
    /** The technician's user (technician statements): whom the statement is shown to. */
    partyUserId: uuid('party_user_id'),
    status: text('status').$type<StatementStatus>().notNull(),
    rateId: uuid('rate_id').references(() => billingPieceRates.id),
    orderCount: integer('order_count').notNull(),
    ordersFen: bigint('orders_fen', { mode: 'number' }).notNull(),
    extrasFen: bigint('extras_fen', { mode: 'number' }).notNull(),
    deductionsFen: bigint('deductions_fen', { mode: 'number' }).notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedById: text('approved_by_id'),
    approvedBy: text('approved_by'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('billing_statements_party_idx').on(table.period, table.partyType, table.partyId)],
);

export const billingStatementLines = pgTable(
  'billing_statement_lines',
  {
    id: uuid('id').primaryKey(),
    statementId: uuid('statement_id').notNull().references(() => billingStatements.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    kind: text('kind').$type<StatementLineKind>().notNull(),
    deductionType: text('deduction_type').$type<DeductionType>(),
    workOrderId: uuid('work_order_id'),
    workOrderNumber: text('work_order_number'),
    workType: text('work_type'),
    description: text('description').notNull(),
    rateFen: bigint('rate_fen', { mode: 'number' }).notNull(),
    extrasFen: bigint('extras_fen', { mode: 'number' }).notNull(),
    extraKinds: jsonb('extra_kinds').$type<ExtraKind[]>().notNull(),
    /** Signed: orders positive, deductions negative. */
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** Where a deduction came from (`quality:<entry id>`): one source, one line. */
    sourceKey: text('source_key'),
    state: text('state').$type<LineState>().notNull(),
    disputeReason: text('dispute_reason'),
  },
  (table) => [index('billing_statement_lines_statement_idx').on(table.statementId, table.seq)],
);
