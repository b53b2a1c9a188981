import { Empty, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { canAccess } from '../../access';
import { ticketsApi, type TicketSummary } from '../../api/tickets';
import { useMe } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { DateTime } from '../DateTime';
import { TicketStatusBadge, TicketTypeTag } from './labels';

/** The service history of a customer or an asset: its tickets, newest first, in a compact table. */
export function TicketHistory({ customerId, assetId, pageSize = 10 }: { customerId?: string; assetId?: string; pageSize?: number }) {
  const { t } = useI18n();
  const me = useMe();
  const allowed = canAccess(me, 'tickets.read');
  const filter = assetId ? { assetId } : customerId ? { customerId } : {};
  const history = useQuery({
    queryKey: ['tickets', 'list', 'history', filter, pageSize],
    queryFn: () => ticketsApi.list({ ...filter, page: 1, pageSize }),
    enabled: allowed && (!!customerId || !!assetId),
  });
  if (!allowed) return null;
  const items = history.data?.items ?? [];
  if (history.isSuccess && !items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.empty')} />;
  const total = history.data?.total ?? 0;
  return (
    <div data-testid="ticket-history">
      <Table<TicketSummary>
        size="small"
        rowKey="id"
        loading={history.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('tickets.field.number'),
            dataIndex: 'number',
            key: 'number',
            render: (value: string, ticket) => (
              <Link to={`/tickets/${ticket.id}`} data-testid={`history-${value}`}>
                {value}
              </Link>
            ),
          },
          { title: t('tickets.field.type'), key: 'type', render: (_, ticket) => <TicketTypeTag type={ticket.type} /> },
          { title: t('common.status'), key: 'status', render: (_, ticket) => <TicketStatusBadge status={ticket.status} /> },
          { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (value: string) => <DateTime value={value} /> },
        ]}
      />
      {total > items.length ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('common.total', { total })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
