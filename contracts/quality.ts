/**
 * Quality (质量管理, issue 14): checklists and the technician's self-check (自检), final
 * inspection (终检) and rework (返工), repeat repairs (返修), the rewards and penalties ledger
 * (奖惩台账) and the quality figures. Shared by server and web.
 */
import { z } from 'zod';
import { ZPageQuery, zPage, zText } from './common';
import { WORK_TYPES } from './dispatch';
import { TICKET_TYPES } from './tickets';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const QUALITY_LIMITS = {
  itemsMax: 50,
  amountFenMax: 100_000_000,
  pointsMax: 10_000,
  windowDaysMax: 730,
  multiplierMax: 10,
  streakMax: 100,
} as const;

// ---- Checklists and self-check ----

export const CHECK_ITEM_KINDS = ['yes_no', 'measure'] as const;
export type CheckItemKind = (typeof CHECK_ITEM_KINDS)[number];
export const CHECK_ITEM_KIND_LABELS: Labels<CheckItemKind> = {
  yes_no: { zh: '是/否', en: 'Yes / no' },
  measure: { zh: '测量值', en: 'Measured value' },
};

/** One item of a checklist: a yes/no question or a measured value with its allowed range. */
export const ZChecklistItem = z
  .strictObject({
    code: z.string().trim().min(1).max(40).regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _'),
    label: zText(100),
    kind: z.enum(CHECK_ITEM_KINDS),
    /** Unit of a measured value (℃, MPa, V). */
    unit: z.string().trim().max(20).nullable().optional(),
    /** The allowed range of a measured value (inclusive); either end may be open. */
    min: z.number().finite().nullable().optional(),
    max: z.number().finite().nullable().optional(),
    isRequired: z.boolean().default(true),
    isPhotoRequired: z.boolean().default(false),
  })
  .refine((item) => item.kind === 'measure' || (item.min == null && item.max == null), { message: 'only a measured value has a range', path: ['min'] })
  .refine((item) => item.min == null || item.max == null || item.min <= item.max, { message: 'min must not exceed max', path: ['max'] });
export type TChecklistItem = z.infer<typeof ZChecklistItem>;

const ZChecklistItems = z
  .array(ZChecklistItem)
  .min(1)
  .max(QUALITY_LIMITS.itemsMax)
  .refine((items) => new Set(items.map((item) => item.code)).size === items.length, { message: 'item codes must be unique' });

export const ZChecklistBody = z.strictObject({
  name: zText(100),
  /** The work type it applies to (repair, installation, maintenance …). */
  workType: z.enum(WORK_TYPES),
  /** A product category; null: every category of the work type. */
  categoryId: z.uuid().nullable().optional(),
  items: ZChecklistItems,
  isActive: z.boolean().default(true),
});
export type TChecklistBody = z.infer<typeof ZChecklistBody>;
export const ZUpdateChecklistBody = ZChecklistBody.partial().extend({ version: z.number().int().min(1) }).strict();

