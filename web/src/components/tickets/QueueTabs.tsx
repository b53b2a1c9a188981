import { Badge, Flex, Space, Tabs, Tag, Typography } from 'antd';
import { TICKET_TYPES, type TicketType } from '../../../../contracts/tickets';
import type { QueueCounts, TicketFilters } from '../../api/tickets';
import { useI18n, type MessageKey } from '../../i18n';
import { typeLabel } from './labels';

export const QUEUES = ['all', 'open', 'mine', 'unassigned', 'atRisk', 'breached'] as const;
export type Queue = (typeof QUEUES)[number];

const QUEUE_LABELS: Record<Queue, MessageKey> = {
  all: 'common.all',
  open: 'queues.open',
  mine: 'queues.mine',
  unassigned: 'queues.unassigned',
  atRisk: 'queues.atRisk',
  breached: 'queues.breached',
};

/** The list filters of a queue (the same parameters GET /api/tickets takes). */
export function queueFilters(queue: Queue): TicketFilters {
  switch (queue) {
    case 'all':
      return {};
    case 'open':
      return { isOpen: 'true' };
    case 'mine':
      return { isOpen: 'true', mine: 'true' };
    case 'unassigned':
      return { isOpen: 'true', unassigned: 'true' };
    case 'atRisk':
      return { sla: 'at_risk' };
    case 'breached':
      return { sla: 'breached' };
  }
}

/** The queue whose filters these are exactly (extra search fields such as q do not change it), or undefined. */
export function queueOf(filters: TicketFilters): Queue | undefined {
  const { q: _q, ...rest } = filters;
  const keys = Object.keys(rest).filter((key) => rest[key as keyof typeof rest] !== undefined);
  for (const queue of QUEUES) {
    const expected = queueFilters(queue) as Record<string, string>;
    const expectedKeys = Object.keys(expected);
    if (expectedKeys.length === keys.length && expectedKeys.every((key) => (rest as Record<string, unknown>)[key] === expected[key])) return queue;
  }
  return undefined;
}

function countOf(queue: Queue, counts: QueueCounts | undefined): number | undefined {
  if (!counts || queue === 'all') return undefined;
  return counts[queue];
}

/**
 * The agent workspace's queues as tabs with their counts (全部未结, 我的, 未派工, 即将超时, 已超时)
 * and the open tickets by type; picking one replaces the list filters.
 */
export function QueueTabs({ counts, filters, onSelect }: { counts: QueueCounts | undefined; filters: TicketFilters; onSelect: (filters: TicketFilters) => void }) {
  const { t, locale } = useI18n();
  const active = queueOf(filters);
  const activeType = active === undefined && filters.isOpen === 'true' && filters.type && Object.keys(filters).filter((key) => key !== 'q').length === 2 ? filters.type : undefined;
  const types = TICKET_TYPES.filter((type) => (counts?.byType[type] ?? 0) > 0);
  return (
    <div data-testid="queue-tabs" style={{ marginBottom: 8 }}>
      <Tabs
        activeKey={active ?? ''}
        onChange={(key) => onSelect(queueFilters(key as Queue))}
        items={QUEUES.map((queue) => {
          const count = countOf(queue, counts);
          const danger = queue === 'breached' || queue === 'atRisk';
          return {
            key: queue,
            label: (
              <Space size={6} data-testid={`queue-${queue}`}>
                <span>{t(QUEUE_LABELS[queue])}</span>
                {count !== undefined ? (
                  <Badge
                    count={count}
                    showZero
                    overflowCount={9999}
                    color={danger && count > 0 ? (queue === 'breached' ? '#ff4d4f' : '#fa8c16') : '#8c8c8c'}
                    data-testid={`queue-count-${queue}`}
                  />
                ) : null}
              </Space>
            ),
          };
        })}
      />
      {types.length ? (
        <Flex gap={4} wrap align="center" data-testid="queue-by-type">
          <Typography.Text type="secondary" style={{ marginRight: 4 }}>
            {t('queues.byType')}：
          </Typography.Text>
          {types.map((type: TicketType) => (
            <Tag.CheckableTag
              key={type}
              checked={activeType === type}
              onChange={(checked) => onSelect(checked ? { isOpen: 'true', type } : queueFilters('open'))}
              data-testid={`queue-type-${type}`}
            >
              {typeLabel(type, locale)} {counts?.byType[type]}
            </Tag.CheckableTag>
          ))}
        </Flex>
      ) : null}
    </div>
  );
}
