/**
 * 备件 on the work order page: the order's requisitions (领料单) with their status, and 申请备件
 * (parts.requisition) for the order's technician from the outlet's or the central warehouse —
 * only parts that fit the unit's model when the order has an asset. A request the warehouse
 * cannot cover comes back as a 409; it is shown with what is short and may be recorded as a
 * shortage (the order then waits for parts).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { readinessOf, REQUISITION_STATUS_LABELS, WAREHOUSE_LEVEL_LABELS, type RequisitionStatus } from '../../../../contracts/parts';
import { canAccess } from '../../access';
import type { TWorkOrderDetail } from '../../api/dispatch';
import { partsApi, type CreateRequisitionBody, type PartView, type RequisitionView, type TechnicianWarehouses } from '../../api/parts';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { partLabel, READINESS_COLORS, READINESS_KEYS, requisitionLineLabel, shortageText, useAssetModel } from '../../components/parts/partsShared';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { labelOf } from '../parts/PartsPage';
import { formatQuantity } from '../parts/StockPage';

const STATUS_COLORS: Record<RequisitionStatus, string> = { requested: 'blue', issued: 'green', shortage: 'red', cancelled: 'default' };

/** The readiness the board shows, from the order's requisitions (same rule as the server's). */
export function readinessOfRequisitions(requisitions: readonly Pick<RequisitionView, 'status'>[]) {
  return readinessOf(requisitions.map((item) => item.status));
}

type LineValues = { partId?: string; quantity?: number };
type RequestValues = { warehouseId?: string; lines: LineValues[] };

/** The body of 申请备件 from the form (lines without a part are dropped). */
export function buildRequisitionBody(order: Pick<TWorkOrderDetail, 'id' | 'technicianId'>, modelId: string | null, values: RequestValues, allowShortage: boolean): CreateRequisitionBody {
  return {
    workOrderId: order.id,
    technicianId: order.technicianId!,
    warehouseId: values.warehouseId!,
    modelId,
    allowShortage,
    lines: values.lines.filter((line) => line.partId).map((line) => ({ partId: line.partId!, quantity: line.quantity ?? 1 })),
  };
}

function PartSelect({ modelId, value, onChange, known }: { modelId: string | null; value?: string; onChange?: (value: string) => void; known: Map<string, PartView> }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['parts', 'pick', modelId ?? '', q],
    queryFn: () => partsApi.list({ page: 1, pageSize: 20, q: q || undefined, modelId: modelId ?? undefined, isActive: 'true' }),
  });
  (found.data?.items ?? []).forEach((part) => known.set(part.id, part));
  const options = (found.data?.items ?? []).map((part) => ({ value: part.id, label: partLabel(part, part.id) }));
  if (value && !options.some((option) => option.value === value) && known.get(value)) options.unshift({ value, label: partLabel(known.get(value), value) });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('woParts.partPlaceholder')}
      loading={found.isFetching}
      options={options}
      style={{ width: 300 }}
      data-testid="wo-parts-part"
    />
  );
}

function RequestModal({ order, open, warehouses, modelId, onClose }: { order: TWorkOrderDetail; open: boolean; warehouses: TechnicianWarehouses; modelId: string | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RequestValues>();
  const [short, setShort] = useState<string | null>(null);
  const [known] = useState(() => new Map<string, PartView>());
  const submit = useMutation({
    mutationFn: async (allowShortage: boolean) => partsApi.createRequisition(buildRequisitionBody(order, modelId, await form.validateFields(), allowShortage)),
    onSuccess: (created) => {
      void message.success(t(created.status === 'shortage' ? 'woParts.createdShort' : 'woParts.created'));
      void queryClient.invalidateQueries({ queryKey: ['parts-requisitions'] });
      void queryClient.invalidateQueries({ queryKey: ['parts', 'readiness'] });
      setShort(null);
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      const text = shortageText(error);
      if (text) setShort(text);
      else if (!(error && typeof error === 'object' && 'errorFields' in error)) handleError(error, form);
    },
  });
  const defaultSource = warehouses.sources.find((warehouse) => warehouse.level === 'outlet')?.id ?? warehouses.sources[0]?.id;
  return (
    <Modal
      open={open}
      title={t('woParts.modalTitle', { number: order.number })}
      onCancel={() => {
        setShort(null);
        onClose();
      }}
      width={620}
      destroyOnHidden
      footer={
        <Space>
          {short ? (
            <Button danger onClick={() => submit.mutate(true)} loading={submit.isPending} data-testid="wo-parts-record-shortage">
              {t('woParts.recordShortage')}
            </Button>
          ) : null}
          <Button type="primary" onClick={() => submit.mutate(false)} loading={submit.isPending} data-testid="wo-parts-submit">
            {t('woParts.submit')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" name="wo-parts-request" initialValues={{ warehouseId: defaultSource, lines: [{ quantity: 1 }] }} onValuesChange={() => setShort(null)}>
        <Typography.Paragraph type="secondary">{t('woParts.technicianStock', { name: `${order.technicianName ?? ''} · ${warehouses.stock.name}` })}</Typography.Paragraph>
        <Form.Item name="warehouseId" label={t('woParts.source')} rules={[{ required: true }]}>
          <Select
            data-testid="wo-parts-source"
            options={warehouses.sources.map((warehouse) => ({ value: warehouse.id, label: `${warehouse.name}（${labelOf(WAREHOUSE_LEVEL_LABELS[warehouse.level], locale)}）` }))}
          />
        </Form.Item>
        {modelId ? <Typography.Paragraph type="secondary">{t('woParts.onlyFitting')}</Typography.Paragraph> : null}
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item name={[field.name, 'partId']} label={field.name === 0 ? t('woParts.part') : undefined} rules={[{ required: true, message: t('woParts.partPlaceholder') }]}>
                    <PartSelect modelId={modelId} known={known} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} label={field.name === 0 ? t('woParts.quantity') : undefined} rules={[{ required: true }]}>
                    <InputNumber min={1} max={1000} precision={0} data-testid="wo-parts-quantity" />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button type="link" danger onClick={() => remove(field.name)}>
                      {t('woParts.removeLine')}
                    </Button>
                  ) : null}
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ quantity: 1 })} data-testid="wo-parts-add-line">
                {t('woParts.addLine')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      {short ? <Alert style={{ marginTop: 16 }} type="error" showIcon title={t('woParts.shortTitle', { detail: short })} description={t('woParts.shortHint')} data-testid="wo-parts-short" /> : null}
    </Modal>
  );
}