export const ZChecklistView = z.object({
  id: z.uuid(),
  name: z.string(),
  workType: z.enum(WORK_TYPES),
  categoryId: z.uuid().nullable(),
  items: z.array(ZChecklistItem),
  isActive: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type TChecklistView = z.infer<typeof ZChecklistView>;

/** One answer of the self-check: `passed` for a yes/no item, `value` for a measured one. */
export const ZSelfCheckAnswer = z.strictObject({
  code: z.string().trim().min(1).max(40),
  passed: z.boolean().optional(),
  value: z.number().finite().optional(),
  /** A photo of the order (uploaded with the photo step) for items that need one. */
  photoId: z.uuid().optional(),
  note: z.string().trim().max(200).optional(),
});
export const ZSelfCheckBody = z.strictObject({ answers: z.array(ZSelfCheckAnswer).max(QUALITY_LIMITS.itemsMax) });
export type TSelfCheckBody = z.infer<typeof ZSelfCheckBody>;

export const ZSelfCheckView = z.object({
  workOrderId: z.uuid(),
  checklistId: z.uuid(),
  checklistVersion: z.number().int(),
  answers: z.array(z.object({ code: z.string(), label: z.string(), passed: z.boolean().nullable(), value: z.number().nullable(), photoId: z.string().nullable(), isOk: z.boolean(), isRequired: z.boolean() })),
  isPassed: z.boolean(),
  /** Required items failed or missing (their codes). */
  failedItems: z.array(z.string()),
  /** Set when a failed inspection sent the order back: the self-check must be done again. */
  isStale: z.boolean(),
  submittedAt: z.string(),
});
export type TSelfCheckView = z.infer<typeof ZSelfCheckView>;
export const ZFieldSelfCheck = z.object({ checklist: ZChecklistView.nullable(), selfCheck: ZSelfCheckView.nullable() });
export type TFieldSelfCheck = z.infer<typeof ZFieldSelfCheck>;

// ---- Inspection and rework ----

export const INSPECTION_STATES = ['not_required', 'pending', 'passed', 'failed'] as const;
export type InspectionState = (typeof INSPECTION_STATES)[number];
export const INSPECTION_STATE_LABELS: Labels<InspectionState> = {
  not_required: { zh: '无需终检', en: 'Not required' },
  pending: { zh: '待终检', en: 'Awaiting inspection' },
  passed: { zh: '终检通过', en: 'Passed' },
  failed: { zh: '终检不合格（返工）', en: 'Failed (rework)' },
};

export const ZInspectionBody = z
  .strictObject({
    result: z.enum(['passed', 'failed']),
    /** Why the unit failed (required when it failed). */
    reason: z.string().trim().max(500).nullable().optional(),
  })
  .refine((body) => body.result === 'passed' || Boolean(body.reason), { message: 'say why the unit failed', path: ['reason'] });

export const ZVisitView = z.object({
  workOrderId: z.uuid(),
  workOrderNumber: z.string(),
  ticketId: z.uuid(),
  assetId: z.uuid().nullable(),
  type: z.enum(WORK_TYPES),
  faultCode: z.string().nullable(),
  technicianId: z.uuid().nullable(),
  technicianName: z.string().nullable(),
  outletId: z.uuid().nullable(),
  outletName: z.string().nullable(),
  finishedAt: z.string(),
  isWorkshop: z.boolean(),
  inspection: z.enum(INSPECTION_STATES),
  reworkCount: z.number().int(),
  lastReworkReason: z.string().nullable(),
});
export type TVisitView = z.infer<typeof ZVisitView>;
export const ZVisitQuery = ZPageQuery.extend({ inspection: z.enum(INSPECTION_STATES).optional() }).strict();
export const ZVisitPage = zPage(ZVisitView);

// ---- Repeat repairs ----

export const ZRepeatLinkView = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  assetId: z.uuid(),
  faultCode: z.string(),
  earlierFaultCode: z.string(),
  matchedBy: z.enum(['code', 'group']),
  earlierWorkOrderId: z.uuid(),
  earlierWorkOrderNumber: z.string(),
  earlierTicketId: z.uuid(),
  earlierFinishedAt: z.string(),
  daysSince: z.number().int(),
  technicianId: z.uuid().nullable(),
  technicianName: z.string().nullable(),
  outletId: z.uuid().nullable(),
  outletName: z.string().nullable(),
  /** The flag as the dispatcher reads it: 返修：上次 2026-10-01 王强 更换电容. */
  summary: z.string(),
  detectedAt: z.string(),
  isCleared: z.boolean(),
  clearedBy: z.string().nullable(),
  clearedAt: z.string().nullable(),
  clearReason: z.string().nullable(),
});
export type TRepeatLinkView = z.infer<typeof ZRepeatLinkView>;
export const ZRepeatQuery = ZPageQuery.extend({ status: z.enum(['open', 'cleared', 'all']).default('open'), ticketId: z.uuid().optional() }).strict();
export const ZRepeatPage = zPage(ZRepeatLinkView);
export const ZClearRepeatBody = z.strictObject({ reason: zText(500) });
export const ZBackfillBody = z.strictObject({
  /** Only tickets registered on or after this instant (ISO); default: all. */
  since: z.iso.datetime({ offset: true }).optional(),
});
export const ZBackfillResult = z.object({ visitsRecorded: z.number().int(), ticketsChecked: z.number().int(), linksCreated: z.number().int() });

// ---- Rewards and penalties ----

