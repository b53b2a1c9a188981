import type { HTMLAttributes } from 'react';
import { Badge, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TicketClock } from '../../api/tickets';
import { useI18n, type TFunction } from '../../i18n';
import { formatDateTime } from '../../time';

const KIND_ORDER: Record<TicketClock['kind'], number> = { response: 0, onsite: 1, resolution: 2 };

/** "3 小时 20 分" / "1 天 2 小时" (zh) or "3 h 20 min" (en); at most two units, never empty. */
export function formatMinutes(total: number, t: TFunction): string {
  const minutes = Math.max(0, Math.round(total));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(t('sla.days', { n: days }));
  if (hours) parts.push(t('sla.hours', { n: hours }));
  if (rest && !days) parts.push(t('sla.minutes', { n: rest }));
  if (!parts.length) parts.push(t('sla.minutes', { n: 0 }));
  return parts.join(' ');
}

/** The time-left / overdue text of a clock ("剩 3 小时 20 分", "超时 2 小时"); null when met. */
export function clockTimeText(clock: TicketClock, t: TFunction): string | null {
  if (clock.status === 'met') return null;
  if (clock.status === 'breached' || clock.overdueMinutes > 0) return t('sla.overdue', { time: formatMinutes(clock.overdueMinutes, t) });
  return t('sla.remaining', { time: formatMinutes(clock.remainingMinutes, t) });
}

const STATUS_TAG: Record<TicketClock['status'], string> = { running: 'processing', paused: 'default', met: 'success', breached: 'error' };

function ClockStatus({ clock }: { clock: TicketClock }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_TAG[clock.status]} data-testid={`clock-status-${clock.kind}`}>
      {t(`sla.status.${clock.status}` as const)}
    </Tag>
  );
}

/** The ticket's SLA clocks: response / on-site / resolution with status, due time (Shanghai), time left. */
export function SlaClocks({ clocks }: { clocks: TicketClock[] }) {
  const { t } = useI18n();
  const rows = [...clocks].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  if (!rows.length) return <Typography.Text type="secondary">{t('sla.noClocks')}</Typography.Text>;
  return (
    <Table<TicketClock>
      data-testid="sla-clocks"
      size="small"
      pagination={false}
      rowKey="kind"
      dataSource={rows}
      showHeader={false}
      onRow={(clock) => ({ 'data-testid': `clock-${clock.kind}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'kind', render: (_, clock) => <Typography.Text strong>{t(`sla.clock.${clock.kind}` as const)}</Typography.Text>, width: 64 },
        { key: 'status', render: (_, clock) => <ClockStatus clock={clock} />, width: 90 },
        {
          key: 'due',
          render: (_, clock) => (
            <Space size={4} wrap>
              <Typography.Text type="secondary">{t('sla.due', { time: formatDateTime(clock.dueAt).slice(0, 16) })}</Typography.Text>
              {clock.isProvisional ? (
                <Tooltip title={t('sla.provisionalHint')}>
                  <Tag color="gold" data-testid={`clock-provisional-${clock.kind}`}>
                    {t('sla.provisional')}
                  </Tag>
                </Tooltip>
              ) : null}
            </Space>
          ),
        },
        {
          key: 'left',
          render: (_, clock) => {
            const text = clockTimeText(clock, t);
            return (
              <Space size={6} wrap>
                {text ? (
                  <Typography.Text type={clock.status === 'breached' || clock.overdueMinutes > 0 ? 'danger' : undefined} data-testid={`clock-left-${clock.kind}`}>
                    {text}
                  </Typography.Text>
                ) : null}
                {clock.isAtRisk && clock.status !== 'met' && clock.status !== 'breached' ? (
                  <Badge color="orange" text={<Typography.Text style={{ color: '#fa8c16' }}>{t('sla.atRisk')}</Typography.Text>} data-testid={`clock-at-risk-${clock.kind}`} />
                ) : null}
              </Space>
            );
          },
        },
      ]}
    />
  );
}
