/** Complaints (投诉, issue 15): states, types, settings and the shapes shared by server and web. */
import { z } from 'zod';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const COMPLAINT_CHANNELS = ['phone', 'wechat', 'web', 'letter', 'walk_in', 'follow_up', 'other_department'] as const;
export type TComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const COMPLAINT_CHANNEL_LABELS: Labels<TComplaintChannel> = {
  phone: { zh: '电话', en: 'Phone' },
  wechat: { zh: '微信', en: 'WeChat' },
  web: { zh: '网站', en: 'Web' },
  letter: { zh: '信函', en: 'Letter' },
  walk_in: { zh: '来访', en: 'Walk-in' },
  follow_up: { zh: '回访', en: 'Follow-up' },
  other_department: { zh: '其他部门转交', en: 'Another department' },
};

export const COMPLAINT_TYPES = ['service_attitude', 'quality', 'timeliness', 'charges', 'product', 'other'] as const;
export type TComplaintType = (typeof COMPLAINT_TYPES)[number];
export const COMPLAINT_TYPE_LABELS: Labels<TComplaintType> = {
  service_attitude: { zh: '服务态度', en: 'Service attitude' },
  quality: { zh: '服务质量', en: 'Quality of work' },
  timeliness: { zh: '时效', en: 'Timeliness' },
  charges: { zh: '收费', en: 'Charges' },
  product: { zh: '产品', en: 'Product' },
  other: { zh: '其他', en: 'Other' },
};

export const COMPLAINT_SEVERITIES = ['minor', 'normal', 'serious', 'critical'] as const;
export type TComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export const COMPLAINT_SEVERITY_LABELS: Labels<TComplaintSeverity> = {
  minor: { zh: '轻微', en: 'Minor' },
  normal: { zh: '一般', en: 'Normal' },
  serious: { zh: '严重', en: 'Serious' },
  critical: { zh: '重大', en: 'Critical' },
};

/**
 * accepted (24 h to respond) → investigating (responsibility analysis) → resolving (plan agreed
 * with the customer, compensation, tracking until the severity's limit) → verifying (a supervisor
 * calls back) → closed (only with a confirmed call-back). A call-back that is not confirmed, or a
 * closed complaint reopened, goes back to resolving and is escalated to the manager.
 */
export const COMPLAINT_STATUSES = ['accepted', 'investigating', 'resolving', 'verifying', 'closed'] as const;
export type TComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_LABELS: Labels<TComplaintStatus> = {
  accepted: { zh: '已受理', en: 'Accepted' },
  investigating: { zh: '调查中', en: 'Investigating' },
  resolving: { zh: '处理中', en: 'Resolving' },
  verifying: { zh: '待回访确认', en: 'Awaiting verification' },
  closed: { zh: '已结案', en: 'Closed' },
};

export const RESPONSIBLE_PARTIES = ['technician', 'outlet', 'product', 'logistics', 'customer', 'other'] as const;
export type TResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];
export const RESPONSIBLE_PARTY_LABELS: Labels<TResponsibleParty> = {
  technician: { zh: '技师', en: 'Technician' },
  outlet: { zh: '服务网点', en: 'Outlet' },
  product: { zh: '产品/厂家', en: 'Product / maker' },
  logistics: { zh: '物流', en: 'Logistics' },
  customer: { zh: '客户', en: 'Customer' },
  other: { zh: '其他', en: 'Other' },
};

export const COMPENSATION_KINDS = ['money', 'goods', 'free_service'] as const;
export type TCompensationKind = (typeof COMPENSATION_KINDS)[number];
export const COMPENSATION_KIND_LABELS: Labels<TCompensationKind> = {
  money: { zh: '现金补偿', en: 'Money' },
  goods: { zh: '赠送物品', en: 'Goods' },
  free_service: { zh: '免费服务', en: 'Free service' },
};

export const COMPENSATION_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type TCompensationStatus = (typeof COMPENSATION_STATUSES)[number];
export const COMPENSATION_STATUS_LABELS: Labels<TCompensationStatus> = {
  proposed: { zh: '待审批', en: 'Awaiting approval' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};

export const VERIFICATION_OUTCOMES = ['confirmed', 'not_confirmed', 'not_reached'] as const;
export type TVerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];
export const VERIFICATION_OUTCOME_LABELS: Labels<TVerificationOutcome> = {
  confirmed: { zh: '客户确认已解决', en: 'Customer confirms it is resolved' },
  not_confirmed: { zh: '客户不认可', en: 'Customer does not confirm' },
  not_reached: { zh: '未接通', en: 'Not reached' },
};