export const LEDGER_KINDS = ['reward', 'penalty'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_KIND_LABELS: Labels<LedgerKind> = { reward: { zh: '奖励', en: 'Reward' }, penalty: { zh: '处罚', en: 'Penalty' } };

/** The events that propose an entry by themselves; `manual`: only by hand. */
export const LEDGER_TRIGGERS = ['rework', 'repeat_repair', 'complaint', 'sla_breach', 'fake_follow_up', 'low_rating', 'praise', 'first_time_fix_streak', 'manual'] as const;
export type LedgerTrigger = (typeof LEDGER_TRIGGERS)[number];
export const LEDGER_TRIGGER_LABELS: Labels<LedgerTrigger> = {
  rework: { zh: '终检返工', en: 'Rework after inspection' },
  repeat_repair: { zh: '返修', en: 'Repeat repair' },
  complaint: { zh: '投诉', en: 'Complaint' },
  sla_breach: { zh: '技师原因超时', en: 'SLA breach caused by the technician' },
  fake_follow_up: { zh: '虚假回访', en: 'Faked follow-up' },
  low_rating: { zh: '回访差评', en: 'Low follow-up rating' },
  praise: { zh: '客户表扬', en: 'Customer praise' },
  first_time_fix_streak: { zh: '连续一次修复', en: 'First-time fix streak' },
  manual: { zh: '手工', en: 'By hand' },
};

export const LEDGER_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
export const LEDGER_STATUS_LABELS: Labels<LedgerStatus> = {
  proposed: { zh: '待审批', en: 'Proposed' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};

const ZAmountFen = z.number().int().min(0).max(QUALITY_LIMITS.amountFenMax);
const ZPoints = z.number().int().min(0).max(QUALITY_LIMITS.pointsMax);

export const ZRuleBody = z
  .strictObject({
    code: z.string().trim().min(1).max(40).regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _'),
    name: zText(100),
    kind: z.enum(LEDGER_KINDS),
    amountFen: ZAmountFen.default(0),
    points: ZPoints.default(0),
    trigger: z.enum(LEDGER_TRIGGERS),
    /** The same rule again for the same person within this many days multiplies the amount. */
    repeatWindowDays: z.number().int().min(1).max(QUALITY_LIMITS.windowDaysMax).default(90),
    repeatMultiplier: z.number().int().min(1).max(QUALITY_LIMITS.multiplierMax).default(2),
    isActive: z.boolean().default(true),
  })
  .refine((rule) => rule.amountFen > 0 || rule.points > 0, { message: 'give an amount or points', path: ['amountFen'] });
export const ZUpdateRuleBody = z
  .strictObject({
    name: zText(100).optional(),
    amountFen: ZAmountFen.optional(),
    points: ZPoints.optional(),
    repeatWindowDays: z.number().int().min(1).max(QUALITY_LIMITS.windowDaysMax).optional(),
    repeatMultiplier: z.number().int().min(1).max(QUALITY_LIMITS.multiplierMax).optional(),
    isActive: z.boolean().optional(),
  });
export const ZRuleView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(LEDGER_KINDS),
  amountFen: z.number().int(),
  points: z.number().int(),
  trigger: z.enum(LEDGER_TRIGGERS),
  repeatWindowDays: z.number().int(),
  repeatMultiplier: z.number().int(),
  isActive: z.boolean(),
});
export type TRuleView = z.infer<typeof ZRuleView>;

/** A hand-made proposal: the rule, the person (a user) and why; amount/points default to the rule's. */
export const ZProposeBody = z.strictObject({
  ruleCode: z.string().trim().min(1).max(40),
  userId: z.uuid(),
  reason: zText(500),
  amountFen: ZAmountFen.optional(),
  points: ZPoints.optional(),
});
export const ZDecideBody = z
  .strictObject({
    action: z.enum(['approve', 'change', 'reject']),
    amountFen: ZAmountFen.optional(),
    points: ZPoints.optional(),
    reason: z.string().trim().max(500).nullable().optional(),
    version: z.number().int().min(1).optional(),
  })
  .refine((body) => body.action === 'approve' || Boolean(body.reason), { message: 'a change or a rejection needs a reason', path: ['reason'] })
  .refine((body) => body.action !== 'change' || body.amountFen !== undefined || body.points !== undefined, { message: 'give the changed amount or points', path: ['amountFen'] });
export const ZAppealBody = z.strictObject({ text: zText(500) });

