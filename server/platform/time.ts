/**
 * Business time: stored in UTC, shown in Asia/Shanghai (UTC+8 all year; China has no daylight
 * saving). Formatters are created once: building an Intl.DateTimeFormat per call is slow.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The business date (YYYY-MM-DD) in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
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
