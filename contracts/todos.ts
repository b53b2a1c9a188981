import { z } from 'zod';

/** The kinds of staff to-dos (the header bell). A module with a queue of its own adds its kinds here. */
export const TODO_KEYS = [
  'dispatch.waiting',
  'dispatch.feedbackOverdue',
  'sla.breached',
  'sla.atRisk',
  'complaints.overdue',
  'complaints.open',
  'complaints.escalated',
  'complaints.compensations',
  'returns.toDecide',
  'loaners.overdue',
  'quality.proposed',
  'quality.appealed',
  'parts.countsToApprove',
] as const;
export type TodoKey = (typeof TODO_KEYS)[number];

export const TODO_LABELS: Record<TodoKey, { zh: string; en: string }> = {
  'dispatch.waiting': { zh: '待派工', en: 'To dispatch' },
  'dispatch.feedbackOverdue': { zh: '网点反馈超时', en: 'Outlet feedback overdue' },
  'sla.breached': { zh: '已超时工单', en: 'SLA breached' },
  'sla.atRisk': { zh: '即将超时工单', en: 'SLA at risk' },
  'complaints.overdue': { zh: '超时投诉', en: 'Overdue complaints' },
  'complaints.open': { zh: '处理中投诉', en: 'Open complaints' },
  'complaints.escalated': { zh: '已升级投诉', en: 'Escalated complaints' },
  'complaints.compensations': { zh: '待审批补偿', en: 'Compensations to approve' },
  'returns.toDecide': { zh: '待审批退换货', en: 'Returns to approve' },
  'loaners.overdue': { zh: '逾期未还借用机', en: 'Overdue loaners' },
  'quality.proposed': { zh: '待审批奖惩', en: 'Rewards and penalties to decide' },
  'quality.appealed': { zh: '奖惩申诉', en: 'Appealed rewards and penalties' },
  'parts.countsToApprove': { zh: '待审批盘点', en: 'Counts to approve' },
};

export const ZTodoItem = z.object({
  key: z.enum(TODO_KEYS),
  count: z.number().int().min(0),
  /** How urgent the kind is (the bell's colour: danger, warning, info). */
  severity: z.enum(['danger', 'warning', 'info']),
  /** The page (path and query) that deals with them. */
  link: z.string(),
});
export type TodoItem = z.infer<typeof ZTodoItem>;

export const ZTodoList = z.object({ items: z.array(ZTodoItem), total: z.number().int().min(0), at: z.string() });
export type TodoList = z.infer<typeof ZTodoList>;
