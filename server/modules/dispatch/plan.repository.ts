/**
 * Queries of the day plans (次日计划) and the rows they are planned from: the outlet's
 * technicians with certifications and absences, vehicles and the work orders of a date.
 */
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { PlanStop, WorkOrderStatus } from '../../../contracts/dispatch';
import { queryRows, type Executor } from '../../db/client';
import { dayPlanRoutes, dayPlans, outlets, technicianAbsences, technicianCertifications, technicians, vehicles, workOrders } from './dispatch.tables';

export type PlanOutletRow = typeof outlets.$inferSelect;
export type DayPlanRow = typeof dayPlans.$inferSelect;
export type DayPlanRouteRow = typeof dayPlanRoutes.$inferSelect;
export type PlanTechnicianRow = typeof technicians.$inferSelect;
export type PlanVehicleRow = typeof vehicles.$inferSelect;
export type PlanWorkOrderRow = typeof workOrders.$inferSelect;

/** The statuses of orders a day plan is made of (`dispatched`: the outlet has it; `assigned`: accepted). */
export const PLANNED_STATUSES: WorkOrderStatus[] = ['dispatched', 'assigned'];

export async function findPlanOutlet(executor: Executor, id: string) {
  const [row] = await executor.select().from(outlets).where(eq(outlets.id, id));
  return row;
}

/** Every technician of the outlet (active or not), by name. */
export async function findOutletTechnicians(executor: Executor, outletId: string): Promise<PlanTechnicianRow[]> {
  return executor.select().from(technicians).where(eq(technicians.outletId, outletId)).orderBy(asc(technicians.name), asc(technicians.id));
}

export async function findTechniciansByIds(executor: Executor, ids: string[]): Promise<PlanTechnicianRow[]> {
  if (!ids.length) return [];
  return executor.select().from(technicians).where(inArray(technicians.id, ids));
}

/** Ids of the technicians holding a 上岗证 valid on the date (issued by then, not expired). */
export async function findPermittedTechnicianIds(executor: Executor, technicianIds: string[], date: string): Promise<Set<string>> {
  if (!technicianIds.length) return new Set();
  const rows = await executor
    .select({ technicianId: technicianCertifications.technicianId })
    .from(technicianCertifications)
    .where(
      and(
        inArray(technicianCertifications.technicianId, technicianIds),
        eq(technicianCertifications.kind, 'work_permit'),
        sql`${technicianCertifications.expiresOn} >= ${date}::date`,
        sql`(${technicianCertifications.issuedOn} is null or ${technicianCertifications.issuedOn} <= ${date}::date)`,
      ),
    );
  return new Set(rows.map((row) => row.technicianId));
}

/** Absences of the technicians overlapping [from, to). */
export async function findAbsencesOverlapping(executor: Executor, technicianIds: string[], from: Date, to: Date) {
  if (!technicianIds.length) return [];
  return executor
    .select()
    .from(technicianAbsences)
    .where(and(inArray(technicianAbsences.technicianId, technicianIds), lt(technicianAbsences.startsAt, to), gt(technicianAbsences.endsAt, from)));
}

export async function findOutletVehicles(executor: Executor, outletId: string): Promise<PlanVehicleRow[]> {
  return executor.select().from(vehicles).where(eq(vehicles.outletId, outletId)).orderBy(asc(vehicles.plate));
}

export async function findVehiclesByIds(executor: Executor, ids: string[]): Promise<PlanVehicleRow[]> {
  if (!ids.length) return [];
  return executor.select().from(vehicles).where(inArray(vehicles.id, ids));
}

/** The orders to plan: the outlet's orders of the service date that are dispatched or accepted. */
export async function findPlannableOrders(executor: Executor, outletId: string, date: string): Promise<PlanWorkOrderRow[]> {
  return executor
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.outletId, outletId), eq(workOrders.serviceDate, date), inArray(workOrders.status, PLANNED_STATUSES)))
    .orderBy(asc(workOrders.number));
}

export async function findOrdersByIds(executor: Executor, ids: string[]): Promise<PlanWorkOrderRow[]> {
  if (!ids.length) return [];
  return executor.select().from(workOrders).where(inArray(workOrders.id, ids));
}

/** The orders for publishing, locked against concurrent changes. */
export async function findOrdersByIdsForUpdate(executor: Executor, ids: string[]): Promise<PlanWorkOrderRow[]> {
  if (!ids.length) return [];
  return executor.select().from(workOrders).where(inArray(workOrders.id, ids)).for('update');
}

/** Active outlets with at least one order to plan on the date. */
export async function findOutletIdsWithOrders(executor: Executor, date: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    executor,
    sql`select distinct o.id from outlets o join work_orders w on w.outlet_id = o.id
        where o.is_active and w.service_date = ${date}::date and w.status in ('dispatched', 'assigned') order by o.id`,
  );
  return rows.map((row) => row.id);
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

/** Writes the plan's order, sequence and planned start onto one work order. */
export async function updateOrderPlanFields(
  executor: Executor,
  id: string,
  patch: { planId: string | null; routeSeq: number | null; plannedStart: Date | null; updatedAt: Date; technicianId?: string | null; assignedUserId?: string | null },
): Promise<void> {
  await executor
    .update(workOrders)
    .set({ ...patch, version: sql`${workOrders.version} + 1` })
    .where(eq(workOrders.id, id));
}

/**
 * Orders of the outlet and date still to be planned (dispatched / accepted) that carry an older
 * plan's sequence but are not in this plan. Orders already under way keep theirs.
 */
export async function findOrdersPlannedElsewhere(executor: Executor, outletId: string, date: string, keepIds: string[]): Promise<PlanWorkOrderRow[]> {
  const rows = await executor
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.outletId, outletId), eq(workOrders.serviceDate, date), inArray(workOrders.status, PLANNED_STATUSES), sql`${workOrders.planId} is not null`));
  const keep = new Set(keepIds);
  return rows.filter((row) => !keep.has(row.id));
}
