/**
 * Outlet feedback (派工反馈): an order dispatched to an outlet that no technician has accepted
 * within the configured minutes is flagged once (timeline + audit) and listed for chasing
 * (GET /api/work-orders?feedbackOverdue=true).
 */
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { workOrders } from './workorders.tables';
import { dispatchSettings, recordWorkOrderEvent } from './workorders.core';

export async function flagFeedbackOverdue(ctx: AppContext): Promise<{ flagged: number }> {
  const now = ctx.clock.now();
  const settings = await dispatchSettings.read(ctx.db);
  const before = new Date(now.getTime() - settings.feedbackMinutes * 60_000);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(workOrders)
      .where(and(eq(workOrders.status, 'dispatched'), lte(workOrders.dispatchedAt, before), isNull(workOrders.feedbackOverdueAt)))
      .limit(1000)
      .for('update', { skipLocked: true });
    for (const row of rows) {
      await recordWorkOrderEvent(tx, SYSTEM_ACTOR, row, now, { kind: 'feedback_overdue', text: `网点超过 ${settings.feedbackMinutes} 分钟未确认技师，请催办`, patch: { feedbackOverdueAt: now } });
    }
    return { flagged: rows.length };
  });
}
