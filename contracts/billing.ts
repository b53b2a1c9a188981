/**
 * Billing (收费、审批、收款、发票、结算, issue 13): the fee schedule, bills with their lines,
 * discount/waiver approvals, payments, cash hand-in, invoices and monthly settlement
 * statements. Money is integer fen everywhere; the one rounding rule is in docs/BILLING.md.
 */
import { z } from 'zod';
import { GRADES, WORK_TYPES } from './dispatch';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

const zFen = (max = 100_000_000) => z.number().int('must be whole fen').min(0, 'must not be negative').max(max);
const zDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

// ---------------------------------------------------------------- fee schedule (收费标准)

/** Labour by work type × product category (null: any category) × grade (null: any grade). */
export const ZLabourRate = z.strictObject({
  workType: z.enum(WORK_TYPES),
  categoryId: z.uuid().nullable().default(null),
  grade: z.enum(GRADES).nullable().default(null),
  amountFen: zFen(),
});
/** Visit fee: by distance band (up to `upToKm`, the smallest band that fits wins) or by district code (wins over bands). */
export const ZVisitFee = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('distance'), upToKm: z.number().min(0).max(10_000), amountFen: zFen() }),
  z.strictObject({ kind: z.literal('district'), districtCode: z.string().regex(/^\d{6}$/, 'a 6-digit division code'), amountFen: zFen() }),
]);
export const ZFeeScheduleBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** The first Asia/Shanghai day the version applies. */
  effectiveFrom: zDate,
  labour: z.array(ZLabourRate).max(2000),
  visit: z.array(ZVisitFee).max(500),
  /** Consumables are charged at cost price instead of sale price. */
  consumablesAtCost: z.boolean().default(false),
  note: z.string().trim().max(500).nullable().optional(),
});
export type TFeeScheduleBody = z.infer<typeof ZFeeScheduleBody>;
export type TLabourRate = z.infer<typeof ZLabourRate>;
export type TVisitFee = z.infer<typeof ZVisitFee>;

// ---------------------------------------------------------------- piece rates (计件单价)

export const SETTLEMENT_PARTIES = ['outlet', 'technician'] as const;
export type SettlementParty = (typeof SETTLEMENT_PARTIES)[number];
export const ZPieceRate = z.strictObject({
  party: z.enum(SETTLEMENT_PARTIES),
  workType: z.enum(WORK_TYPES),
  categoryId: z.uuid().nullable().default(null),
  amountFen: zFen(),
});
export const ZPieceRateExtras = z.strictObject({
  /** Finished 20:00–08:00 Asia/Shanghai. */
  nightFen: zFen(),
  /** Finished on a statutory holiday (the sla calendar). */
  holidayFen: zFen(),
  urgentFen: zFen(),
  /** Per km beyond `freeKm` (rounded half up to the fen). */
  perKmFen: zFen(),
  freeKm: z.number().min(0).max(1000),
});
export const ZPieceRateBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  effectiveFrom: zDate,
  rates: z.array(ZPieceRate).max(5000),
  extras: ZPieceRateExtras,
});
export type TPieceRateBody = z.infer<typeof ZPieceRateBody>;
export type TPieceRate = z.infer<typeof ZPieceRate>;
export type TPieceRateExtras = z.infer<typeof ZPieceRateExtras>;

// ---------------------------------------------------------------- bills

