/**
 * Returns and exchanges (退货 / 换货 / 换型补差), the unit stock they fill, loaner units (借机)
 * and warranty claims to the maker (厂家索赔) — issue 12. Money is integer fen.
 */
import { z } from 'zod';
import { ZPageQuery, zPage } from './common';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const ZFen = z.number().int().min(0).max(100_000_000_00);

// ---------------------------------------------------------------- returns

export const RETURN_KINDS = ['refund', 'exchange_same', 'exchange_other'] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];
export const RETURN_KIND_LABELS: Record<ReturnKind, { zh: string; en: string }> = {
  refund: { zh: '退货', en: 'Refund' },
  exchange_same: { zh: '同型号换货', en: 'Exchange, same model' },
  exchange_other: { zh: '换型补差', en: 'Exchange, other model' },
};

/**
 * requested → approved → received (inspected and taken into stock) → completed;
 * requested → rejected (not approved); approved → refused (the inspection refused the remedy).
 */
export const RETURN_STATUSES = ['requested', 'approved', 'rejected', 'received', 'refused', 'completed'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
export const RETURN_STATUS_LABELS: Record<ReturnStatus, { zh: string; en: string }> = {
  requested: { zh: '待审批', en: 'Awaiting approval' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未批准', en: 'Not approved' },
  received: { zh: '已验收入库', en: 'Received' },
  refused: { zh: '验收拒绝', en: 'Refused on inspection' },
  completed: { zh: '已完成', en: 'Completed' },
};

/** Grades of a unit in the unit stock. `new`: a new unit for exchanges. */
export const UNIT_GRADES = ['new', 'resaleable', 'to_repair', 'scrap'] as const;
export type UnitGrade = (typeof UNIT_GRADES)[number];
export const UNIT_GRADE_LABELS: Record<UnitGrade, { zh: string; en: string }> = {
  new: { zh: '新机', en: 'New' },
  resaleable: { zh: '可再售', en: 'Resaleable' },
  to_repair: { zh: '待修', en: 'To repair' },
  scrap: { zh: '报废', en: 'Scrap' },
};
export const UNIT_STATUSES = ['in_stock', 'issued', 'returned_to_maker'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** The return policy (system setting `returns.settings`). */
export const ZReturnSettings = z.object({
  /**
   * The largest amount (fen: the refund, or the price difference either way) a role may
   * approve; an approver's limit is the largest of their roles'. A role not listed approves nothing.
   */
  approvalLimitsFen: z.record(z.string(), z.number().int().min(0)),
  /** Depreciation per started 30 days of use, in per mille of the purchase price (0: none). */
  depreciationPermillePerMonth: z.number().int().min(0).max(1000),
  /** No depreciation within this many days of the purchase (the 三包 refund period). */
  depreciationFreeDays: z.number().int().min(0).max(365),
});
export type TReturnSettings = z.infer<typeof ZReturnSettings>;
export const DEFAULT_RETURN_SETTINGS: TReturnSettings = {
  approvalLimitsFen: { manager: 2_000_000, admin: 100_000_000 },
  depreciationPermillePerMonth: 50,
  depreciationFreeDays: 7,
};

export const ZCreateReturnBody = z.strictObject({
  /** The ticket whose 三包 decision allows the remedy; without it only a manager (returns.manage) starts one. */
  ticketId: z.uuid().optional(),
  /** The returned unit; defaults to the ticket's asset. */
  assetId: z.uuid().optional(),
  kind: z.enum(RETURN_KINDS),
  /** What the customer paid for the returned unit (fen). */
  purchasePriceFen: ZFen,
  /** The refund (fen) when it differs from the policy's (price minus depreciation); never above the purchase price. */
  refundFen: ZFen.optional(),
  /** exchange_other: the model the customer takes instead. */
  newModelId: z.uuid().optional(),
  /** exchange_other: the new model's price (fen); the difference is collected or paid back. */
  newModelPriceFen: ZFen.optional(),
  reason: z.string().trim().min(2, 'say why').max(500),
});
export type TCreateReturnBody = z.infer<typeof ZCreateReturnBody>;

export const ZReturnDecisionBody = z.strictObject({
  action: z.enum(['approve', 'reject']),
  note: z.string().trim().max(300).optional(),
  version: z.number().int().min(1),
});

const ZCheck = z.strictObject({ isOk: z.boolean(), note: z.string().trim().max(300).optional() });
export const ZReturnInspectionBody = z.strictObject({
  appearance: ZCheck,
  function: ZCheck,
  accessories: ZCheck,
  packaging: ZCheck,
  /** Photos uploaded to the ticket (its attachments), by id. */
  photoIds: z.array(z.uuid()).max(12).default([]),
  decision: z.enum(['accept', 'refuse']),
  /** Required when refusing: why the remedy does not apply (e.g. damage from misuse). */
  refuseReason: z.string().trim().min(2).max(300).optional(),
  /** accept: the warehouse (parts' warehouse id) the unit goes into, and its grade. */
  warehouseId: z.uuid().optional(),
  grade: z.enum(['resaleable', 'to_repair', 'scrap']).optional(),
  version: z.number().int().min(1),
});
export type TReturnInspectionBody = z.infer<typeof ZReturnInspectionBody>;

export const ZReturnCompleteBody = z.strictObject({
  /** Exchanges: the new unit from the unit stock (its model must be the return's new model). */
  stockUnitId: z.uuid().optional(),
  version: z.number().int().min(1),
});

export const ZListReturnsQuery = ZPageQuery.extend({
  status: z.enum(RETURN_STATUSES).optional(),
  ticketId: z.uuid().optional(),
});

export const ZReturnView = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(RETURN_KINDS),
  status: z.enum(RETURN_STATUSES),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  assetId: z.string(),
  serialNumber: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  newModelId: z.string().nullable(),
  newModelName: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  purchasePriceFen: z.number().int(),
  depreciationFen: z.number().int(),
  refundFen: z.number().int(),
  newModelPriceFen: z.number().int().nullable(),
  /** Positive: the customer pays; negative: the customer gets back (exchange_other). */
  priceDifferenceFen: z.number().int(),
  /** The amount the approval covers (refund, or the absolute price difference). */
  approvalAmountFen: z.number().int(),
  sanbaoRemedy: z.string().nullable(),
  reason: z.string(),
  decisionNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  inspection: z
    .object({
      appearance: ZCheck,
      function: ZCheck,
      accessories: ZCheck,
      packaging: ZCheck,
      photoIds: z.array(z.string()),
      decision: z.enum(['accept', 'refuse']),
      refuseReason: z.string().nullable(),
      by: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
  returnedUnitId: z.string().nullable(),
  issuedUnitId: z.string().nullable(),
  newAssetId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TReturnView = z.infer<typeof ZReturnView>;
export const ZReturnPage = zPage(ZReturnView);

export const ZReceiveUnitBody = z.strictObject({
  warehouseId: z.uuid(),
  modelId: z.uuid(),
  serialNumber: z.string().trim().toUpperCase().min(1).max(64),
  note: z.string().trim().max(200).optional(),
});
export const ZListUnitsQuery = ZPageQuery.extend({
  warehouseId: z.uuid().optional(),
  modelId: z.uuid().optional(),
  grade: z.enum(UNIT_GRADES).optional(),
  status: z.enum(UNIT_STATUSES).optional(),
});
export const ZStockUnitView = z.object({
  id: z.uuid(),
  warehouseId: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  serialNumber: z.string(),
  grade: z.enum(UNIT_GRADES),
  status: z.enum(UNIT_STATUSES),
  returnId: z.string().nullable(),
  shipmentNote: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const ZStockUnitPage = zPage(ZStockUnitView);
export const ZShipUnitsBody = z.strictObject({ unitIds: z.array(z.uuid()).min(1).max(200), shipmentNote: z.string().trim().min(2).max(200) });

// ---------------------------------------------------------------- loaners

export const LOANER_STATUSES = ['available', 'lent', 'retired'] as const;
export const LOANER_CONDITIONS = ['good', 'worn', 'damaged'] as const;
export const LOANER_CONDITION_LABELS: Record<(typeof LOANER_CONDITIONS)[number], { zh: string; en: string }> = {
  good: { zh: '完好', en: 'Good' },
  worn: { zh: '有磨损', en: 'Worn' },
  damaged: { zh: '损坏', en: 'Damaged' },
};

export const ZCreateLoanerBody = z.strictObject({
  outletId: z.uuid(),
  modelName: z.string().trim().min(1).max(100),
  serialNumber: z.string().trim().toUpperCase().min(1).max(64),
  condition: z.enum(LOANER_CONDITIONS).default('good'),
});
export const ZLendBody = z.strictObject({
  ticketId: z.uuid(),
  expectedReturnDate: ZDate,
  depositFen: ZFen.default(0),
  note: z.string().trim().max(200).optional(),
});
export const ZLoanerReturnBody = z.strictObject({
  ticketId: z.uuid(),
  condition: z.enum(LOANER_CONDITIONS),
  note: z.string().trim().max(200).optional(),
  /** The deposit given back (fen); defaults to all of it. */
  depositRefundFen: ZFen.optional(),
});
export const ZListLoanersQuery = z.object({ outletId: z.uuid().optional(), status: z.enum(LOANER_STATUSES).optional() });

export const ZLoanView = z.object({
  id: z.uuid(),
  loanerId: z.string(),
  loanerSerial: z.string(),
  loanerModel: z.string(),
  ticketId: z.string(),
  ticketNumber: z.string().nullable(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  lentAt: z.string(),
  expectedReturnDate: z.string(),
  depositFen: z.number().int(),
  returnedAt: z.string().nullable(),
  returnCondition: z.string().nullable(),
  depositRefundFen: z.number().int().nullable(),
  note: z.string().nullable(),
  isOverdue: z.boolean(),
});
export const ZLoanerView = z.object({
  id: z.uuid(),
  outletId: z.string(),
  outletName: z.string().nullable(),
  modelName: z.string(),
  serialNumber: z.string(),
  condition: z.enum(LOANER_CONDITIONS),
  status: z.enum(LOANER_STATUSES),
  currentLoan: ZLoanView.nullable(),
});
export const ZLoanerList = z.object({ items: z.array(ZLoanerView) });
export const ZLoanList = z.object({ items: z.array(ZLoanView) });

// ---------------------------------------------------------------- maker claims

export const CLAIM_EVIDENCE = ['serial', 'old_part', 'photos'] as const;
export type ClaimEvidence = (typeof CLAIM_EVIDENCE)[number];
export const CLAIM_EVIDENCE_LABELS: Record<ClaimEvidence, { zh: string; en: string }> = {
  serial: { zh: '机身序列号', en: 'Serial number' },
  old_part: { zh: '旧件返还', en: 'Old part returned' },
  photos: { zh: '现场照片', en: 'Photos' },
};

export const ZClaimRuleBody = z.strictObject({
  brand: z.string().trim().min(1).max(50),
  /** Labour per work type (repair, install, maintenance, …), fen. */
  labourFenByWorkType: z.record(z.string().min(1).max(30), ZFen),
  /** `cost`: parts at their catalogue price; `fixed`: a fixed amount per part line. */
  partsMode: z.enum(['cost', 'fixed']),
  partsFixedFen: ZFen.default(0),
  travelFen: ZFen.default(0),
  /** Days after completion in which the maker accepts a claim. */
  windowDays: z.number().int().min(1).max(365),
  requiredEvidence: z.array(z.enum(CLAIM_EVIDENCE)).max(3).default([]),
});
export type TClaimRuleBody = z.infer<typeof ZClaimRuleBody>;
export const ZClaimRuleView = ZClaimRuleBody.extend({ id: z.uuid(), updatedAt: z.string() });
export const ZClaimRuleList = z.object({ items: z.array(ZClaimRuleView) });

export const CLAIM_LINE_STATUSES = ['draft', 'batched', 'accepted', 'rejected'] as const;
export const CLAIM_BATCH_STATUSES = ['draft', 'submitted', 'accepted', 'partly_accepted', 'rejected', 'paid'] as const;
export type ClaimBatchStatus = (typeof CLAIM_BATCH_STATUSES)[number];
export const CLAIM_BATCH_STATUS_LABELS: Record<ClaimBatchStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  accepted: { zh: '全部认可', en: 'Accepted' },
  partly_accepted: { zh: '部分认可', en: 'Partly accepted' },
  rejected: { zh: '已拒绝', en: 'Rejected' },
  paid: { zh: '已回款', en: 'Paid' },
};

export const ZClaimLineView = z.object({
  id: z.uuid(),
  workOrderId: z.string(),
  workOrderNumber: z.string(),
  ticketId: z.string(),
  brand: z.string(),
  modelId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  workType: z.string(),
  finishedAt: z.string(),
  labourFen: z.number().int(),
  partsFen: z.number().int(),
  travelFen: z.number().int(),
  totalFen: z.number().int(),
  parts: z.array(z.object({ partId: z.string(), name: z.string(), quantity: z.number(), amountFen: z.number().int(), oldPartSerial: z.string().nullable() })),
  evidence: z.object({ serial: z.boolean(), old_part: z.boolean(), photos: z.boolean() }),
  missingEvidence: z.array(z.enum(CLAIM_EVIDENCE)),
  isIncomplete: z.boolean(),
  /** The claim window ended before the line was submitted (or before today when not yet submitted). */
  isLate: z.boolean(),
  windowEndDate: z.string(),
  status: z.enum(CLAIM_LINE_STATUSES),
  batchId: z.string().nullable(),
  acceptedFen: z.number().int().nullable(),
  rejectReason: z.string().nullable(),
});
export const ZListClaimLinesQuery = ZPageQuery.extend({
  brand: z.string().trim().max(50).optional(),
  status: z.enum(CLAIM_LINE_STATUSES).optional(),
  batchId: z.uuid().optional(),
});
export const ZClaimLinePage = zPage(ZClaimLineView);
export const ZClaimEvidenceBody = z.strictObject({ photos: z.boolean() });

export const ZCreateClaimBatchBody = z.strictObject({ brand: z.string().trim().min(1).max(50), month: ZMonth });
export const ZClaimBatchView = z.object({
  id: z.uuid(),
  number: z.string(),
  brand: z.string(),
  month: z.string(),
  status: z.enum(CLAIM_BATCH_STATUSES),
  lineCount: z.number().int(),
  claimedFen: z.number().int(),
  acceptedFen: z.number().int(),
  paidFen: z.number().int(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  version: z.number().int(),
  lines: z.array(ZClaimLineView),
});
export const ZClaimBatchList = z.object({ items: z.array(ZClaimBatchView.omit({ lines: true })) });
export const ZClaimBatchVersionBody = z.strictObject({ version: z.number().int().min(1) });
export const ZClaimBatchRemoveLineBody = z.strictObject({ lineId: z.uuid(), version: z.number().int().min(1) });
export const ZClaimBatchDecisionBody = z.strictObject({
  version: z.number().int().min(1),
  /** The maker's answer per line: the accepted amount (0 = rejected) and the reason when less than claimed. */
  lines: z.array(z.strictObject({ lineId: z.uuid(), acceptedFen: ZFen, reason: z.string().trim().min(1).max(200).optional() })).min(1),
});
export const ZClaimBatchPaidBody = z.strictObject({ version: z.number().int().min(1), paidFen: ZFen });

export const ZClaimRecoveryQuery = z.object({ brand: z.string().trim().max(50).optional(), month: ZMonth.optional() });
export const ZClaimRecovery = z.object({
  items: z.array(
    z.object({
      brand: z.string(),
      month: z.string(),
      claimedFen: z.number().int(),
      acceptedFen: z.number().int(),
      paidFen: z.number().int(),
      rejectedFen: z.number().int(),
      rejectedByReason: z.array(z.object({ reason: z.string(), count: z.number().int(), amountFen: z.number().int() })),
    }),
  ),
});
