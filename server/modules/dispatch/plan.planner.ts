/**
 * The day plan as pure functions (no database): who can work on a date, the routing problem
 * built from the outlet's orders and technicians, the optimizer's answer turned into stops,
 * and the re-timing of a route after a dispatcher's edit. Times inside are seconds after local
 * midnight (Asia/Shanghai) of the plan date.
 */
import { isoWeekdayOf, shanghaiMidnightMs } from '../../platform/time';
import { GRADES, gradeAtLeast, type Grade, type PlanStop, type PlanUnplaced, type TechnicianSkill } from '../../../contracts/dispatch';
import { buildMatrixFromCoordinates, solve, type Job, type LatLng, type UnassignedReason, type Vehicle } from '../../../routing';

/** Travel assumptions of the plan: road distance ≈ straight line × 1.3, 30 km/h in town. */
export const PLAN_ROAD_FACTOR = 1.3;
export const PLAN_SPEED_KMH = 30;
/** A fixed seed: the same orders and technicians give the same plan. */
export const PLAN_SEED = 1;

/** Chinese reasons for orders the plan could not place. */
export const UNPLACED_REASONS = {
  NO_SKILLED_VEHICLE: '无具备技能与等级的技师',
  WINDOW_UNREACHABLE: '预约时间不在技师工作时间内',
  SHIFT_TOO_SHORT: '技师工作时间内无法往返完成',
  CAPACITY: '技师当日已达最多单数',
  MAX_WORKING_TIME: '超过技师当日工作时长',
  MAX_TRAVEL_TIME: '超过技师当日路程时长',
  PINNED_ORDER: '无法按已接单的顺序安排',
  NO_FEASIBLE_SLOT: '技师当日已排满',
  noCoordinates: '地址缺少坐标',
  noTechnicians: '当日无可出工的技师',
  pinnedUnavailable: '接单技师当日不可出工（休息、请假或无有效上岗证）',
  windowOutsideDay: '预约时间不在计划日期内',
} as const satisfies Record<UnassignedReason | string, string>;

export const PRIORITY_WEIGHT: Record<string, number> = { normal: 0, high: 1, urgent: 2 };

/** UTC milliseconds of local midnight of a business date. */
export function dayStartMs(date: string): number {
  return shanghaiMidnightMs(date);
}

export function secondsOfDay(date: string, instant: Date): number {
  return (instant.getTime() - dayStartMs(date)) / 1000;
}