export const BILL_STATUSES = ['quoted', 'confirmed', 'final'] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];
export const BILL_STATUS_LABELS: Labels<BillStatus> = {
  quoted: { zh: '已报价', en: 'Quoted' },
  confirmed: { zh: '客户已确认', en: 'Confirmed' },
  final: { zh: '已结账', en: 'Final' },
};
export const LINE_KINDS = ['labour', 'visit', 'part', 'consumable', 'discount'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export const LINE_KIND_LABELS: Labels<LineKind> = {
  labour: { zh: '工时费', en: 'Labour' },
  visit: { zh: '上门费', en: 'Visit fee' },
  part: { zh: '配件', en: 'Part' },
  consumable: { zh: '辅料', en: 'Consumable' },
  discount: { zh: '减免', en: 'Discount' },
};
/** Who pays a line: the customer, or the maker (in warranty, for the claim). */
export const PAYERS = ['customer', 'maker'] as const;
export type Payer = (typeof PAYERS)[number];

export const ZQuoteBody = z.strictObject({
  /** Distance to the site for the visit fee by band (when the district has no fee of its own). */
  distanceKm: z.number().min(0).max(10_000).nullable().optional(),
});
export const ZAddLineBody = z.strictObject({
  version: z.number().int(),
  kind: z.enum(['labour', 'part', 'consumable']),
  /** A part of the catalogue: priced at its sale price. */
  partId: z.uuid().nullable().optional(),
  /** Labour of a work type: priced from the bill's schedule version. */
  workType: z.enum(WORK_TYPES).nullable().optional(),
  quantity: z.number().int().min(1).max(1000).default(1),
});
export const ZConfirmBody = z.strictObject({
  version: z.number().int(),
  method: z.enum(['signature', 'code']),
  /** The code shown to or sent to the customer (method `code`). */
  code: z.string().trim().max(12).nullable().optional(),
  /** The stored signature's key (method `signature`, e.g. the work order's receipt signature). */
  signatureKey: z.string().trim().max(200).nullable().optional(),
});

export type TBillLine = {
  id: string;
  kind: LineKind;
  description: string;
  partId: string | null;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  payer: Payer;
  source: 'quote' | 'onsite' | 'report' | 'approval';
};
export type TBillView = {
  id: string;
  workOrderId: string;
  workOrderNumber: string;
  ticketId: string;
  customerId: string;
  outletId: string | null;
  status: BillStatus;
  isWarranty: boolean;
  scheduleId: string;
  scheduleName: string;
  lines: TBillLine[];
  /** Σ customer lines before discounts. */
  subtotalFen: number;
  discountFen: number;
  /** What the customer owes: Σ customer lines (discount lines are negative). */
  dueFen: number;
  /** Σ maker lines (the warranty claim). */
  claimFen: number;
  paidFen: number;
  refundedFen: number;
  outstandingFen: number;
  confirmedAt: string | null;
  confirmMethod: string | null;
  confirmedDueFen: number | null;
  /** The due changed since the customer confirmed. */
  needsReconfirm: boolean;
  confirmCode: string | null;
  pendingApprovals: number;
  version: number;
};

// ---------------------------------------------------------------- approvals (减免审批)

export const ADJUSTMENT_KINDS = ['discount', 'waiver', 'amount_change'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
export const ADJUSTMENT_KIND_LABELS: Labels<AdjustmentKind> = {
  discount: { zh: '折扣', en: 'Discount' },
  waiver: { zh: '免收', en: 'Waiver' },
  amount_change: { zh: '改价', en: 'Amount change' },
};
export const APPROVER_LEVELS = ['outlet_head', 'manager'] as const;
export type ApproverLevel = (typeof APPROVER_LEVELS)[number];
export const APPROVER_LEVEL_LABELS: Labels<ApproverLevel> = { outlet_head: { zh: '网点负责人', en: 'Outlet head' }, manager: { zh: '售后经理', en: 'Manager' } };
export const ADJUSTMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];
export const ADJUSTMENT_STATUS_LABELS: Labels<AdjustmentStatus> = {
  pending: { zh: '待审批', en: 'Pending' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};
export const ZProposeBody = z
  .strictObject({
    kind: z.enum(['discount', 'waiver']),
    /** Percent of the customer's subtotal, up to 2 decimals (discount). */
    percent: z.number().gt(0, 'must be above 0').max(100, 'must be at most 100').optional(),
    /** Or an amount in fen (discount). */
    amountFen: z.number().int('must be whole fen').positive('must be above 0').optional(),
    reason: z.string().trim().min(2).max(500),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'discount' && body.percent === undefined && body.amountFen === undefined) ctx.addIssue({ code: 'custom', path: ['percent'], message: 'give percent or amountFen' });
    if (body.percent !== undefined && body.amountFen !== undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'give percent or amountFen, not both' });
    if (body.percent !== undefined && Math.abs(Math.round(body.percent * 100) - body.percent * 100) > 1e-6) ctx.addIssue({ code: 'custom', path: ['percent'], message: 'at most 2 decimals' });
  });
