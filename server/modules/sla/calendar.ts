/**
 * Working-day calendar for mainland China (statutory holidays and make-up working days, 调休)
 * and service-hour arithmetic.
 *
 * Pure functions: the holiday data is always passed in (`CalendarData`), never imported here, so
 * the server can build it from a database table that admins extend.
 *
 * Time zone: business dates and service hours are in Asia/Shanghai, which has been UTC+8 without
 * daylight saving since 1991. We use a fixed +8 offset (no Intl / tz database needed).
 * Dates are 'YYYY-MM-DD' strings; instants are JS Dates.
 */

export type DateString = string;

/** The generated data set (see holidays-data.ts) or a database export of the same shape. */
export interface HolidayDataset {
  source?: string;
  years: { from: number; to: number };
  /** Rest days: date → holiday name (e.g. 国庆节). */
  holidays: Record<DateString, string>;
  /** Make-up working days (调休): date → the holiday they belong to. */
  workdays: Record<DateString, string>;
}

/**
 * An admin's override for one date. It wins over the statutory data:
 * - 'holiday': a rest day (e.g. a local holiday, company closure);
 * - 'workday': a working day (even on a weekend or a statutory holiday);
 * - 'normal': ignore the statutory data for this date and use the plain weekday rule.
 * An override makes its date known even in a year outside `knownYears`.
 */
export interface DayOverride {
  date: DateString;
  kind: 'holiday' | 'workday' | 'normal';
  name?: string;
}

type Lookup = Map<DateString, string> | Record<DateString, string>;

export interface CalendarData {
  /** Years for which `holidays` and `workdays` are complete. Other years are 'unknown'. */
  knownYears: Set<number> | { from: number; to: number };
  holidays: Lookup;
  workdays: Lookup;
  overrides?: Map<DateString, DayOverride> | Record<DateString, DayOverride>;
}

export type DayKindName = 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | 'unknown';
export interface DayKind {
  kind: DayKindName;
  name?: string;
}

export interface ServiceHours {
  /** 'HH:MM', inclusive. */
  start: string;
  /** 'HH:MM' ('24:00' allowed), exclusive; must be after start (no windows across midnight). */
  end: string;
}

export interface BusinessTimeOptions {
  /** true: service time only on working days (on-site work); false: every day (hotlines). */
  workingDaysOnly: boolean;
}

export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
/** Safety bound for day-by-day loops (≈ 100 years). */
const MAX_DAYS = 36_600;

// ---------------------------------------------------------------------------------------------
// Construction

/** CalendarData from a data set, optionally with overrides and extra known years. */
export function createCalendarData(
  dataset: HolidayDataset,
  overrides: DayOverride[] = [],
  extraKnownYears: number[] = [],
): CalendarData {
  const years = new Set<number>();
  for (let y = dataset.years.from; y <= dataset.years.to; y++) years.add(y);
  for (const y of extraKnownYears) years.add(y);
  const base: CalendarData = {
    knownYears: years,
    holidays: new Map(Object.entries(dataset.holidays)),
    workdays: new Map(Object.entries(dataset.workdays)),
  };
  return withOverrides(base, overrides);
}

/**
 * A new CalendarData with overrides added (later ones win for the same date) and optionally
 * more known years (e.g. after an admin has entered next year's arrangement). The input is not
 * modified.
 */
export function withOverrides(data: CalendarData, overrides: DayOverride[], extraKnownYears: number[] = []): CalendarData {
  const map = new Map<DateString, DayOverride>(entries(data.overrides));
  for (const o of overrides) {
    parseDate(o.date);
    if (o.kind !== 'holiday' && o.kind !== 'workday' && o.kind !== 'normal') {
      throw new RangeError(`Invalid override kind for ${o.date}: ${String(o.kind)}`);
    }
    map.set(o.date, { ...o });
  }
  let knownYears = data.knownYears;
  if (extraKnownYears.length > 0) {
    const set = new Set<number>(knownYearList(data.knownYears));
    for (const y of extraKnownYears) set.add(y);
    knownYears = set;
  }
  return { ...data, knownYears, overrides: map };
}

function knownYearList(k: CalendarData['knownYears']): number[] {
  if (k instanceof Set) return [...k];
  const out: number[] = [];
  for (let y = k.from; y <= k.to; y++) out.push(y);
  return out;
}

function entries<T>(m: Map<string, T> | Record<string, T> | undefined): [string, T][] {
  if (!m) return [];
  return m instanceof Map ? [...m.entries()] : Object.entries(m);
}

