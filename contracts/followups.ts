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

export const ZFollowupSettings = z.strictObject({
  /** The follow-up is due within this many working days of the statutory calendar after the visit. */
  dueWorkingDays: z.number().int().min(1).max(30),
  /** Calendar days after the visit at which a second round opens. */
  secondRoundAfterDays: z.number().int().min(1).max(90),
  secondRoundRules: z.array(ZSecondRoundRule).max(100),
  /** Not-reached tries before the task closes as unreachable. */
  maxAttempts: z.number().int().min(1).max(10),
  /** The dissatisfaction categories an agent may choose (codes are the labels). */
  dissatisfactionCategories: z.array(z.string().trim().min(1).max(40)).max(100),
});
export type TFollowupSettings = z.infer<typeof ZFollowupSettings>;

export const DEFAULT_FOLLOWUP_SETTINGS: TFollowupSettings = {
  dueWorkingDays: 3,
  secondRoundAfterDays: 7,
  secondRoundRules: [{ isKeyCustomer: true }],
  maxAttempts: 3,
  dissatisfactionCategories: ['裂缝', '不平整', '服务态度', '响应慢', '收费不合理', '未修好', '乱收费'],
};

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
/** Decisions recorded today: close, or send the report back to the technician (退回重填). 退回重办 is not built yet. */
export const FOLLOWUP_DECISIONS = ['closed', 'report_returned'] as const;
export const ZFollowupOutcomeBody = z.strictObject({
  version: z.number().int().min(1),
  overall: rating,
  attitude: rating,
  skill: rating,
  timeliness: rating,
  categories: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  comment: z.string().trim().max(2000).optional(),
  decision: z.enum(FOLLOWUP_DECISIONS),
});
