/**
 * 退换货 (issue 12): the returns list with a status filter, and the detail drawer: the amounts,
 * the 三包 decision it came from, 批准/不批准 (returns.approve), the receipt inspection
 * (appearance, function, accessories, packaging; accept into a warehouse with a grade, or refuse
 * with a reason) and 执行退换 (returns.inspect). A second tab holds the unit stock with 新机入库.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Descriptions, Drawer, Form, Input, Radio, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RETURN_KIND_LABELS, RETURN_STATUS_LABELS, RETURN_STATUSES, UNIT_GRADE_LABELS, type ReturnStatus, type UnitGrade } from '../../../../contracts/returns';
import { archiveApi } from '../../api/archive';
import { partsApi } from '../../api/parts';
import { returnsApi, yuan, type InspectionBody, type ReturnView, type StockUnit } from '../../api/returns';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

const STATUS_COLORS: Record<ReturnStatus, string> = { requested: 'gold', approved: 'blue', rejected: 'default', received: 'cyan', refused: 'red', completed: 'green' };
const CHECKS = ['appearance', 'function', 'accessories', 'packaging'] as const;

type InspectionForm = {
  checks: Record<(typeof CHECKS)[number], { isOk: boolean; note?: string }>;
  decision: 'accept' | 'refuse';
  refuseReason?: string;
  warehouseId?: string;
  grade?: 'resaleable' | 'to_repair' | 'scrap';
};

/** The inspection request body from the form (notes only when given). */
export function inspectionBody(values: InspectionForm, version: number): InspectionBody {
  const check = (name: (typeof CHECKS)[number]) => ({ isOk: values.checks[name].isOk, ...(values.checks[name].note?.trim() ? { note: values.checks[name].note!.trim() } : {}) });
  return {
    appearance: check('appearance'),
    function: check('function'),
    accessories: check('accessories'),
    packaging: check('packaging'),
    photoIds: [],
    decision: values.decision,
    ...(values.decision === 'refuse' ? { refuseReason: values.refuseReason } : { warehouseId: values.warehouseId, grade: values.grade }),
    version,
  };
}

