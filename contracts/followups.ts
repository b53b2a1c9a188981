/** Follow-ups (回访, issue 15): the policy setting and the shapes shared by server and web. */
import { z } from 'zod';
import { WORK_TYPES } from './dispatch';

export const FOLLOWUP_STATUSES = ['open', 'claimed', 'closed'] as const;
export type TFollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

/** How a task was closed: a review decision, or unreachable after the tries. */
export const FOLLOWUP_CLOSINGS = ['closed', 'report_returned', 'job_redone', 'unreachable'] as const;
export type TFollowupClosing = (typeof FOLLOWUP_CLOSINGS)[number];

/**
 * A second round (a week later) applies when every given field matches the visit: work type,
 * product category (the serviced unit's), key customer. A rule with no field matches every visit.
 */
export const ZSecondRoundRule = z.strictObject({
  workType: z.enum(WORK_TYPES).optional(),
  categoryId: z.uuid().optional(),
  isKeyCustomer: z.boolean().optional(),
});
export type TSecondRoundRule = z.infer<typeof ZSecondRoundRule>;

/** The policy's fields (what the settings page edits). */
export const ZFollowupPolicy = z.strictObject({
  /** The follow-up is due within this many working days of the statutory calendar after the visit. */
  dueWorkingDays: z.number().int().min(1).max(30),
  /** Calendar days after the visit at which a second round opens. */
  secondRoundAfterDays: z.number().int().min(1).max(90),
  secondRoundRules: z.array(ZSecondRoundRule).max(100),
  /** Not-reached tries before the task closes as unreachable. */
  maxAttempts: z.number().int().min(1).max(10),
  /** The dissatisfaction categories an agent may choose (codes are the labels). */
  dissatisfactionCategories: z.array(z.string().trim().min(1).max(40)).max(100),
  /**
   * A low rating: overall at most this (0: never by the rating) or one of `lowRatingCategories`
   * chosen. It proposes a ledger entry for the technician only where an active quality rule of
   * the trigger `low_rating` exists.
   */
  lowRatingMax: z.number().int().min(0).max(5),
  lowRatingCategories: z.array(z.string().trim().min(1).max(40)).max(100),
  /** The share of each agent's completed follow-ups of a week that the audit samples (at least one). */
  auditSharePercent: z.number().int().min(1).max(100),
  /** Hours a survey link stays valid. */
  surveyLinkHours: z.number().int().min(1).max(24 * 30),
  /** Periodic visits (定期回访): at most this many months between two visits, per customer class. */
  periodicMonths: z.strictObject({ key: z.number().int().min(1).max(36), regular: z.number().int().min(1).max(36) }),
});
export type TFollowupPolicy = z.infer<typeof ZFollowupPolicy>;

/** The stored setting: the policy and its version (a stale version is a 409 on edit). */
export const ZFollowupSettings = ZFollowupPolicy.extend({ version: z.number().int().min(0) });
export type TFollowupSettings = z.infer<typeof ZFollowupSettings>;

export const DEFAULT_FOLLOWUP_SETTINGS: TFollowupSettings = {
  dueWorkingDays: 3,
  secondRoundAfterDays: 7,
  secondRoundRules: [{ isKeyCustomer: true }],
  maxAttempts: 3,
  dissatisfactionCategories: ['裂缝', '不平整', '服务态度', '响应慢', '收费不合理', '未修好', '乱收费'],
  lowRatingMax: 2,
  lowRatingCategories: ['服务态度', '未修好', '乱收费'],
  auditSharePercent: 5,
  surveyLinkHours: 72,
  periodicMonths: { key: 6, regular: 12 },
  version: 0,
};

/** An edit: the version read and only the fields that change. */
export const ZFollowupSettingsUpdate = ZFollowupPolicy.partial().extend({ version: z.number().int().min(0) });

export const FOLLOWUP_QUEUES = ['mine', 'unassigned', 'overdue'] as const;
export const ZFollowupQueueQuery = z.strictObject({ queue: z.enum(FOLLOWUP_QUEUES).default('mine') });

