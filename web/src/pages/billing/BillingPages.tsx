/**
 * The billing pages (收费与结算, issue 13): 收费标准 (versions; a new version from a date),
 * 减免审批 (the queue: approve or reject with a reason), 收款与缴款 (the day's cash per technician,
 * hand-in, receivables by age), 发票 (requests, issue, export) and 结算单 (generate a month,
 * statements with their lines: confirm / dispute, resolve, approve and lock, Excel).
 */
import { useState } from 'react';
import dayjs from 'dayjs';
import { App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ADJUSTMENT_KIND_LABELS, APPROVER_LEVEL_LABELS, DEDUCTION_TYPE_LABELS, EXTRA_KIND_LABELS, INVOICE_TYPE_LABELS, type TFeeScheduleBody } from '../../../../contracts/billing';
import { WORK_TYPES, type WorkType } from '../../../../contracts/dispatch';
import { billingApi, yuan, type Adjustment, type Invoice, type Schedule, type Statement } from '../../api/billing';
import { downloadFile } from '../../api/archive';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { shanghaiToday } from '../../time';
import { workTypeLabel } from '../dispatch/WorkOrderLabels';

const lang = (locale: string) => (locale === 'en' ? 'en' : 'zh');

// ---------------------------------------------------------------- 收费标准

type ScheduleForm = { name: string; effectiveFrom: dayjs.Dayjs; labour: { workType: WorkType; amount: number }[]; visit: { kind: 'distance' | 'district'; upToKm?: number; districtCode?: string; amount: number }[] };

/** The form's values as the API body (yuan → fen). */
export function scheduleBody(values: ScheduleForm): TFeeScheduleBody {
  return {
    name: values.name,
    effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
    labour: (values.labour ?? []).map((row) => ({ workType: row.workType, categoryId: null, grade: null, amountFen: Math.round(row.amount * 100) })),
    visit: (values.visit ?? []).map((row) =>
      row.kind === 'district' ? { kind: 'district' as const, districtCode: row.districtCode ?? '', amountFen: Math.round(row.amount * 100) } : { kind: 'distance' as const, upToKm: row.upToKm ?? 0, amountFen: Math.round(row.amount * 100) },
    ),
    consumablesAtCost: false,
  };
}

export function FeeSchedulesPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ScheduleForm>();
  const list = useQuery({ queryKey: ['billing', 'schedules'], queryFn: billingApi.schedules });
  const create = useMutation({
    mutationFn: (values: ScheduleForm) => billingApi.createSchedule(scheduleBody(values)),
    onSuccess: () => {
      message.success(t('billing.saved'));
      setOpen(false);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['billing', 'schedules'] });
    },
    onError: (error) => handleError(error, form),
  });
  const stateColor = { in_force: 'green', future: 'blue', past: 'default' } as const;
  return (
    <>
      <PageHeader title={t('nav.feeSchedules')} extra={canAccess(me, 'billing.schedule.manage') ? <Button type="primary" onClick={() => setOpen(true)}>{t('billing.newVersion')}</Button> : null} />
      <Table<Schedule>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (row) => (
            <Space align="start" size={48} wrap>
              <Table size="small" pagination={false} rowKey={(r) => `${r.workType}-${r.categoryId}-${r.grade}`} title={() => t('billing.labour')} dataSource={row.labour}
                columns={[{ title: t('billing.workType'), dataIndex: 'workType', render: (value: WorkType) => workTypeLabel(value, locale) }, { title: t('billing.amount'), dataIndex: 'amountFen', render: yuan }]} />
              <Table size="small" pagination={false} rowKey={(r) => JSON.stringify(r)} title={() => t('billing.visit')} dataSource={row.visit}
                columns={[{ title: t('billing.kind'), render: (_: unknown, r) => (r.kind === 'district' ? `${t('billing.districtCode')} ${r.districtCode}` : `≤ ${r.upToKm} km`) }, { title: t('billing.amount'), dataIndex: 'amountFen', render: yuan }]} />
            </Space>
          ),
        }}
        columns={[
          { title: t('billing.name'), dataIndex: 'name' },
          { title: t('billing.effectiveFrom'), dataIndex: 'effectiveFrom' },
          { title: t('billing.state'), dataIndex: 'state', render: (state: Schedule['state']) => <Tag color={stateColor[state]}>{t(`billing.state.${state}`)}</Tag> },
          { title: t('billing.labour'), render: (_: unknown, row) => row.labour.length },
          { title: t('billing.visit'), render: (_: unknown, row) => row.visit.length },
          { title: t('billing.version'), dataIndex: 'version' },
        ]}
      />
      <Modal open={open} width={720} title={t('billing.newVersion')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)} initialValues={{ labour: [{ workType: 'repair', amount: 80 }], visit: [{ kind: 'distance', upToKm: 10, amount: 30 }] }}>
          <Space>
            <Form.Item name="name" label={t('billing.name')} rules={[{ required: true }]}><Input style={{ width: 260 }} /></Form.Item>
            <Form.Item name="effectiveFrom" label={t('billing.effectiveFrom')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          </Space>
          <Typography.Title level={5}>{t('billing.labour')}</Typography.Title>
          <Form.List name="labour">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, 'workType']} rules={[{ required: true }]}><Select style={{ width: 160 }} options={WORK_TYPES.map((type) => ({ value: type, label: workTypeLabel(type, locale) }))} /></Form.Item>
                    <Form.Item name={[field.name, 'amount']} rules={[{ required: true }]}><InputNumber addonAfter="元" min={0} precision={2} /></Form.Item>
                    <Button type="link" onClick={() => remove(field.name)}>×</Button>
                  </Space>
                ))}
                <Button onClick={() => add({ workType: 'installation', amount: 0 })}>{t('billing.addRow')}</Button>
              </>
            )}
          </Form.List>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('billing.visit')}</Typography.Title>
          <Form.List name="visit">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, 'kind']}><Select style={{ width: 120 }} options={[{ value: 'distance', label: t('billing.upToKm') }, { value: 'district', label: t('billing.districtCode') }]} /></Form.Item>
                    <Form.Item name={[field.name, 'upToKm']}><InputNumber placeholder="km" min={0} /></Form.Item>
                    <Form.Item name={[field.name, 'districtCode']}><Input placeholder="310115" style={{ width: 100 }} /></Form.Item>
                    <Form.Item name={[field.name, 'amount']} rules={[{ required: true }]}><InputNumber addonAfter="元" min={0} precision={2} /></Form.Item>
                    <Button type="link" onClick={() => remove(field.name)}>×</Button>
                  </Space>
                ))}
                <Button onClick={() => add({ kind: 'district', amount: 0 })}>{t('billing.addRow')}</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}

