/**
 * Returns and exchanges, the unit stock (whole units: returned ones and new ones for exchanges,
 * in a parts warehouse), loaner units and their loans, and warranty claims to the maker
 * (rules per brand, one line per in-warranty visit, monthly batches). Tickets, work orders,
 * customers and assets are referred to by id; warehouses and product models by foreign key.
 */
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ClaimBatchStatus, ClaimEvidence, ReturnKind, ReturnStatus, UnitGrade, UnitStatus } from '../../../contracts/returns';
import { productModels } from '../assets/assets.tables';
import { outlets } from '../org/org.tables';
import { warehouses } from '../parts/parts.tables';

export type InspectionRecord = {
  appearance: { isOk: boolean; note?: string };
  function: { isOk: boolean; note?: string };
  accessories: { isOk: boolean; note?: string };
  packaging: { isOk: boolean; note?: string };
  photoIds: string[];
  decision: 'accept' | 'refuse';
  refuseReason: string | null;
  by: string | null;
  at: string;
};

export const returnOrders = pgTable(
  'return_orders',
  {
    id: uuid('id').primaryKey(),
    /** TH<business date>-<seq>. */
    number: text('number').notNull().unique(),
    kind: text('kind').$type<ReturnKind>().notNull(),
    status: text('status').$type<ReturnStatus>().notNull(),
    ticketId: uuid('ticket_id'),
    customerId: uuid('customer_id').notNull(),
    outletId: uuid('outlet_id'),
    assetId: uuid('asset_id').notNull(),
    modelId: uuid('model_id').notNull().references(() => productModels.id),
    serialNumber: text('serial_number').notNull(),
    newModelId: uuid('new_model_id').references(() => productModels.id),
    purchaseDate: date('purchase_date', { mode: 'string' }),
    purchasePriceFen: integer('purchase_price_fen').notNull(),
    depreciationFen: integer('depreciation_fen').notNull(),
    refundFen: integer('refund_fen').notNull(),
    newModelPriceFen: integer('new_model_price_fen'),
    /** Positive: the customer pays the difference; negative: the customer is paid back. */
    priceDifferenceFen: integer('price_difference_fen').notNull(),
    approvalAmountFen: integer('approval_amount_fen').notNull(),
    /** The ticket's 三包 remedy the return was started from (refund / exchange), or null (a manager's). */
    sanbaoRemedy: text('sanbao_remedy'),
    reason: text('reason').notNull(),
    decisionNote: text('decision_note'),
    decidedById: uuid('decided_by_id'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    inspection: jsonb('inspection').$type<InspectionRecord>(),
    returnedUnitId: uuid('returned_unit_id'),
    issuedUnitId: uuid('issued_unit_id'),
    newAssetId: uuid('new_asset_id'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('return_orders_status_idx').on(table.status, table.createdAt),
    index('return_orders_ticket_idx').on(table.ticketId),
    index('return_orders_asset_idx').on(table.assetId),
  ],
);

/** Whole units held in a (parts) warehouse: new ones for exchanges and the returned ones with their grade. */
export const stockUnits = pgTable(
  'stock_units',
  {
    id: uuid('id').primaryKey(),
    warehouseId: uuid('warehouse_id').notNull().references(() => warehouses.id),
    modelId: uuid('model_id').notNull().references(() => productModels.id),
    serialNumber: text('serial_number').notNull(),
    grade: text('grade').$type<UnitGrade>().notNull(),
    status: text('status').$type<UnitStatus>().notNull(),
    /** The return that brought it in (returned units) or took it out (issued new units). */
    returnId: uuid('return_id').references(() => returnOrders.id),
    shipmentNote: text('shipment_note'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('stock_units_model_serial').on(table.modelId, table.serialNumber).where(sql`${table.status} = 'in_stock'`),
    index('stock_units_pick_idx').on(table.modelId, table.grade, table.status),
  ],
);

export const loanerUnits = pgTable(
  'loaner_units',
  {
    id: uuid('id').primaryKey(),
    outletId: uuid('outlet_id').notNull().references(() => outlets.id),
    modelName: text('model_name').notNull(),
    serialNumber: text('serial_number').notNull().unique(),
    condition: text('condition').$type<'good' | 'worn' | 'damaged'>().notNull(),
    status: text('status').$type<'available' | 'lent' | 'retired'>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('loaner_units_outlet_idx').on(table.outletId, table.status)],
);

export const loanerLoans = pgTable(
  'loaner_loans',
  {
    id: uuid('id').primaryKey(),
    loanerId: uuid('loaner_id').notNull().references(() => loanerUnits.id),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    lentAt: timestamp('lent_at', { withTimezone: true }).notNull(),
    expectedReturnDate: date('expected_return_date', { mode: 'string' }).notNull(),
    depositFen: integer('deposit_fen').notNull(),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    returnCondition: text('return_condition'),
    depositRefundFen: integer('deposit_refund_fen'),
    note: text('note'),
    lentById: uuid('lent_by_id'),
    returnedById: uuid('returned_by_id'),
  },
  (table) => [
    /** One open loan per loaner. */
    uniqueIndex('loaner_loans_open_unique').on(table.loanerId).where(sql`${table.returnedAt} is null`),
    index('loaner_loans_ticket_idx').on(table.ticketId),
    index('loaner_loans_customer_idx').on(table.customerId),
  ],
);

export const claimRules = pgTable('claim_rules', {
  id: uuid('id').primaryKey(),
  brand: text('brand').notNull().unique(),
  labourFenByWorkType: jsonb('labour_fen_by_work_type').$type<Record<string, number>>().notNull(),
  partsMode: text('parts_mode').$type<'cost' | 'fixed'>().notNull(),
  partsFixedFen: integer('parts_fixed_fen').notNull(),
  travelFen: integer('travel_fen').notNull(),
  windowDays: integer('window_days').notNull(),
  requiredEvidence: jsonb('required_evidence').$type<ClaimEvidence[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const claimBatches = pgTable(
  'claim_batches',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    brand: text('brand').notNull(),
    /** YYYY-MM: the month of the visits (Asia/Shanghai). */
    month: text('month').notNull(),
    status: text('status').$type<ClaimBatchStatus>().notNull(),
    claimedFen: integer('claimed_fen').notNull().default(0),
    acceptedFen: integer('accepted_fen').notNull().default(0),
    paidFen: integer('paid_fen').notNull().default(0),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('claim_batches_brand_month_idx').on(table.brand, table.month)],
);

export type ClaimPartLine = { partId: string; name: string; quantity: number; amountFen: number; oldPartSerial: string | null; mustReturnOldPart: boolean };

export const claimLines = pgTable(
  'claim_lines',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull().unique(),
    workOrderNumber: text('work_order_number').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    assetId: uuid('asset_id'),
    modelId: uuid('model_id'),
    serialNumber: text('serial_number'),
    brand: text('brand').notNull(),
    workType: text('work_type').notNull(),
    outletId: uuid('outlet_id'),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    /** YYYY-MM of finishedAt in Asia/Shanghai: the batch month. */
    month: text('month').notNull(),
    windowEndDate: date('window_end_date', { mode: 'string' }).notNull(),
    labourFen: integer('labour_fen').notNull(),
    partsFen: integer('parts_fen').notNull(),
    travelFen: integer('travel_fen').notNull(),
    totalFen: integer('total_fen').notNull(),
    parts: jsonb('parts').$type<ClaimPartLine[]>().notNull(),
    evidence: jsonb('evidence').$type<Record<ClaimEvidence, boolean>>().notNull(),
    requiredEvidence: jsonb('required_evidence').$type<ClaimEvidence[]>().notNull(),
    status: text('status').$type<'draft' | 'batched' | 'accepted' | 'rejected'>().notNull(),
    batchId: uuid('batch_id').references(() => claimBatches.id),
    acceptedFen: integer('accepted_fen'),
    rejectReason: text('reject_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('claim_lines_brand_month_idx').on(table.brand, table.month, table.status), index('claim_lines_batch_idx').on(table.batchId)],
);
