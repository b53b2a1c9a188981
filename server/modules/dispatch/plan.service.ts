/**
 * Day plans (次日计划) and vehicle plans (用车计划): the optimizer drafts one plan per outlet and
 * date from the dispatched and accepted orders; the dispatcher moves stops and sets vehicles on
 * the draft; publishing writes the route order and planned starts onto the work orders.
 *
 * Regenerating replaces the draft of that outlet and date. A published plan is replaced only
 * with `force: true`, and then becomes a new draft: the orders keep the published sequence
 * until the new draft is published (which clears it from orders no longer in the plan).
 */
import type { PlanStop, PlanUnplaced, Priority } from '../../../contracts/dispatch';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { SYSTEM_ACTOR, SYSTEM_PRINCIPAL, type Actor, type Principal } from '../../platform/principal';
import { isInScope } from '../../platform/scope';
import { formatShanghai } from '../../platform/time';
import { recordAudit } from '../audit';
import { findOutlet, findOutlets, type OutletRow } from '../org';
import { findAbsencesOverlapping, findOutletTechnicians, findOutletVehicles, findPermittedTechnicianIds, findTechniciansByIds, findVehiclesByIds, type TechnicianRow } from '../technicians';
import {
  assignInTx,
  findOrdersByIds,
  findOrdersByIdsForUpdate,
  findOrdersPlannedElsewhere,
  findOutletIdsWithOrders,
  findPlannableOrders,
  PLANNED_STATUSES,
  updateOrderPlanFields,
  type WorkOrderRow,
} from '../workorders';
import * as repo from './plan.repository';
import {
  canServe,
  dayStartMs,
  isAvailableOn,
  planDay,
  timeRoute,
  UNPLACED_REASONS,
  type PlanOrder,
  type PlanTechnician,
} from './plan.planner';
import type { TechnicianSkill } from '../../../contracts/dispatch';
import { hasSkill } from './dispatch-rules';
import { loadCategoryInfo } from './assign.service';

type GenerateInput = { outletId: string; date: string; force?: boolean };
type AdjustInput = {
  moves?: { workOrderId: string; technicianId: string; position: number }[];
  vehicles?: { technicianId: string; vehicleId: string | null }[];
};

// ---- presenting ----

async function presentPlan(executor: Executor, plan: repo.DayPlanRow) {
  const routes = await repo.findPlanRoutes(executor, plan.id);
  const technicians = await findTechniciansByIds(executor, routes.map((route) => route.technicianId));
  const names = new Map(technicians.map((technician) => [technician.id, technician.name]));
  const outletVehicles = await findOutletVehicles(executor, plan.outletId);
  const plates = new Map(outletVehicles.map((vehicle) => [vehicle.id, vehicle.plate]));
  const orderIds = routes.flatMap((route) => route.stops.map((stop) => stop.workOrderId));
  const orders = new Map((await findOrdersByIds(executor, orderIds)).map((order) => [order.id, order]));
  const views = routes
    .map((route) => ({
      id: route.id,
      technicianId: route.technicianId,
      technicianName: names.get(route.technicianId) ?? '',
      vehicleId: route.vehicleId,
      vehiclePlate: route.vehicleId ? (plates.get(route.vehicleId) ?? null) : null,
      travelMinutes: route.travelMinutes,
      distanceKm: route.distanceKm,
      stops: route.stops.map((stop) => {
        const order = orders.get(stop.workOrderId);
        return {
          ...stop,
          windowStart: order?.windowStart.toISOString() ?? null,
          windowEnd: order?.windowEnd.toISOString() ?? null,
          priority: (order?.priority ?? 'normal') as Priority,
          status: order?.status ?? null,
        };
      }),
    }))
    .sort((a, b) => a.technicianName.localeCompare(b.technicianName, 'zh-CN') || a.technicianId.localeCompare(b.technicianId));
  return {
    id: plan.id,
    outletId: plan.outletId,
    planDate: plan.planDate,
    status: plan.status,
    unplaced: plan.unplaced,
    totalTravelMinutes: plan.totalTravelMinutes,
    totalDistanceKm: plan.totalDistanceKm,
    routes: views,
    vehicles: outletVehicles.filter((vehicle) => vehicle.isActive).map((vehicle) => ({ id: vehicle.id, plate: vehicle.plate, name: vehicle.name })),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
    publishedAt: plan.publishedAt?.toISOString() ?? null,
  };
}

export type DayPlanDetail = Awaited<ReturnType<typeof presentPlan>>;

