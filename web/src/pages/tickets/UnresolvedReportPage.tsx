import { useState } from 'react';
import { Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { ticketsApi, type UnresolvedReport } from '../../api/tickets';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { TicketStatusBadge, TicketTypeTag } from '../../components/tickets/labels';
import { useI18n } from '../../i18n';
import { shanghaiToday } from '../../time';

type Row = UnresolvedReport['items'][number];

/** 当日未解决: the tickets registered on a Shanghai day and still open, with the reason and committed time. */
export function UnresolvedReportPage() {
  const { t } = useI18n();
  const [date, setDate] = useState(shanghaiToday());
  const report = useQuery({ queryKey: ['reports', 'unresolved', date], queryFn: () => ticketsApi.unresolved(date) });

  return (
    <Card>
      <PageHeader
        title={t('unresolved.title')}
        extra={
          <DatePicker
            value={dayjs(date)}
            allowClear={false}
            onChange={(value: Dayjs | null) => value && setDate(value.format('YYYY-MM-DD'))}
            data-testid="unresolved-date"
          />
        }
      />
      {report.error ? (
        <LoadFailure error={report.error} retry={() => void report.refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={report.isFetching}
          dataSource={report.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('unresolved.empty') }}
          rowClassName={(row) => (row.isMissingCommitment ? 'row-missing-commitment' : '')}
          onRow={(row) => ({ style: row.isMissingCommitment ? { background: '#fff1f0' } : undefined, 'data-missing': row.isMissingCommitment ? 'true' : 'false' }) as never}
          columns={[
            {
              title: t('tickets.field.number'),
              dataIndex: 'number',
              key: 'number',
              render: (value: string, row) => <Link to={`/tickets/${row.id}`}>{value}</Link>,
            },
            { title: t('tickets.field.type'), key: 'type', render: (_, row) => <TicketTypeTag type={row.type} /> },
            { title: t('common.status'), key: 'status', render: (_, row) => <TicketStatusBadge status={row.status} /> },
            { title: t('tickets.field.customer'), dataIndex: 'customerName', key: 'customerName' },
            { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (value: string) => <DateTime value={value} /> },
            {
              title: t('unresolved.reason'),
              key: 'reason',
              render: (_, row) =>
                row.isMissingCommitment && !row.sameDayReason ? (
                  <Tag color="red">{t('unresolved.missing')}</Tag>
                ) : (
                  <Typography.Text>{row.sameDayReason ?? '—'}</Typography.Text>
                ),
            },
            {
              title: t('unresolved.committedAt'),
              key: 'committedAt',
              render: (_, row) => (
                <Space>
                  <DateTime value={row.committedAt} />
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