export const ZLedgerEntryView = z.object({
  id: z.uuid(),
  ruleCode: z.string(),
  ruleName: z.string(),
  kind: z.enum(LEDGER_KINDS),
  trigger: z.enum(LEDGER_TRIGGERS),
  userId: z.uuid(),
  personName: z.string().nullable(),
  technicianId: z.uuid().nullable(),
  outletId: z.uuid().nullable(),
  outletName: z.string().nullable(),
  /** The rule's amount before the repeat multiplier. */
  baseAmountFen: z.number().int(),
  multiplier: z.number().int(),
  amountFen: z.number().int(),
  points: z.number().int(),
  reason: z.string(),
  sourceType: z.string(),
  sourceId: z.string().nullable(),
  status: z.enum(LEDGER_STATUSES),
  proposedBy: z.string().nullable(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  appealText: z.string().nullable(),
  appealedAt: z.string().nullable(),
  version: z.number().int(),
});
export type TLedgerEntryView = z.infer<typeof ZLedgerEntryView>;
export const ZLedgerQuery = ZPageQuery.extend({
  status: z.enum(LEDGER_STATUSES).optional(),
  kind: z.enum(LEDGER_KINDS).optional(),
  userId: z.uuid().optional(),
  isAppealed: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
}).strict();
export const ZLedgerPage = zPage(ZLedgerEntryView);

// ---- Figures and settings ----

export const ZFiguresQuery = z
  .strictObject({
    /** Shanghai calendar days, `to` inclusive. */
    from: z.iso.date(),
    to: z.iso.date(),
    groupBy: z.enum(['technician', 'outlet']).default('technician'),
  })
  .refine((query) => query.from <= query.to, { message: 'from must not be after to', path: ['to'] });
export const ZFigureRow = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  visits: z.number().int(),
  firstTimeFixes: z.number().int(),
  firstTimeFixRate: z.number().nullable(),
  reworks: z.number().int(),
  reworkRate: z.number().nullable(),
  repeatRepairs: z.number().int(),
  repeatRepairRate: z.number().nullable(),
  topRepeatReasons: z.array(z.object({ faultCode: z.string(), count: z.number().int() })),
  inspections: z.number().int(),
  inspectionsPassed: z.number().int(),
  inspectionPassRate: z.number().nullable(),
  rewardsFen: z.number().int(),
  penaltiesFen: z.number().int(),
  rewardPoints: z.number().int(),
  penaltyPoints: z.number().int(),
});
export type TFigureRow = z.infer<typeof ZFigureRow>;
export const ZFigures = z.object({ from: z.string(), to: z.string(), groupBy: z.enum(['technician', 'outlet']), rows: z.array(ZFigureRow) });

/** The values of the quality settings (what a manager changes). */
export const ZQualitySettingsValues = z.strictObject({
  /** Days after a completed repair in which a new ticket with the same fault is a repeat repair. */
  repeatWindowDays: z.number().int().min(1).max(QUALITY_LIMITS.windowDaysMax),
  /** Ticket types checked for repeat repairs. */
  repeatTicketTypes: z.array(z.enum(TICKET_TYPES)).min(1).max(20),
  /** Fault code → fault group (a fault of the same group counts as the same fault). */
  faultGroups: z.record(z.string().trim().min(1).max(50), z.string().trim().min(1).max(50)),
  /** Installations get a final inspection as well as workshop repairs. */
  inspectInstallations: z.boolean(),
  /** A technician's this many consecutive first-time fixes propose a `first_time_fix_streak` reward. */
  firstTimeFixStreak: z.number().int().min(2).max(QUALITY_LIMITS.streakMax),
});
/** The stored settings with their version (the system setting's JSON value holds it; a save with another version is a 409). */
export const ZQualitySettings = ZQualitySettingsValues.extend({ version: z.number().int().min(1) });
export type TQualitySettings = z.infer<typeof ZQualitySettings>;
/** PATCH /api/quality/settings: only the fields given change; `version` is the one read. */
export const ZUpdateQualitySettingsBody = ZQualitySettingsValues.partial().extend({ version: z.number().int().min(1) }).strict();
export type TUpdateQualitySettingsBody = z.infer<typeof ZUpdateQualitySettingsBody>;
export const DEFAULT_QUALITY_SETTINGS: TQualitySettings = { repeatWindowDays: 90, repeatTicketTypes: ['repair'], faultGroups: {}, inspectInstallations: false, firstTimeFixStreak: 10, version: 1 };
