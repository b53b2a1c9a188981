/**
 * Old parts (旧件): parts replaced under warranty that must go back to the maker. Filters by
 * status (技师持有 / 已交回 / 已返厂); 交回 (parts.return) puts a held part into a warehouse's
 * defective stock; 返厂 (parts.move) sends the selected handed-in parts to the maker with a
 * shipment note. The server checks scope, status and the warehouse (4xx naming the field).
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Tag, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OLD_PART_STATUS_LABELS, OLD_PART_STATUSES, type OldPartStatus } from '../../../../contracts/parts';
import { canAccess } from '../../access';
import { partsApi, type OldPartFilters, type OldPartView } from '../../api/parts';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useApiError } from '../../components/useApiError';
import { requisitionLineLabel } from '../../components/parts/partsShared';
import { useI18n } from '../../i18n';
import { labelOf } from './PartsPage';

const STATUS_COLORS: Record<OldPartStatus, string> = { held_by_technician: 'orange', handed_in: 'blue', sent_to_maker: 'green' };

export function OldPartsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const canMove = canAccess(me, 'parts.move');
  const canReturn = canAccess(me, 'parts.return');
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [filters] = Form.useForm<OldPartFilters>();
  const [handInForm] = Form.useForm<{ warehouseId?: string }>();
  const [dispatchForm] = Form.useForm<{ reference?: string }>();
  const [handingIn, setHandingIn] = useState<OldPartView | null>(null);
  const [dispatching, setDispatching] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const warehouses = useQuery({ queryKey: ['parts', 'warehouses'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 200 }) });
  const { query, setFilters, pagination, items } = usePagedQuery<OldPartView, OldPartFilters>('parts-old-parts', partsApi.oldParts, {});
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['parts-old-parts'] });
  const handIn = useMutation({
    mutationFn: async () => partsApi.handInOldPart(handingIn!.id, { warehouseId: (await handInForm.validateFields()).warehouseId! }),
    onSuccess: () => {
      void message.success(t('oldParts.handedIn'));
      setHandingIn(null);
      handInForm.resetFields();
      refresh();
    },
    onError: (error) => {
      if (!(error && typeof error === 'object' && 'errorFields' in error)) handleError(error, handInForm);
    },
  });
  const dispatch = useMutation({
    mutationFn: async () => partsApi.dispatchOldParts({ oldPartIds: selected, reference: ((await dispatchForm.validateFields()).reference ?? '').trim() }),
    onSuccess: () => {
      void message.success(t('oldParts.dispatched', { count: selected.length }));
      setDispatching(false);
      setSelected([]);
      dispatchForm.resetFields();
      refresh();
    },
    onError: (error) => {
      if (!(error && typeof error === 'object' && 'errorFields' in error)) handleError(error, dispatchForm);
    },
  });
  const targets = (warehouses.data?.items ?? []).filter((item) => item.isActive && item.level !== 'technician').map((item) => ({ value: item.id, label: item.name }));

  const columns: TableColumnsType<OldPartView> = [
    { title: t('oldParts.part'), key: 'part', render: (_, row) => requisitionLineLabel(row) },
    { title: t('oldParts.serial'), dataIndex: 'serial', key: 'serial', render: (value: string | null) => value ?? '—' },
    { title: t('oldParts.status'), dataIndex: 'status', key: 'status', render: (status: OldPartStatus) => <Tag color={STATUS_COLORS[status]}>{labelOf(OLD_PART_STATUS_LABELS[status], locale)}</Tag> },
    { title: t('oldParts.warehouse'), dataIndex: 'warehouseName', key: 'warehouse', render: (value: string | null) => value || '—' },
    { title: t('oldParts.reference'), dataIndex: 'reference', key: 'reference', render: (value: string | null) => value ?? '—' },
    { title: t('oldParts.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (value: string) => <DateTime value={value} /> },
    ...(canReturn
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: OldPartView) =>
              row.status === 'held_by_technician' ? (
                <Button type="link" size="small" onClick={() => setHandingIn(row)} data-testid="old-part-hand-in">
                  {t('oldParts.handIn')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card>
      <PageHeader
        title={t('oldParts.title')}
        extra={
          canMove ? (
            <Button type="primary" disabled={!selected.length} onClick={() => setDispatching(true)} data-testid="old-parts-dispatch">
              {t('oldParts.dispatch', { count: selected.length })}
            </Button>
          ) : null
        }
      />
      <SearchForm form={filters} name="old-parts-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})}>
        <FilterSelect name="status" placeholder={t('oldParts.status')} width={150} options={OLD_PART_STATUSES.map((status) => ({ value: status, label: labelOf(OLD_PART_STATUS_LABELS[status], locale) }))} />
      </SearchForm>
      <ListTable<OldPartView>
        columns={columns}
        dataSource={items}
        loading={query.isFetching}
        pagination={pagination}
        rowSelection={canMove ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), getCheckboxProps: (row: OldPartView) => ({ disabled: row.status !== 'handed_in' }) } : undefined}
      />
      <Modal open={Boolean(handingIn)} title={t('oldParts.handInTitle')} onCancel={() => setHandingIn(null)} onOk={() => handIn.mutate()} confirmLoading={handIn.isPending} okButtonProps={{ 'data-testid': 'old-part-hand-in-submit' } as Record<`data-${string}`, string>} destroyOnHidden>
        <Form form={handInForm} layout="vertical" name="old-part-hand-in">
          <Form.Item name="warehouseId" label={t('oldParts.handInTo')} rules={[{ required: true, message: t('oldParts.handInTo') }]}>
            <Select options={targets} showSearch={{ optionFilterProp: 'label' }} data-testid="old-part-warehouse" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={dispatching} title={t('oldParts.dispatchTitle', { count: selected.length })} onCancel={() => setDispatching(false)} onOk={() => dispatch.mutate()} confirmLoading={dispatch.isPending} okButtonProps={{ 'data-testid': 'old-parts-dispatch-submit' } as Record<`data-${string}`, string>} destroyOnHidden>
        <Form form={dispatchForm} layout="vertical" name="old-parts-dispatch">
          <Form.Item name="reference" label={t('oldParts.shipmentNote')} rules={[{ required: true, whitespace: true, message: t('oldParts.shipmentNoteRequired') }, { max: 100 }]}>
            <Input data-testid="old-parts-reference" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
