import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Select, Table, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { GRADES, PRIORITIES, WORK_TYPES, type Grade, type Priority, type WorkType } from '../../../../contracts/dispatch';
import { canAccess } from '../../access';
import { dispatchApi, type CreateWorkOrderBody, type TWorkOrderDetail, type TWorkOrderView } from '../../api/dispatch';
import { ticketsApi } from '../../api/tickets';
import { useMe } from '../../auth/AuthContext';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { TIME_ZONE } from '../../time';
import { pickedShanghaiIso, shanghaiPickerValue } from '../../time';
import { formatWindow, gradeLabel, PriorityTag, WorkOrderStatusTag, workTypeLabel } from './WorkOrderLabels';

/** Ticket states in which a visit may be planned (the server's rule: assessed first). */
const PLANNABLE_TICKET_STATUSES: readonly string[] = ['assessed', 'dispatched', 'in_progress', 'waiting_customer', 'waiting_parts', 'waiting_maker'];

type MaterialRow = { name?: string; partCode?: string; quantity?: number };
export type WorkOrderFormValues = {
  type?: WorkType;
  priority: Priority;
  requiredGrade: Grade;
  estimatedMinutes: number;
  window?: [Dayjs | null, Dayjs | null] | null;
  materials?: MaterialRow[];
  note?: string;
};

/** The POST body from the form: the window taken as Shanghai wall-clock time, empty materials rows dropped. */
export function workOrderBody(values: WorkOrderFormValues): CreateWorkOrderBody {
  const [start, end] = values.window ?? [null, null];
  const note = values.note?.trim();
  return {
    type: values.type as WorkType,
    priority: values.priority,
    requiredGrade: values.requiredGrade,
    estimatedMinutes: values.estimatedMinutes,
    windowStart: start ? pickedShanghaiIso(start) : '',
    windowEnd: end ? pickedShanghaiIso(end) : '',
    materials: (values.materials ?? [])
      .filter((row) => row?.name?.trim())
      .map((row) => ({ name: row.name!.trim(), ...(row.partCode?.trim() ? { partCode: row.partCode.trim() } : {}), quantity: row.quantity ?? 1 })),
    ...(note ? { note } : {}),
  };
}

/**
 * 派工单 on the ticket page: the ticket's work orders, 新建派工单 (type from the ticket when it is a
 * work type, window from the customer's preferred times, materials to prepare = 派工前预审) and
 * 自动派工 for a waiting order.
 */
