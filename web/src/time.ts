import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** All times are shown in China Standard Time, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2024-05-01 14:03:09` in Asia/Shanghai; empty input gives an empty string. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const parts: Record<string, string> = {};
  for (const part of dateTimeFormat.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `14:03` (HH:mm) in Asia/Shanghai; empty input gives an empty string. */
export function shanghaiClock(value: string | Date | null | undefined): string {
  return formatDateTime(value).slice(11, 16);
}

/** The instant a Shanghai calendar day starts (or ends), as an ISO string for API filters. */
export function shanghaiDayBoundary(day: string, edge: 'start' | 'end'): string {
  const start = dayjs.tz(`${day} 00:00:00`, TIME_ZONE);
  return (edge === 'start' ? start : start.add(1, 'day').subtract(1, 'millisecond')).toISOString();
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A short time to say or show, in Asia/Shanghai: "11月23日 10:00" (zh) or "Nov 23, 10:00" (en). */
export function spokenTime(value: string | Date, locale: string): string {
  const text = formatDateTime(value);
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const time = text.slice(11, 16);
  return locale === 'en' ? `${EN_MONTHS[month - 1]} ${day}, ${time}` : `${month}月${day}日 ${time}`;
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Asia/Shanghai, YYYY-MM-DD (the server decides warranties, plans and reports by this day). */
export function shanghaiToday(now: Date = new Date()): string {
  return dayFormat.format(now);
}

/** The Shanghai day `offset` days after `at`'s day. */
export function shanghaiDateOffset(offset: number, at: Date = new Date()): string {
  return shanghaiToday(new Date(at.getTime() + offset * 24 * 60 * 60 * 1000));
}

/** The instant at `minute` past Shanghai midnight of `day`, as an ISO string with +08:00. */
export function shanghaiInstantAt(day: string, minute: number): string {
  const hours = String(Math.floor(minute / 60)).padStart(2, '0');
  const minutes = String(minute % 60).padStart(2, '0');
  return `${day}T${hours}:${minutes}:00+08:00`;
}

/**
 * The wall-clock time picked in a DatePicker (shown as a Shanghai time, whatever the browser's
 * zone) as an ISO instant: the picker's Y-M-D h:m are read as Asia/Shanghai.
 */
export function pickedShanghaiIso(value: Dayjs): string {
  return `${value.format('YYYY-MM-DDTHH:mm')}:00+08:00`;
}

/** An instant as a picker value showing its Shanghai wall-clock time. */
export function shanghaiPickerValue(value: string): Dayjs {
  return dayjs(dayjs(value).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'));
}