function ReturnDetail({ item, onChanged }: { item: ReturnView; onChanged: (next: ReturnView) => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [form] = Form.useForm<InspectionForm>();
  const [note, setNote] = useState('');
  const lang = locale === 'en' ? 'en' : 'zh';
  const warehouses = useQuery({ queryKey: ['warehouses', 'options'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 100 }), enabled: item.status === 'approved' });
  const ok = (next: ReturnView) => {
    void message.success(t('returns.saved'));
    onChanged(next);
  };
  const decide = useMutation({ mutationFn: (action: 'approve' | 'reject') => returnsApi.decide(item.id, { action, ...(note.trim() ? { note: note.trim() } : {}), version: item.version }), onSuccess: ok, onError: (error) => handleError(error) });
  const inspect = useMutation({ mutationFn: (values: InspectionForm) => returnsApi.inspect(item.id, inspectionBody(values, item.version)), onSuccess: ok, onError: (error) => handleError(error, form) });
  const complete = useMutation({ mutationFn: () => returnsApi.complete(item.id, { version: item.version }), onSuccess: ok, onError: (error) => handleError(error) });
  const decision = Form.useWatch('decision', form);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('returns.kind')}>{RETURN_KIND_LABELS[item.kind][lang]}</Descriptions.Item>
        <Descriptions.Item label={t('returns.status')}><Tag color={STATUS_COLORS[item.status]}>{RETURN_STATUS_LABELS[item.status][lang]}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('returns.customer')}>{item.customerName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('returns.unit')}>{item.modelName} · {item.serialNumber}</Descriptions.Item>
        {item.newModelName ? <Descriptions.Item label={t('returns.newModel')}>{item.newModelName}</Descriptions.Item> : null}
        <Descriptions.Item label={t('returns.ticket')}>{item.ticketNumber ?? '—'}{item.sanbaoRemedy ? ` · ${t('returns.sanbao')}：${item.sanbaoRemedy === 'refund' ? RETURN_KIND_LABELS.refund[lang] : t('returns.sanbaoExchange')}` : ''}</Descriptions.Item>
        <Descriptions.Item label={t('returns.purchasePrice')}>{yuan(item.purchasePriceFen)}</Descriptions.Item>
        <Descriptions.Item label={t('returns.depreciation')}>{yuan(item.depreciationFen)}</Descriptions.Item>
        {item.kind === 'refund' ? <Descriptions.Item label={t('returns.refund')}>{yuan(item.refundFen)}</Descriptions.Item> : null}
        {item.kind === 'exchange_other' ? <Descriptions.Item label={t('returns.difference')}>{yuan(item.priceDifferenceFen)} <Typography.Text type="secondary">（{t('returns.differenceHint')}）</Typography.Text></Descriptions.Item> : null}
        <Descriptions.Item label={t('returns.approvalAmount')}>{yuan(item.approvalAmountFen)}</Descriptions.Item>
        <Descriptions.Item label={t('returns.reason')}>{item.reason}</Descriptions.Item>
        {item.decidedBy ? <Descriptions.Item label={t('returns.decidedBy')}>{item.decidedBy}{item.decisionNote ? `：${item.decisionNote}` : ''}</Descriptions.Item> : null}
        {item.inspection ? (
          <Descriptions.Item label={t('returns.inspection')}>
            {CHECKS.map((name) => (
              <div key={name}>{t(`returns.check.${name}`)}：{item.inspection![name].isOk ? t('returns.check.ok') : t('returns.check.notOk')}{item.inspection![name].note ? `（${item.inspection![name].note}）` : ''}</div>
            ))}
            {item.inspection.refuseReason ? <Typography.Text type="danger">{t('returns.refuseReason')}：{item.inspection.refuseReason}</Typography.Text> : null}
          </Descriptions.Item>
        ) : null}
        {item.newAssetId ? <Descriptions.Item label={t('returns.newAsset')}><a href={`/assets/${item.newAssetId}`}>{t('returns.newAsset')}</a></Descriptions.Item> : null}
      </Descriptions>

      {item.status === 'requested' && canAccess(me, 'returns.approve') ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea aria-label={t('returns.decisionNote')} placeholder={t('returns.decisionNote')} value={note} onChange={(event) => setNote(event.target.value)} rows={2} />
          <Space>
            <Button type="primary" loading={decide.isPending} onClick={() => decide.mutate('approve')}>{t('returns.approve')}</Button>
            <Button danger loading={decide.isPending} onClick={() => decide.mutate('reject')}>{t('returns.reject')}</Button>
          </Space>
        </Space>
      ) : null}

      {item.status === 'approved' && canAccess(me, 'returns.inspect') ? (
        <Form<InspectionForm>
          form={form}
          layout="vertical"
          initialValues={{ checks: Object.fromEntries(CHECKS.map((name) => [name, { isOk: true }])), decision: 'accept', grade: 'to_repair' }}
          onFinish={(values) => inspect.mutate(values)}
        >
          <Typography.Title level={5}>{t('returns.inspect')}</Typography.Title>
          {CHECKS.map((name) => (
            <Space key={name} align="start" wrap>
              <Form.Item name={['checks', name, 'isOk']} label={t(`returns.check.${name}`)}>
                <Radio.Group options={[{ value: true, label: t('returns.check.ok') }, { value: false, label: t('returns.check.notOk') }]} />
              </Form.Item>
              <Form.Item name={['checks', name, 'note']} label={t('returns.check.note')}>
                <Input style={{ width: 220 }} />
              </Form.Item>
            </Space>
          ))}
          <Form.Item name="decision">
            <Radio.Group options={[{ value: 'accept', label: t('returns.decision.accept') }, { value: 'refuse', label: t('returns.decision.refuse') }]} />
          </Form.Item>
          {decision === 'refuse' ? (
            <Form.Item name="refuseReason" label={t('returns.refuseReason')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          ) : (
            <Space wrap>
              <Form.Item name="warehouseId" label={t('returns.warehouse')} rules={[{ required: true }]}>
                <Select style={{ width: 220 }} loading={warehouses.isFetching} options={(warehouses.data?.items ?? []).map((warehouse) => ({ value: warehouse.id, label: warehouse.name }))} />
              </Form.Item>
              <Form.Item name="grade" label={t('returns.grade')}>
                <Select style={{ width: 160 }} options={(['resaleable', 'to_repair', 'scrap'] as const).map((grade) => ({ value: grade, label: UNIT_GRADE_LABELS[grade][lang] }))} />
              </Form.Item>
            </Space>
          )}
          <Button type="primary" htmlType="submit" loading={inspect.isPending}>{t('common.save')}</Button>
        </Form>
      ) : null}

      {item.status === 'received' && canAccess(me, 'returns.inspect') ? (
        <Space orientation="vertical">
          <Typography.Text type="secondary">{t('returns.completeHint')}</Typography.Text>
          <Button type="primary" loading={complete.isPending} onClick={() => complete.mutate()}>{t('returns.complete')}</Button>
        </Space>
      ) : null}
    </Space>
  );
}

