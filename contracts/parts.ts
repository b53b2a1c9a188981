/**
 * Spare parts (备件管理): catalogue, three-level stock (总仓 → 网点仓 → 技师随身库), the ledger
 * (出入库流水), transfers, requisitions before the visit (派工前预审), stock counts (盘点) and old
 * parts (保修旧件). Shared by server and web.
 */
import { z } from 'zod';
import { ZPageQuery, zPage, zText } from './common';
import { LIMITS } from './limits';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** Limits of the parts module (forms and API reject the same input). */
export const PART_LIMITS = {
  partNumberMax: 40,
  partNameMax: 100,
  /** Lines in one movement document (receipt, transfer, requisition, count entry). */
  linesMax: 200,
  /** Largest quantity of one line. */
  quantityMax: 1_000_000,
  /** Decimal places of a divisible unit (米, 千克, 升). */
  quantityDecimals: 3,
  serialMax: 64,
  /** Largest price, in fen (10 million yuan). */
  priceFenMax: 1_000_000_000,
  modelsPerPartMax: 500,
} as const;

export const PART_KINDS = ['common', 'consumable', 'maintenance'] as const;
export type PartKind = (typeof PART_KINDS)[number];
export const PART_KIND_LABELS: Labels<PartKind> = {
  common: { zh: '常用', en: 'Common' },
  consumable: { zh: '易耗', en: 'Consumable' },
  maintenance: { zh: '保养', en: 'Maintenance' },
};

/**
 * Units of measure. Whole units (个, 件 …) take whole quantities only; divisible ones
 * (米, 千克, 升) take up to three decimals.
 */
export const PART_UNITS = ['piece', 'set', 'box', 'metre', 'kilogram', 'litre'] as const;
export type PartUnit = (typeof PART_UNITS)[number];
export const PART_UNIT_LABELS: Labels<PartUnit> = {
  piece: { zh: '个', en: 'pc' },
  set: { zh: '套', en: 'set' },
  box: { zh: '盒', en: 'box' },
  metre: { zh: '米', en: 'm' },
  kilogram: { zh: '千克', en: 'kg' },
  litre: { zh: '升', en: 'L' },
};
export const DIVISIBLE_UNITS: readonly PartUnit[] = ['metre', 'kilogram', 'litre'];
export function isDivisibleUnit(unit: PartUnit): boolean {
  return DIVISIBLE_UNITS.includes(unit);
}

export const WAREHOUSE_LEVELS = ['central', 'outlet', 'technician'] as const;
export type WarehouseLevel = (typeof WAREHOUSE_LEVELS)[number];
export const WAREHOUSE_LEVEL_LABELS: Labels<WarehouseLevel> = {
  central: { zh: '总仓', en: 'Central warehouse' },
  outlet: { zh: '网点仓', en: 'Outlet warehouse' },
  technician: { zh: '技师随身库', en: 'Technician stock' },
};

export const STOCK_CONDITIONS = ['good', 'defective'] as const;
export type StockCondition = (typeof STOCK_CONDITIONS)[number];
export const STOCK_CONDITION_LABELS: Labels<StockCondition> = {
  good: { zh: '良品', en: 'Good' },
  defective: { zh: '坏件', en: 'Defective' },
};

/**
 * Ledger movement kinds. A transfer is three rows: `transfer_out` (on hand leaves the
 * source), `transfer_in_transit` (in transit at the destination) and `transfer_in` (received:
 * in transit becomes on hand).
 */