function toPlanOrder(row: WorkOrderRow): PlanOrder {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    type: row.type,
    categoryId: row.categoryId,
    requiredGrade: row.requiredGrade,
    priority: row.priority,
    estimatedMinutes: row.estimatedMinutes,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    technicianId: row.technicianId,
  };
}

function auditSummary(plan: { id: string; outletId: string; planDate: string; status: string }, routes: { technicianId: string; vehicleId: string | null; stops: PlanStop[] }[], unplaced: PlanUnplaced[]) {
  return {
    outletId: plan.outletId,
    planDate: plan.planDate,
    status: plan.status,
    routes: routes.map((route) => ({ technicianId: route.technicianId, vehicleId: route.vehicleId, stops: route.stops.map((stop) => stop.number) })),
    unplaced: unplaced.map((item) => `${item.number}: ${item.reason}`),
  };
}

async function lockOutletDate(executor: Executor, outletId: string, date: string) {
  await repo.lockPlanSlot(executor, outletId, date);
}

// ---- reads ----

/** The plan of an outlet and date (404 when none or outside the principal's outlet). */
export async function getDayPlan(ctx: AppContext, principal: Principal, query: { outletId: string; date: string }): Promise<DayPlanDetail> {
  if (!isInScope(principal, { outletId: query.outletId })) throw notFound('Day plan');
  const plan = await repo.findPlanOfOutletDate(ctx.db, query.outletId, query.date);
  if (!plan) throw notFound('Day plan');
  return presentPlan(ctx.db, plan);
}

// ---- generate ----

/**
 * A skill on a parent category covers its children (as in dispatch-rules `hasSkill`): the
 * planner matches exact category tokens, so each such skill is repeated for every descendant.
 */
async function withSkillLines<T extends { skills: TechnicianSkill[] }>(executor: Executor, rows: T[]): Promise<T[]> {
  if (!rows.some((row) => row.skills.some((skill) => skill.categoryId))) return rows;
  const categories = await loadCategoryInfo(executor);
  const ids = [...categories.keys()];
  return rows.map((row) => {
    const expanded = new Map<string, TechnicianSkill>();
    for (const skill of row.skills) {
      expanded.set(`${skill.categoryId}:${skill.workType}`, skill);
      if (!skill.categoryId) continue;
      for (const id of ids) {
        if (hasSkill([skill], { type: skill.workType, categoryId: id }, categories)) expanded.set(`${id}:${skill.workType}`, { categoryId: id, workType: skill.workType });
      }
    }
    return { ...row, skills: [...expanded.values()] };
  });
}

/** Loads the outlet's technicians available on the date and its orders to plan, and drafts the plan. */
async function draftPlanFor(executor: Executor, outlet: OutletRow, date: string) {
  const technicianRows = await withSkillLines(executor, await findOutletTechnicians(executor, outlet.id));
  const ids = technicianRows.map((row) => row.id);
  const dayFrom = new Date(dayStartMs(date));
  const dayTo = new Date(dayStartMs(date) + 48 * 3_600_000);
  const [permitted, absences, orderRows] = await Promise.all([
    findPermittedTechnicianIds(executor, ids, date),
    findAbsencesOverlapping(executor, ids, dayFrom, dayTo),
    findPlannableOrders(executor, outlet.id, date),
  ]);
  const technicians: PlanTechnician[] = technicianRows.filter((row) => isAvailableOn(row, date, { permitted, absences }));
  const draft = planDay({ date, outlet, technicians, orders: orderRows.map(toPlanOrder) });
  // 用车计划: each route that drives gets its technician's own vehicle when active and not taken.
  const vehicles = new Map((await findOutletVehicles(executor, outlet.id)).map((vehicle) => [vehicle.id, vehicle]));
  const taken = new Set<string>();
  for (const route of draft.routes) {
    const technician = technicianRows.find((row) => row.id === route.technicianId)!;
    const vehicle = technician.vehicleId ? vehicles.get(technician.vehicleId) : undefined;
    if (route.stops.length && vehicle?.isActive && !taken.has(vehicle.id)) {
      route.vehicleId = vehicle.id;
      taken.add(vehicle.id);
    }
  }
  return draft;
}

/**
 * Drafts the day plan of an outlet for a service date with the route optimizer and stores it,
 * replacing an earlier draft (a published plan only with `force`).
 */
