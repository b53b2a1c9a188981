import { Tag } from 'antd';
import {
  DISPATCHED_TO_TECHNICIAN_LABEL,
  GRADE_LABELS,
  NOT_COMPLETED_LABELS,
  WORK_ORDER_STATUS_LABELS,
  type Grade,
  type NotCompletedReason,
  type Priority,
  type WorkOrderStatus,
  type WorkType,
} from '../../../../contracts/dispatch';
import { TICKET_TYPE_LABELS } from '../../../../contracts/tickets';
import { isApiError } from '../../api/client';
import { errorText } from '../../components/useApiError';
import { useI18n, type Locale, type MessageKey, type TFunction } from '../../i18n';
import { formatDateTime } from '../../time';

const pick = (label: { zh: string; en: string }, locale: Locale) => (locale === 'en' ? label.en : label.zh);

export const workOrderStatusLabel = (status: WorkOrderStatus, locale: Locale) => pick(WORK_ORDER_STATUS_LABELS[status], locale);
/** Work types are the field types of the tickets, labelled the same way. */
export const workTypeLabel = (type: WorkType, locale: Locale) => pick(TICKET_TYPE_LABELS[type], locale);
export const gradeLabel = (grade: Grade, locale: Locale) => pick(GRADE_LABELS[grade], locale);
export const notCompletedLabel = (reason: NotCompletedReason, locale: Locale) => pick(NOT_COMPLETED_LABELS[reason], locale);
export const priorityKey = (priority: Priority): MessageKey => `dispatch.priority.${priority}` as MessageKey;

/** Tag colour of each work order state: blue family while on its way, amber when stuck, green done. */
export const WORK_ORDER_STATUS_COLORS: Record<WorkOrderStatus, string> = {
  waiting: 'gold',
  dispatched: 'purple',
  assigned: 'blue',
  on_the_way: 'cyan',
  arrived: 'geekblue',
  in_progress: 'processing',
  completed: 'green',
  not_completed: 'orange',
  verified: 'success',
  cancelled: 'default',
};

/** Block/card colours of the priorities on the board (normal blue, high orange, urgent red). */
export const PRIORITY_COLORS: Record<Priority, string> = { normal: '#1677ff', high: '#fa8c16', urgent: '#f5222d' };
const PRIORITY_TAG_COLORS: Record<Priority, string> = { normal: 'default', high: 'orange', urgent: 'red' };

/** The state as a person reads it: a dispatched order with its technician named says 已派技师. */
export function workOrderDisplayLabel(order: { status: WorkOrderStatus; technicianId?: string | null }, locale: Locale): string {
  if (order.status === 'dispatched' && order.technicianId) return pick(DISPATCHED_TO_TECHNICIAN_LABEL, locale);
  return workOrderStatusLabel(order.status, locale);
}

/** The state tag; give `technicianId` where the order has one, so a named technician shows as 已派技师. */
export function WorkOrderStatusTag({ status, technicianId }: { status: WorkOrderStatus; technicianId?: string | null }) {
  const { locale } = useI18n();
  return (
    <Tag color={WORK_ORDER_STATUS_COLORS[status]} data-testid="work-order-status">
      {workOrderDisplayLabel({ status, technicianId }, locale)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: Priority }) {
  const { t } = useI18n();
  return <Tag color={PRIORITY_TAG_COLORS[priority]}>{t(priorityKey(priority))}</Tag>;
}

/** The Shanghai wall-clock parts of an instant (read from formatDateTime's `YYYY-MM-DD HH:mm:ss`). */
export function shanghaiParts(value: string | Date): { date: string; month: number; day: number; hour: number; minute: number; hhmm: string } {
  const text = formatDateTime(value);
  return {
    date: text.slice(0, 10),
    month: Number(text.slice(5, 7)),
    day: Number(text.slice(8, 10)),
    hour: Number(text.slice(11, 13)),
    minute: Number(text.slice(14, 16)),
    hhmm: text.slice(11, 16),
  };
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "11月23日" / "Nov 23" of an instant in Shanghai. */
export function shanghaiDayLabel(value: string | Date, locale: Locale): string {
  const parts = shanghaiParts(value);
  return locale === 'en' ? `${EN_MONTHS[parts.month - 1]} ${parts.day}` : `${parts.month}月${parts.day}日`;
}

/** An appointment window in Shanghai: "11月23日 09:00–12:00" (the end's day repeated when it differs). */
export function formatWindow(start: string, end: string, locale: Locale): string {
  if (!start || !end) return '—';
  const from = shanghaiParts(start);
  const to = shanghaiParts(end);
  const endText = from.date === to.date ? to.hhmm : `${shanghaiDayLabel(end, locale)} ${to.hhmm}`;
  return `${shanghaiDayLabel(start, locale)} ${from.hhmm}–${endText}`;
}

/** Minutes since Shanghai midnight of the given day (may be < 0 or ≥ 1440 for other days). */
export function minuteOfShanghaiDay(value: string, day: string): number {
  const parts = shanghaiParts(value);
  const dayOffset = Math.round((Date.parse(`${parts.date}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
  return dayOffset * 1440 + parts.hour * 60 + parts.minute;
}


/** "07:30" from minutes after midnight. */
export function minuteText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** How long ago an instant was: "2 小时 15 分" / "2 h 15 min". */
export function elapsedText(since: string | null, t: TFunction, now = Date.now()): string {
  if (!since) return '—';
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return t('dispatch.elapsed.minutes', { minutes });
  return t('dispatch.elapsed.hours', { hours, minutes: minutes % 60 });
}

/**
 * The text to show when a dispatch is refused: the server's reasons (details[].message, e.g.
 * "上岗证 2026-10-01 已过期") when it gives them, else the usual error text.
 */
export function dispatchErrorText(error: unknown, t: TFunction, locale: Locale): string {
  if (isApiError(error) && error.details.length > 0) return [...new Set(error.details.map((detail) => detail.message))].join('；');
  return errorText(error, t, locale);
}

/** Today in Shanghai, YYYY-MM-DD. */
