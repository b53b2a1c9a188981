import { Flex, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { canAccess } from '../../access';
import { api } from '../../api/endpoints';
import type { QueueCounts, TicketFilters } from '../../api/tickets';
import { useMe } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';

/**
 * The open tickets per outlet (from the queue counts), biggest first; picking one lists that
 * outlet's open tickets, "no outlet" lists the undispatched ones. Outlet names come from the
 * outlet list (every role that reads tickets may read outlets); an unknown id shows shortened.
 */
export function QueueByOutlet({ counts, filters, onSelect }: { counts: QueueCounts | undefined; filters: TicketFilters; onSelect: (filters: TicketFilters) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const entries = [...(counts?.byOutlet ?? [])].filter((entry) => entry.count > 0).sort((a, b) => b.count - a.count);
  const hasOutlets = entries.some((entry) => entry.outletId !== null);
  const outlets = useQuery({
    queryKey: ['outlets', 'names'],
    queryFn: () => api.outlets.list({ page: 1, pageSize: 100 }),
    enabled: hasOutlets && canAccess(me, 'outlets.read'),
    staleTime: 300_000,
  });
  if (!entries.length) return null;
  const names = new Map((outlets.data?.items ?? []).map((outlet) => [outlet.id, outlet.name]));
  const isOpenOnly = filters.isOpen === 'true';
  return (
    <Flex gap={4} wrap align="center" data-testid="queue-by-outlet" style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary" style={{ marginRight: 4 }}>
        {t('queues.byOutlet')}：
      </Typography.Text>
      {entries.map((entry) => {
        const key = entry.outletId ?? 'none';
        const isActive = entry.outletId ? isOpenOnly && filters.outletId === entry.outletId : isOpenOnly && filters.unassigned === 'true';
        const label = entry.outletId ? (names.get(entry.outletId) ?? entry.outletId.slice(0, 8)) : t('queues.noOutlet');
        return (
          <Tag.CheckableTag
            key={key}
            checked={isActive}
            onChange={(checked) => onSelect(!checked ? { isOpen: 'true' } : entry.outletId ? { isOpen: 'true', outletId: entry.outletId } : { isOpen: 'true', unassigned: 'true' })}
            data-testid={`queue-outlet-${key}`}
          >
            {label} {entry.count}
          </Tag.CheckableTag>
        );
      })}
    </Flex>
  );
}