export async function generateDayPlan(ctx: AppContext, principal: Principal, actor: Actor, input: GenerateInput): Promise<DayPlanDetail> {
  const outlet = await findOutlet(ctx.db, input.outletId);
  if (!outlet || !outlet.isActive || !isInScope(principal, { outletId: outlet.id })) throw invalidField(['outletId'], 'no such active outlet');
  const existing = await repo.findPlanOfOutletDate(ctx.db, outlet.id, input.date);
  if (existing?.status === 'published' && !input.force) throw publishedConflict();
  // The solver runs outside the transaction (CPU for up to 2 s; PGlite has one connection).
  const draft = await draftPlanFor(ctx.db, outlet, input.date);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await lockOutletDate(tx, outlet.id, input.date);
    const previous = await repo.findPlanOfOutletDate(tx, outlet.id, input.date);
    if (previous?.status === 'published' && !input.force) throw publishedConflict();
    if (previous) await repo.deletePlan(tx, previous.id);
    const planId = newId();
    const plan = await repo.insertPlan(
      tx,
      {
        id: planId,
        outletId: outlet.id,
        planDate: input.date,
        status: 'draft',
        unplaced: draft.unplaced,
        totalTravelMinutes: draft.routes.reduce((sum, route) => sum + route.travelMinutes, 0),
        totalDistanceKm: Math.round(draft.routes.reduce((sum, route) => sum + route.distanceKm, 0) * 10) / 10,
        createdAt: now,
        updatedAt: now,
      },
      draft.routes.map((route) => ({ id: newId(), planId, technicianId: route.technicianId, vehicleId: route.vehicleId, stops: route.stops, travelMinutes: route.travelMinutes, distanceKm: route.distanceKm })),
    );
    await recordAudit(tx, actor, {
      entity: 'day_plan',
      entityId: planId,
      action: previous ? 'regenerated' : 'generated',
      after: { ...auditSummary(plan, draft.routes, draft.unplaced), replacedPlanId: previous?.id ?? null, solver: draft.stats },
    });
    return presentPlan(tx, plan);
  });
}

function publishedConflict() {
  return conflict('The plan of this day is already published; regenerate with force to draft it again', [{ path: ['force'], message: '计划已发布，如需重新生成请确认覆盖' }]);
}

/**
 * The scheduled run: drafts tomorrow's plan for every active outlet with orders that date.
 * Outlets whose plan is published or was adjusted by hand are left alone.
 */
export async function generateDayPlansForDate(ctx: AppContext, date: string) {
  const withOrders = await findOutlets(ctx.db, await findOutletIdsWithOrders(ctx.db, date));
  const outletIds = withOrders.filter((outlet) => outlet.isActive).map((outlet) => outlet.id).sort();
  const result = { date, generated: 0, skipped: 0, failed: 0 };
  for (const outletId of outletIds) {
    const existing = await repo.findPlanOfOutletDate(ctx.db, outletId, date);
    if (existing && (existing.status === 'published' || existing.updatedAt.getTime() !== existing.createdAt.getTime())) {
      result.skipped += 1;
      continue;
    }
    try {
      await generateDayPlan(ctx, SYSTEM_PRINCIPAL, SYSTEM_ACTOR, { outletId, date });
      result.generated += 1;
    } catch {
      // One outlet's failure (e.g. a plan published meanwhile) must not stop the others.
      result.failed += 1;
    }
  }
  return result;
}

// ---- adjust ----

async function loadDraftForWrite(tx: Executor, principal: Principal, id: string) {
  const plan = await repo.findPlanByIdForUpdate(tx, id);
  if (!plan || !isInScope(principal, { outletId: plan.outletId })) throw notFound('Day plan');
  return plan;
}

/**
 * Moves stops between routes / positions and sets routes' vehicles on a draft. The moves are
 * applied in order; each re-times the routes it touches, and the first that cannot be kept
 * (window, shift end, skills, an accepted order) answers 409 naming `moves[i]` — nothing is
 * changed then.
 */
