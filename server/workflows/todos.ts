/**
 * The staff to-do list behind the header bell (待办): for the signed-in person, how many things
 * wait for them, by kind, each with the page that deals with them. A workflow because it reads
 * several modules as equals; each source counts inside the person's data scope with the same
 * filters as the page it links to, and a source shows only to someone holding its permission.
 *
 * A module that gets a queue of its own (approvals, call tasks, …) adds one source here.
 */
import type { Permission } from '../../contracts/permissions';
import type { TodoItem, TodoKey } from '../../contracts/todos';
import type { AppContext } from '../platform/context';
import { hasPermission, type Principal } from '../platform/principal';
import { queueCounts } from '../modules/tickets';
import { complaintTodoCounts } from '../modules/complaints';
import { countOverdueLoans, countReturnsToDecide } from '../modules/returns';
import { ledgerTodoCounts } from '../modules/quality';
import { countsToApprove } from '../modules/parts';
import { dispatchSettings, findWorkOrderRows, workOrderScope } from '../modules/workorders';

type Counts = Partial<Record<TodoKey, number>>;

/** One group of to-dos answered by one read: the keys it fills, who may see them, the counting. */
type TodoSource = {
  /** A key with its own `access` shows only with that permission too (one read, several audiences). */
  keys: readonly { key: TodoKey; severity: TodoItem['severity']; link: string; access?: Permission }[];
  access: Permission;
  count(ctx: AppContext, principal: Principal, now: Date): Promise<Counts>;
};

const countWorkOrders = async (ctx: AppContext, principal: Principal, filter: Parameters<typeof findWorkOrderRows>[1]) =>
  (await findWorkOrderRows(ctx.db, { scope: workOrderScope(principal), ...filter }, { limit: 0, offset: 0 })).total;

export const TODO_SOURCES: readonly TodoSource[] = [
  {
    keys: [
      { key: 'dispatch.waiting', severity: 'info', link: '/work-orders?tab=waiting' },
      { key: 'dispatch.feedbackOverdue', severity: 'warning', link: '/work-orders?tab=feedback' },
    ],
    access: 'workorders.dispatch',
    async count(ctx, principal, now) {
      const { feedbackMinutes } = await dispatchSettings.read(ctx.db);
      return {
        'dispatch.waiting': await countWorkOrders(ctx, principal, { statuses: ['waiting'] }),
        'dispatch.feedbackOverdue': await countWorkOrders(ctx, principal, { feedbackOverdueBefore: new Date(now.getTime() - feedbackMinutes * 60_000) }),
      };
    },
  },
  {
    keys: [
      { key: 'sla.breached', severity: 'danger', link: '/tickets?sla=breached' },
      { key: 'sla.atRisk', severity: 'warning', link: '/tickets?sla=at_risk' },
    ],
    access: 'tickets.read',
    async count(ctx, principal) {
      const counts = await queueCounts(ctx, principal);
      return { 'sla.breached': counts.breached, 'sla.atRisk': counts.atRisk };
    },
  },
  {
    keys: [
      { key: 'complaints.overdue', severity: 'danger', link: '/complaints?isOverdue=true' },
      { key: 'complaints.open', severity: 'info', link: '/complaints' },
      { key: 'complaints.escalated', severity: 'danger', link: '/complaints?isEscalated=true', access: 'complaints.approve' },
      { key: 'complaints.compensations', severity: 'warning', link: '/complaints', access: 'complaints.approve' },
    ],
    access: 'complaints.handle',
    async count(ctx, principal) {
      const counts = await complaintTodoCounts(ctx, principal);
      return { 'complaints.overdue': counts.overdue, 'complaints.open': counts.open, 'complaints.escalated': counts.escalated, 'complaints.compensations': counts.compensations };
    },
  },
  {
    keys: [{ key: 'returns.toDecide', severity: 'warning', link: '/returns?status=requested' }],
    access: 'returns.approve',
    count: async (ctx, principal) => ({ 'returns.toDecide': await countReturnsToDecide(ctx, principal) }),
  },
  {
    keys: [{ key: 'loaners.overdue', severity: 'warning', link: '/loaners?tab=overdue' }],
    access: 'loaners.lend',
    count: async (ctx, principal) => ({ 'loaners.overdue': await countOverdueLoans(ctx, principal) }),
  },
  {
    keys: [
      { key: 'quality.appealed', severity: 'warning', link: '/quality/ledger' },
      { key: 'quality.proposed', severity: 'info', link: '/quality/ledger' },
    ],
    access: 'quality.ledger.decide',
    async count(ctx, principal) {
      const counts = await ledgerTodoCounts(ctx, principal);
      return { 'quality.appealed': counts.appealed, 'quality.proposed': counts.proposed };
    },
  },
  {
    keys: [{ key: 'parts.countsToApprove', severity: 'info', link: '/part-count-approvals' }],
    access: 'parts.count.approve',
    count: async (ctx, principal) => ({ 'parts.countsToApprove': await countsToApprove(ctx, principal) }),
  },
];

/**
 * The person's to-dos: every kind they may see, in the sources' order, with its count (zero
 * included, so the page can say "nothing waiting"), and the total of the counts.
 */
export async function listTodos(ctx: AppContext, principal: Principal, sources: readonly TodoSource[] = TODO_SOURCES): Promise<{ items: TodoItem[]; total: number; at: string }> {
  const now = ctx.clock.now();
  const items: TodoItem[] = [];
  for (const source of sources) {
    if (!hasPermission(principal, source.access)) continue;
    const counts = await source.count(ctx, principal, now);
    for (const { key, severity, link, access } of source.keys) if (!access || hasPermission(principal, access)) items.push({ key, severity, link, count: counts[key] ?? 0 });
  }
  return { items, total: items.reduce((sum, item) => sum + item.count, 0), at: now.toISOString() };
}
