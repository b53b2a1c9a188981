/**
 * 终检 (issue 14): completed visits that wait for a supervisor's final inspection — the delivery
 * visit after a workshop repair (带回维修) and, where configured, installations. With
 * quality.inspect: 通过, or 不合格 with the reason, which sends the order back to the technician
 * as rework (返工); the completion then asks for a new self-check.
 */
import { useState } from 'react';
import { App, Button, Card, Form, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { WorkType } from '../../../../contracts/dispatch';
import { INSPECTION_STATES, INSPECTION_STATE_LABELS } from '../../../../contracts/quality';
import { canAccess } from '../../access';
import { qualityApi, type InspectionState, type VisitFilters, type VisitView } from '../../api/quality';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { workTypeLabel } from '../dispatch/WorkOrderLabels';
import { INSPECTION_COLORS, pick, ReasonModal } from './labels';

export function InspectionsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const canInspect = canAccess(me, 'quality.inspect');
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<VisitFilters>();
  const initial: VisitFilters = { inspection: 'pending' };
  const { query, setFilters, pagination, items } = usePagedQuery<VisitView, VisitFilters>('quality-visits', qualityApi.visits, initial);
  const [failing, setFailing] = useState<VisitView | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['quality-visits'] });
  const pass = useMutation({
    mutationFn: (visit: VisitView) => qualityApi.inspect(visit.workOrderId, { result: 'passed' }),
    onSuccess: () => {
      void message.success(t('quality.inspect.passed'));
      refresh();
    },
    onError: (error) => handleError(error),
  });

  const columns: TableColumnsType<VisitView> = [
    { title: t('quality.visit.workOrder'), dataIndex: 'workOrderNumber', key: 'number', render: (value: string, row) => <Link to={`/work-orders/${row.workOrderId}`}>{value}</Link> },
    { title: t('quality.visit.type'), dataIndex: 'type', key: 'type', render: (value: WorkType) => workTypeLabel(value, locale) },
    { title: t('quality.visit.technician'), dataIndex: 'technicianName', key: 'technician', render: (value: string | null) => value ?? '—' },
    { title: t('quality.visit.outlet'), dataIndex: 'outletName', key: 'outlet', render: (value: string | null) => value ?? '—' },
    { title: t('quality.visit.finishedAt'), dataIndex: 'finishedAt', key: 'finishedAt', render: (value: string) => <DateTime value={value} /> },
    { title: t('quality.visit.workshop'), dataIndex: 'isWorkshop', key: 'workshop', render: (value: boolean) => (value ? <Tag color="purple">{t('quality.visit.workshop')}</Tag> : '—') },
    {
      title: t('quality.visit.rework'),
      key: 'rework',
      render: (_, row) =>
        row.reworkCount > 0 ? (
          <Space orientation="vertical" size={0}>
            <Tag color="red">{t('quality.visit.reworkCount', { count: row.reworkCount })}</Tag>
            {row.lastReworkReason ? <Typography.Text type="secondary">{row.lastReworkReason}</Typography.Text> : null}
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('quality.visit.inspection'), dataIndex: 'inspection', key: 'inspection', render: (value: InspectionState) => <Tag color={INSPECTION_COLORS[value]}>{pick(INSPECTION_STATE_LABELS[value], locale)}</Tag> },
    ...(canInspect
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: VisitView) =>
              row.inspection === 'pending' ? (
                <Space size={0}>
                  <Button type="link" size="small" loading={pass.isPending && pass.variables?.workOrderId === row.workOrderId} onClick={() => pass.mutate(row)} data-testid="inspect-pass">
                    {t('quality.inspect.pass')}
                  </Button>
                  <Button type="link" size="small" danger onClick={() => setFailing(row)} data-testid="inspect-fail">
                    {t('quality.inspect.fail')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card>
      <PageHeader title={t('quality.inspections.title')} />
      <SearchForm form={form} name="inspections-search" initialValues={initial} onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters(initial)}>
        <FilterSelect name="inspection" placeholder={t('quality.visit.inspection')} width={180} options={INSPECTION_STATES.map((state) => ({ value: state, label: pick(INSPECTION_STATE_LABELS[state], locale) }))} />
      </SearchForm>
      <ListTable<VisitView & { id: string }> columns={columns as TableColumnsType<VisitView & { id: string }>} dataSource={items.map((item) => ({ ...item, id: item.workOrderId }))} loading={query.isFetching} pagination={pagination} />
      <ReasonModal
        open={failing !== null}
        title={t('quality.inspect.failTitle', { number: failing?.workOrderNumber ?? '' })}
        label={t('quality.inspect.reason')}
        hint={t('quality.inspect.reasonHint')}
        onCancel={() => setFailing(null)}
        onSubmit={async (reason, reasonForm) => {
          if (!failing) return;
          try {
            await qualityApi.inspect(failing.workOrderId, { result: 'failed', reason });
            void message.success(t('quality.inspect.failed'));
            setFailing(null);
            refresh();
          } catch (error) {
            handleError(error, reasonForm);
          }
        }}
      />
    </Card>
  );
}