export async function adjustDayPlan(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: AdjustInput): Promise<DayPlanDetail> {
  return ctx.db.transaction(async (tx) => {
    const plan = await loadDraftForWrite(tx, principal, id);
    if (plan.status !== 'draft') throw conflict('Only a draft plan can be adjusted', [{ path: ['id'], message: '计划已发布，不能再调整' }]);
    const routes = await repo.findPlanRoutes(tx, plan.id);
    const outlet = (await findOutlet(tx, plan.outletId))!;
    const technicians = new Map((await withSkillLines(tx, await findTechniciansByIds(tx, routes.map((route) => route.technicianId)))).map((row) => [row.id, row]));
    const moves = input.moves ?? [];
    const orderIds = [...routes.flatMap((route) => route.stops.map((stop) => stop.workOrderId)), ...plan.unplaced.map((item) => item.workOrderId)];
    const orders = new Map((await findOrdersByIds(tx, orderIds)).map((row) => [row.id, toPlanOrder(row)]));
    const sequences = new Map(routes.map((route) => [route.technicianId, route.stops.map((stop) => stop.workOrderId)]));
    let unplaced = [...plan.unplaced];
    const touched = new Set<string>();
    const timings = new Map<string, { stops: PlanStop[]; travelMinutes: number; distanceKm: number }>();

    for (const [index, move] of moves.entries()) {
      const order = orders.get(move.workOrderId);
      const isInPlan = order && (unplaced.some((item) => item.workOrderId === move.workOrderId) || [...sequences.values()].some((ids) => ids.includes(move.workOrderId)));
      if (!order || !isInPlan) throw invalidField(['moves', index, 'workOrderId'], 'not an order of this plan');
      const target = sequences.get(move.technicianId);
      const technician = technicians.get(move.technicianId);
      if (!target || !technician) throw invalidField(['moves', index, 'technicianId'], 'this technician has no route in the plan');
      const refuse = (reason: string) => conflict(`moves[${index}]: ${reason}`, [{ path: ['moves', index], message: reason }]);
      if (order.status === 'assigned' && order.technicianId && order.technicianId !== move.technicianId) throw refuse('已接单的工单只能留在接单技师的路线上');
      if (!canServe(technician, order)) throw refuse(UNPLACED_REASONS.NO_SKILLED_VEHICLE);
      if (order.latitude == null || order.longitude == null) throw refuse(UNPLACED_REASONS.noCoordinates);
      for (const [technicianId, ids] of sequences) {
        const at = ids.indexOf(order.id);
        if (at >= 0) {
          ids.splice(at, 1);
          touched.add(technicianId);
        }
      }
      unplaced = unplaced.filter((item) => item.workOrderId !== order.id);
      target.splice(Math.min(move.position, target.length), 0, order.id);
      touched.add(move.technicianId);
      for (const technicianId of touched) {
        const timing = timeRoute(plan.planDate, technicians.get(technicianId)!, outlet, sequences.get(technicianId)!.map((orderId) => orders.get(orderId)!));
        if (!timing.ok) throw refuse(timing.reason);
        timings.set(technicianId, timing);
      }
    }

    const vehicleOf = new Map(routes.map((route) => [route.technicianId, route.vehicleId]));
    const vehicleChanges = input.vehicles ?? [];
    const known = new Map((await findVehiclesByIds(tx, vehicleChanges.flatMap((change) => (change.vehicleId ? [change.vehicleId] : [])))).map((row) => [row.id, row]));
    for (const [index, change] of vehicleChanges.entries()) {
      if (!vehicleOf.has(change.technicianId)) throw invalidField(['vehicles', index, 'technicianId'], 'this technician has no route in the plan');
      if (change.vehicleId) {
        const vehicle = known.get(change.vehicleId);
        if (!vehicle || vehicle.outletId !== plan.outletId || !vehicle.isActive) throw invalidField(['vehicles', index, 'vehicleId'], 'no such active vehicle of this outlet');
      }
      vehicleOf.set(change.technicianId, change.vehicleId);
    }
    for (const [index, change] of vehicleChanges.entries()) {
      if (!change.vehicleId) continue;
      const users = [...vehicleOf.entries()].filter(([, vehicleId]) => vehicleId === change.vehicleId);
      if (users.length > 1) throw conflict(`vehicles[${index}]: the vehicle is already used by another route`, [{ path: ['vehicles', index, 'vehicleId'], message: '该车辆已分配给其他技师' }]);
    }

    const before = auditSummary(plan, routes, plan.unplaced);
    const after: { technicianId: string; vehicleId: string | null; stops: PlanStop[]; travelMinutes: number; distanceKm: number }[] = [];
    for (const route of routes) {
      const timing = timings.get(route.technicianId);
      const vehicleId = vehicleOf.get(route.technicianId) ?? null;
      const next = { technicianId: route.technicianId, vehicleId, stops: timing?.stops ?? route.stops, travelMinutes: timing?.travelMinutes ?? route.travelMinutes, distanceKm: timing?.distanceKm ?? route.distanceKm };
      if (timing || vehicleId !== route.vehicleId) await repo.updatePlanRoute(tx, route.id, { stops: next.stops, vehicleId, travelMinutes: next.travelMinutes, distanceKm: next.distanceKm });
      after.push(next);
    }
    const updated = await repo.updatePlan(tx, plan.id, {
      unplaced,
      totalTravelMinutes: after.reduce((sum, route) => sum + route.travelMinutes, 0),
      totalDistanceKm: Math.round(after.reduce((sum, route) => sum + route.distanceKm, 0) * 10) / 10,
      updatedAt: ctx.clock.now(),
    });
    await recordAudit(tx, actor, { entity: 'day_plan', entityId: plan.id, action: 'adjusted', before, after: auditSummary(updated, after, unplaced) });
    return presentPlan(tx, updated);
  });
}