export function instantAt(date: string, seconds: number): Date {
  return new Date(dayStartMs(date) + Math.round(seconds * 1000));
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a business date. */
export { isoWeekdayOf };

export type PlanTechnician = {
  id: string;
  name: string;
  grade: string;
  skills: TechnicianSkill[];
  workingDays: number[];
  workStartMinute: number;
  workEndMinute: number;
  maxOrdersPerDay: number;
  baseLatitude: number | null;
  baseLongitude: number | null;
  isActive: boolean;
};

export type PlanOrder = {
  id: string;
  number: string;
  status: string;
  type: string;
  categoryId: string | null;
  requiredGrade: string;
  priority: string;
  estimatedMinutes: number;
  windowStart: Date;
  windowEnd: Date;
  address: string;
  latitude: number | null;
  longitude: number | null;
  technicianId: string | null;
};

export type PlanOutlet = { latitude: number | null; longitude: number | null };

/** The technician's shift on the date, in seconds of the day. */
export function shiftOf(technician: Pick<PlanTechnician, 'workStartMinute' | 'workEndMinute'>) {
  return { start: technician.workStartMinute * 60, end: technician.workEndMinute * 60 };
}

/**
 * Whether the technician can be planned on the date: active, working that ISO weekday, a
 * valid 上岗证, and no absence overlapping the shift (a partial absence takes the whole day
 * out: the optimizer has no breaks).
 */
export function isAvailableOn(
  technician: PlanTechnician,
  date: string,
  facts: { permitted: Set<string>; absences: { technicianId: string; startsAt: Date; endsAt: Date }[] },
): boolean {
  if (!technician.isActive) return false;
  if (!technician.workingDays.includes(isoWeekdayOf(date))) return false;
  if (!facts.permitted.has(technician.id)) return false;
  const shift = shiftOf(technician);
  const from = instantAt(date, shift.start).getTime();
  const to = instantAt(date, shift.end).getTime();
  return !facts.absences.some((absence) => absence.technicianId === technician.id && absence.startsAt.getTime() < to && absence.endsAt.getTime() > from);
}

/** Where the technician's day starts and ends: the base, else the outlet. */
export function homeOf(technician: PlanTechnician, outlet: PlanOutlet): LatLng | null {
  if (technician.baseLatitude != null && technician.baseLongitude != null) return { lat: technician.baseLatitude, lng: technician.baseLongitude };
  if (outlet.latitude != null && outlet.longitude != null) return { lat: outlet.latitude, lng: outlet.longitude };
  return null;
}

/**
 * Skill tokens. A job asks for `<category>:<workType>` (or `any:<workType>` without a category)
 * and `grade:<required>`. A technician's skill gives `any:<workType>`, `<category>:<workType>`
 * and — for a skill without a category — that token for every category of the jobs; a grade
 * gives `grade:<g>` for every grade up to its own.
 */
export function jobTokens(order: Pick<PlanOrder, 'type' | 'categoryId' | 'requiredGrade'>): string[] {
  return [`${order.categoryId ?? 'any'}:${order.type}`, `grade:${order.requiredGrade}`];
}

export function technicianTokens(technician: Pick<PlanTechnician, 'skills' | 'grade'>, categories: Iterable<string>): string[] {
  const tokens = new Set<string>();
  const categoryList = [...categories];
  for (const skill of technician.skills) {
    tokens.add(`any:${skill.workType}`);
    if (skill.categoryId) tokens.add(`${skill.categoryId}:${skill.workType}`);
    else for (const category of categoryList) tokens.add(`${category}:${skill.workType}`);
  }
  for (const grade of GRADES) if (GRADES.includes(technician.grade as Grade) && gradeAtLeast(technician.grade as Grade, grade)) tokens.add(`grade:${grade}`);
  return [...tokens];
}

/** Whether the technician has the skill and grade the order needs. */
export function canServe(technician: PlanTechnician, order: PlanOrder): boolean {
  const tokens = new Set(technicianTokens(technician, order.categoryId ? [order.categoryId] : []));
  return jobTokens(order).every((token) => tokens.has(token));
}

export type TimedRoute = { stops: PlanStop[]; travelMinutes: number; distanceKm: number };
export type RouteTiming = ({ ok: true } & TimedRoute) | { ok: false; workOrderId: string | null; reason: string };

function pointOf(order: PlanOrder): LatLng | null {
  return order.latitude != null && order.longitude != null ? { lat: order.latitude, lng: order.longitude } : null;
}

const roundKm = (metres: number) => Math.round(metres / 100) / 10;

/**
 * Walks a route in its order with the plan's travel matrix: leaves home at the shift start,
 * waits for each window, and must be home by the shift end. The earliest schedule, as the
 * optimizer computes it.
 */
export function timeRoute(date: string, technician: PlanTechnician, outlet: PlanOutlet, orders: PlanOrder[]): RouteTiming {
  const home = homeOf(technician, outlet);
  if (!home) return { ok: false, workOrderId: null, reason: '技师与网点都没有坐标' };
  if (orders.length > technician.maxOrdersPerDay) return { ok: false, workOrderId: orders[orders.length - 1].id, reason: `超过技师每日最多 ${technician.maxOrdersPerDay} 单` };
  const points: LatLng[] = [home];
  for (const order of orders) {
    const point = pointOf(order);
    if (!point) return { ok: false, workOrderId: order.id, reason: UNPLACED_REASONS.noCoordinates };
    points.push(point);
  }
  const matrix = buildMatrixFromCoordinates(points, { roadFactor: PLAN_ROAD_FACTOR, speedKmh: PLAN_SPEED_KMH });
  const distances = matrix.distances!;
  const shift = shiftOf(technician);
  let time = shift.start;
  let travelSeconds = 0;
  let metres = 0;
  const stops: PlanStop[] = [];
  for (const [index, order] of orders.entries()) {
    const travel = matrix.durations[index][index + 1];
    travelSeconds += travel;
    metres += distances[index][index + 1];
    const arrival = time + travel;
    const start = Math.max(arrival, secondsOfDay(date, order.windowStart));
    if (start > secondsOfDay(date, order.windowEnd)) return { ok: false, workOrderId: order.id, reason: `工单 ${order.number} 无法在预约时间内开始` };
    const end = start + order.estimatedMinutes * 60;
    stops.push({
      workOrderId: order.id,
      number: order.number,
      arrival: instantAt(date, arrival).toISOString(),
      start: instantAt(date, start).toISOString(),
      end: instantAt(date, end).toISOString(),
      travelMinutes: Math.round(travel / 60),
      address: order.address,
    });
    time = end;
  }
  const last = orders.length;
  const back = last ? matrix.durations[last][0] : 0;
  travelSeconds += back;
  metres += last ? distances[last][0] : 0;
  if (last && time + back > shift.end) return { ok: false, workOrderId: orders[last - 1].id, reason: '超出技师下班时间' };
  return { ok: true, stops, travelMinutes: Math.round(travelSeconds / 60), distanceKm: roundKm(metres) };
}

export type DraftRoute = { technicianId: string; vehicleId: string | null; orderIds: string[] } & TimedRoute;
export type DraftPlan = { routes: DraftRoute[]; unplaced: PlanUnplaced[]; stats: { jobs: number; vehicles: number; elapsedMs: number; iterations: number } };

/**
 * Plans the orders onto the available technicians with the route optimizer. Orders without
 * coordinates, orders whose window is not on the date and orders accepted by a technician who
 * cannot work that day are left out with their reason. Every available technician gets a route
 * (possibly empty), so the dispatcher can move stops onto it.
 */
export function planDay(input: { date: string; outlet: PlanOutlet; technicians: PlanTechnician[]; orders: PlanOrder[] }): DraftPlan {
  const { date, outlet } = input;
  const unplaced: PlanUnplaced[] = [];
  const technicians = input.technicians.filter((technician) => homeOf(technician, outlet) !== null);
  const available = new Set(technicians.map((technician) => technician.id));
  const points: LatLng[] = [];
  const vehicles: Vehicle[] = [];
  for (const technician of technicians) {
    points.push(homeOf(technician, outlet)!);
    const location = points.length - 1;
    vehicles.push({
      id: technician.id,
      name: technician.name,
      startLocation: location,
      endLocation: location,
      shift: shiftOf(technician),
      capacity: technician.maxOrdersPerDay,
      skills: [],
    });
  }
  const jobs: Job[] = [];
  const byId = new Map(input.orders.map((order) => [order.id, order]));
  const categories = new Set<string>();
  for (const order of input.orders) {
    const point = pointOf(order);
    const isPinned = order.status === 'assigned' && order.technicianId !== null;
    const windowStart = Math.max(0, secondsOfDay(date, order.windowStart));
    const windowEnd = secondsOfDay(date, order.windowEnd);
    let reason: string | null = null;
    if (!point) reason = UNPLACED_REASONS.noCoordinates;
    else if (windowEnd < windowStart) reason = UNPLACED_REASONS.windowOutsideDay;
    else if (!technicians.length) reason = UNPLACED_REASONS.noTechnicians;
    else if (isPinned && !available.has(order.technicianId!)) reason = UNPLACED_REASONS.pinnedUnavailable;
    if (reason) {
      unplaced.push({ workOrderId: order.id, number: order.number, reason });
      continue;
    }
    points.push(point!);
    if (order.categoryId) categories.add(order.categoryId);
    jobs.push({
      id: order.id,
      location: points.length - 1,
      serviceDuration: order.estimatedMinutes * 60,
      timeWindows: [{ start: windowStart, end: windowEnd }],
      requiredSkills: jobTokens(order),
      priority: PRIORITY_WEIGHT[order.priority] ?? 0,
      demand: 1,
      ...(isPinned ? { pinnedVehicleId: order.technicianId! } : {}),
    });
  }
  technicians.forEach((technician, index) => {
    vehicles[index].skills = technicianTokens(technician, categories);
  });

  const routes: DraftRoute[] = technicians.map((technician) => ({ technicianId: technician.id, vehicleId: null, orderIds: [], stops: [], travelMinutes: 0, distanceKm: 0 }));
  let stats = { jobs: jobs.length, vehicles: vehicles.length, elapsedMs: 0, iterations: 0 };
  if (jobs.length && vehicles.length) {
    const matrix = buildMatrixFromCoordinates(points, { roadFactor: PLAN_ROAD_FACTOR, speedKmh: PLAN_SPEED_KMH });
    const solution = solve(
      { matrix, vehicles, jobs },
      { seed: PLAN_SEED, timeBudgetMs: Math.min(2000, 200 + 20 * jobs.length), maxIterations: 2000 + 400 * jobs.length },
    );
    stats = { ...stats, elapsedMs: solution.stats.elapsedMs, iterations: solution.stats.iterations };
    for (const route of solution.routes) {
      const draft = routes.find((candidate) => candidate.technicianId === route.vehicleId)!;
      const technician = technicians.find((candidate) => candidate.id === route.vehicleId)!;
      const orders = route.stops.map((stop) => byId.get(stop.jobId)!);
      const timing = timeRoute(date, technician, outlet, orders);
      if (!timing.ok) {
        // The walk uses the optimizer's arithmetic; a disagreement would be a bug, never a silent plan.
        throw new Error(`day plan: route of ${technician.id} not feasible when re-timed: ${timing.reason}`);
      }
      Object.assign(draft, { orderIds: orders.map((order) => order.id), stops: timing.stops, travelMinutes: timing.travelMinutes, distanceKm: timing.distanceKm });
    }
    for (const item of solution.unassigned) {
      const order = byId.get(item.jobId)!;
      unplaced.push({ workOrderId: order.id, number: order.number, reason: UNPLACED_REASONS[item.reason] ?? item.message });
    }
  }
  unplaced.sort((a, b) => a.number.localeCompare(b.number));
  return { routes, unplaced, stats };
}
