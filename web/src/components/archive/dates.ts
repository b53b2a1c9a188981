import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Asia/Shanghai, YYYY-MM-DD (the server decides warranties by this day). */
export function shanghaiToday(now: Date = new Date()): string {
  return dayFormat.format(now);
}

/** For DatePicker `disabledDate`: no day after today (Shanghai). */
export function isFutureDay(day: Dayjs): boolean {
  return day.format('YYYY-MM-DD') > shanghaiToday();
}

/** DatePicker value → 'YYYY-MM-DD' or null. */
export function toDay(value: Dayjs | null | undefined): string | null {
  return value ? value.format('YYYY-MM-DD') : null;
}

/** 'YYYY-MM-DD' → DatePicker value. */
export function fromDay(value: string | null | undefined): Dayjs | undefined {
  return value ? dayjs(value, 'YYYY-MM-DD') : undefined;
}
