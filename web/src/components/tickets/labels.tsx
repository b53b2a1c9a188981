import { Badge, Tag } from 'antd';
import {
  PENDING_STATUSES,
  TICKET_CHANNEL_LABELS,
  TICKET_STATUS_LABELS,
  TICKET_TYPE_LABELS,
  type TicketStatus,
  type TicketType,
} from '../../../../contracts/tickets';
import type { TicketChannel, Urgency } from '../../api/tickets';
import { translate, useI18n, type Locale, type MessageKey } from '../../i18n';

const pick = (label: { zh: string; en: string }, locale: Locale) => (locale === 'en' ? label.en : label.zh);

export const statusLabel = (status: TicketStatus, locale: Locale) => pick(TICKET_STATUS_LABELS[status], locale);
export const typeLabel = (type: TicketType, locale: Locale) => pick(TICKET_TYPE_LABELS[type], locale);
export const channelLabel = (channel: TicketChannel, locale: Locale) => pick(TICKET_CHANNEL_LABELS[channel], locale);
export const urgencyKey = (urgency: Urgency): MessageKey => `tickets.urgency.${urgency}` as MessageKey;

/** Badge status (antd preset) and colour of each ticket status. */
export const STATUS_COLORS: Record<TicketStatus, { badge: 'default' | 'processing' | 'success' | 'warning' | 'error'; color: string }> = {
  new: { badge: 'processing', color: '#1677ff' },
  accepted: { badge: 'processing', color: '#13c2c2' },
  assessed: { badge: 'processing', color: '#2f54eb' },
  dispatched: { badge: 'processing', color: '#722ed1' },
  in_progress: { badge: 'processing', color: '#fa8c16' },
  waiting_customer: { badge: 'warning', color: '#faad14' },
  waiting_parts: { badge: 'warning', color: '#faad14' },
  waiting_maker: { badge: 'warning', color: '#faad14' },
  resolved: { badge: 'success', color: '#52c41a' },
  closed: { badge: 'default', color: '#8c8c8c' },
  cancelled: { badge: 'error', color: '#bfbfbf' },
};

export const URGENCY_COLORS: Record<Urgency, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

const TYPE_COLORS: Record<TicketType, string> = {
  installation: 'geekblue',
  repair: 'volcano',
  maintenance: 'green',
  inspection: 'cyan',
  site_measurement: 'purple',
  installation_guidance: 'blue',
  return_exchange: 'gold',
  consultation: 'default',
  complaint: 'magenta',
};

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { locale } = useI18n();
  return <Badge color={STATUS_COLORS[status].color} text={statusLabel(status, locale)} data-testid="ticket-status" />;
}

export function TicketTypeTag({ type }: { type: TicketType }) {
  const { locale } = useI18n();
  return <Tag color={TYPE_COLORS[type]}>{typeLabel(type, locale)}</Tag>;
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { t } = useI18n();
  return <Tag color={URGENCY_COLORS[urgency]}>{t(urgencyKey(urgency))}</Tag>;
}

/**
 * The button text of a transition: "转为 已评估", "挂起：等待备件", "恢复：处理中" (from a pending
 * state back to where it paused), "重新打开" (resolved/closed → accepted), "取消工单".
 */
export function transitionLabel(from: TicketStatus, to: TicketStatus, locale: Locale): string {
  const name = statusLabel(to, locale);
  if ((from === 'resolved' || from === 'closed') && to === 'accepted') return translate(locale, 'tickets.action.reopen');
  if (to === 'cancelled') return translate(locale, 'tickets.action.cancel');
  if (PENDING_STATUSES.includes(to)) return translate(locale, 'tickets.action.pause', { status: name });
  if (PENDING_STATUSES.includes(from)) return translate(locale, 'tickets.action.resume', { status: name });
  return translate(locale, 'tickets.action.to', { status: name });
}

/** Whether a promised feedback time has passed on a ticket that is still open. */
export function isFeedbackOverdue(promisedFeedbackAt: string, status: TicketStatus, now = Date.now()): boolean {
  const open = !['resolved', 'closed', 'cancelled'].includes(status);
  return open && new Date(promisedFeedbackAt).getTime() < now;
}

/** A time to say on the phone (the shared Shanghai short time). */
export { spokenTime } from '../../time';
