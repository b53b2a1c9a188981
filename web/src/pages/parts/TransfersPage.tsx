/**
 * Transfers (调拨): parts sent from one warehouse to another, in transit until the destination
 * receives them. With parts.move: 新建调拨 (source, destination, lines of part + quantity, the
 * serials of a serial-tracked part) and 收货 on a transfer in transit. The server checks scope,
 * stock, serials and that the two warehouses differ (4xx naming the field).
 */
import { useState } from 'react';
import { App, Button, Card, Flex, Form, InputNumber, Modal, Select, Space, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRANSFER_STATUS_LABELS, TRANSFER_STATUSES, type TransferStatus } from '../../../../contracts/parts';
import { canAccess } from '../../access';
import { partsApi, type PartView, type TransferBody, type TransferFilters, type TransferView } from '../../api/parts';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useApiError } from '../../components/useApiError';
import { partLabel, requisitionLineLabel } from '../../components/parts/partsShared';
import { useI18n } from '../../i18n';
import { labelOf } from './PartsPage';
import { formatQuantity } from './StockPage';

const STATUS_COLORS: Record<TransferStatus, string> = { in_transit: 'blue', received: 'green' };

export type TransferValues = { fromWarehouseId?: string; toWarehouseId?: string; lines?: { partId?: string; quantity?: number | null; serials?: string[] }[] };

/** The POST body: lines without a part dropped, serials trimmed and only for serial-tracked parts. */
export function buildTransferBody(values: TransferValues, known: Map<string, Pick<PartView, 'isSerialTracked'>>): TransferBody {
  return {
    fromWarehouseId: values.fromWarehouseId!,
    toWarehouseId: values.toWarehouseId!,
    lines: (values.lines ?? [])
      .filter((line) => line.partId)
      .map((line) => {
        const serials = (line.serials ?? []).map((serial) => serial.trim()).filter(Boolean);
        const tracked = known.get(line.partId!)?.isSerialTracked ?? false;
        return tracked ? { partId: line.partId!, quantity: serials.length || (line.quantity ?? 1), serials } : { partId: line.partId!, quantity: line.quantity ?? 1 };
      }),
  };
}

function PartPicker({ value, onChange, known, onPicked }: { value?: string; onChange?: (value: string) => void; known: Map<string, PartView>; onPicked: () => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['parts', 'pick', '', q], queryFn: () => partsApi.list({ page: 1, pageSize: 20, q: q || undefined, isActive: 'true' }) });
  (found.data?.items ?? []).forEach((part) => known.set(part.id, part));
  const options = (found.data?.items ?? []).map((part) => ({ value: part.id, label: partLabel(part, part.id) }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(next: string) => {
        onChange?.(next);
        onPicked();
      }}
      placeholder={t('transfers.partPlaceholder')}
      loading={found.isFetching}
      options={options}
      style={{ width: 280 }}
      data-testid="transfer-part"
    />
  );
}

