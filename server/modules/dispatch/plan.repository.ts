/**
 * Queries of the day plans (次日计划). The rows they are planned from (the outlet's technicians,
 * vehicles, the work orders of a date) come from the technicians and workorders modules.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { PlanStop } from '../../../contracts/dispatch';
import { queryRows, type Executor } from '../../db/client';
import { dayPlanRoutes, dayPlans } from './dispatch.tables';

export type DayPlanRow = typeof dayPlans.$inferSelect;
export type DayPlanRouteRow = typeof dayPlanRoutes.$inferSelect;

/** Serializes drafting the plan of one outlet and date (transaction-scoped advisory lock). */
export async function lockPlanSlot(executor: Executor, outletId: string, date: string): Promise<void> {
  await queryRows(executor, sql`select pg_advisory_xact_lock(hashtext(${`day-plan:${outletId}:${date}`}))`);
}

export async function findPlanById(executor: Executor, id: string): Promise<DayPlanRow | undefined> {
  const [row] = await executor.select().from(dayPlans).where(eq(dayPlans.id, id));
  return row;
}

export async function findPlanByIdForUpdate(executor: Executor, id: string): Promise<DayPlanRow | undefined> {
  const [row] = await executor.select().from(dayPlans).where(eq(dayPlans.id, id)).for('update');
  return row;
}

export async function findPlanOfOutletDate(executor: Executor, outletId: string, date: string): Promise<DayPlanRow | undefined> {
  const [row] = await executor.select().from(dayPlans).where(and(eq(dayPlans.outletId, outletId), eq(dayPlans.planDate, date)));
  return row;
}

export async function findPlanRoutes(executor: Executor, planId: string): Promise<DayPlanRouteRow[]> {
  return executor.select().from(dayPlanRoutes).where(eq(dayPlanRoutes.planId, planId)).orderBy(asc(dayPlanRoutes.id));
}

/** Removes a plan and its routes (a draft being replaced). */
export async function deletePlan(executor: Executor, id: string): Promise<void> {
  await executor.delete(dayPlanRoutes).where(eq(dayPlanRoutes.planId, id));
  await executor.delete(dayPlans).where(eq(dayPlans.id, id));
}

export async function insertPlan(executor: Executor, row: typeof dayPlans.$inferInsert, routes: (typeof dayPlanRoutes.$inferInsert)[]): Promise<DayPlanRow> {
  const [created] = await executor.insert(dayPlans).values(row).returning();
  if (routes.length) await executor.insert(dayPlanRoutes).values(routes);
  return created;
}

export async function updatePlan(executor: Executor, id: string, patch: Partial<typeof dayPlans.$inferInsert>): Promise<DayPlanRow> {
  const [updated] = await executor.update(dayPlans).set(patch).where(eq(dayPlans.id, id)).returning();
  return updated;
}

export async function updatePlanRoute(executor: Executor, id: string, patch: { stops?: PlanStop[]; vehicleId?: string | null; travelMinutes?: number; distanceKm?: number }): Promise<void> {
  await executor.update(dayPlanRoutes).set(patch).where(eq(dayPlanRoutes.id, id));
}