export const ZFollowupTaskView = z.object({
  id: z.string(),
  workOrderId: z.string(),
  workOrderNumber: z.string(),
  round: z.number().int(),
  ticketId: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  workType: z.string(),
  workDone: z.string().nullable(),
  isKeyCustomer: z.boolean(),
  finishedAt: z.string(),
  dueDate: z.string(),
  dueAt: z.string(),
  isDueProvisional: z.boolean(),
  isOverdue: z.boolean(),
  status: z.enum(FOLLOWUP_STATUSES),
  closing: z.enum(FOLLOWUP_CLOSINGS).nullable(),
  assignedUserId: z.string().nullable(),
  attemptCount: z.number().int(),
  version: z.number().int(),
});
export type TFollowupTaskView = z.infer<typeof ZFollowupTaskView>;
export const ZFollowupQueue = z.object({ items: z.array(ZFollowupTaskView) });

export const ZFollowupVersionBody = z.strictObject({ version: z.number().int().min(1) });
export const ZFollowupAssignBody = z.strictObject({ version: z.number().int().min(1), userId: z.uuid() });
export const ZFollowupAttemptBody = z.strictObject({ version: z.number().int().min(1), note: z.string().trim().max(500).optional() });

const rating = z.number().int().min(1, 'a rating is 1 to 5').max(5, 'a rating is 1 to 5');
export const ZFollowupRatings = z.strictObject({
  overall: rating,
  attitude: rating,
  skill: rating,
  timeliness: rating,
  categories: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  comment: z.string().trim().max(2000).optional(),
});
/** The review decision (回访审核): close, send the report back to the technician (退回重填), send the job back to be redone (退回重办). */
export const FOLLOWUP_DECISIONS = ['closed', 'report_returned', 'job_redone'] as const;
/** 退回重办: the new visit's window (the rest is copied from the visit followed up). */
export const ZFollowupRedo = z.strictObject({ windowStart: z.iso.datetime({ offset: true }), windowEnd: z.iso.datetime({ offset: true }), note: z.string().trim().max(500).optional() });
export const ZFollowupOutcomeBody = ZFollowupRatings.extend({
  version: z.number().int().min(1),
  decision: z.enum(FOLLOWUP_DECISIONS),
  /** Required with `job_redone`; `reason`: what the technician corrects or redoes (default: the comment). */
  redo: ZFollowupRedo.optional(),
  reason: z.string().trim().min(1).max(500).optional(),
}).superRefine((body, issue) => {
  if (body.decision === 'job_redone' && !body.redo) issue.addIssue({ code: 'custom', path: ['redo'], message: 'give the new visit\'s window to send the job back' });
  if (body.redo && Date.parse(body.redo.windowEnd) <= Date.parse(body.redo.windowStart)) issue.addIssue({ code: 'custom', path: ['redo', 'windowEnd'], message: 'the window ends after it starts' });
});

export const ZFollowupSettingsView = ZFollowupSettings;

// ---- Survey by link ----

/** What the survey page (portal, no sign-in) shows. */
export const ZFollowupSurveyView = z.object({
  workOrderNumber: z.string(),
  workType: z.string(),
  workDone: z.string().nullable(),
  finishedAt: z.string(),
  expiresAt: z.string(),
  categories: z.array(z.string()),
});
export type TFollowupSurveyView = z.infer<typeof ZFollowupSurveyView>;
export const ZFollowupSurveyToken = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, 'not a survey link') });
export const ZFollowupSurveySent = z.object({ task: ZFollowupTaskView, expiresAt: z.string() });

// ---- Follow-up audit (回访稽核) ----

