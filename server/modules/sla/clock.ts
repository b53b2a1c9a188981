/**
 * One SLA clock with pauses, as pure state plus an evaluation function.
 *
 * Time counts only inside the service hours (and on working days when `workingDaysOnly`), see
 * calendar.ts. Paused service time does not count and pushes the due time back.
 */
import {
  addBusinessTime,
  businessTimeBetween,
  type CalendarData,
  type DateString,
  type ServiceHours,
} from './calendar';

export interface ClockPause {
  from: Date;
  /** null while the pause is open. */
  to: Date | null;
}

export interface ClockState {
  startedAt: Date;
  /** Service minutes allowed. */
  targetMinutes: number;
  hours: ServiceHours;
  workingDaysOnly: boolean;
  pauses: ClockPause[];
  /** Set when the clock's goal is reached (e.g. first response sent, ticket resolved). */
  stoppedAt: Date | null;
}

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached';

export interface ClockEvaluation {
  status: ClockStatus;
  /** When the target is (or was) reached, pushed back by paused service time. While paused, projected as if resumed at `now`. */
  dueAt: Date;
  /** Service minutes counted so far (excluding pauses), up to stoppedAt or now. */
  usedMinutes: number;
  /** Service minutes paused so far. */
  pausedMinutes: number;
  /** max(0, target − used). */
  remainingMinutes: number;
  /** max(0, used − target). */
  overdueMinutes: number;
  /** Running or paused, and remaining <= atRiskRatio × target or <= atRiskMinutes. */
  isAtRisk: boolean;
  /** Days in years without calendar data that were counted as working days. */
  unknownDays: DateString[];
}

export interface EvaluateOptions {
  /** Fraction of the target below which the clock is at risk (default 0.2). */
  atRiskRatio?: number;
  /** Absolute threshold in service minutes (default: none). */
  atRiskMinutes?: number;
}

/**
 * Evaluates a clock at `now`. If `stoppedAt` is set the clock is evaluated at `stoppedAt`
 * ('met' when stoppedAt <= dueAt, else 'breached'). Otherwise: 'breached' once now > dueAt
 * (even while paused), else 'paused' when a pause is open, else 'running'.
 * Pauses are clipped to [startedAt, end] and may overlap (they are merged).
 */
export function evaluateClock(data: CalendarData, state: ClockState, now: Date, options: EvaluateOptions = {}): ClockEvaluation {
  const { targetMinutes, hours } = state;
  if (!Number.isFinite(targetMinutes) || targetMinutes < 0) throw new RangeError(`targetMinutes must be non-negative: ${targetMinutes}`);
  const opts = { workingDaysOnly: state.workingDaysOnly };
  const start = state.startedAt.getTime();
  const end = state.stoppedAt ? state.stoppedAt.getTime() : now.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError('Invalid Date');
  const unknown = new Set<DateString>();
  const collect = (days: DateString[]) => days.forEach((d) => unknown.add(d));

  // Merge pauses, clipped to [start, end]. An open pause runs until `end`.
  const raw = state.pauses
    .map((p) => ({ a: Math.max(p.from.getTime(), start), b: Math.min(p.to ? p.to.getTime() : end, end) }))
    .filter((p) => p.b > p.a || (p.b === p.a && p.a < end))
    .sort((x, y) => x.a - y.a);
  const merged: { a: number; b: number }[] = [];
  for (const p of raw) {
    const last = merged[merged.length - 1];
    if (last && p.a <= last.b) last.b = Math.max(last.b, p.b);
    else merged.push({ ...p });
  }
  const openPause = !state.stoppedAt && state.pauses.some((p) => p.to === null && p.from.getTime() <= end);

  // Active segments between pauses; the last one is open-ended (for the due time).
  const segments: { a: number; b: number }[] = [];
  let cursor = start;
  for (const p of merged) {
    if (p.a > cursor) segments.push({ a: cursor, b: p.a });
    cursor = Math.max(cursor, p.b);
  }
  const tailStart = cursor;

  let used = 0;
  let dueAt: Date | null = null;
  let beforeTail = 0;
  for (const s of segments) {
    const r = businessTimeBetween(data, new Date(s.a), new Date(s.b), hours, opts);
    collect(r.unknownDays);
    if (dueAt === null && beforeTail + r.minutes >= targetMinutes) {
      const d = addBusinessTime(data, new Date(s.a), targetMinutes - beforeTail, hours, opts);
      collect(d.unknownDays);
      dueAt = d.due;
    }
    beforeTail += r.minutes;
  }
  used = beforeTail;
  if (tailStart < end) {
    const r = businessTimeBetween(data, new Date(tailStart), new Date(end), hours, opts);
    collect(r.unknownDays);
    used += r.minutes;
  }
  if (dueAt === null) {
    const d = addBusinessTime(data, new Date(tailStart), targetMinutes - beforeTail, hours, opts);
    collect(d.unknownDays);
    dueAt = d.due;
  }

  let pausedMinutes = 0;
  for (const p of merged) {
    const r = businessTimeBetween(data, new Date(p.a), new Date(p.b), hours, opts);
    collect(r.unknownDays);
    pausedMinutes += r.minutes;
  }

  let status: ClockStatus;
  if (state.stoppedAt) status = end <= dueAt.getTime() ? 'met' : 'breached';
  else if (end > dueAt.getTime()) status = 'breached';
  else status = openPause ? 'paused' : 'running';

  const remainingMinutes = Math.max(0, targetMinutes - used);
  const ratio = options.atRiskRatio ?? 0.2;
  const isAtRisk =
    (status === 'running' || status === 'paused') &&
    (remainingMinutes <= ratio * targetMinutes || (options.atRiskMinutes !== undefined && remainingMinutes <= options.atRiskMinutes));

  return {
    status,
    dueAt,
    usedMinutes: used,
    pausedMinutes,
    remainingMinutes,
    overdueMinutes: Math.max(0, used - targetMinutes),
    isAtRisk,
    unknownDays: [...unknown].sort(),
  };
}

/** A new clock state, running from `at`. */
export function startClock(at: Date, targetMinutes: number, hours: ServiceHours, workingDaysOnly: boolean): ClockState {
  return { startedAt: at, targetMinutes, hours, workingDaysOnly, pauses: [], stoppedAt: null };
}

/** Opens a pause at `at` (no change if a pause is already open or the clock is stopped). */
export function pauseClock(state: ClockState, at: Date): ClockState {
  if (state.stoppedAt || state.pauses.some((p) => p.to === null)) return state;
  return { ...state, pauses: [...state.pauses, { from: at, to: null }] };
}

/** Closes the open pause at `at` (no change if none is open). */
export function resumeClock(state: ClockState, at: Date): ClockState {
  if (!state.pauses.some((p) => p.to === null)) return state;
  return { ...state, pauses: state.pauses.map((p) => (p.to === null ? { from: p.from, to: at < p.from ? p.from : at } : p)) };
}

/** Stops the clock at `at`, closing an open pause there (no change if already stopped). */
export function stopClock(state: ClockState, at: Date): ClockState {
  if (state.stoppedAt) return state;
  return { ...resumeClock(state, at), stoppedAt: at };
}