function lookup<T>(m: Map<string, T> | Record<string, T> | undefined, key: string): T | undefined {
  if (!m) return undefined;
  if (m instanceof Map) return m.get(key);
  return Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
}

export function isKnownYear(data: CalendarData, year: number): boolean {
  const k = data.knownYears;
  return k instanceof Set ? k.has(year) : year >= k.from && year <= k.to;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Days since 1970-01-01 for a 'YYYY-MM-DD' string; throws RangeError on an invalid date. */
export function parseDate(date: DateString): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Invalid date: ${date}`);
  }
  return Math.round(ms / DAY_MS);
}

/** 'YYYY-MM-DD' for a day number (days since 1970-01-01). */
export function formatDay(day: number): DateString {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** date + n calendar days. */
export function addDays(date: DateString, n: number): DateString {
  return formatDay(parseDate(date) + n);
}

/** Calendar days from a to b (b − a). */
export function daysBetween(a: DateString, b: DateString): number {
  return parseDate(b) - parseDate(a);
}

/** The Asia/Shanghai business date of an instant. */
export function shanghaiDate(instant: Date): DateString {
  return formatDay(Math.floor((checkInstant(instant) + OFFSET_MS) / DAY_MS));
}

/** The instant of a Shanghai wall-clock time ('HH:MM', default 00:00) on a business date. */
export function shanghaiInstant(date: DateString, time = '00:00'): Date {
  return new Date(parseDate(date) * DAY_MS + parseTime(time) * 60_000 - OFFSET_MS);
}

function checkInstant(d: Date): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(t)) throw new RangeError('Invalid Date');
  return t;
}

/** Minutes since midnight for 'HH:MM' (00:00..24:00). */
function parseTime(t: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(t);
  if (!m) throw new RangeError(`Invalid time (expected HH:MM): ${t}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) throw new RangeError(`Invalid time: ${t}`);
  return h * 60 + min;
}

/** Validated service window in minutes since midnight. */
export function parseServiceHours(hours: ServiceHours): { start: number; end: number } {
  const start = parseTime(hours.start);
  const end = parseTime(hours.end);
  if (end <= start) throw new RangeError(`Service hours must end after they start: ${hours.start}-${hours.end}`);
  return { start, end };
}

// ---------------------------------------------------------------------------------------------
// Day kinds

function kindOfDay(data: CalendarData, day: number): DayKind {
  const date = formatDay(day);
  // 1970-01-01 was a Thursday.
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  const isWeekend = weekday === 0 || weekday === 6;
  const plain: DayKind = { kind: isWeekend ? 'weekend' : 'workday' };

  const o = lookup(data.overrides, date);
  if (o) {
    if (o.kind === 'holiday') return withName('holiday', o.name);
    if (o.kind === 'workday') return isWeekend || lookup(data.holidays, date) !== undefined ? withName('makeup_workday', o.name) : withName('workday', o.name);
    return plain;
  }
  if (!isKnownYear(data, Number(date.slice(0, 4)))) return { kind: 'unknown' };
  const h = lookup(data.holidays, date);
  if (h !== undefined) return withName('holiday', h);
  const w = lookup(data.workdays, date);
  if (w !== undefined) return withName('makeup_workday', w);
  return plain;
}

function withName(kind: DayKindName, name: string | undefined): DayKind {
  return name ? { kind, name } : { kind };
}

/** What kind of day a business date is. Dates in years outside the known years are 'unknown'. */
export function dayKind(data: CalendarData, date: DateString): DayKind {
  return kindOfDay(data, parseDate(date));
}

/** true / false, or 'unknown' for a date in a year without data (and no override). */
export function isWorkingDay(data: CalendarData, date: DateString): boolean | 'unknown' {
  return workingOf(kindOfDay(data, parseDate(date)));
}

function workingOf(k: DayKind): boolean | 'unknown' {
  if (k.kind === 'unknown') return 'unknown';
  return k.kind === 'workday' || k.kind === 'makeup_workday';
}

/**
 * The n-th working day after `date` (n < 0: before; n = 0: `date` itself, unchanged).
 * Days in unknown years are counted as working days and listed in `unknownDays` so the caller
 * can flag the result as provisional.
 */