export const AUDIT_STATUSES = ['pending', 'done'] as const;
export const ZFollowupAuditView = z.object({
  id: z.string(),
  runId: z.string(),
  weekStart: z.string(),
  taskId: z.string(),
  workOrderNumber: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  agentUserId: z.string(),
  agentName: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** What the agent recorded. */
  outcome: z.object({ overall: z.number(), attitude: z.number(), skill: z.number(), timeliness: z.number(), categories: z.array(z.string()), comment: z.string().nullable(), decision: z.string() }).nullable(),
  status: z.enum(AUDIT_STATUSES),
  isHappened: z.boolean().nullable(),
  isMatched: z.boolean().nullable(),
  note: z.string().nullable(),
  auditorUserId: z.string().nullable(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
});
export type TFollowupAuditView = z.infer<typeof ZFollowupAuditView>;
export const ZFollowupAuditRunView = z.object({ id: z.string(), weekStart: z.string(), seed: z.string(), sharePercent: z.number().int(), sampled: z.number().int(), createdAt: z.string() });
export const ZFollowupAuditList = z.object({ run: ZFollowupAuditRunView.nullable(), items: z.array(ZFollowupAuditView) });
/** `weekStart`: a Monday (Shanghai); default the week before today's. */
export const ZFollowupAuditRunBody = z.strictObject({ weekStart: z.iso.date().optional() });
export const ZFollowupAuditQuery = z.strictObject({ weekStart: z.iso.date().optional(), status: z.enum(AUDIT_STATUSES).optional() });
export const ZFollowupAuditResultBody = z.strictObject({
  version: z.number().int().min(1),
  /** The customer confirms the call took place. */
  isHappened: z.boolean(),
  /** What the customer says matches what the agent recorded. */
  isMatched: z.boolean(),
  note: z.string().trim().max(1000).optional(),
});

// ---- Periodic visits (定期回访) ----

export const PERIODIC_MODES = ['phone', 'onsite'] as const;
export const PERIODIC_STATUSES = ['planned', 'done'] as const;
export const ZQuarter = z.string().regex(/^\d{4}-Q[1-4]$/, 'a quarter like 2027-Q1');
export const ZPeriodicVisitView = z.object({
  id: z.string(),
  quarter: z.string(),
  plannedMonth: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  isKeyCustomer: z.boolean(),
  mode: z.enum(PERIODIC_MODES),
  assignedUserId: z.string().nullable(),
  outletId: z.string().nullable(),
  workOrderId: z.string().nullable(),
  status: z.enum(PERIODIC_STATUSES),
  isOverdue: z.boolean(),
  note: z.string().nullable(),
  doneAt: z.string().nullable(),
  version: z.number().int(),
});
export type TPeriodicVisitView = z.infer<typeof ZPeriodicVisitView>;
export const ZPeriodicQuery = z.strictObject({ quarter: ZQuarter.optional(), month: z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM').optional(), status: z.enum(['planned', 'done', 'overdue']).optional(), mine: z.enum(['true', 'false']).optional() });
export const ZPeriodicList = z.object({ items: z.array(ZPeriodicVisitView), total: z.number().int(), counts: z.object({ planned: z.number().int(), done: z.number().int(), overdue: z.number().int() }) });
export const ZPeriodicGenerateBody = z.strictObject({ quarter: ZQuarter });
export const ZPeriodicGenerateResult = z.object({ quarter: z.string(), created: z.number().int(), months: z.record(z.string(), z.number().int()) });
export const ZPeriodicAssignBody = z
  .strictObject({ version: z.number().int().min(1), mode: z.enum(PERIODIC_MODES), userId: z.uuid().optional(), outletId: z.uuid().optional() })
  .superRefine((body, issue) => {
    if (body.mode === 'phone' && !body.userId) issue.addIssue({ code: 'custom', path: ['userId'], message: 'a phone visit goes to an agent' });
    if (body.mode === 'onsite' && !body.outletId) issue.addIssue({ code: 'custom', path: ['outletId'], message: 'an on-site visit goes to an outlet' });
  });
export const ZPeriodicDoneBody = z.strictObject({ version: z.number().int().min(1), note: z.string().trim().min(1).max(1000) });
