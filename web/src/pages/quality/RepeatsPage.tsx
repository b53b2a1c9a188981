/**
 * 返修 (issue 14): tickets linked to an earlier completed visit on the same asset with the same
 * fault (or one of its group) within the window. Each row links the new ticket and the earlier
 * work order; the flag counts against the earlier visit's technician and outlet. With
 * quality.repeat.clear: 撤销标记 with a reason (a false flag), and 重新计算返修 (the back-fill over
 * existing data; existing links are kept).
 */
import { useState } from 'react';
import { App, Button, Card, Form, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { canAccess } from '../../access';
import { qualityApi, type RepeatFilters, type RepeatLinkView } from '../../api/quality';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { ReasonModal } from './labels';

export function RepeatsPage() {
  const { t } = useI18n();
  const me = useMe();
  const canClear = canAccess(me, 'quality.repeat.clear');
  const { message, modal } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RepeatFilters>();
  const initial: RepeatFilters = { status: 'open' };
  const { query, setFilters, pagination, items } = usePagedQuery<RepeatLinkView, RepeatFilters>('quality-repeats', qualityApi.repeats, initial);
  const [clearing, setClearing] = useState<RepeatLinkView | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['quality-repeats'] });
  const backfill = useMutation({
    mutationFn: () => qualityApi.backfill(),
    onSuccess: (result) => {
      void message.success(t('quality.repeat.backfillDone', { visits: result.visitsRecorded, tickets: result.ticketsChecked, links: result.linksCreated }));
      refresh();
    },
    onError: (error) => handleError(error),
  });

  const columns: TableColumnsType<RepeatLinkView> = [
    { title: t('quality.repeat.ticket'), dataIndex: 'ticketNumber', key: 'ticket', render: (value: string, row) => <Link to={`/tickets/${row.ticketId}`}>{value}</Link> },
    { title: t('quality.repeat.summary'), dataIndex: 'summary', key: 'summary', render: (value: string, row) => <Typography.Text delete={row.isCleared}>{value}</Typography.Text> },
    {
      title: t('quality.repeat.fault'),
      key: 'fault',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.faultCode === row.earlierFaultCode ? row.faultCode : `${row.earlierFaultCode} → ${row.faultCode}`}</span>
          <Typography.Text type="secondary">{t(row.matchedBy === 'code' ? 'quality.repeat.matchedBy.code' : 'quality.repeat.matchedBy.group')}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('quality.repeat.earlier'),
      key: 'earlier',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/work-orders/${row.earlierWorkOrderId}`}>{row.earlierWorkOrderNumber}</Link>
          <Typography.Text type="secondary">
            <DateTime value={row.earlierFinishedAt} /> · {t('quality.repeat.daysSince', { days: row.daysSince })}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('quality.repeat.technician'), key: 'technician', render: (_, row) => [row.technicianName, row.outletName].filter(Boolean).join(' · ') || '—' },
    { title: t('quality.repeat.detectedAt'), dataIndex: 'detectedAt', key: 'detectedAt', render: (value: string) => <DateTime value={value} /> },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, row) =>
        row.isCleared ? (
          <Space orientation="vertical" size={0}>
            <Tag>{t('quality.repeats.status.cleared')}</Tag>
            <Typography.Text type="secondary">{t('quality.repeat.cleared', { reason: row.clearReason ?? '' })}</Typography.Text>
          </Space>
        ) : (
          <Tag color="red">{t('quality.repeat.flag')}</Tag>
        ),
    },
    ...(canClear
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: RepeatLinkView) =>
              row.isCleared ? null : (
                <Button type="link" size="small" danger onClick={() => setClearing(row)} data-testid="repeat-clear">
                  {t('quality.repeat.clear')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <PageHeader
        title={t('quality.repeats.title')}
        extra={
          canClear ? (
            <Button
              loading={backfill.isPending}
              data-testid="repeat-backfill"
              onClick={() =>
                void modal.confirm({
                  title: t('quality.repeat.backfill'),
                  content: t('quality.repeat.backfillConfirm'),
                  onOk: () => backfill.mutateAsync().catch(() => undefined),
                })
              }
            >
              {t('quality.repeat.backfill')}
            </Button>
          ) : null
        }
      />
      <SearchForm form={form} name="repeats-search" initialValues={initial} onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters(initial)}>
        <FilterSelect
          name="status"
          placeholder={t('common.status')}
          width={130}
          allowClear={false}
          options={(['open', 'cleared', 'all'] as const).map((status) => ({ value: status, label: t(`quality.repeats.status.${status}`) }))}
        />
      </SearchForm>
      <ListTable<RepeatLinkView> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      <ReasonModal
        open={clearing !== null}
        title={t('quality.repeat.clearTitle', { number: clearing?.ticketNumber ?? '' })}
        label={t('quality.repeat.clearReason')}
        onCancel={() => setClearing(null)}
        onSubmit={async (reason, reasonForm) => {
          if (!clearing) return;
          try {
            await qualityApi.clearRepeat(clearing.id, reason);
            void message.success(t('quality.repeat.clearDone'));
            setClearing(null);
            refresh();
          } catch (error) {
            handleError(error, reasonForm);
          }
        }}
      />
    </Card>
  );
}
