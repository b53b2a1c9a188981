import { bigint, boolean, check, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { COUNT_STATUSES, MOVEMENT_KINDS, OLD_PART_STATUSES, PART_KINDS, PART_UNITS, REQUISITION_STATUSES, SERIAL_STATUSES, STOCK_CONDITIONS, TRANSFER_STATUSES, WAREHOUSE_LEVELS } from '../../../contracts/parts';
import { productModels } from '../assets/assets.tables';
import { outlets } from '../org/org.tables';
import { technicians } from '../technicians/technicians.tables';

/** Quantities: up to three decimals (米, 千克, 升); whole units are checked by the service. */
const quantity = (name: string) => numeric(name, { precision: 14, scale: 3, mode: 'number' });

/** The parts catalogue (备件目录). Prices in integer fen. */
export const parts = pgTable(
  'parts',
  {
    id: uuid('id').primaryKey(),
    partNumber: text('part_number').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PART_KINDS }).notNull(),
    unit: text('unit', { enum: PART_UNITS }).notNull(),
    isSerialTracked: boolean('is_serial_tracked').notNull().default(false),
    mustReturnOldPart: boolean('must_return_old_part').notNull().default(false),
    costFen: bigint('cost_fen', { mode: 'number' }).notNull(),
    salePriceFen: bigint('sale_price_fen', { mode: 'number' }).notNull(),
    isActive: boolean('is_active').notNull().default(true),
    /** Optimistic locking: every update bumps it; an update with an older version is a 409. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('parts_name_idx').on(table.name), check('parts_prices_not_negative', sql`${table.costFen} >= 0 and ${table.salePriceFen} >= 0`)],
);

/** Which product models a part fits. */
export const partModelFits = pgTable(
  'part_model_fits',
  {
    partId: uuid('part_id').notNull().references(() => parts.id),
    modelId: uuid('model_id').notNull().references(() => productModels.id),
  },
  (table) => [primaryKey({ columns: [table.partId, table.modelId] }), index('part_model_fits_model_idx').on(table.modelId)],
);

/**
 * Warehouses in three levels. Outlet and technician warehouses carry the outlet (outlet staff
 * see them); a technician's warehouse also carries the technician's user id (the technician
 * sees it). A count in progress freezes the warehouse: no movement until it is approved.
 */
export const warehouses = pgTable(
  'warehouses',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    level: text('level', { enum: WAREHOUSE_LEVELS }).notNull(),
    outletId: uuid('outlet_id').references(() => outlets.id),
    technicianId: uuid('technician_id').references(() => technicians.id),
    /** The technician's user (scope `self`); copied from the technician when the warehouse is made. */
    ownerUserId: uuid('owner_user_id'),
    frozenByCountId: uuid('frozen_by_count_id'),
    frozenByUserId: uuid('frozen_by_user_id'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('warehouses_outlet_unique').on(table.outletId).where(sql`${table.level} = 'outlet'`),
    uniqueIndex('warehouses_technician_unique').on(table.technicianId),
    index('warehouses_outlet_idx').on(table.outletId),
    index('warehouses_owner_idx').on(table.ownerUserId),
    check(
      'warehouses_level_links',
      sql`(${table.level} = 'central' and ${table.outletId} is null and ${table.technicianId} is null)
        or (${table.level} = 'outlet' and ${table.outletId} is not null and ${table.technicianId} is null)
        or (${table.level} = 'technician' and ${table.outletId} is not null and ${table.technicianId} is not null)`,
    ),
  ],
);

/** Reorder point and quantity of one part in one warehouse. */
export const reorderPoints = pgTable(
  'part_reorder_points',
  {
    warehouseId: uuid('warehouse_id').notNull().references(() => warehouses.id),
    partId: uuid('part_id').notNull().references(() => parts.id),
    reorderPoint: quantity('reorder_point').notNull(),
    reorderQuantity: quantity('reorder_quantity').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.warehouseId, table.partId] })],
);