export function WorkOrderPartsPanel({ order }: { order: TWorkOrderDetail }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [requesting, setRequesting] = useState(false);
  const canRequest = canAccess(me, 'parts.requisition');
  const list = useQuery({ queryKey: ['parts-requisitions', 'work-order', order.id], queryFn: () => partsApi.requisitions({ workOrderId: order.id, page: 1, pageSize: 50 }) });
  const requisitions = list.data?.items ?? [];
  const warehouses = useQuery({ queryKey: ['parts', 'technician-warehouses', order.technicianId], queryFn: () => partsApi.technicianWarehouses(order.technicianId!), enabled: Boolean(order.technicianId), retry: false });
  const names = new Map([...(warehouses.data?.sources ?? []), ...(warehouses.data ? [warehouses.data.stock] : [])].map((warehouse) => [warehouse.id, warehouse.name]));
  const { modelId, isLoading: modelLoading } = useAssetModel(order.assetId);
  const readiness = readinessOfRequisitions(requisitions);
  const isOpen = !['completed', 'verified', 'cancelled'].includes(order.status);
  const cancel = useMutation({
    mutationFn: (id: string) => partsApi.cancelRequisition(id),
    onSuccess: () => {
      void message.success(t('woParts.cancelled'));
      void queryClient.invalidateQueries({ queryKey: ['parts-requisitions'] });
    },
    onError: (error) => handleError(error),
  });

  return (
    <Card
      size="small"
      title={
        <Space>
          {t('woParts.title')}
          {readiness !== 'none' ? (
            <Tag color={READINESS_COLORS[readiness]} data-testid="wo-parts-readiness">
              {t(READINESS_KEYS[readiness])}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        canRequest && isOpen ? (
          <Button size="small" type="primary" disabled={!order.technicianId || !warehouses.data || modelLoading} onClick={() => setRequesting(true)} data-testid="wo-parts-request">
            {t('woParts.request')}
          </Button>
        ) : null
      }
      data-testid="work-order-parts"
    >
      {!order.technicianId && canRequest && isOpen ? <Typography.Paragraph type="secondary">{t('woParts.needTechnician')}</Typography.Paragraph> : null}
      {requisitions.length ? (
        <Table<RequisitionView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={requisitions}
          columns={[
            { title: t('woParts.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (value: string) => <DateTime value={value} /> },
            {
              title: t('woParts.status'),
              dataIndex: 'status',
              key: 'status',
              render: (status: RequisitionStatus) => (
                <Tag color={STATUS_COLORS[status]} data-testid={`wo-requisition-${status}`}>
                  {labelOf(REQUISITION_STATUS_LABELS[status], locale)}
                </Tag>
              ),
            },
            { title: t('woParts.source'), dataIndex: 'warehouseId', key: 'source', render: (value: string) => names.get(value) ?? value.slice(0, 8) },
            {
              title: t('woParts.lines'),
              key: 'lines',
              render: (_, row) => (
                <Space orientation="vertical" size={0}>
                  {row.lines.map((line) => (
                    <span key={line.partId}>{`${requisitionLineLabel(line)} × ${formatQuantity(line.quantity)}`}</span>
                  ))}
                </Space>
              ),
            },
            ...(canRequest
              ? [
                  {
                    title: '',
                    key: 'actions',
                    render: (_: unknown, row: RequisitionView) =>
                      row.status === 'requested' || row.status === 'shortage' ? (
                        <Button type="link" size="small" danger loading={cancel.isPending} onClick={() => cancel.mutate(row.id)}>
                          {t('woParts.cancel')}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('woParts.none')} />
      )}
      {warehouses.data ? <RequestModal order={order} open={requesting} warehouses={warehouses.data} modelId={modelId} onClose={() => setRequesting(false)} /> : null}
    </Card>
  );
}