export function addWorkingDays(data: CalendarData, date: DateString, n: number): { date: DateString; unknownDays: DateString[] } {
  if (!Number.isInteger(n)) throw new RangeError(`n must be an integer: ${n}`);
  let day = parseDate(date);
  const unknownDays: DateString[] = [];
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let guard = 0;
  while (left > 0) {
    if (++guard > MAX_DAYS) throw new RangeError('addWorkingDays: no working day found within 100 years');
    day += step;
    const w = workingOf(kindOfDay(data, day));
    if (w === 'unknown') unknownDays.push(formatDay(day));
    if (w !== false) left--;
  }
  return { date: formatDay(day), unknownDays };
}

// ---------------------------------------------------------------------------------------------
// Service time

/** Whether service is given on this day; records unknown days when working days only. */
function isOpenDay(data: CalendarData, day: number, workingDaysOnly: boolean): boolean | 'unknown' {
  if (!workingDaysOnly) return true;
  const w = workingOf(kindOfDay(data, day));
  return w;
}

/**
 * Adds `minutes` of service time to `from`: time outside the daily service hours, and on
 * non-working days when `workingDaysOnly`, does not count. If the service time runs out exactly
 * at the end of a window, the due time is that end (e.g. 21:58 + 2 min = 22:00 the same day);
 * otherwise the remainder continues at the next window's start (21:59 + 2 min = 09:01 next
 * service day). `minutes` = 0 returns `from` unchanged. Fractions of minutes are allowed.
 * Unknown days (years without data) are treated as working days and listed in `unknownDays`
 * when some of their service time was used.
 */
export function addBusinessTime(
  data: CalendarData,
  from: Date,
  minutes: number,
  hours: ServiceHours,
  options: BusinessTimeOptions,
): { due: Date; unknownDays: DateString[] } {
  const fromMs = checkInstant(from);
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a non-negative number: ${minutes}`);
  const win = parseServiceHours(hours);
  const unknownDays: DateString[] = [];
  if (minutes === 0) return { due: new Date(fromMs), unknownDays };

  let remaining = minutes * 60_000;
  let cursor = fromMs + OFFSET_MS; // Shanghai wall-clock ms
  let day = Math.floor(cursor / DAY_MS);
  for (let guard = 0; guard <= MAX_DAYS; guard++, day++) {
    const open = isOpenDay(data, day, options.workingDaysOnly);
    if (open === false) continue;
    const winStart = day * DAY_MS + win.start * 60_000;
    const winEnd = day * DAY_MS + win.end * 60_000;
    const begin = Math.max(cursor, winStart);
    if (begin >= winEnd) continue;
    if (open === 'unknown') unknownDays.push(formatDay(day));
    const available = winEnd - begin;
    if (remaining <= available) return { due: new Date(begin + remaining - OFFSET_MS), unknownDays };
    remaining -= available;
    cursor = winEnd;
  }
  throw new RangeError('addBusinessTime: no service time found within 100 years');
}

/**
 * Service minutes between two instants (0 when `to` <= `from`), with the unknown days whose
 * service time was counted.
 */
export function businessTimeBetween(
  data: CalendarData,
  from: Date,
  to: Date,
  hours: ServiceHours,
  options: BusinessTimeOptions,
): { minutes: number; unknownDays: DateString[] } {
  const fromMs = checkInstant(from) + OFFSET_MS;
  const toMs = checkInstant(to) + OFFSET_MS;
  const win = parseServiceHours(hours);
  const unknownDays: DateString[] = [];
  if (toMs <= fromMs) return { minutes: 0, unknownDays };
  const firstDay = Math.floor(fromMs / DAY_MS);
  const lastDay = Math.floor(toMs / DAY_MS);
  if (lastDay - firstDay > MAX_DAYS) throw new RangeError('businessTimeBetween: interval longer than 100 years');
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const a = Math.max(fromMs, day * DAY_MS + win.start * 60_000);
    const b = Math.min(toMs, day * DAY_MS + win.end * 60_000);
    if (b <= a) continue;
    const open = isOpenDay(data, day, options.workingDaysOnly);
    if (open === false) continue;
    if (open === 'unknown') unknownDays.push(formatDay(day));
    total += b - a;
  }
  return { minutes: total / 60_000, unknownDays };
}

/** Service minutes elapsed between two instants (0 when `to` <= `from`); may be fractional. */
export function businessMinutesBetween(
  data: CalendarData,
  from: Date,
  to: Date,
  hours: ServiceHours,
  options: BusinessTimeOptions,
): number {
  return businessTimeBetween(data, from, to, hours, options).minutes;
}