function CreateModal({ open, onClose, warehouses }: { open: boolean; onClose: () => void; warehouses: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TransferValues>();
  const [known] = useState(() => new Map<string, PartView>());
  const [, setTick] = useState(0);
  const lines = Form.useWatch('lines', form) ?? [];
  const submit = useMutation({
    mutationFn: async () => partsApi.createTransfer(buildTransferBody(await form.validateFields(), known)),
    onSuccess: () => {
      void message.success(t('transfers.created'));
      void queryClient.invalidateQueries({ queryKey: ['parts-transfers'] });
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      if (!(error && typeof error === 'object' && 'errorFields' in error)) handleError(error, form);
    },
  });
  return (
    <Modal open={open} title={t('transfers.create')} onCancel={onClose} width={720} destroyOnHidden onOk={() => submit.mutate()} okText={t('transfers.submit')} confirmLoading={submit.isPending} okButtonProps={{ 'data-testid': 'transfer-submit' } as Record<`data-${string}`, string>}>
      <Form form={form} layout="vertical" name="transfer-create" initialValues={{ lines: [{ quantity: 1 }] }}>
        <Flex gap={16}>
          <Form.Item name="fromWarehouseId" label={t('transfers.from')} rules={[{ required: true, message: t('transfers.from') }]} style={{ flex: 1 }}>
            <Select options={warehouses} showSearch={{ optionFilterProp: 'label' }} data-testid="transfer-from" />
          </Form.Item>
          <Form.Item
            name="toWarehouseId"
            label={t('transfers.to')}
            dependencies={['fromWarehouseId']}
            style={{ flex: 1 }}
            rules={[
              { required: true, message: t('transfers.to') },
              ({ getFieldValue }) => ({ validator: async (_rule, value) => (value && value === getFieldValue('fromWarehouseId') ? Promise.reject(new Error(t('transfers.sameWarehouse'))) : undefined) }),
            ]}
          >
            <Select options={warehouses} showSearch={{ optionFilterProp: 'label' }} data-testid="transfer-to" />
          </Form.Item>
        </Flex>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const partId = lines[field.name]?.partId;
                const tracked = partId ? (known.get(partId)?.isSerialTracked ?? false) : false;
                return (
                  <Flex key={field.key} gap={8} align="baseline" wrap>
                    <Form.Item name={[field.name, 'partId']} label={field.name === 0 ? t('transfers.part') : undefined} rules={[{ required: true, message: t('transfers.partPlaceholder') }]}>
                      <PartPicker known={known} onPicked={() => setTick((n) => n + 1)} />
                    </Form.Item>
                    {tracked ? (
                      <Form.Item name={[field.name, 'serials']} label={field.name === 0 ? t('transfers.serials') : undefined} rules={[{ required: true, type: 'array', min: 1, message: t('transfers.serialsRequired') }]}>
                        <Select mode="tags" style={{ width: 260 }} placeholder={t('transfers.serialsPlaceholder')} open={false} data-testid="transfer-serials" />
                      </Form.Item>
                    ) : (
                      <Form.Item name={[field.name, 'quantity']} label={field.name === 0 ? t('transfers.quantity') : undefined} rules={[{ required: true }]}>
                        <InputNumber min={0.001} max={1_000_000} data-testid="transfer-quantity" />
                      </Form.Item>
                    )}
                    {fields.length > 1 ? (
                      <Button type="link" danger onClick={() => remove(field.name)}>
                        {t('transfers.removeLine')}
                      </Button>
                    ) : null}
                  </Flex>
                );
              })}
              <Button type="dashed" onClick={() => add({ quantity: 1 })}>
                {t('transfers.addLine')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export function TransfersPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const canMove = canAccess(me, 'parts.move');
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TransferFilters>();
  const [creating, setCreating] = useState(false);
  const warehouses = useQuery({ queryKey: ['parts', 'warehouses'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 200 }) });
  const { query, setFilters, pagination, items } = usePagedQuery<TransferView, TransferFilters>('parts-transfers', partsApi.transfers, {});
  const receive = useMutation({
    mutationFn: (id: string) => partsApi.receiveTransfer(id),
    onSuccess: () => {
      void message.success(t('transfers.receivedDone'));
      void queryClient.invalidateQueries({ queryKey: ['parts-transfers'] });
    },
    onError: (error) => handleError(error),
  });
  const warehouseOptions = (warehouses.data?.items ?? []).filter((item) => item.isActive).map((item) => ({ value: item.id, label: item.name }));

  const columns: TableColumnsType<TransferView> = [
    { title: t('transfers.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (value: string) => <DateTime value={value} /> },
    { title: t('transfers.status'), dataIndex: 'status', key: 'status', render: (status: TransferStatus) => <Tag color={STATUS_COLORS[status]}>{labelOf(TRANSFER_STATUS_LABELS[status], locale)}</Tag> },
    { title: t('transfers.from'), dataIndex: 'fromWarehouseName', key: 'from' },
    { title: t('transfers.to'), dataIndex: 'toWarehouseName', key: 'to' },
    {
      title: t('transfers.lines'),
      key: 'lines',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          {row.lines.map((line, index) => (
            <span key={`${line.partId}-${index}`}>
              {`${requisitionLineLabel(line)} × ${formatQuantity(line.quantity)}`}
              {line.serials.length ? `（${line.serials.join('、')}）` : ''}
            </span>
          ))}
        </Space>
      ),
    },
    { title: t('transfers.receivedAt'), dataIndex: 'receivedAt', key: 'receivedAt', width: 170, render: (value: string | null) => (value ? <DateTime value={value} /> : '—') },
    ...(canMove
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: TransferView) =>
              row.status === 'in_transit' ? (
                <Button type="link" size="small" loading={receive.isPending && receive.variables === row.id} onClick={() => receive.mutate(row.id)} data-testid="transfer-receive">
                  {t('transfers.receive')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card>
      <PageHeader
        title={t('transfers.title')}
        extra={
          canMove ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="transfer-create">
              {t('transfers.create')}
            </Button>
          ) : null
        }
      />
      <SearchForm form={form} name="transfers-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})}>
        <FilterSelect name="status" placeholder={t('transfers.status')} width={130} options={TRANSFER_STATUSES.map((status) => ({ value: status, label: labelOf(TRANSFER_STATUS_LABELS[status], locale) }))} />
        <FilterSelect name="warehouseId" placeholder={t('transfers.warehouse')} width={220} showSearch={{ optionFilterProp: 'label' }} options={warehouseOptions} />
      </SearchForm>
      <ListTable<TransferView> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      {canMove ? <CreateModal open={creating} onClose={() => setCreating(false)} warehouses={warehouseOptions} /> : null}
    </Card>
  );
}
