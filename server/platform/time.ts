/**
 * Business time: stored in UTC, shown in Asia/Shanghai (UTC+8 all year; China has no daylight
 * saving). Formatters are created once: building an Intl.DateTimeFormat per call is slow.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The business date (YYYY-MM-DD) in Asia/Shanghai: "today" for warranty, ticket numbers, day plans. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The wall-clock time "HH:MM" in Asia/Shanghai. */
export function shanghaiClock(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
}

/** Minutes after midnight (Asia/Shanghai) of an instant. */
export function shanghaiMinuteOfDay(instant: Date): number {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
}

/** UTC milliseconds of midnight (Asia/Shanghai) of a business date. */
export function shanghaiMidnightMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
}

/** The instant of midnight (Asia/Shanghai) that starts the business day of `instant`. */
export function shanghaiDayStart(instant: Date): Date {
  return new Date(shanghaiMidnightMs(shanghaiDate(instant)));
}

/** "2017-01-01 11:12:13", a wall-clock time in Asia/Shanghai (as gateways report it) → the instant; anything else → null. */
export function parseShanghaiDateTime(value: string | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return null;
  const instant = new Date(Date.parse(`${value.replace(' ', 'T')}Z`) - SHANGHAI_OFFSET_MS);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a business date. */
export function isoWeekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The hour of day (0–23) in Asia/Shanghai. */
export function shanghaiHour(instant: Date): number {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();
}

const SHORT = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** "11月23日 10:00" in Asia/Shanghai, as told to customers and staff. */
export function formatShanghai(instant: Date): string {
  return SHORT.format(instant);
}
