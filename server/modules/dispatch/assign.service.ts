/**
 * Giving work orders to outlets and technicians by hand (the board): the candidates with why
 * each may or may not take an order, manual dispatch, the board of a day, and the dispatch
 * settings. Automatic dispatch is in auto-dispatch.service.ts; both decide with the pure rules
 * of dispatch-rules.ts and book through the workorders module's `assignInTx`.
 */
import type { z } from 'zod';
import { ZDispatchSettings, type TDispatchSettings, type ZManualDispatchBody } from '../../../contracts/dispatch';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden, invalidField } from '../../platform/errors';
import type { Actor, Principal } from '../../platform/principal';
import { withDeadlockRetry } from '../../platform/tx-retry';
import { shanghaiClock, shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { loadCategoryMap } from '../assets';
import { findOutlets, listAllOutlets, type OutletRow } from '../org';
import { lookup } from '../../platform/seam';
import { TicketRepeatRepairs } from './dispatch.lookups';
import { findTechniciansWithFacts, lockTechnician } from '../technicians';
import {
  assignInTx,
  dispatchSettings,
  findBookedOrders,
  findScopedWorkOrder,
  findWorkOrderRows,
  countOutletLoad,
  invalidWorkOrderTransition,
  loadNames,
  presentWorkOrder,
  presentWorkOrderDetail,
  workOrderScope,
  type WorkOrderRow,
} from '../workorders';
import {
  distanceKm,
  fitIntoDay,
  instantOf,
  isoWeekday,
  layoutDay,
  outletServes,
  repeatPenalty,
  technicianProblem,
  workPermitProblem,
  type BookedJob,
  type CategoryInfo,
  type OrderFacts,
  type OutletFacts,
  type TechnicianFacts,
} from './dispatch-rules';

// ---- facts for the rules ----

export function outletFacts(row: OutletRow): OutletFacts {
  return { id: row.id, name: row.name, isActive: row.isActive, serviceDistricts: row.serviceDistricts, serviceRadiusKm: row.serviceRadiusKm, dailyCapacity: row.dailyCapacity, latitude: row.latitude, longitude: row.longitude };
}

export function technicianFacts(row: Awaited<ReturnType<typeof findTechniciansWithFacts>>[number], outlet?: { latitude: number | null; longitude: number | null }): TechnicianFacts {
  return {
    id: row.id,
    userId: row.userId,
    outletId: row.outletId,
    name: row.name,
    grade: row.grade as TechnicianFacts['grade'],
    skills: row.skills,
    workingDays: row.workingDays,
    workStartMinute: row.workStartMinute,
    workEndMinute: row.workEndMinute,
    maxOrdersPerDay: row.maxOrdersPerDay,
    isActive: row.isActive,
    latitude: row.baseLatitude ?? outlet?.latitude ?? null,
    longitude: row.baseLongitude ?? outlet?.longitude ?? null,
    certifications: row.certifications.map((cert) => ({ kind: cert.kind, expiresOn: cert.expiresOn })),
    absences: row.absences.map((absence) => ({ kind: absence.kind, startsAt: absence.startsAt, endsAt: absence.endsAt })),
  };
}

export function orderFacts(row: WorkOrderRow): OrderFacts {
  return {
    id: row.id,
    type: row.type,
    categoryId: row.categoryId,
    requiredGrade: row.requiredGrade as OrderFacts['requiredGrade'],
    estimatedMinutes: row.estimatedMinutes,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    serviceDate: row.serviceDate,
    districtCode: row.districtCode,
    latitude: row.latitude,
    longitude: row.longitude,
  };
}

export function bookedJob(row: WorkOrderRow): BookedJob {
  return { id: row.id, windowStart: row.windowStart, windowEnd: row.windowEnd, estimatedMinutes: row.estimatedMinutes, plannedStart: row.plannedStart, latitude: row.latitude, longitude: row.longitude };
}

export async function loadCategoryInfo(executor: Executor): Promise<CategoryInfo> {
  const categories = await loadCategoryMap(executor);
  return new Map([...categories.values()].map((row) => [row.id, { name: row.name, parentId: row.parentId }]));
}

function manualSummary(outletName: string, technicianName: string | null, km: number | null) {
  const distance = km === null ? '' : `，距离 ${km.toFixed(1)} km`;
  return technicianName ? `手动派工：${outletName}，技师 ${technicianName}${distance}` : `手动派工：${outletName}（待网点确认技师）`;
}

/**
 * Manual dispatch from the board: the outlet must serve the site; the technician (optional)
 * must belong to it, pass every rule and fit into the day without overbooking. The order and
 * the technician rows are locked, so two dispatchers (or automatic dispatch) never book the
 * same order twice nor overbook a technician.
 */
export async function dispatchManually(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: z.infer<typeof ZManualDispatchBody>) {
  if (principal.scope !== 'all' && input.outletId !== principal.outletId) throw forbidden('Outlet staff dispatch only within their own outlet');
  const now = ctx.clock.now();
  const row = await withDeadlockRetry(() =>
    ctx.db.transaction(async (tx) => {
      const order = await findScopedWorkOrder(tx, principal, id, { forUpdate: true });
      if (input.version !== undefined && input.version !== order.version) {
        throw new AppError('conflict', 'Someone changed this work order meanwhile; reload it', { details: [{ path: ['version'], message: `current version is ${order.version}`, code: 'stale_version' }] });
      }
      if (order.status !== 'waiting' && order.status !== 'dispatched') throw invalidWorkOrderTransition(order.status, 'dispatched', 'workOrderId');
      const [outlet] = await findOutlets(tx, [input.outletId]);
      if (!outlet || !outlet.isActive) throw invalidField(['outletId'], 'no such active outlet');
      const serves = outletServes(outletFacts(outlet), order);
      if (!serves.ok) throw new AppError('validation_error', `${outlet.name}不服务该区域`, { details: [{ path: ['outletId'], message: `${outlet.name}不服务该区域`, code: 'outside_service_area' }] });
      const facts = orderFacts(order);
      let technician = null;
      let plannedStart: Date | null = null;
      let km: number | null = serves.distanceKm;
      if (input.plannedStart) {
        plannedStart = new Date(input.plannedStart);
        if (plannedStart < order.windowStart || plannedStart > order.windowEnd) {
          throw new AppError('validation_error', '指定时间超出预约时段', { details: [{ path: ['plannedStart'], message: '超出预约时段', code: 'outside_window' }] });
        }
      }
      if (input.technicianId) {
        technician = await lockTechnician(tx, input.technicianId);
        if (!technician || technician.outletId !== outlet.id) throw invalidField(['technicianId'], 'not a technician of this outlet');
        const [withFacts] = await findTechniciansWithFacts(tx, { ids: [technician.id], since: new Date(order.windowStart.getTime() - 86_400_000) });
        const techFacts = technicianFacts(withFacts, outlet);
        const booked = (await findBookedOrders(tx, { technicianIds: [technician.id], dates: [order.serviceDate] })).filter((item) => item.id !== order.id);
        const problem = technicianProblem(techFacts, facts, await loadCategoryInfo(tx), booked.length);
        if (problem) throw new AppError('validation_error', `${technician.name}：${problem}`, { details: [{ path: ['technicianId'], message: problem, code: 'technician_not_eligible' }] });
        const fit = fitIntoDay(techFacts, facts, booked.map(bookedJob), plannedStart ?? undefined);
        if (!fit.ok) throw new AppError('conflict', `${technician.name}：${fit.reason}`, { details: [{ path: [input.plannedStart ? 'plannedStart' : 'technicianId'], message: fit.reason, code: 'overbooked' }] });
        plannedStart = fit.plannedStart;
        km = distanceKm(techFacts, facts);
      }
      const summary = manualSummary(outlet.name, technician?.name ?? null, km);
      return assignInTx(tx, actor, order, {
        outletId: outlet.id,
        technician,
        mode: 'manual',
        plannedStart,
        explanation: { mode: 'manual', at: now.toISOString(), outlet: { chosen: { id: outlet.id, name: outlet.name, reason: '手动选择', distanceKm: serves.distanceKm }, excluded: [] }, technician: { chosen: technician ? { id: technician.id, name: technician.name, reason: '手动选择', distanceKm: km } : null, excluded: [] }, summary },
      }, now);
    }),
  );
  return presentWorkOrderDetail(ctx.db, row, principal, now);
}

/**
 * Candidate outlets and technicians for one order, each with why it may or may not take it.
 * For a repeat repair (返修, asked of quality through `TicketRepeatRepairs`) the answer carries
 * the flag, the earlier visit's technician is marked, and technicians are ranked like automatic
 * dispatch ranks them: those who fit first, then by `repeatPenalty` (the earlier one last, a
 * higher grade first); otherwise the order is the technicians' usual one.
 */
export async function workOrderCandidates(ctx: AppContext, principal: Principal, id: string) {
  const order = await findScopedWorkOrder(ctx.db, principal, id);
  const facts = orderFacts(order);
  const outlets = (await listAllOutlets(ctx.db)).filter((outlet) => principal.scope === 'all' || outlet.id === principal.outletId);
  const [technicians, booked, load, categories, flags] = await Promise.all([
    findTechniciansWithFacts(ctx.db, { outletIds: outlets.map((outlet) => outlet.id), since: new Date(order.windowStart.getTime() - 86_400_000) }),
    findBookedOrders(ctx.db, { dates: [order.serviceDate] }),
    countOutletLoad(ctx.db, [order.serviceDate]),
    loadCategoryInfo(ctx.db),
    lookup(ctx.db, TicketRepeatRepairs, [order.ticketId]),
  ]);
  const repeat = flags.get(order.ticketId);
  const outletById = new Map(outlets.map((outlet) => [outlet.id, outlet]));
  const outletRows = outlets.map((outlet) => {
    const serves = outletServes(outletFacts(outlet), facts);
    const used = load.get(`${outlet.id}|${order.type}|${order.serviceDate}`) ?? 0;
    const capacity = outlet.dailyCapacity[order.type] ?? null;
    const reason = !serves.ok ? '不服务该区域' : capacity !== null && used >= capacity ? `当日已满 ${used}/${capacity}` : null;
    return { id: outlet.id, name: outlet.name, ok: reason === null, reason, distanceKm: serves.distanceKm === null ? null : Math.round(serves.distanceKm * 10) / 10, load: used, capacity };
  });
  const technicianRows = technicians.map((technician) => {
    const techFacts = technicianFacts(technician, outletById.get(technician.outletId));
    const mine = booked.filter((item) => item.technicianId === technician.id && item.id !== order.id);
    let reason = technicianProblem(techFacts, facts, categories, mine.length);
    let plannedStart: string | null = null;
    if (!reason) {
      const fit = fitIntoDay(techFacts, facts, mine.map(bookedJob));
      if (fit.ok) plannedStart = fit.plannedStart.toISOString();
      else reason = fit.reason;
    }
    const km = distanceKm(techFacts, facts);
    const row = { id: technician.id, name: technician.name, outletId: technician.outletId, ok: reason === null, reason, distanceKm: km === null ? null : Math.round(km * 10) / 10, load: mine.length, plannedStart, isEarlierTechnician: repeat?.technicianId === technician.id };
    return { row, rank: (row.ok ? 0 : 1_000_000) + repeatPenalty(techFacts, repeat) };
  });
  // A stable sort: without a flag every rank of the fitting ones is equal and the order stays as it was.
  const ranked = repeat ? [...technicianRows].sort((a, b) => a.rank - b.rank) : technicianRows;
  return { outlets: outletRows, technicians: ranked.map((item) => item.row), repeatRepair: repeat ? { summary: repeat.summary, technicianId: repeat.technicianId } : null };
}

/** The board: each technician's day (jobs with times and travel) and the orders not yet with a technician. */
/**
 * The day the board opens on: today, and once today's day plan time (dispatch settings,
 * Asia/Shanghai) has passed, tomorrow — the day the plans were just drafted for.
 */
export async function defaultBoardDate(ctx: AppContext): Promise<string> {
  const now = ctx.clock.now();
  const { dayPlanAt } = await dispatchSettings.read(ctx.db);
  return boardDateAt(now, dayPlanAt);
}

export function boardDateAt(now: Date, dayPlanAt: string): string {
  return shanghaiClock(now) >= dayPlanAt ? shanghaiDate(new Date(now.getTime() + 86_400_000)) : shanghaiDate(now);
}

export async function dispatchBoard(ctx: AppContext, principal: Principal, query: { date: string; outletId?: string }) {
  const now = ctx.clock.now();
  const outletFilter = principal.scope === 'all' ? query.outletId : (principal.outletId ?? '00000000-0000-0000-0000-000000000000');
  const allOutlets = await listAllOutlets(ctx.db);
  const outlets = allOutlets.filter((outlet) => !outletFilter || outlet.id === outletFilter);
  const outletById = new Map(outlets.map((outlet) => [outlet.id, outlet]));
  const dayStart = instantOf(query.date, 0);
  const technicians = (await findTechniciansWithFacts(ctx.db, { outletIds: outlets.map((outlet) => outlet.id), since: dayStart })).filter((row) => row.isActive);
  const [booked, waiting, settings] = await Promise.all([
    findBookedOrders(ctx.db, { technicianIds: technicians.map((row) => row.id), dates: [query.date] }),
    findWorkOrderRows(ctx.db, { scope: workOrderScope(principal), statuses: ['waiting', 'dispatched'], date: query.date, outletId: principal.scope === 'all' ? undefined : outletFilter }, { limit: 500, offset: 0 }),
    dispatchSettings.read(ctx.db),
  ]);
  const unassigned = waiting.rows.filter((row) => row.status === 'waiting' || !row.technicianId).filter((row) => !query.outletId || row.outletId === query.outletId || row.outletId === null);
  const names = await loadNames(ctx.db, [...booked, ...unassigned]);
  const flags = await lookup(ctx.db, TicketRepeatRepairs, [...new Set(unassigned.map((row) => row.ticketId))]);
  const present = (row: WorkOrderRow) => presentWorkOrder(row, names, principal, now, settings.feedbackMinutes);
  const dayEnd = instantOf(query.date, 24 * 60);
  return {
    date: query.date,
    technicians: technicians.map((technician) => {
      const outlet = outletById.get(technician.outletId);
      const techFacts = technicianFacts(technician, outlet);
      const permit = workPermitProblem(techFacts, query.date);
      const absence = techFacts.absences.find((item) => item.startsAt < dayEnd && item.endsAt > dayStart);
      const problem = permit ?? (!techFacts.workingDays.includes(isoWeekday(query.date)) ? '当日不上班' : absence ? `${absence.kind === 'training' ? '培训' : '请假'}` : null);
      const laidOut = layoutDay(techFacts, query.date, booked.filter((row) => row.technicianId === technician.id)).map(({ job, start, end, travelMinutes }) => ({
        workOrder: present(job),
        start: start.toISOString(),
        end: end.toISOString(),
        travelMinutes,
      }));
      return { id: technician.id, name: technician.name, outletId: technician.outletId, outletName: outlet?.name ?? null, grade: technician.grade, workStartMinute: technician.workStartMinute, workEndMinute: technician.workEndMinute, problem, jobs: laidOut };
    }),
    unassigned: unassigned.map(present),
    repeatRepairs: unassigned.flatMap((row) => {
      const flag = flags.get(row.ticketId);
      return flag ? [{ workOrderId: row.id, summary: flag.summary }] : [];
    }),
  };
}

export async function getDispatchSettings(ctx: AppContext) {
  return dispatchSettings.read(ctx.db);
}

export async function updateDispatchSettings(ctx: AppContext, actor: Actor, input: TDispatchSettings) {
  const settings = ZDispatchSettings.parse(input);
  await ctx.db.transaction(async (tx) => {
    const before = await dispatchSettings.read(tx);
    await dispatchSettings.write(tx, settings, ctx.clock.now());
    await recordAudit(tx, actor, { entity: 'system_setting', entityId: dispatchSettings.key, action: 'updated', before, after: settings });
  });
  return settings;
}

