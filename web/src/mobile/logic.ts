/** Pure helpers of the technician's phone app (tested without rendering). */
import type { WorkOrderStatus } from '../../../contracts/dispatch';
import { TICKET_TYPE_LABELS } from '../../../contracts/tickets';
import { shanghaiToday } from '../time';
import { yuanToFen } from '../components/archive/money';
import { shanghaiClock } from '../time';
import type { PartUsed } from '../api/field';

/** The buttons a technician may use on an order in a given status (server still checks). */
export type StepButton = 'accept' | 'decline' | 'on_the_way' | 'arrived' | 'start' | 'report' | 'photo' | 'signature' | 'complete' | 'not_completed';

const STEPS_BY_STATUS: Record<WorkOrderStatus, readonly StepButton[]> = {
  waiting: [],
  dispatched: ['accept', 'decline'],
  assigned: ['on_the_way', 'decline'],
  on_the_way: ['arrived', 'not_completed'],
  arrived: ['start', 'not_completed'],
  in_progress: ['report', 'photo', 'signature', 'complete', 'not_completed'],
  completed: [],
  not_completed: [],
  verified: [],
  cancelled: [],
};

export function allowedSteps(status: WorkOrderStatus): readonly StepButton[] {
  return STEPS_BY_STATUS[status];
}



/** `HH:mm` in Asia/Shanghai. */
export function shanghaiTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : shanghaiClock(date);
}

/** `09:00–11:00` (with the day `05-02 ` in front when it is not `day`). */
export function appointmentWindow(start: string, end: string, day?: string): string {
  const startDay = shanghaiToday(new Date(start));
  const prefix = day && startDay !== day ? `${startDay.slice(5)} ` : '';
  return `${prefix}${shanghaiTime(start)}–${shanghaiTime(end)}`;
}

/** A link that opens the address in a navigation app (Amap works in browsers, iOS and Android). */
export function navigationUrl(order: { address: string; latitude: number | null; longitude: number | null }): string {
  const name = encodeURIComponent(order.address);
  if (order.latitude !== null && order.longitude !== null) {
    return `https://uri.amap.com/marker?position=${order.longitude},${order.latitude}&name=${name}`;
  }
  return `https://uri.amap.com/search?keyword=${name}`;
}

/** `tel:` link for a phone number; null when the number is masked or missing. */
export function telUrl(phone: string | null | undefined): string | null {
  if (!phone || phone.includes('*')) return null;
  const digits = phone.replace(/[^\d+]/g, '');
  return digits ? `tel:${digits}` : null;
}

/** Sum of the parts in fen. */
export function partsTotalFen(parts: readonly PartUsed[]): number {
  return parts.reduce((sum, part) => sum + (part.unitPriceFen ?? 0) * part.quantity, 0);
}

/** Expected fee: parts plus labour, in fen. */
export function expectedFeeFen(parts: readonly PartUsed[], labourFeeFen: number | null): number {
  return partsTotalFen(parts) + (labourFeeFen ?? 0);
}

/** What the technician typed in yuan → fen; empty → null; not a number → undefined (invalid). */
export function parseYuan(text: string | null | undefined): number | null | undefined {
  if (text === null || text === undefined || text.trim() === '') return null;
  const fen = yuanToFen(text);
  if (fen === null || fen < 0) return undefined;
  return fen;
}

/** Whether the fee collected needs a reason (it differs from parts + labour). */
export function needsFeeReason(collectedFen: number | null, expectedFen: number): boolean {
  return collectedFen !== null && collectedFen !== expectedFen;
}

/** Whether the screen is phone-sized (a technician there gets the /m app). */
export function isPhoneScreen(): boolean {
  try {
    return typeof window !== 'undefined' && window.matchMedia('(max-width: 640px)').matches;
  } catch {
    return false;
  }
}

/** The label of a work type (the field types share TICKET_TYPE_LABELS). */
export function typeLabel(type: string, locale: string): string {
  const labels = TICKET_TYPE_LABELS as Record<string, { zh: string; en: string }>;
  return labels[type]?.[locale === 'en' ? 'en' : 'zh'] ?? type;
}
