/**
 * The requisitions queue (领料单): requests before a visit, newest first, by status and source
 * warehouse. With parts.move the keeper (or the outlet, for its own warehouse) issues a request
 * to the technician's stock (发放) or marks it short (缺料); the server checks the stock.
 */
import { App, Button, Card, Form, Space, Tag, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { REQUISITION_STATUS_LABELS, REQUISITION_STATUSES, type RequisitionStatus } from '../../../../contracts/parts';
import { canAccess } from '../../access';
import { partsApi, type RequisitionFilters, type RequisitionView } from '../../api/parts';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useApiError } from '../../components/useApiError';
import { requisitionLineLabel } from '../../components/parts/partsShared';
import { useI18n } from '../../i18n';
import { labelOf } from './PartsPage';
import { formatQuantity } from './StockPage';

const STATUS_COLORS: Record<RequisitionStatus, string> = { requested: 'blue', issued: 'green', shortage: 'red', cancelled: 'default' };

export function RequisitionsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const canMove = canAccess(me, 'parts.move');
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RequisitionFilters>();
  const warehouses = useQuery({ queryKey: ['parts', 'warehouses'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 200 }) });
  const { query, setFilters, pagination, items } = usePagedQuery<RequisitionView, RequisitionFilters>('parts-requisitions', partsApi.requisitions, {});
  const act = useMutation({
    mutationFn: async ({ id, action }: { id: string; action: 'issue' | 'shortage' }): Promise<void> => {
      if (action === 'issue') await partsApi.issueRequisition(id);
      else await partsApi.markShortage(id);
    },
    onSuccess: (_result, { action }) => {
      void message.success(t(action === 'issue' ? 'requisitions.issued' : 'requisitions.markedShortage'));
      void queryClient.invalidateQueries({ queryKey: ['parts-requisitions'] });
    },
    onError: (error) => handleError(error),
  });

  const columns: TableColumnsType<RequisitionView> = [
    { title: t('requisitions.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (value: string) => <DateTime value={value} /> },
    { title: t('requisitions.status'), dataIndex: 'status', key: 'status', render: (status: RequisitionStatus) => <Tag color={STATUS_COLORS[status]}>{labelOf(REQUISITION_STATUS_LABELS[status], locale)}</Tag> },
    { title: t('requisitions.from'), dataIndex: 'warehouseName', key: 'from' },
    { title: t('requisitions.to'), dataIndex: 'technicianWarehouseName', key: 'to' },
    {
      title: t('requisitions.lines'),
      key: 'lines',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          {row.lines.map((line) => (
            <span key={line.partId}>{`${requisitionLineLabel(line)} × ${formatQuantity(line.quantity)}`}</span>
          ))}
        </Space>
      ),
    },
    { title: t('requisitions.note'), dataIndex: 'note', key: 'note', ellipsis: true, render: (value: string | null) => value ?? '—' },
    ...(canMove
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: RequisitionView) =>
              row.status === 'requested' || row.status === 'shortage' ? (
                <Space size={0}>
                  <Button type="link" size="small" loading={act.isPending} onClick={() => act.mutate({ id: row.id, action: 'issue' })} data-testid="requisition-issue">
                    {t('requisitions.issue')}
                  </Button>
                  {row.status === 'requested' ? (
                    <Button type="link" size="small" danger onClick={() => act.mutate({ id: row.id, action: 'shortage' })}>
                      {t('requisitions.shortage')}
                    </Button>
                  ) : null}
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card>
      <PageHeader title={t('requisitions.title')} />
      <SearchForm form={form} name="requisitions-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})}>
        <FilterSelect name="status" placeholder={t('requisitions.status')} width={130} options={REQUISITION_STATUSES.map((status) => ({ value: status, label: labelOf(REQUISITION_STATUS_LABELS[status], locale) }))} />
        <FilterSelect name="warehouseId" placeholder={t('requisitions.from')} width={220} showSearch={{ optionFilterProp: 'label' }} options={(warehouses.data?.items ?? []).filter((item) => item.level !== 'technician').map((item) => ({ value: item.id, label: item.name }))} />
      </SearchForm>
      <ListTable<RequisitionView> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
    </Card>
  );
}