/** The follow-up's ratings carried over to the complaint. */
export type TFollowUpRatings = { overall: number; attitude: number; skill: number; timeliness: number };

export const ZComplaintSettings = z.strictObject({
  /** Hours after acceptance by which the first response is due. */
  responseHours: z.number().int().min(1).max(168),
  /** Working days (statutory calendar) from the agreed plan to resolve, by severity. */
  resolutionWorkingDays: z.strictObject({ minor: z.number().int().min(1).max(60), normal: z.number().int().min(1).max(60), serious: z.number().int().min(1).max(60), critical: z.number().int().min(1).max(60) }),
  /**
   * The largest compensation (fen) a role may approve; an approver's limit is the largest of
   * their roles'. A role not listed approves nothing.
   */
  approvalLimitsFen: z.record(z.string(), z.number().int().min(0)),
  /**
   * The ledger rule (code) proposed per complaint type when a technician or outlet is
   * responsible; a type without one proposes every active rule of trigger `complaint`.
   */
  penaltyRuleByType: z.partialRecord(z.enum(COMPLAINT_TYPES), z.string().trim().min(1).max(40)),
});
export type TComplaintSettings = z.infer<typeof ZComplaintSettings>;

export const DEFAULT_COMPLAINT_SETTINGS: TComplaintSettings = {
  responseHours: 24,
  resolutionWorkingDays: { minor: 10, normal: 7, serious: 3, critical: 1 },
  approvalLimitsFen: { supervisor: 20_000, manager: 200_000, admin: 1_000_000 },
  penaltyRuleByType: {},
};

const text = (max: number) => z.string().trim().min(1, 'required').max(max);

export const ZCreateComplaintBody = z.strictObject({
  channel: z.enum(COMPLAINT_CHANNELS),
  sourceDepartment: text(100).optional(),
  type: z.enum(COMPLAINT_TYPES),
  severity: z.enum(COMPLAINT_SEVERITIES),
  customerId: z.uuid(),
  contactPhone: z.string().trim().max(40).optional(),
  account: text(5000),
  ticketId: z.uuid().optional(),
  workOrderId: z.uuid().optional(),
  technicianId: z.uuid().optional(),
  outletId: z.uuid().optional(),
});
export type TCreateComplaintBody = z.infer<typeof ZCreateComplaintBody>;

/** One click from a dissatisfied follow-up: everything else is carried over. */
export const ZComplaintFromFollowUpBody = z.strictObject({
  type: z.enum(COMPLAINT_TYPES),
  severity: z.enum(COMPLAINT_SEVERITIES).default('normal'),
  /** The customer's words; the follow-up's comment when left out. */
  account: text(5000).optional(),
});

export const ZComplaintVersionBody = z.strictObject({ version: z.number().int().min(1), note: z.string().trim().max(2000).optional() });

export const ZUpdateComplaintBody = z.strictObject({
  version: z.number().int().min(1),
  type: z.enum(COMPLAINT_TYPES).optional(),
  severity: z.enum(COMPLAINT_SEVERITIES).optional(),
  contactPhone: z.string().trim().max(40).optional(),
  handlerUserId: z.uuid().nullable().optional(),
});

export const ZResponsibilityBody = z.strictObject({
  version: z.number().int().min(1),
  party: z.enum(RESPONSIBLE_PARTIES),
  /** Required when the party is a technician. */
  technicianId: z.uuid().optional(),
  /** Required when the party is an outlet. */
  outletId: z.uuid().optional(),
  /** The outlet's person held responsible (a user of that outlet): the penalty is proposed for them. */
  userId: z.uuid().optional(),
  findings: text(5000),
});

export const ZPlanBody = z.strictObject({
  version: z.number().int().min(1),
  plan: text(5000),
  /** The plan was agreed with the customer (must be true). */
  customerAgreed: z.boolean(),
});