// ---------------------------------------------------------------- 减免审批

export function ApprovalsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const client = useQueryClient();
  const [status, setStatus] = useState<'pending' | 'approved' | 'rejected'>('pending');
  const [deciding, setDeciding] = useState<{ item: Adjustment; decision: 'approved' | 'rejected' } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const list = useQuery({ queryKey: ['billing', 'approvals', status], queryFn: () => billingApi.approvals(status) });
  const decide = useMutation({
    mutationFn: (reason: string) => billingApi.decide(deciding!.item.id, { decision: deciding!.decision, reason, version: deciding!.item.version }),
    onSuccess: () => {
      message.success(t('billing.saved'));
      setDeciding(null);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['billing', 'approvals'] });
    },
    onError: (error) => handleError(error, form),
  });
  return (
    <>
      <PageHeader title={t('nav.billingApprovals')} />
      <Tabs activeKey={status} onChange={(key) => setStatus(key as typeof status)} items={(['pending', 'approved', 'rejected'] as const).map((key) => ({ key, label: { pending: t('billing.pendingApprovals'), approved: t('billing.approve'), rejected: t('billing.reject') }[key] }))} />
      <Table<Adjustment>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('billing.workOrder'), dataIndex: 'workOrderNumber' },
          { title: t('billing.kind'), dataIndex: 'kind', render: (kind: Adjustment['kind']) => ADJUSTMENT_KIND_LABELS[kind][lang(locale)] },
          { title: t('billing.discount'), render: (_: unknown, row) => `${yuan(row.amountFen)}${row.percentBp !== null ? `（${row.percentBp / 100}%）` : ''} / ${yuan(row.baseFen)}` },
          { title: t('billing.reason'), dataIndex: 'reason' },
          { title: t('billing.requiredLevel'), dataIndex: 'requiredLevel', render: (level: Adjustment['requiredLevel']) => <Tag color={level === 'manager' ? 'red' : 'blue'}>{APPROVER_LEVEL_LABELS[level][lang(locale)]}</Tag> },
          { title: t('billing.proposedBy'), render: (_: unknown, row) => <>{row.proposedBy} <DateTime value={row.proposedAt} /></> },
          status === 'pending'
            ? { title: '', render: (_: unknown, row) => <Space><Button type="primary" size="small" onClick={() => setDeciding({ item: row, decision: 'approved' })}>{t('billing.approve')}</Button><Button danger size="small" onClick={() => setDeciding({ item: row, decision: 'rejected' })}>{t('billing.reject')}</Button></Space> }
            : { title: t('billing.reason'), render: (_: unknown, row) => `${row.decidedBy ?? ''}：${row.decisionReason ?? ''}` },
        ]}
      />
      <Modal open={deciding !== null} title={deciding?.decision === 'approved' ? t('billing.approve') : t('billing.reject')} onCancel={() => setDeciding(null)} onOk={() => form.submit()} confirmLoading={decide.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(values) => decide.mutate(values.reason)}>
          <Form.Item name="reason" label={t('billing.reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

// ---------------------------------------------------------------- 收款与缴款

export function CashPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const client = useQueryClient();
  const [date, setDate] = useState(() => shanghaiToday());
  const [handin, setHandin] = useState<{ technicianUserId: string; outletId: string | null; name: string } | null>(null);
  const [form] = Form.useForm<{ amount: number; note?: string }>();
  const day = useQuery({ queryKey: ['billing', 'cash', date], queryFn: () => billingApi.reconciliation(date) });
  const receivables = useQuery({ queryKey: ['billing', 'receivables'], queryFn: billingApi.receivables });
  const record = useMutation({
    mutationFn: (values: { amount: number; note?: string }) => billingApi.handin({ outletId: handin!.outletId ?? me.outletId ?? null, technicianUserId: handin!.technicianUserId, businessDate: date, amountFen: Math.round(values.amount * 100), ...(values.note ? { note: values.note } : {}) }),
    onSuccess: () => {
      message.success(t('billing.saved'));
      setHandin(null);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['billing', 'cash'] });
    },
    onError: (error) => handleError(error, form),
  });
  return (
    <>
      <PageHeader title={t('nav.billingCash')} extra={<DatePicker value={dayjs(date)} allowClear={false} onChange={(value) => value && setDate(value.format('YYYY-MM-DD'))} />} />
      <Card size="small" title={`${t('billing.date')} ${date}`}>
        <Table
          rowKey="technicianUserId"
          size="small"
          loading={day.isLoading}
          dataSource={day.data?.items ?? []}
          pagination={false}
          summary={() => (day.data ? <Table.Summary.Row><Table.Summary.Cell index={0}>{t('billing.total')}</Table.Summary.Cell><Table.Summary.Cell index={1}>{yuan(day.data.collectedFen)}</Table.Summary.Cell><Table.Summary.Cell index={2}>{yuan(day.data.handedInFen)}</Table.Summary.Cell><Table.Summary.Cell index={3}>{yuan(day.data.differenceFen)}</Table.Summary.Cell><Table.Summary.Cell index={4} /></Table.Summary.Row> : null)}
          columns={[
            { title: t('billing.technician'), dataIndex: 'name' },
            { title: t('billing.collected'), dataIndex: 'collectedFen', render: yuan },
            { title: t('billing.handedIn'), dataIndex: 'handedInFen', render: yuan },
            { title: t('billing.difference'), dataIndex: 'differenceFen', render: (fen: number) => <Typography.Text type={fen !== 0 ? 'danger' : undefined}>{yuan(fen)}</Typography.Text> },
            { title: '', render: (_: unknown, row) => <Button size="small" onClick={() => setHandin({ technicianUserId: row.technicianUserId, outletId: row.outletId, name: row.name })}>{t('billing.handin')}</Button> },
          ]}
        />
      </Card>
      <Card size="small" title={`${t('billing.receivables')} · ${yuan(receivables.data?.totalFen ?? 0)}`} style={{ marginTop: 16 }}>
        <Table
          rowKey="customerId"
          size="small"
          loading={receivables.isLoading}
          dataSource={receivables.data?.customers ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('billing.customer'), dataIndex: 'customerName' },
            ...['0-30', '31-60', '61-90', '90+'].map((bucket) => ({ title: `${bucket} 天`, render: (_: unknown, row: { buckets: Record<string, number> }) => yuan(row.buckets[bucket] ?? 0) })),
            { title: t('billing.total'), dataIndex: 'totalFen', render: yuan },
          ]}
        />
      </Card>
      <Modal open={handin !== null} title={`${t('billing.handin')} · ${handin?.name ?? ''}`} onCancel={() => setHandin(null)} onOk={() => form.submit()} confirmLoading={record.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(values) => record.mutate(values)}>
          <Form.Item name="amount" label={t('billing.amount')} rules={[{ required: true }]}><InputNumber min={0.01} precision={2} /></Form.Item>
          <Form.Item name="note" label={t('billing.reason')}><Input /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