/**
 * The cached balance per warehouse × part × condition, changed only in the transaction of its
 * ledger row(s) with a conditional UPDATE, so it never goes negative. `rebuildBalances`
 * recomputes it from the ledger (and the open reservations).
 */
export const stockBalances = pgTable(
  'stock_balances',
  {
    warehouseId: uuid('warehouse_id').notNull().references(() => warehouses.id),
    partId: uuid('part_id').notNull().references(() => parts.id),
    condition: text('condition', { enum: STOCK_CONDITIONS }).notNull(),
    onHand: quantity('on_hand').notNull().default(0),
    inTransit: quantity('in_transit').notNull().default(0),
    /** Held for requested requisitions; only on hand − reserved can be moved. */
    reserved: quantity('reserved').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.warehouseId, table.partId, table.condition] }),
    index('stock_balances_part_idx').on(table.partId),
    check('stock_balances_not_negative', sql`${table.onHand} >= 0 and ${table.inTransit} >= 0 and ${table.reserved} >= 0 and ${table.reserved} <= ${table.onHand}`),
  ],
);

/** Serial-tracked units: where each one is and in which condition. */
export const serialUnits = pgTable(
  'part_serial_units',
  {
    id: uuid('id').primaryKey(),
    partId: uuid('part_id').notNull().references(() => parts.id),
    serial: text('serial').notNull(),
    warehouseId: uuid('warehouse_id').notNull().references(() => warehouses.id),
    condition: text('condition', { enum: STOCK_CONDITIONS }).notNull(),
    status: text('status', { enum: SERIAL_STATUSES }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('part_serial_units_serial_unique').on(table.partId, table.serial), index('part_serial_units_warehouse_idx').on(table.warehouseId, table.partId)],
);

/**
 * The ledger (出入库流水): one row per movement of one part (one serial) in one warehouse and
 * condition, written in the transaction of its cause. Never updated or deleted.
 */
export const stockLedger = pgTable(
  'stock_ledger',
  {
    id: uuid('id').primaryKey(),
    /** Insertion order (stable page order for rows with the same time). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    kind: text('kind', { enum: MOVEMENT_KINDS }).notNull(),
    partId: uuid('part_id').notNull().references(() => parts.id),
    warehouseId: uuid('warehouse_id').notNull().references(() => warehouses.id),
    condition: text('condition', { enum: STOCK_CONDITIONS }).notNull(),
    /** Change of on hand, signed. */
    quantity: quantity('quantity').notNull(),
    /** Change of in transit, signed (transfers). */
    inTransitChange: quantity('in_transit_change').notNull().default(0),
    serial: text('serial'),
    documentType: text('document_type').notNull(),
    documentId: uuid('document_id').notNull(),
    reason: text('reason'),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** On hand after this row (warehouse × part × condition). */
    balanceAfter: quantity('balance_after').notNull(),
  },
  // DESC NULLS FIRST, as `ORDER BY at DESC, seq DESC` means: with NULLS LAST the planner would not use them.
  (table) => [
    index('stock_ledger_warehouse_at_idx').on(table.warehouseId, table.at.desc().nullsFirst(), table.seq.desc().nullsFirst()),
    index('stock_ledger_warehouse_kind_at_idx').on(table.warehouseId, table.kind, table.at.desc().nullsFirst(), table.seq.desc().nullsFirst()),
    index('stock_ledger_part_at_idx').on(table.partId, table.at.desc().nullsFirst(), table.seq.desc().nullsFirst()),
    index('stock_ledger_at_idx').on(table.at.desc().nullsFirst(), table.seq.desc().nullsFirst()),
    index('stock_ledger_document_idx').on(table.documentId),
  ],
);

export type DocumentLine = { partId: string; quantity: number; serials?: string[] };

/** Transfers between warehouses: in transit from sending until the destination receives. */
export const stockTransfers = pgTable(
  'stock_transfers',
  {
    id: uuid('id').primaryKey(),
    fromWarehouseId: uuid('from_warehouse_id').notNull().references(() => warehouses.id),
    toWarehouseId: uuid('to_warehouse_id').notNull().references(() => warehouses.id),
    condition: text('condition', { enum: STOCK_CONDITIONS }).notNull(),
    status: text('status', { enum: TRANSFER_STATUSES }).notNull(),
    lines: jsonb('lines').$type<DocumentLine[]>().notNull(),
    reason: text('reason'),
    createdById: text('created_by_id'),
    receivedById: text('received_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
  },
  (table) => [index('stock_transfers_from_idx').on(table.fromWarehouseId), index('stock_transfers_to_idx').on(table.toWarehouseId)],
);

/** Stock counts (盘点): the warehouse is frozen by the user who opened the count. */
export const stockCounts = pgTable(
  'stock_counts',
  {
    id: uuid('id').primaryKey(),
    warehouseId: uuid('warehouse_id').notNull().references(() => warehouses.id),
    status: text('status', { enum: COUNT_STATUSES }).notNull(),
    frozenByUserId: text('frozen_by_user_id'),
    frozenByName: text('frozen_by_name'),
    note: text('note'),
    /** Counted quantities; the system quantity and difference are filled in at approval. */
    lines: jsonb('lines').$type<{ partId: string; condition: 'good' | 'defective'; countedQuantity: number; systemQuantity: number | null; difference: number | null }[]>().notNull().default([]),
    approvedById: text('approved_by_id'),
    approvedByName: text('approved_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
  },
  (table) => [index('stock_counts_warehouse_idx').on(table.warehouseId)],
);

/**
 * Requisitions (领料单) before a visit: against an outlet or central warehouse, to a
 * technician's stock. A requested requisition reserves its quantities at the source.
 */
export const requisitions = pgTable(
  'part_requisitions',
  {
    id: uuid('id').primaryKey(),
    /** The work order (dispatch module), a plain id. */
    workOrderId: uuid('work_order_id'),
    technicianId: uuid('technician_id').notNull().references(() => technicians.id),
    technicianWarehouseId: uuid('technician_warehouse_id').notNull().references(() => warehouses.id),
    warehouseId: uuid('warehouse_id').notNull().references(() => warehouses.id),
    /** The technician's outlet and user, for scoping. */
    outletId: uuid('outlet_id'),
    ownerUserId: uuid('owner_user_id'),
    status: text('status', { enum: REQUISITION_STATUSES }).notNull(),
    isReserved: boolean('is_reserved').notNull().default(false),
    lines: jsonb('lines').$type<DocumentLine[]>().notNull(),
    note: text('note'),
    createdById: text('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('part_requisitions_work_order_idx').on(table.workOrderId),
    index('part_requisitions_warehouse_status_idx').on(table.warehouseId, table.status),
    index('part_requisitions_owner_idx').on(table.ownerUserId),
  ],
);

/** Old parts (保修旧件) taken out under warranty, tracked until they go back to the maker. */
export const oldParts = pgTable(
  'old_parts',
  {
    id: uuid('id').primaryKey(),
    partId: uuid('part_id').notNull().references(() => parts.id),
    serial: text('serial'),
    assetId: uuid('asset_id'),
    workOrderId: uuid('work_order_id'),
    technicianId: uuid('technician_id').notNull().references(() => technicians.id),
    outletId: uuid('outlet_id'),
    ownerUserId: uuid('owner_user_id'),
    /** The warehouse holding it as defective stock once handed in. */
    warehouseId: uuid('warehouse_id').references(() => warehouses.id),
    status: text('status', { enum: OLD_PART_STATUSES }).notNull(),
    reference: text('reference'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('old_parts_work_order_idx').on(table.workOrderId), index('old_parts_status_idx').on(table.status), index('old_parts_owner_idx').on(table.ownerUserId)],
);