export const ZCompensationBody = z.strictObject({
  version: z.number().int().min(1),
  kind: z.enum(COMPENSATION_KINDS),
  /** Money paid, or the value of the goods / free service, in fen. */
  amountFen: z.number().int().min(1, 'give the amount or value in fen').max(100_000_000),
  description: text(500),
});

export const ZCompensationDecisionBody = z.strictObject({
  version: z.number().int().min(1),
  action: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(500).optional(),
});

export const ZResolveBody = z.strictObject({ version: z.number().int().min(1), note: text(2000) });

export const ZVerificationBody = z.strictObject({ version: z.number().int().min(1), outcome: z.enum(VERIFICATION_OUTCOMES), note: z.string().trim().max(2000).optional() });

export const ZCloseBody = z.strictObject({ version: z.number().int().min(1), note: z.string().trim().max(2000).optional() });

export const ZReopenBody = z.strictObject({ version: z.number().int().min(1), reason: text(2000) });

export const ZComplaintListQuery = z.strictObject({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  type: z.enum(COMPLAINT_TYPES).optional(),
  severity: z.enum(COMPLAINT_SEVERITIES).optional(),
  isOverdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  isEscalated: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  customerId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is YYYY-MM');
export const ZComplaintStatsQuery = z.strictObject({ from: ZMonth, to: ZMonth });

export const ZCompensationView = z.object({
  id: z.string(),
  kind: z.enum(COMPENSATION_KINDS),
  amountFen: z.number().int(),
  description: z.string(),
  status: z.enum(COMPENSATION_STATUSES),
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  version: z.number().int(),
});
export type TCompensationView = z.infer<typeof ZCompensationView>;

export const ZComplaintEventView = z.object({ id: z.string(), kind: z.string(), note: z.string().nullable(), data: z.record(z.string(), z.unknown()).nullable(), actorName: z.string().nullable(), at: z.string() });
export type TComplaintEventView = z.infer<typeof ZComplaintEventView>;

export const ZComplaintView = z.object({
  id: z.string(),
  number: z.string(),
  channel: z.enum(COMPLAINT_CHANNELS),
  sourceDepartment: z.string().nullable(),
  followUpId: z.string().nullable(),
  type: z.enum(COMPLAINT_TYPES),
  severity: z.enum(COMPLAINT_SEVERITIES),
  status: z.enum(COMPLAINT_STATUSES),
  customerId: z.string(),
  customerName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  account: z.string(),
  ticketId: z.string().nullable(),
  workOrderId: z.string().nullable(),
  technicianId: z.string().nullable(),
  technicianName: z.string().nullable(),
  outletId: z.string().nullable(),
  outletName: z.string().nullable(),
  ratings: z.object({ overall: z.number(), attitude: z.number(), skill: z.number(), timeliness: z.number() }).nullable(),
  categories: z.array(z.string()).nullable(),
  acceptedAt: z.string(),
  responseDueAt: z.string(),
  respondedAt: z.string().nullable(),
  responsibleParty: z.enum(RESPONSIBLE_PARTIES).nullable(),
  responsibleTechnicianId: z.string().nullable(),
  responsibleOutletId: z.string().nullable(),
  findings: z.string().nullable(),
  plan: z.string().nullable(),
  resolutionDueDate: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  lastVerificationOutcome: z.enum(VERIFICATION_OUTCOMES).nullable(),
  closedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  escalatedAt: z.string().nullable(),
  escalationReason: z.string().nullable(),
  isOverdue: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type TComplaintView = z.infer<typeof ZComplaintView>;

export const ZComplaintDetail = ZComplaintView.extend({
  events: z.array(ZComplaintEventView),
  compensations: z.array(ZCompensationView),
  penaltyEntryIds: z.array(z.string()),
});
export type TComplaintDetail = z.infer<typeof ZComplaintDetail>;

export const ZComplaintStats = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  byType: z.array(z.object({ key: z.string(), count: z.number().int() })),
  byResponsibility: z.array(z.object({ key: z.string(), count: z.number().int() })),
  byOutlet: z.array(z.object({ key: z.string().nullable(), name: z.string().nullable(), count: z.number().int() })),
  byMonth: z.array(z.object({ key: z.string(), count: z.number().int() })),
  compensationFen: z.number().int(),
});
export type TComplaintStats = z.infer<typeof ZComplaintStats>;