// ---------------------------------------------------------------- 发票

export function InvoicesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['billing', 'invoices'], queryFn: () => billingApi.invoices() });
  const issue = useMutation({
    mutationFn: (invoice: Invoice) => billingApi.issueInvoice(invoice.id, { version: invoice.version }),
    onSuccess: () => {
      message.success(t('billing.saved'));
      void client.invalidateQueries({ queryKey: ['billing', 'invoices'] });
    },
    onError: (error) => handleError(error),
  });
  return (
    <>
      <PageHeader title={t('nav.invoices')} extra={<Button onClick={() => void downloadFile(billingApi.invoicesExportUrl, '发票.xlsx')}>{t('billing.export')}</Button>} />
      <Table<Invoice>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('billing.workOrder'), dataIndex: 'workOrderNumber' },
          { title: t('billing.invoiceType'), dataIndex: 'type', render: (type: Invoice['type']) => INVOICE_TYPE_LABELS[type][lang(locale)] },
          { title: t('billing.title'), dataIndex: 'title' },
          { title: t('billing.taxId'), dataIndex: 'taxId' },
          { title: t('billing.amount'), dataIndex: 'amountFen', render: yuan },
          { title: t('billing.number'), dataIndex: 'number' },
          { title: t('billing.issuedOn'), dataIndex: 'issuedOn' },
          { title: '', render: (_: unknown, row) => (row.status === 'requested' ? <Button size="small" type="primary" loading={issue.isPending} onClick={() => issue.mutate(row)}>{t('billing.issue')}</Button> : <Tag color="green">{row.number}</Tag>) },
        ]}
      />
    </>
  );
}

