import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';

import { shanghaiToday } from '../../time';

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
