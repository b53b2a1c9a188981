/**
 * The dispatch rules as pure functions (no database): does an outlet serve a site, may a
 * technician take an order, and where does the order fit in the technician's day. The manual
 * board, automatic dispatch and their tests share them, so a rule is written once.
 */
import { isoWeekdayOf, shanghaiMidnightMs, shanghaiMinuteOfDay } from '../../platform/time';
import { CERTIFICATION_LABELS, GRADE_LABELS, GRADES, gradeAtLeast, type Grade, type TechnicianSkill } from '../../../contracts/dispatch';
import { TICKET_TYPE_LABELS } from '../../../contracts/tickets';
import { haversineKm } from '../../../routing';
import { ABSENCE_LABELS } from '../../../contracts/dispatch';
import type { RepeatRepairFlag } from './dispatch.lookups';

const MINUTE = 60_000;
/** Road distance ≈ straight line × 1.3; 30 km/h in town (the same assumption as the day plan). */
export const ROAD_FACTOR = 1.3;
export const SPEED_KMH = 30;

export type Point = { latitude: number | null; longitude: number | null };

/** Straight-line kilometres between two points (the route optimizer's haversine), or null without coordinates. */
export function distanceKm(a: Point, b: Point): number | null {
  if (a.latitude == null || a.longitude == null || b.latitude == null || b.longitude == null) return null;
  return haversineKm({ lat: a.latitude, lng: a.longitude }, { lat: b.latitude, lng: b.longitude });
}

/** Driving minutes between two points (unknown coordinates: a flat 30 minutes). */
export function travelMinutes(a: Point, b: Point): number {
  const km = distanceKm(a, b);
  if (km === null) return 30;
  return Math.ceil((km * ROAD_FACTOR * 60) / SPEED_KMH);
}

/** Minutes after local midnight (Asia/Shanghai) of an instant. */
export function localMinute(instant: Date): number {
  return shanghaiMinuteOfDay(instant);
}