// ---- publish ----

/** Gives an order to another technician within the publishing transaction. */
export type AssignTechnician = (tx: Executor, actor: Actor, order: WorkOrderRow, technician: TechnicianRow, now: Date, stop: PlanStop, planDate: string) => Promise<void>;

/**
 * Through the work order core: the order stays `dispatched` with the new technician proposed,
 * the timeline, audit and ticket follow, and the technician gets access to the customer.
 */
const assignThroughCore: AssignTechnician = async (tx, actor, order, technician, now, stop, planDate) => {
  const summary = `次日计划（${planDate}）安排给 ${technician.name}，计划 ${formatShanghai(new Date(stop.start))} 开始`;
  await assignInTx(
    tx,
    actor,
    order,
    {
      outletId: order.outletId!,
      technician,
      mode: 'manual',
      plannedStart: new Date(stop.start),
      explanation: {
        mode: 'manual',
        at: now.toISOString(),
        outlet: { chosen: null, excluded: [] },
        technician: { chosen: { id: technician.id, name: technician.name, reason: '次日计划' }, excluded: [] },
        summary,
      },
    },
    now,
  );
};

/**
 * Publishes a draft: each stop's order gets the plan id, its sequence on the route and its
 * planned start; an order the plan gives to another technician changes technician; orders of
 * the outlet and date no longer in the plan lose an older plan's sequence. One transaction.
 */
export async function publishDayPlan(ctx: AppContext, principal: Principal, actor: Actor, id: string, assign: AssignTechnician = assignThroughCore): Promise<DayPlanDetail> {
  return ctx.db.transaction(async (tx) => {
    const plan = await loadDraftForWrite(tx, principal, id);
    if (plan.status !== 'draft') throw conflict('The plan is already published', [{ path: ['id'], message: '计划已发布' }]);
    const routes = await repo.findPlanRoutes(tx, plan.id);
    const stopIds = routes.flatMap((route) => route.stops.map((stop) => stop.workOrderId));
    const orders = new Map((await findOrdersByIdsForUpdate(tx, stopIds)).map((row) => [row.id, row]));
    const technicians = new Map((await findTechniciansByIds(tx, routes.map((route) => route.technicianId))).map((row) => [row.id, row]));
    const now = ctx.clock.now();
    const changedTechnician: string[] = [];
    for (const [routeIndex, route] of routes.entries()) {
      for (const [stopIndex, stop] of route.stops.entries()) {
        const order = orders.get(stop.workOrderId);
        if (!order || order.outletId !== plan.outletId || order.serviceDate !== plan.planDate || !PLANNED_STATUSES.includes(order.status)) {
          throw conflict(`Work order ${stop.number} changed since the plan was drafted; generate the plan again`, [
            { path: ['routes', routeIndex, 'stops', stopIndex], message: `工单 ${stop.number} 已变化，请重新生成计划` },
          ]);
        }
        if (order.technicianId !== route.technicianId) {
          if (order.status === 'assigned') {
            throw conflict(`Work order ${stop.number} was accepted by another technician`, [{ path: ['routes', routeIndex, 'stops', stopIndex], message: `工单 ${stop.number} 已由其他技师接单` }]);
          }
          await assign(tx, actor, order, technicians.get(route.technicianId)!, now, stop, plan.planDate);
          changedTechnician.push(order.number);
        }
        await updateOrderPlanFields(tx, order.id, { planId: plan.id, routeSeq: stopIndex + 1, plannedStart: new Date(stop.start), updatedAt: now });
      }
    }
    const stale = await findOrdersPlannedElsewhere(tx, plan.outletId, plan.planDate, stopIds);
    for (const order of stale) await updateOrderPlanFields(tx, order.id, { planId: null, routeSeq: null, plannedStart: null, updatedAt: now });
    const published = await repo.updatePlan(tx, plan.id, { status: 'published', publishedAt: now, publishedBy: actor.name, updatedAt: now });
    await recordAudit(tx, actor, {
      entity: 'day_plan',
      entityId: plan.id,
      action: 'published',
      before: { status: 'draft' },
      after: { ...auditSummary(published, routes, plan.unplaced), changedTechnician, clearedOrders: stale.map((order) => order.number) },
    });
    return presentPlan(tx, published);
  });
}

