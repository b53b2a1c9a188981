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
