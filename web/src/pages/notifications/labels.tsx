import { Tag } from 'antd';
import type { Channel, OutboxStatus } from '../../api/notifications';
import type { MessageKey, TFunction } from '../../i18n';

/** An event's name in the UI language; an event added later shows its code. */
export function eventLabel(t: TFunction, event: string): string {
  const key = `notify.event.${event}` as MessageKey;
  const text = t(key);
  return text === key ? event : text;
}

export const channelLabel = (t: TFunction, channel: Channel) => t(`notify.channel.${channel}`);

const STATUS_COLORS: Record<OutboxStatus, string> = { pending: 'blue', sent: 'cyan', delivered: 'green', failed: 'red', skipped: 'default' };

export function StatusTag({ t, status }: { t: TFunction; status: OutboxStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{t(`notify.status.${status}`)}</Tag>;
}