export const ZDecideBody = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  reason: z.string().trim().min(2).max(500),
  version: z.number().int(),
});
export type TAdjustmentView = {
  id: string;
  billId: string;
  workOrderNumber: string;
  outletId: string | null;
  kind: AdjustmentKind;
  percentBp: number | null;
  amountFen: number;
  baseFen: number;
  reason: string;
  requiredLevel: ApproverLevel;
  status: AdjustmentStatus;
  proposedBy: string;
  proposedById: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  version: number;
};
/** Who approves what (setting `billing.approvals`). */
export const ZApprovalSettings = z.strictObject({
  /** A discount up to this percent of the subtotal: the outlet head; above it the manager. */
  outletHeadMaxPercent: z.number().min(0).max(100),
  /** A waiver (免收) always needs the manager. */
  waiverNeedsManager: z.boolean(),
});
export type TApprovalSettings = z.infer<typeof ZApprovalSettings>;
export const DEFAULT_APPROVAL_SETTINGS: TApprovalSettings = { outletHeadMaxPercent: 10, waiverNeedsManager: true };

// ---------------------------------------------------------------- payments (收款)

export const PAYMENT_METHODS = ['cash', 'wechat', 'alipay', 'bank', 'pos'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABELS: Labels<PaymentMethod> = {
  cash: { zh: '现金', en: 'Cash' },
  wechat: { zh: '微信支付', en: 'WeChat Pay' },
  alipay: { zh: '支付宝', en: 'Alipay' },
  bank: { zh: '银行转账', en: 'Bank transfer' },
  pos: { zh: 'POS刷卡', en: 'POS' },
};
export const ZPaymentBody = z
  .strictObject({
    method: z.enum(PAYMENT_METHODS),
    amountFen: z.number().int('must be whole fen').positive('must be above 0'),
    /** The bank, POS or wallet transaction reference (required except for cash). */
    reference: z.string().trim().max(100).nullable().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.method !== 'cash' && !body.reference) ctx.addIssue({ code: 'custom', path: ['reference'], message: 'required for a non-cash payment' });
  });
export const ZPaymentLinkBody = z.strictObject({ method: z.enum(['wechat', 'alipay']), amountFen: z.number().int('must be whole fen').positive('must be above 0') });
export const ZRefundBody = z.strictObject({
  paymentId: z.uuid(),
  amountFen: z.number().int('must be whole fen').positive('must be above 0'),
  reason: z.string().trim().min(2).max(500),
});
export type TPaymentView = {
  id: string;
  billId: string;
  kind: 'payment' | 'refund';
  method: PaymentMethod;
  amountFen: number;
  reference: string | null;
  status: 'pending' | 'succeeded';
  payUrl: string | null;
  collectorUserId: string;
  collectorName: string;
  reason: string | null;
  refundOfId: string | null;
  paidAt: string | null;
  createdAt: string;
};
export const ZCashHandinBody = z.strictObject({
  outletId: z.uuid().nullable(),
  technicianUserId: z.uuid(),
  businessDate: zDate,
  amountFen: z.number().int('must be whole fen').positive('must be above 0'),
  note: z.string().trim().max(500).nullable().optional(),
});
export const ZReconciliationQuery = z.strictObject({ date: zDate, outletId: z.uuid().optional() });

// ---------------------------------------------------------------- invoices (发票)

export const INVOICE_TYPES = ['normal', 'special'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];
export const INVOICE_TYPE_LABELS: Labels<InvoiceType> = { normal: { zh: '增值税普通发票', en: 'Ordinary VAT invoice' }, special: { zh: '增值税专用发票', en: 'Special VAT invoice' } };
const taxIdPattern = /^[0-9A-HJ-NPQRTUWXY]{15,20}$/;
export const ZInvoiceRequestBody = z
  .strictObject({
    type: z.enum(INVOICE_TYPES),
    title: z.string().trim().min(2).max(100),
    taxId: z.string().trim().toUpperCase().regex(taxIdPattern, 'a 15–20 character taxpayer id').nullable().optional(),
    address: z.string().trim().max(200).nullable().optional(),
    phone: z.string().trim().max(40).nullable().optional(),
    bankName: z.string().trim().max(100).nullable().optional(),
    bankAccount: z.string().trim().max(40).nullable().optional(),
    email: z.email().nullable().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.type !== 'special') return;
    for (const field of ['taxId', 'address', 'phone', 'bankName', 'bankAccount'] as const) {
      if (!body[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'required for a special VAT invoice (专票)' });
    }
  });