// ---------------------------------------------------------------- 结算单

function StatementDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const client = useQueryClient();
  const key = ['billing', 'statement', id];
  const query = useQuery({ queryKey: key, queryFn: () => billingApi.statement(id) });
  const statement = query.data;
  const after = () => {
    message.success(t('billing.saved'));
    void client.invalidateQueries({ queryKey: ['billing'] });
  };
  const decideLine = useMutation({ mutationFn: (input: { lineId: string; state: 'confirmed' | 'disputed'; reason?: string }) => billingApi.decideLine(id, input.lineId, { state: input.state, reason: input.reason, version: statement!.version }), onSuccess: after, onError: (error) => handleError(error) });
  const resolve = useMutation({ mutationFn: (input: { lineId: string; correctionFen: number; reason: string }) => billingApi.resolveLine(id, input.lineId, { ...input, version: statement!.version }), onSuccess: after, onError: (error) => handleError(error) });
  const approve = useMutation({ mutationFn: () => billingApi.approveStatement(id, statement!.version), onSuccess: after, onError: (error) => handleError(error) });
  const mayConfirm = canAccess(me, 'settlement.confirm');
  const mayManage = canAccess(me, 'settlement.manage');
  const locked = statement?.status === 'approved';
  const ask = (title: string, onOk: (text: string) => void) => {
    let text = '';
    Modal.confirm({ title, content: <Input.TextArea rows={2} onChange={(event) => (text = event.target.value)} />, onOk: () => onOk(text) });
  };
  return (
    <Drawer open width={980} onClose={onClose} title={statement ? `${statement.partyName} · ${statement.period}` : ''} extra={
      <Space>
        <Button onClick={() => void downloadFile(billingApi.statementExportUrl(id), `结算单-${statement?.period ?? ''}.xlsx`)}>{t('billing.export')}</Button>
        {mayManage && !locked ? <Button type="primary" loading={approve.isPending} onClick={() => approve.mutate()}>{t('billing.approveStatement')}</Button> : null}
      </Space>
    }>
      {statement ? (
        <>
          <Space size={24} style={{ marginBottom: 12 }} wrap>
            <span>{t('billing.orders')}：{statement.orderCount}</span>
            <span>{t('billing.ordersFen')}：{yuan(statement.ordersFen)}</span>
            <span>{t('billing.extrasFen')}：{yuan(statement.extrasFen)}</span>
            <span>{t('billing.deductionsFen')}：{yuan(statement.deductionsFen)}</span>
            <b>{t('billing.totalFen')}：{yuan(statement.totalFen)}</b>
            <Tag color={locked ? 'green' : 'default'}>{locked ? t('billing.approvedLocked') : t('billing.draft')}</Tag>
          </Space>
          <Table
            rowKey="id"
            size="small"
            dataSource={statement.lines ?? []}
            pagination={{ pageSize: 50 }}
            columns={[
              { title: t('billing.kind'), render: (_: unknown, line) => (line.kind === 'order' ? t('billing.ordersFen') : line.kind === 'correction' ? t('billing.correction') : DEDUCTION_TYPE_LABELS[line.deductionType ?? 'other'][lang(locale)]) },
              { title: t('billing.workOrder'), dataIndex: 'workOrderNumber' },
              { title: t('billing.name'), dataIndex: 'description' },
              { title: t('billing.extrasFen'), render: (_: unknown, line) => (line.extraKinds.length ? `${yuan(line.extrasFen)}（${line.extraKinds.map((kind) => EXTRA_KIND_LABELS[kind][lang(locale)]).join('、')}）` : '') },
              { title: t('billing.amount'), dataIndex: 'amountFen', align: 'right', render: yuan },
              { title: t('billing.state'), render: (_: unknown, line) => (line.state === 'disputed' ? <Tag color="red">{t('billing.lineDispute')}：{line.disputeReason}</Tag> : line.state === 'confirmed' ? <Tag color="green">{t('billing.lineConfirm')}</Tag> : null) },
              {
                title: '',
                render: (_: unknown, line) =>
                  locked ? null : (
                    <Space size={4}>
                      {mayConfirm && line.state !== 'confirmed' ? <Button size="small" onClick={() => decideLine.mutate({ lineId: line.id, state: 'confirmed' })}>{t('billing.lineConfirm')}</Button> : null}
                      {mayConfirm && line.state !== 'disputed' ? <Button size="small" danger onClick={() => ask(t('billing.lineDispute'), (reason) => decideLine.mutate({ lineId: line.id, state: 'disputed', reason }))}>{t('billing.lineDispute')}</Button> : null}
                      {mayManage && line.state === 'disputed' ? <Button size="small" onClick={() => ask(`${t('billing.resolve')}（${t('billing.correction')}；${t('billing.reason')}）例：25 减半`, (text) => { const [amount, ...reason] = text.trim().split(/\s+/); resolve.mutate({ lineId: line.id, correctionFen: Math.round(Number(amount) * 100) || 0, reason: reason.join(' ') || '处理异议' }); })}>{t('billing.resolve')}</Button> : null}
                    </Space>
                  ),
              },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}

export function StatementsPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const client = useQueryClient();
  const [period, setPeriod] = useState(() => dayjs(`${shanghaiToday().slice(0, 7)}-01`).subtract(1, 'month').format('YYYY-MM'));
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['billing', 'statements', period], queryFn: () => billingApi.statements(period) });
  const generate = useMutation({
    mutationFn: () => billingApi.generate(period),
    onSuccess: (result) => {
      message.success(`${t('billing.generate')}：${result.statements}`);
      void client.invalidateQueries({ queryKey: ['billing', 'statements'] });
    },
    onError: (error) => handleError(error),
  });
  return (
    <>
      <PageHeader
        title={t('nav.statements')}
        extra={
          <Space>
            <DatePicker picker="month" value={dayjs(`${period}-01`)} allowClear={false} onChange={(value) => value && setPeriod(value.format('YYYY-MM'))} />
            {canAccess(me, 'settlement.manage') ? <Button type="primary" loading={generate.isPending} onClick={() => generate.mutate()}>{t('billing.generate')}</Button> : null}
          </Space>
        }
      />
      <Table<Statement>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        onRow={(row) => ({ onClick: () => setOpenId(row.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('billing.party'), render: (_: unknown, row) => <>{row.partyName} <Tag>{row.partyType === 'outlet' ? '网点' : '技师'}</Tag></> },
          { title: t('billing.orders'), dataIndex: 'orderCount' },
          { title: t('billing.ordersFen'), dataIndex: 'ordersFen', render: yuan },
          { title: t('billing.extrasFen'), dataIndex: 'extrasFen', render: yuan },
          { title: t('billing.deductionsFen'), dataIndex: 'deductionsFen', render: yuan },
          { title: t('billing.totalFen'), dataIndex: 'totalFen', render: yuan },
          { title: t('billing.state'), render: (_: unknown, row) => (row.status === 'approved' ? <Tag color="green">{t('billing.approvedLocked')}</Tag> : <Tag>{t('billing.draft')}{row.disputedLines ? ` · ${t('billing.lineDispute')} ${row.disputedLines}` : ''}</Tag>) },
        ]}
      />
      {openId ? <StatementDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