function UnitsTab() {
  const { t, locale } = useI18n();
  const me = useMe();
  const lang = locale === 'en' ? 'en' : 'zh';
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ warehouseId: string; modelId: string; serialNumber: string }>();
  const units = useQuery({ queryKey: ['stock-units'], queryFn: () => returnsApi.units({ page: 1, pageSize: 100 }) });
  const canReceive = canAccess(me, 'returns.inspect');
  const warehouses = useQuery({ queryKey: ['warehouses', 'options'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 100 }), enabled: canReceive });
  const models = useQuery({ queryKey: ['models', 'options'], queryFn: () => archiveApi.products.models({}), enabled: canReceive });
  const receive = useMutation({
    mutationFn: returnsApi.receiveUnit,
    onSuccess: () => {
      void message.success(t('returns.saved'));
      form.resetFields(['serialNumber']);
      void queryClient.invalidateQueries({ queryKey: ['stock-units'] });
    },
    onError: (error) => handleError(error, form),
  });
  const columns: TableColumnsType<StockUnit> = [
    { title: t('returns.model'), dataIndex: 'modelName', key: 'model' },
    { title: t('returns.serial'), dataIndex: 'serialNumber', key: 'serial' },
    { title: t('returns.grade'), dataIndex: 'grade', key: 'grade', render: (grade: UnitGrade) => UNIT_GRADE_LABELS[grade][lang] },
    { title: t('returns.status'), dataIndex: 'status', key: 'status' },
    { title: t('returns.reason'), dataIndex: 'note', key: 'note' },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canReceive ? (
        <Form form={form} layout="inline" onFinish={(values) => receive.mutate(values)}>
          <Form.Item name="warehouseId" label={t('returns.warehouse')} rules={[{ required: true }]}>
            <Select style={{ width: 180 }} options={(warehouses.data?.items ?? []).map((warehouse) => ({ value: warehouse.id, label: warehouse.name }))} />
          </Form.Item>
          <Form.Item name="modelId" label={t('returns.model')} rules={[{ required: true }]}>
            <Select style={{ width: 220 }} showSearch optionFilterProp="label" options={(models.data?.items ?? []).map((model) => ({ value: model.id, label: `${model.brand} ${model.name}` }))} />
          </Form.Item>
          <Form.Item name="serialNumber" label={t('returns.serial')} rules={[{ required: true }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Button htmlType="submit" loading={receive.isPending}>{t('returns.receiveUnit')}</Button>
        </Form>
      ) : null}
      <Table rowKey="id" size="small" columns={columns} dataSource={units.data?.items ?? []} loading={units.isFetching} pagination={false} />
    </Space>
  );
}

export function ReturnsPage() {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  const queryClient = useQueryClient();
  // ?status=requested (a link from the to-do bell) opens the list so filtered
  const [params] = useSearchParams();
  const [status, setStatus] = useState<ReturnStatus | undefined>(() => RETURN_STATUSES.find((value) => value === params.get('status')));
  const [open, setOpen] = useState<ReturnView | null>(null);
  const list = useQuery({ queryKey: ['returns', status], queryFn: () => returnsApi.list({ page: 1, pageSize: 100, ...(status ? { status } : {}) }) });
  const columns: TableColumnsType<ReturnView> = [
    { title: t('returns.number'), dataIndex: 'number', key: 'number', render: (value: string, row) => <a onClick={() => setOpen(row)}>{value}</a> },
    { title: t('returns.kind'), dataIndex: 'kind', key: 'kind', render: (kind: ReturnView['kind']) => RETURN_KIND_LABELS[kind][lang] },
    { title: t('returns.status'), dataIndex: 'status', key: 'status', render: (value: ReturnStatus) => <Tag color={STATUS_COLORS[value]}>{RETURN_STATUS_LABELS[value][lang]}</Tag> },
    { title: t('returns.customer'), dataIndex: 'customerName', key: 'customer' },
    { title: t('returns.unit'), key: 'unit', render: (_, row) => `${row.modelName} · ${row.serialNumber}` },
    { title: t('returns.ticket'), dataIndex: 'ticketNumber', key: 'ticket', render: (value: string | null) => value ?? '—' },
    { title: t('returns.approvalAmount'), dataIndex: 'approvalAmountFen', key: 'amount', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.finishedAt'), dataIndex: 'createdAt', key: 'createdAt', render: (value: string) => <DateTime value={value} /> },
  ];
  return (
    <>
      <PageHeader title={t('returns.title')} />
      <Tabs
        items={[
          {
            key: 'returns',
            label: t('returns.title'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Select
                  aria-label={t('returns.status')}
                  allowClear
                  placeholder={t('returns.allStatuses')}
                  style={{ width: 180 }}
                  value={status}
                  onChange={(value) => setStatus(value)}
                  options={RETURN_STATUSES.map((value) => ({ value, label: RETURN_STATUS_LABELS[value][lang] }))}
                />
                <Table rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.isFetching} pagination={false} />
              </Space>
            ),
          },
          { key: 'units', label: t('returns.units'), children: <UnitsTab /> },
        ]}
      />
      <Drawer open={!!open} size={560} title={open ? t('returns.detail', { number: open.number }) : ''} onClose={() => setOpen(null)} destroyOnHidden>
        {open ? (
          <ReturnDetail
            item={open}
            onChanged={(next) => {
              setOpen(next);
              void queryClient.invalidateQueries({ queryKey: ['returns'] });
            }}
          />
        ) : null}
      </Drawer>
    </>
  );
}