export const ZInvoiceIssueBody = z.strictObject({
  version: z.number().int(),
  /** Recorded by hand; without it the invoice provider issues. */
  number: z.string().trim().min(1).max(40).optional(),
  issuedOn: zDate.optional(),
});
export type TInvoiceView = {
  id: string;
  billId: string;
  workOrderNumber: string;
  type: InvoiceType;
  title: string;
  taxId: string | null;
  address: string | null;
  phone: string | null;
  bankName: string | null;
  bankAccount: string | null;
  amountFen: number;
  status: 'requested' | 'issued';
  number: string | null;
  issuedOn: string | null;
  requestedAt: string;
  version: number;
};

// ---------------------------------------------------------------- settlement (网点结算 / 计件)

export const STATEMENT_STATUSES = ['draft', 'approved'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];
export const STATEMENT_LINE_KINDS = ['order', 'deduction', 'correction'] as const;
export type StatementLineKind = (typeof STATEMENT_LINE_KINDS)[number];
/** Typed deductions: quality penalties (the quality ledger), rework not paid, claims the maker rejected through the outlet's fault. */
export const DEDUCTION_TYPES = ['quality_penalty', 'rework_unpaid', 'claim_rejected', 'other'] as const;
export type DeductionType = (typeof DEDUCTION_TYPES)[number];
export const DEDUCTION_TYPE_LABELS: Labels<DeductionType> = {
  quality_penalty: { zh: '质量处罚', en: 'Quality penalty' },
  rework_unpaid: { zh: '返工不计费', en: 'Rework not paid' },
  claim_rejected: { zh: '厂家拒赔', en: 'Claim rejected by maker' },
  other: { zh: '其他扣款', en: 'Other deduction' },
};
export const EXTRA_KINDS = ['night', 'holiday', 'urgent', 'distance'] as const;
export type ExtraKind = (typeof EXTRA_KINDS)[number];
export const EXTRA_KIND_LABELS: Labels<ExtraKind> = { night: { zh: '夜间', en: 'Night' }, holiday: { zh: '节假日', en: 'Holiday' }, urgent: { zh: '加急', en: 'Urgent' }, distance: { zh: '远程', en: 'Distance' } };
export const LINE_STATES = ['open', 'confirmed', 'disputed'] as const;
export type LineState = (typeof LINE_STATES)[number];
export const ZPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
export const ZGenerateBody = z.strictObject({ period: ZPeriod });
export const ZStatementQuery = z.strictObject({ period: ZPeriod.optional(), partyType: z.enum(SETTLEMENT_PARTIES).optional() });
export const ZLineDecisionBody = z.strictObject({
  state: z.enum(['confirmed', 'disputed']),
  reason: z.string().trim().min(2).max(500).optional(),
  version: z.number().int(),
});
export const ZDeductionBody = z.strictObject({
  version: z.number().int(),
  deductionType: z.enum(DEDUCTION_TYPES),
  amountFen: z.number().int('must be whole fen').positive('must be above 0'),
  description: z.string().trim().min(2).max(200),
  workOrderId: z.uuid().nullable().optional(),
});
export const ZStatementApproveBody = z.strictObject({ version: z.number().int() });
export type TStatementLine = {
  id: string;
  kind: StatementLineKind;
  deductionType: DeductionType | null;
  workOrderId: string | null;
  workOrderNumber: string | null;
  workType: string | null;
  description: string;
  rateFen: number;
  extrasFen: number;
  extraKinds: ExtraKind[];
  amountFen: number;
  state: LineState;
  disputeReason: string | null;
};
export type TStatementView = {
  id: string;
  period: string;
  partyType: SettlementParty;
  partyId: string;
  partyName: string;
  status: StatementStatus;
  orderCount: number;
  ordersFen: number;
  extrasFen: number;
  deductionsFen: number;
  totalFen: number;
  disputedLines: number;
  approvedAt: string | null;
  approvedBy: string | null;
  version: number;
  lines?: TStatementLine[];
};