/** The instant of `minute` after local midnight of a business date. */
export function instantOf(date: string, minute: number): Date {
  return new Date(shanghaiMidnightMs(date) + minute * MINUTE);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a business date. */
export function isoWeekday(date: string): number {
  return isoWeekdayOf(date);
}

export type OutletFacts = Point & {
  id: string;
  name: string;
  isActive: boolean;
  serviceDistricts: string[];
  serviceRadiusKm: number | null;
  dailyCapacity: Record<string, number>;
};

export type SiteFacts = Point & { districtCode: string | null };

/** Whether the outlet's service area covers the site: its districts, or the radius around it. */
export function outletServes(outlet: OutletFacts, site: SiteFacts): { ok: boolean; distanceKm: number | null } {
  const km = distanceKm(outlet, site);
  if (site.districtCode && outlet.serviceDistricts.includes(site.districtCode)) return { ok: true, distanceKm: km };
  if (outlet.serviceRadiusKm != null && km !== null && km <= outlet.serviceRadiusKm) return { ok: true, distanceKm: km };
  return { ok: false, distanceKm: km };
}

export type TechnicianFacts = Point & {
  id: string;
  userId: string;
  outletId: string;
  name: string;
  grade: Grade;
  skills: TechnicianSkill[];
  workingDays: number[];
  workStartMinute: number;
  workEndMinute: number;
  maxOrdersPerDay: number;
  isActive: boolean;
  certifications: { kind: string; expiresOn: string }[];
  absences: { kind: string; startsAt: Date; endsAt: Date }[];
};

export type OrderFacts = SiteFacts & {
  id: string;
  type: string;
  categoryId: string | null;
  requiredGrade: Grade;
  estimatedMinutes: number;
  windowStart: Date;
  windowEnd: Date;
  serviceDate: string;
};

/** A job already in the technician's day. */
export type BookedJob = Point & { id: string; windowStart: Date; windowEnd: Date; estimatedMinutes: number; plannedStart: Date | null };

/** Names of categories and their ancestors, for skills given on a parent category. */
export type CategoryInfo = Map<string, { name: string; parentId: string | null }>;

function categoryLine(categoryId: string | null, categories: CategoryInfo): string[] {
  const line: string[] = [];
  let current = categoryId;
  while (current && !line.includes(current)) {
    line.push(current);
    current = categories.get(current)?.parentId ?? null;
  }
  return line;
}

export function skillLabel(categoryId: string | null, workType: string, categories: CategoryInfo): string {
  const category = categoryId ? (categories.get(categoryId)?.name ?? '') : '';
  const type = TICKET_TYPE_LABELS[workType as keyof typeof TICKET_TYPE_LABELS]?.zh ?? workType;
  return category ? `${category}${type}` : type;
}

/** Whether a technician has the skill for the order: the work type, on the order's category or an ancestor (or any category, or the order has none). */
export function hasSkill(skills: TechnicianSkill[], order: Pick<OrderFacts, 'type' | 'categoryId'>, categories: CategoryInfo): boolean {
  const line = categoryLine(order.categoryId, categories);
  // An order without a product category (no asset on the ticket) needs only the work type.
  return skills.some((skill) => skill.workType === order.type && (skill.categoryId === null || order.categoryId === null || line.includes(skill.categoryId)));
}

/** The technician's valid 上岗证 on a date, or why there is none. */
export function workPermitProblem(technician: Pick<TechnicianFacts, 'certifications'>, date: string): string | null {
  const permits = technician.certifications.filter((cert) => cert.kind === 'work_permit');
  if (!permits.length) return `无${CERTIFICATION_LABELS.work_permit.zh}`;
  const latest = permits.reduce((a, b) => (a.expiresOn > b.expiresOn ? a : b));
  if (latest.expiresOn < date) return `${CERTIFICATION_LABELS.work_permit.zh} ${latest.expiresOn} 已过期`;
  return null;
}

export type Schedule = { ok: true; plannedStart: Date; travelMinutes: number; jobs: { id: string; start: Date; end: Date; travelMinutes: number }[] } | { ok: false; reason: string };

/**
 * Fits the order into the technician's day. Jobs already booked keep their planned start
 * (a job without one starts as early as its window allows); the new order is tried in every
 * gap, with travel between sites, from the base at the start of the shift and within it, and
 * gets the earliest start that leaves every booked job on time. `pinnedStart` (a drag on the
 * board) must lie inside the window.
 */
export function fitIntoDay(technician: TechnicianFacts, order: OrderFacts, booked: BookedJob[], pinnedStart?: Date): Schedule {
  const shiftStart = instantOf(order.serviceDate, technician.workStartMinute).getTime();
  const shiftEnd = instantOf(order.serviceDate, technician.workEndMinute).getTime();
  const others = inDayOrder(booked.filter((job) => job.id !== order.id));
  let best: Schedule | null = null;
  let lastReason = '预约时段内排不下（与已派工单冲突）';
  for (let position = 0; position <= others.length; position += 1) {
    const sequence: (BookedJob & { isNew?: boolean })[] = [...others.slice(0, position), { ...order, plannedStart: null, isNew: true }, ...others.slice(position)];
    let clock = shiftStart;
    let at: Point = technician;
    const placed: { id: string; start: Date; end: Date; travelMinutes: number }[] = [];
    let failure: string | null = null;
    for (const job of sequence) {
      const travel = travelMinutes(at, job);
      const arrival = clock + travel * MINUTE;
      let start: number;
      if (job.isNew) {
        start = Math.max(arrival, job.windowStart.getTime(), pinnedStart?.getTime() ?? 0);
        if (start > job.windowEnd.getTime() || (pinnedStart && start !== pinnedStart.getTime())) {
          failure = pinnedStart ? '指定时间与已派工单冲突' : '预约时段内排不下（与已派工单冲突）';
          break;
        }
      } else if (job.plannedStart) {
        start = Math.max(arrival, job.plannedStart.getTime());
        if (start > job.plannedStart.getTime()) {
          failure = '与已派工单时间冲突';
          break;
        }
      } else {
        start = Math.max(arrival, job.windowStart.getTime());
        if (start > job.windowEnd.getTime()) {
          failure = '与已派工单时间冲突';
          break;
        }
      }
      const end = start + job.estimatedMinutes * MINUTE;
      if (end > shiftEnd) {
        failure = '超出工作时间';
        break;
      }
      placed.push({ id: job.id, start: new Date(start), end: new Date(end), travelMinutes: travel });
      clock = end;
      at = job;
    }
    if (failure) {
      lastReason = failure;
      continue;
    }
    const mine = placed.find((job) => job.id === order.id)!;
    if (!best || (best.ok && mine.start.getTime() < best.plannedStart.getTime())) {
      best = { ok: true, plannedStart: mine.start, travelMinutes: mine.travelMinutes, jobs: placed };
    }
  }
  return best ?? { ok: false, reason: lastReason };
}

/** Booked jobs in the order a technician does them: by planned start, else by window. */
function inDayOrder<T extends BookedJob>(jobs: T[]): T[] {
  return [...jobs].sort((a, b) => (a.plannedStart ?? a.windowStart).getTime() - (b.plannedStart ?? b.windowStart).getTime() || a.windowEnd.getTime() - b.windowEnd.getTime());
}

/**
 * The technician's day as it stands (the board): each booked job at its planned start, or as
 * early as travel from the previous site and its window allow, with the travel before it.
 */
export function layoutDay<T extends BookedJob>(technician: Pick<TechnicianFacts, 'workStartMinute' | 'latitude' | 'longitude'>, date: string, booked: T[]): { job: T; start: Date; end: Date; travelMinutes: number }[] {
  let clock = instantOf(date, technician.workStartMinute).getTime();
  let at: Point = technician;
  return inDayOrder(booked).map((job) => {
    const travel = travelMinutes(at, job);
    const start = Math.max(clock + travel * MINUTE, job.windowStart.getTime(), job.plannedStart?.getTime() ?? 0);
    clock = start + job.estimatedMinutes * MINUTE;
    at = job;
    return { job, start: new Date(start), end: new Date(clock), travelMinutes: travel };
  });
}

/** Why a technician may not take an order (null: eligible), checked in the order a dispatcher would. */
export function technicianProblem(technician: TechnicianFacts, order: OrderFacts, categories: CategoryInfo, bookedCount: number): string | null {
  if (!technician.isActive) return '已停用';
  const permit = workPermitProblem(technician, order.serviceDate);
  if (permit) return permit;
  if (!hasSkill(technician.skills, order, categories)) return `无技能 ${skillLabel(order.categoryId, order.type, categories)}`;
  if (!gradeAtLeast(technician.grade, order.requiredGrade)) return `等级${GRADE_LABELS[technician.grade].zh}低于要求的${GRADE_LABELS[order.requiredGrade].zh}`;
  if (!technician.workingDays.includes(isoWeekday(order.serviceDate))) return '当日不上班';
  const absence = technician.absences.find((item) => item.startsAt < order.windowEnd && item.endsAt > order.windowStart);
  if (absence) return `${ABSENCE_LABELS[absence.kind as keyof typeof ABSENCE_LABELS]?.zh ?? absence.kind}（${order.serviceDate}）`;
  const windowFrom = localMinute(order.windowStart);
  const windowTo = order.windowEnd.getTime() - order.windowStart.getTime() >= 86_400_000 ? 24 * 60 : localMinute(order.windowEnd) || 24 * 60;
  if (windowTo < technician.workStartMinute || windowFrom + order.estimatedMinutes > technician.workEndMinute || Math.max(windowFrom, technician.workStartMinute) + order.estimatedMinutes > technician.workEndMinute) {
    return '预约时段不在工作时间内';
  }
  if (bookedCount >= technician.maxOrdersPerDay) return `当日已满 ${bookedCount} 单`;
  return null;
}

/**
 * For a repeat repair (返修): the earlier visit's technician goes behind every other eligible one,
 * and each grade above junior counts like 60 minutes less travel (the seeds: send another or a
 * better one). Automatic dispatch adds it to its score; the manual candidate list ranks by it.
 */
export function repeatPenalty(technician: { id: string; grade: Grade }, repeat: RepeatRepairFlag | undefined): number {
  if (!repeat) return 0;
  const earlier = technician.id === repeat.technicianId ? 100_000 : 0;
  return earlier - 60 * GRADES.indexOf(technician.grade);
}