export function TicketWorkOrdersPanel({ ticketId }: { ticketId: string }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message, modal } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WorkOrderFormValues>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<TWorkOrderDetail | null>(null);
  const canRead = canAccess(me, 'workorders.read');
  const canCreate = canAccess(me, 'workorders.create');
  // automatic dispatch is for the department's dispatchers (all scope), not for outlet staff
  const canDispatch = canAccess(me, 'workorders.dispatch') && me.scope === 'all';
  const orders = useQuery({
    queryKey: ['work-orders', 'list', { ticketId }],
    queryFn: () => dispatchApi.list({ ticketId, page: 1, pageSize: 50 }),
    enabled: canRead,
  });
  const ticket = useQuery({ queryKey: ['tickets', 'detail', ticketId], queryFn: () => ticketsApi.get(ticketId), enabled: canRead && canCreate });

  if (!canRead) return null;
  // the server plans visits only for assessed tickets (and those already being worked on)
  const isPlannable = !ticket.data || PLANNABLE_TICKET_STATUSES.includes(ticket.data.status);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['work-orders'] });
    void queryClient.invalidateQueries({ queryKey: ['tickets', 'detail', ticketId] });
  };

  const openForm = () => {
    const data = ticket.data;
    form.resetFields();
    form.setFieldsValue({
      type: data && (WORK_TYPES as readonly string[]).includes(data.type) ? (data.type as WorkType) : undefined,
      priority: data?.urgency === 'urgent' ? 'urgent' : data?.urgency === 'high' ? 'high' : 'normal',
      requiredGrade: 'junior',
      estimatedMinutes: 60,
      window: data?.preferredFrom && data.preferredTo ? [shanghaiPickerValue(data.preferredFrom), shanghaiPickerValue(data.preferredTo)] : undefined,
      materials: [],
    });
    setOpen(true);
  };

  const submit = async (values: WorkOrderFormValues) => {
    setBusy(true);
    try {
      const detail = await dispatchApi.create(ticketId, workOrderBody(values));
      setOpen(false);
      setCreated(detail);
      void message.success(t('dispatch.create.done', { number: detail.number }));
      refresh();
    } catch (error) {
      handleError(error, form);
    } finally {
      setBusy(false);
    }
  };

  const autoDispatch = async (order: Pick<TWorkOrderView, 'id' | 'number'>) => {
    setBusy(true);
    try {
      const result = await dispatchApi.autoDispatch({ workOrderIds: [order.id] });
      const item = result.items.find((entry) => entry.workOrderId === order.id);
      modal.info({ title: t('dispatch.auto.resultTitle'), content: item ? `${item.number}：${item.summary}` : t('dispatch.auto.nothing') });
      setCreated(null);
      refresh();
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('dispatch.panel.title')}
      data-testid="ticket-work-orders"
      extra={
        canCreate ? (
          <Tooltip title={isPlannable ? undefined : t('dispatch.create.assessFirst')}>
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={openForm} disabled={!isPlannable} data-testid="work-order-new">
              {t('dispatch.create.button')}
            </Button>
          </Tooltip>
        ) : null
      }
    >
      {created && created.status === 'waiting' && canDispatch ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('dispatch.create.done', { number: created.number })}
          action={
            <Button size="small" icon={<ThunderboltOutlined />} loading={busy} onClick={() => void autoDispatch(created)} data-testid="created-auto-dispatch">
              {t('dispatch.auto.button')}
            </Button>
          }
          closable={{ onClose: () => setCreated(null) }}
        />
      ) : null}
      <Table<TWorkOrderView>
        rowKey="id"
        size="small"
        pagination={false}
        loading={orders.isFetching}
        dataSource={orders.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dispatch.panel.empty') }}
        columns={[
          { title: t('dispatch.field.number'), dataIndex: 'number', key: 'number', render: (value: string, order) => <Link to={`/work-orders/${order.id}`}>{value}</Link> },
          { title: t('dispatch.field.type'), dataIndex: 'type', key: 'type', render: (value: WorkType) => workTypeLabel(value, locale) },
          { title: t('dispatch.field.window'), key: 'window', render: (_, order) => formatWindow(order.windowStart, order.windowEnd, locale) },
          { title: t('dispatch.field.outlet'), dataIndex: 'outletName', key: 'outletName', render: (value: string | null) => value ?? '—' },
          { title: t('dispatch.field.technician'), dataIndex: 'technicianName', key: 'technicianName', render: (value: string | null) => value ?? '—' },
          { title: t('common.status'), key: 'status', render: (_, order) => <WorkOrderStatusTag status={order.status} technicianId={order.technicianId} /> },
          { title: t('dispatch.field.priority'), key: 'priority', render: (_, order) => <PriorityTag priority={order.priority} /> },
          ...(canDispatch
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, order: TWorkOrderView) =>
                    order.status === 'waiting' ? (
                      <Button size="small" type="link" onClick={() => void autoDispatch(order)} disabled={busy} data-testid={`auto-dispatch-${order.number}`}>
                        {t('dispatch.auto.button')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={open}
        title={t('dispatch.create.title')}
        okText={t('dispatch.create.submit')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'work-order-submit' }}
        width={720}
        forceRender
      >
        <Form form={form} layout="vertical" name="work-order-create" onFinish={(values) => void submit(values)}>
          <Flex gap={16} wrap>
            <Form.Item name="type" label={t('dispatch.field.type')} rules={[{ required: true, message: t('dispatch.create.typeRequired') }]} style={{ minWidth: 180 }}>
              <Select options={WORK_TYPES.map((value) => ({ value, label: workTypeLabel(value, locale) }))} data-testid="work-order-type-select" />
            </Form.Item>
            <Form.Item name="priority" label={t('dispatch.field.priority')}>
              <Radio.Group optionType="button" options={PRIORITIES.map((value) => ({ value, label: t(`dispatch.priority.${value}`) }))} />
            </Form.Item>
            <Form.Item name="requiredGrade" label={t('dispatch.field.requiredGrade')} style={{ minWidth: 120 }}>
              <Select options={GRADES.map((value) => ({ value, label: gradeLabel(value, locale) }))} />
            </Form.Item>
            <Form.Item name="estimatedMinutes" label={t('dispatch.field.estimatedMinutes')} rules={[{ required: true }]}>
              <InputNumber min={10} max={1440} step={15} suffix={t('dispatch.settings.minutes')} style={{ width: 140 }} />
            </Form.Item>
          </Flex>
          <Form.Item
            name="window"
            label={`${t('dispatch.field.window')}（${TIME_ZONE}）`}
            rules={[
              {
                validator: async (_, value: WorkOrderFormValues['window']) => {
                  if (!value?.[0] || !value?.[1]) throw new Error(t('dispatch.create.windowRequired'));
                  if (!value[0].isBefore(value[1])) throw new Error(t('dispatch.create.windowOrder'));
                },
              },
            ]}
          >
            <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" data-testid="work-order-window" />
          </Form.Item>
          <Typography.Text strong>{t('dispatch.material.title')}</Typography.Text>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <div style={{ marginTop: 8 }}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="flex-start">
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('dispatch.material.nameRequired') }, { max: 100 }]} style={{ flex: 2 }}>
                      <Input placeholder={t('dispatch.material.name')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'partCode']} rules={[{ max: 64 }]} style={{ flex: 1 }}>
                      <Input placeholder={t('dispatch.material.partCode')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'quantity']} initialValue={1} rules={[{ required: true }]}>
                      <InputNumber min={1} max={10_000} precision={0} style={{ width: 90 }} aria-label={t('dispatch.material.quantity')} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('dispatch.material.remove')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} style={{ marginBottom: 16 }} data-testid="material-add">
                  {t('dispatch.material.add')}
                </Button>
              </div>
            )}
          </Form.List>
          <Form.Item name="note" label={t('dispatch.field.note')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