export const MOVEMENT_KINDS = [
  'receipt',
  'requisition_issue',
  'consumption',
  'return',
  'transfer_out',
  'transfer_in_transit',
  'transfer_in',
  'count_adjustment',
  'scrap',
  'old_part_receipt',
  'old_part_dispatch',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export const MOVEMENT_KIND_LABELS: Labels<MovementKind> = {
  receipt: { zh: '入库', en: 'Receipt' },
  requisition_issue: { zh: '领料发放', en: 'Requisition issue' },
  consumption: { zh: '工单耗用', en: 'Used on work order' },
  return: { zh: '退料', en: 'Return of unused parts' },
  transfer_out: { zh: '调拨出库', en: 'Transfer out' },
  transfer_in_transit: { zh: '调拨在途', en: 'In transit' },
  transfer_in: { zh: '调拨入库', en: 'Transfer in' },
  count_adjustment: { zh: '盘点调整', en: 'Count adjustment' },
  scrap: { zh: '报废', en: 'Scrap' },
  old_part_receipt: { zh: '旧件入库', en: 'Old part received' },
  old_part_dispatch: { zh: '旧件返厂', en: 'Old part sent to maker' },
};

export const SERIAL_STATUSES = ['in_stock', 'in_transit', 'consumed', 'scrapped'] as const;
export type SerialStatus = (typeof SERIAL_STATUSES)[number];

export const TRANSFER_STATUSES = ['in_transit', 'received'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export const TRANSFER_STATUS_LABELS: Labels<TransferStatus> = {
  in_transit: { zh: '在途', en: 'In transit' },
  received: { zh: '已收货', en: 'Received' },
};

export const REQUISITION_STATUSES = ['requested', 'issued', 'shortage', 'cancelled'] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];
export const REQUISITION_STATUS_LABELS: Labels<RequisitionStatus> = {
  requested: { zh: '待发放', en: 'Requested' },
  issued: { zh: '已发放', en: 'Issued' },
  shortage: { zh: '缺料', en: 'Shortage' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const COUNT_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type CountStatus = (typeof COUNT_STATUSES)[number];
export const COUNT_STATUS_LABELS: Labels<CountStatus> = {
  draft: { zh: '盘点中', en: 'Counting' },
  submitted: { zh: '待审批', en: 'Awaiting approval' },
  approved: { zh: '已审批', en: 'Approved' },
};

export const OLD_PART_STATUSES = ['held_by_technician', 'handed_in', 'sent_to_maker'] as const;
export type OldPartStatus = (typeof OLD_PART_STATUSES)[number];
export const OLD_PART_STATUS_LABELS: Labels<OldPartStatus> = {
  held_by_technician: { zh: '技师持有', en: 'Held by technician' },
  handed_in: { zh: '已交回', en: 'Handed in' },
  sent_to_maker: { zh: '已返厂', en: 'Sent to maker' },
};

/**
 * A quantity: positive, at most three decimals. Whether a part's unit allows decimals is
 * checked by the server against the part (a whole unit refuses 1.5).
 */
export const ZQuantity = z
  .number()
  .positive()
  .max(PART_LIMITS.quantityMax)
  .refine((value) => Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6, { message: 'at most three decimals' });

const ZFen = z.number().int().min(0).max(PART_LIMITS.priceFenMax);
const ZSerial = z.string().trim().min(1).max(PART_LIMITS.serialMax);
const ZReason = z.string().trim().max(LIMITS.textMax);

// ---- catalogue ----

const partFields = {
  /** Upper-cased, as the Excel import does, so `cmp-1` and `CMP-1` are one part number. */
  partNumber: z
    .string()
    .trim()
    .min(1)
    .max(PART_LIMITS.partNumberMax)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits and . _ - / only')
    .transform((value) => value.toUpperCase()),
  name: zText(PART_LIMITS.partNameMax),
  kind: z.enum(PART_KINDS),
  unit: z.enum(PART_UNITS),
  /** Stocked by serial (compressors, main boards): every movement names its serials. */
  isSerialTracked: z.boolean(),
  /** Must come back as an old part when replaced under warranty (旧件返还). */
  mustReturnOldPart: z.boolean(),
  costFen: ZFen,
  salePriceFen: ZFen,
  /** Product models the part fits (the phone offers only these for the unit in front of it). */
  modelIds: z.array(z.uuid()).max(PART_LIMITS.modelsPerPartMax),
};

export const ZCreatePartBody = z.strictObject({ ...partFields, modelIds: partFields.modelIds.default([]) });
export type TCreatePartBody = z.infer<typeof ZCreatePartBody>;

/** Every field optional, with the version read (a stale version is a 409). */
export const ZUpdatePartBody = z.strictObject({
  version: z.number().int().min(1),
  name: partFields.name.optional(),
  kind: partFields.kind.optional(),
  unit: partFields.unit.optional(),
  isSerialTracked: partFields.isSerialTracked.optional(),
  mustReturnOldPart: partFields.mustReturnOldPart.optional(),
  costFen: partFields.costFen.optional(),
  salePriceFen: partFields.salePriceFen.optional(),
  modelIds: partFields.modelIds.optional(),
  isActive: z.boolean().optional(),
});
export type TUpdatePartBody = z.infer<typeof ZUpdatePartBody>;

export const ZPartView = z.object({
  id: z.uuid(),
  partNumber: z.string(),
  name: z.string(),
  kind: z.enum(PART_KINDS),
  unit: z.enum(PART_UNITS),
  isSerialTracked: z.boolean(),
  mustReturnOldPart: z.boolean(),
  /** Null without `parts.cost.read`. */
  costFen: z.number().int().nullable(),
  salePriceFen: z.number().int(),
  modelIds: z.array(z.uuid()),
  isActive: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type TPartView = z.infer<typeof ZPartView>;
export const ZPartPage = zPage(ZPartView);

export const ZListPartsQuery = ZPageQuery.extend({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(PART_KINDS).optional(),
  /** Only parts that fit this product model. */
  modelId: z.uuid().optional(),
  isActive: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});

// ---- warehouses and stock ----

export const ZCreateWarehouseBody = z.strictObject({
  code: z.string().trim().min(1).max(32),
  name: zText(100),
  level: z.enum(WAREHOUSE_LEVELS),
  /** Required for outlet and technician warehouses (a technician's stock belongs to the technician's outlet). */
  outletId: z.uuid().nullable().optional(),
  /** Required for a technician warehouse. */
  technicianId: z.uuid().nullable().optional(),
});

export const ZWarehouseView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  level: z.enum(WAREHOUSE_LEVELS),
  outletId: z.uuid().nullable(),
  technicianId: z.uuid().nullable(),
  /** The open stock count that freezes the warehouse, if any. */
  frozenByCountId: z.uuid().nullable(),
  isActive: z.boolean(),
});
export const ZWarehousePage = zPage(ZWarehouseView);

/**
 * A technician's warehouses (`GET /api/parts/technicians/:id/warehouses`): their own stock and
 * the warehouses they may request from or return to (their outlet's warehouse, the central ones).
 */
export const ZTechnicianWarehouses = z.object({
  technicianId: z.uuid(),
  stock: ZWarehouseView,
  sources: z.array(ZWarehouseView),
});
export const ZListWarehousesQuery = ZPageQuery.extend({
  level: z.enum(WAREHOUSE_LEVELS).optional(),
  outletId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
});

export const ZStockRow = z.object({
  warehouseId: z.uuid(),
  warehouseName: z.string(),
  partId: z.uuid(),
  partNumber: z.string(),
  partName: z.string(),
  kind: z.enum(PART_KINDS),
  unit: z.enum(PART_UNITS),
  /** Stocked by serial: moved and counted by serial (a quantity count refuses it). */
  isSerialTracked: z.boolean(),
  condition: z.enum(STOCK_CONDITIONS),
  onHand: z.number(),
  inTransit: z.number(),
  reserved: z.number(),
  /** On hand − reserved: what can be issued now. */
  available: z.number(),
  reorderPoint: z.number().nullable(),
  reorderQuantity: z.number().nullable(),
  /** Good stock: on hand + in transit − reserved below the reorder point. */
  isBelowReorderPoint: z.boolean(),
});
export const ZStockPage = zPage(ZStockRow);
export const ZStockQuery = ZPageQuery.extend({
  kind: z.enum(PART_KINDS).optional(),
  condition: z.enum(STOCK_CONDITIONS).optional(),
  q: z.string().trim().max(100).optional(),
  /** Only parts that fit this product model (the phone: parts for the unit in front of the technician). */
  modelId: z.uuid().optional(),
  belowReorderPoint: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});

/**
 * One line of a warehouse's shortage list: good stock whose on hand + in transit − reserved is
 * below the reorder point, with what to do: a transfer from the central warehouse that has
 * enough available, or a purchase.
 */
export const ZShortageRow = z.object({
  partId: z.uuid(),
  partNumber: z.string(),
  partName: z.string(),
  unit: z.enum(PART_UNITS),
  projected: z.number(),
  reorderPoint: z.number(),
  reorderQuantity: z.number(),
  /** The reorder quantity, at least enough to reach the reorder point again. */
  suggestedQuantity: z.number(),
  suggestion: z.enum(['transfer', 'purchase']),
  /** The central warehouse to transfer from (suggestion `transfer`). */
  fromWarehouseId: z.uuid().nullable(),
  centralAvailable: z.number(),
});
export const ZShortageList = z.object({ warehouseId: z.uuid(), items: z.array(ZShortageRow) });

/** Whether a work order's parts are ready (派工台): no requisition, waiting for issue, short, or all issued. */
export const PARTS_READINESS = ['none', 'requested', 'shortage', 'ready'] as const;
export type PartsReadiness = (typeof PARTS_READINESS)[number];

/**
 * The one readiness rule (server, board and the work order's panel): cancelled requisitions do
 * not count; any shortage, then any waiting for issue, else ready; none without an open one.
 */
export function readinessOf(statuses: readonly RequisitionStatus[]): PartsReadiness {
  const open = statuses.filter((status) => status !== 'cancelled');
  return !open.length ? 'none' : open.includes('shortage') ? 'shortage' : open.includes('requested') ? 'requested' : 'ready';
}

/** `GET /api/parts/readiness?workOrderIds=a,b`: the board's question for its orders (at most 200 ids). */
export const ZReadinessQuery = z.strictObject({
  workOrderIds: z
    .string()
    .trim()
    .min(1)
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(z.uuid()).min(1).max(200)),
});
export const ZReadinessList = z.object({ items: z.array(z.object({ workOrderId: z.uuid(), readiness: z.enum(PARTS_READINESS) })) });

export const ZPartStockQuery = ZPageQuery.extend({ condition: z.enum(STOCK_CONDITIONS).optional() });

/**
 * Serials in stock in one warehouse (`GET /api/parts/warehouses/:id/serials`): the phone's
 * serial picker on the technician's own stock, the transfer form.
 */
export const ZSerialsQuery = ZPageQuery.extend({
  partId: z.uuid().optional(),
  condition: z.enum(STOCK_CONDITIONS).default('good'),
  /** Part of the serial. */
  q: z.string().trim().max(PART_LIMITS.serialMax).optional(),
});
export const ZSerialRow = z.object({ partId: z.uuid(), partNumber: z.string(), partName: z.string(), serial: z.string(), condition: z.enum(STOCK_CONDITIONS) });
export const ZSerialPage = zPage(ZSerialRow);

export const ZReorderPointBody = z.strictObject({
  partId: z.uuid(),
  reorderPoint: z.number().min(0).max(PART_LIMITS.quantityMax),
  reorderQuantity: z.number().min(0).max(PART_LIMITS.quantityMax),
});

// ---- movements ----

/** One line of a movement: a part, a quantity, and its serials for a serial-tracked part. */
export const ZMovementLine = z.strictObject({
  partId: z.uuid(),
  quantity: ZQuantity,
  /** Serial-tracked parts: exactly `quantity` serials. */
  serials: z.array(ZSerial).max(PART_LIMITS.linesMax).optional(),
});
export type TMovementLine = z.infer<typeof ZMovementLine>;
const ZLines = z.array(ZMovementLine).min(1).max(PART_LIMITS.linesMax);

export const ZReceiptBody = z.strictObject({
  warehouseId: z.uuid(),
  condition: z.enum(STOCK_CONDITIONS).default('good'),
  /** Supplier or maker, delivery note number … */
  reference: z.string().trim().max(100).optional(),
  reason: ZReason.optional(),
  lines: ZLines,
});

export const ZScrapBody = z.strictObject({
  warehouseId: z.uuid(),
  condition: z.enum(STOCK_CONDITIONS),
  reason: zText(LIMITS.textMax),
  lines: ZLines,
});

export const ZTransferBody = z.strictObject({
  fromWarehouseId: z.uuid(),
  toWarehouseId: z.uuid(),
  condition: z.enum(STOCK_CONDITIONS).default('good'),
  reason: ZReason.optional(),
  lines: ZLines,
});

/** A technician gives unused parts back to a warehouse (退料). */
export const ZReturnBody = z.strictObject({
  fromWarehouseId: z.uuid(),
  toWarehouseId: z.uuid(),
  reason: ZReason.optional(),
  lines: ZLines,
});

export const ZMovementResult = z.object({
  documentType: z.string(),
  documentId: z.uuid(),
  ledgerRows: z.number().int(),
});

export const ZTransferView = z.object({
  id: z.uuid(),
  fromWarehouseId: z.uuid(),
  fromWarehouseName: z.string(),
  toWarehouseId: z.uuid(),
  toWarehouseName: z.string(),
  condition: z.enum(STOCK_CONDITIONS),
  status: z.enum(TRANSFER_STATUSES),
  /** Each line with its part's number and name (the pages show them without reading the catalogue). */
  lines: z.array(z.object({ partId: z.uuid(), partNumber: z.string(), partName: z.string(), quantity: z.number(), serials: z.array(z.string()) })),
  createdAt: z.string(),
  receivedAt: z.string().nullable(),
});
export const ZTransferPage = zPage(ZTransferView);
export const ZListTransfersQuery = ZPageQuery.extend({ status: z.enum(TRANSFER_STATUSES).optional(), warehouseId: z.uuid().optional() });

// ---- ledger ----

export const ZLedgerRow = z.object({
  id: z.uuid(),
  kind: z.enum(MOVEMENT_KINDS),
  partId: z.uuid(),
  partNumber: z.string(),
  partName: z.string(),
  warehouseId: z.uuid(),
  warehouseName: z.string(),
  condition: z.enum(STOCK_CONDITIONS),
  /** Change of on hand (signed). */
  quantity: z.number(),
  /** Change of in transit (signed). */
  inTransitChange: z.number(),
  serial: z.string().nullable(),
  documentType: z.string(),
  documentId: z.uuid(),
  reason: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
  balanceAfter: z.number(),
});
/** `total` counts at most LEDGER_TOTAL_CAP rows (`isTotalCapped`: there are more); the ledger grows without end. */
export const LEDGER_TOTAL_CAP = 10_000;
export const ZLedgerPage = zPage(ZLedgerRow).extend({ isTotalCapped: z.boolean() });
export const ZLedgerQuery = ZPageQuery.extend({
  warehouseId: z.uuid().optional(),
  partId: z.uuid().optional(),
  kind: z.enum(MOVEMENT_KINDS).optional(),
  documentId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

// ---- requisitions ----

export const ZCreateRequisitionBody = z.strictObject({
  /** The work order the parts are for (派工前预审). */
  workOrderId: z.uuid().nullable().optional(),
  technicianId: z.uuid(),
  /** The outlet or central warehouse that issues the parts. */
  warehouseId: z.uuid(),
  /** The product model of the unit: every part must fit it. */
  modelId: z.uuid().nullable().optional(),
  /** Record the request as a shortage instead of answering 409 when stock does not cover it. */
  allowShortage: z.boolean().optional(),
  note: ZReason.optional(),
  lines: z.array(ZMovementLine.omit({ serials: true })).min(1).max(PART_LIMITS.linesMax),
});
export type TCreateRequisitionBody = z.infer<typeof ZCreateRequisitionBody>;

/** Issuing a requisition: serials for serial-tracked lines (by part). */
export const ZIssueRequisitionBody = z.strictObject({
  serials: z.record(z.uuid(), z.array(ZSerial).max(PART_LIMITS.linesMax)).optional(),
});
export const ZRequisitionStatusBody = z.strictObject({ reason: ZReason.optional() });

export const ZRequisitionView = z.object({
  id: z.uuid(),
  workOrderId: z.uuid().nullable(),
  technicianId: z.uuid(),
  technicianWarehouseId: z.uuid(),
  technicianWarehouseName: z.string(),
  warehouseId: z.uuid(),
  warehouseName: z.string(),
  status: z.enum(REQUISITION_STATUSES),
  /** Whether the lines hold a reservation on the source warehouse. */
  isReserved: z.boolean(),
  note: z.string().nullable(),
  /** Each line with its part's number and name (the pages show them without reading the catalogue). */
  lines: z.array(z.object({ partId: z.uuid(), partNumber: z.string(), partName: z.string(), quantity: z.number() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const ZRequisitionPage = zPage(ZRequisitionView);
export const ZListRequisitionsQuery = ZPageQuery.extend({
  status: z.enum(REQUISITION_STATUSES).optional(),
  workOrderId: z.uuid().optional(),
  warehouseId: z.uuid().optional(),
});

// ---- stock counts ----

export const ZCreateCountBody = z.strictObject({ warehouseId: z.uuid(), note: ZReason.optional() });
export const ZCountLinesBody = z.strictObject({
  lines: z
    .array(z.strictObject({ partId: z.uuid(), condition: z.enum(STOCK_CONDITIONS).default('good'), countedQuantity: z.number().min(0).max(PART_LIMITS.quantityMax) }))
    .min(1)
    .max(PART_LIMITS.linesMax * 10),
});
const countFields = {
  id: z.uuid(),
  warehouseId: z.uuid(),
  warehouseName: z.string(),
  status: z.enum(COUNT_STATUSES),
  frozenBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
};
/**
 * A stock count. Each line with its part's number and name; `systemQuantity` (账面数) and
 * `difference` (盘点数 − 账面数): while counting or awaiting approval the current on hand of the
 * frozen warehouse, after approval the numbers posted.
 */
export const ZCountView = z.object({
  ...countFields,
  lines: z.array(
    z.object({
      partId: z.uuid(),
      partNumber: z.string(),
      partName: z.string(),
      condition: z.enum(STOCK_CONDITIONS),
      countedQuantity: z.number(),
      systemQuantity: z.number().nullable(),
      difference: z.number().nullable(),
    }),
  ),
});
/** A count in the list of counts: without its lines, with how many were counted and how many differed (after approval). */
export const ZCountSummary = z.object({ ...countFields, lineCount: z.number().int(), differenceCount: z.number().int().nullable() });
export const ZCountPage = zPage(ZCountSummary);
export const ZListCountsQuery = ZPageQuery.extend({
  warehouseId: z.uuid().optional(),
  status: z.enum(COUNT_STATUSES).optional(),
  /** Counts opened from / until (ISO time). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

// ---- old parts ----

export const ZOldPartView = z.object({
  id: z.uuid(),
  partId: z.uuid(),
  partNumber: z.string(),
  partName: z.string(),
  serial: z.string().nullable(),
  assetId: z.uuid().nullable(),
  workOrderId: z.uuid().nullable(),
  technicianId: z.uuid(),
  warehouseId: z.uuid().nullable(),
  /** The warehouse holding it once handed in. */
  warehouseName: z.string().nullable(),
  status: z.enum(OLD_PART_STATUSES),
  reference: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const ZOldPartPage = zPage(ZOldPartView);
export const ZListOldPartsQuery = ZPageQuery.extend({ status: z.enum(OLD_PART_STATUSES).optional(), technicianId: z.uuid().optional() });
export const ZHandInOldPartBody = z.strictObject({ warehouseId: z.uuid() });
export const ZDispatchOldPartsBody = z.strictObject({
  oldPartIds: z.array(z.uuid()).min(1).max(PART_LIMITS.linesMax),
  /** The maker's return authorisation or shipment number. */
  reference: zText(100),
});

export const ZRebuildResult = z.object({ balances: z.number().int(), differences: z.number().int() });
