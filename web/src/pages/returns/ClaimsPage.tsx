/**
 * 厂家索赔 (issue 12): the claim lines (one per in-warranty visit, with 资料不全 / 超期 flags and
 * 确认照片), the monthly batches per maker (生成批次, 移出批次 while a draft, 提交厂家, the
 * maker's answer per line, 登记回款, Excel), the maker rules and the recovery figures.
 */
import { useState, type ReactNode } from 'react';
import { App, Button, Card, Checkbox, Drawer, Form, Input, InputNumber, Radio, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CLAIM_BATCH_STATUS_LABELS, CLAIM_EVIDENCE, CLAIM_EVIDENCE_LABELS } from '../../../../contracts/returns';
import { claimsApi, yuan, yuanToFen, type ClaimBatch, type ClaimBatchHead, type ClaimLine, type ClaimRule } from '../../api/returns';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

function Flags({ line }: { line: ClaimLine }) {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  return (
    <Space size={4} wrap>
      {line.isIncomplete ? <Tag color="orange">{t('claims.incomplete')}：{line.missingEvidence.map((item) => CLAIM_EVIDENCE_LABELS[item][lang]).join('、')}</Tag> : null}
      {line.isLate ? <Tag color="red">{t('claims.late')}</Tag> : null}
    </Space>
  );
}

function useLineColumns(extra?: (line: ClaimLine) => ReactNode): TableColumnsType<ClaimLine> {
  const { t } = useI18n();
  return [
    { title: t('claims.workOrder'), dataIndex: 'workOrderNumber', key: 'wo' },
    { title: t('claims.brand'), dataIndex: 'brand', key: 'brand' },
    { title: t('claims.finishedAt'), dataIndex: 'finishedAt', key: 'finishedAt', render: (value: string) => <DateTime value={value} /> },
    { title: t('claims.labour'), dataIndex: 'labourFen', key: 'labour', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.parts'), dataIndex: 'partsFen', key: 'parts', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.travel'), dataIndex: 'travelFen', key: 'travel', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.total'), dataIndex: 'totalFen', key: 'total', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.evidence'), key: 'flags', render: (_, line) => <Flags line={line} /> },
    { title: t('claims.status'), dataIndex: 'status', key: 'status', render: (value: ClaimLine['status']) => t(`claims.line.${value}`) },
    ...(extra ? [{ title: t('common.actions'), key: 'actions', render: (_: unknown, line: ClaimLine) => extra(line) }] : []),
  ];
}

function LinesTab() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [batchForm] = Form.useForm<{ brand: string; month: string }>();
  const lines = useQuery({ queryKey: ['claim-lines'], queryFn: () => claimsApi.lines({ page: 1, pageSize: 100 }) });
  const canManage = canAccess(me, 'claims.manage');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['claim-lines'] });
  const photos = useMutation({ mutationFn: (line: ClaimLine) => claimsApi.setEvidence(line.id, true), onSuccess: refresh, onError: (error) => handleError(error) });
  const create = useMutation({
    mutationFn: claimsApi.createBatch,
    onSuccess: (batch) => {
      void message.success(`${t('claims.saved')} ${batch.number}`);
      refresh();
      void queryClient.invalidateQueries({ queryKey: ['claim-batches'] });
    },
    onError: (error) => handleError(error, batchForm),
  });
  const columns = useLineColumns(canManage ? (line) => (line.evidence.photos || line.status !== 'draft' ? null : <Button size="small" onClick={() => photos.mutate(line)}>{t('claims.confirmPhotos')}</Button>) : undefined);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canManage ? (
        <Form form={batchForm} layout="inline" onFinish={(values) => create.mutate(values)}>
          <Form.Item name="brand" label={t('claims.brand')} rules={[{ required: true }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="month" label={t('claims.month')} rules={[{ required: true, pattern: /^\d{4}-\d{2}$/ }]}>
            <Input style={{ width: 120 }} placeholder="2026-11" />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={create.isPending}>{t('claims.newBatch')}</Button>
        </Form>
      ) : null}
      <Table rowKey="id" size="small" columns={columns} dataSource={lines.data?.items ?? []} loading={lines.isFetching} pagination={false} />
    </Space>
  );
}

function BatchDetail({ batch, onChanged }: { batch: ClaimBatch; onChanged: (next: ClaimBatch) => void }) {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  const me = useMe();
  const handleError = useApiError();
  const canManage = canAccess(me, 'claims.manage');
  const [answers, setAnswers] = useState<Record<string, { accepted: string; reason: string }>>({});
  const [paid, setPaid] = useState('');
  const run = (promise: () => Promise<ClaimBatch>) => promise().then(onChanged, (error: unknown) => handleError(error));
  const remove = (line: ClaimLine) => run(() => claimsApi.removeLine(batch.id, line.id, batch.version));
  const answerOf = (line: ClaimLine) => answers[line.id] ?? { accepted: (line.totalFen / 100).toFixed(2), reason: '' };
  const decideBody = () => ({
    version: batch.version,
    lines: batch.lines.map((line) => {
      const answer = answerOf(line);
      return { lineId: line.id, acceptedFen: yuanToFen(answer.accepted) ?? -1, ...(answer.reason.trim() ? { reason: answer.reason.trim() } : {}) };
    }),
  });
  const columns = useLineColumns(
    !canManage
      ? undefined
      : batch.status === 'draft'
        ? (line) => <Button size="small" onClick={() => void remove(line)}>{t('claims.remove')}</Button>
        : batch.status === 'submitted'
          ? (line) => (
              <Space>
                <Input aria-label={t('claims.acceptedFen')} style={{ width: 90 }} value={answerOf(line).accepted} onChange={(event) => setAnswers({ ...answers, [line.id]: { ...answerOf(line), accepted: event.target.value } })} />
                <Input aria-label={t('claims.reason')} placeholder={t('claims.reason')} style={{ width: 140 }} value={answerOf(line).reason} onChange={(event) => setAnswers({ ...answers, [line.id]: { ...answerOf(line), reason: event.target.value } })} />
              </Space>
            )
          : (line) => (line.acceptedFen === null ? null : `${yuan(line.acceptedFen)}${line.rejectReason ? `（${line.rejectReason}）` : ''}`),
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Tag>{CLAIM_BATCH_STATUS_LABELS[batch.status][lang]}</Tag>
        <span>{t('claims.claimed')} {yuan(batch.claimedFen)}</span>
        <span>{t('claims.accepted')} {yuan(batch.acceptedFen)}</span>
        <span>{t('claims.paid')} {yuan(batch.paidFen)}</span>
        <a href={claimsApi.exportUrl(batch.id)}>{t('claims.export')}</a>
      </Space>
      <Table rowKey="id" size="small" columns={columns} dataSource={batch.lines} pagination={false} scroll={{ x: true }} />
      {canManage && batch.status === 'draft' ? <Button type="primary" onClick={() => void run(() => claimsApi.submit(batch.id, batch.version))}>{t('claims.submit')}</Button> : null}
      {canManage && batch.status === 'submitted' ? <Button type="primary" onClick={() => void run(() => claimsApi.decide(batch.id, decideBody()))}>{t('claims.decide')}</Button> : null}
      {canManage && (batch.status === 'accepted' || batch.status === 'partly_accepted') ? (
        <Space>
          <Input aria-label={t('claims.paid')} style={{ width: 120 }} placeholder={yuan(batch.acceptedFen)} value={paid} onChange={(event) => setPaid(event.target.value)} />
          <Button type="primary" onClick={() => void run(() => claimsApi.paid(batch.id, batch.version, yuanToFen(paid || (batch.acceptedFen / 100).toFixed(2)) ?? -1))}>{t('claims.markPaid')}</Button>
        </Space>
      ) : null}
    </Space>
  );
}

function BatchesTab() {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<ClaimBatch | null>(null);
  const batches = useQuery({ queryKey: ['claim-batches'], queryFn: claimsApi.batches });
  const openBatch = (head: ClaimBatchHead) => void claimsApi.batch(head.id).then(setOpen);
  const columns: TableColumnsType<ClaimBatchHead> = [
    { title: t('claims.number'), dataIndex: 'number', key: 'number', render: (value: string, row) => <a onClick={() => openBatch(row)}>{value}</a> },
    { title: t('claims.brand'), dataIndex: 'brand', key: 'brand' },
    { title: t('claims.month'), dataIndex: 'month', key: 'month' },
    { title: t('claims.status'), dataIndex: 'status', key: 'status', render: (value: ClaimBatchHead['status']) => <Tag>{CLAIM_BATCH_STATUS_LABELS[value][lang]}</Tag> },
    { title: t('claims.lineCount'), dataIndex: 'lineCount', key: 'lines' },
    { title: t('claims.claimed'), dataIndex: 'claimedFen', key: 'claimed', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.accepted'), dataIndex: 'acceptedFen', key: 'accepted', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.paid'), dataIndex: 'paidFen', key: 'paid', align: 'right', render: (value: number) => yuan(value) },
  ];
  return (
    <>
      <Table rowKey="id" size="small" columns={columns} dataSource={batches.data?.items ?? []} loading={batches.isFetching} pagination={false} />
      <Drawer open={!!open} size={1000} title={open ? `${open.number} · ${open.brand} · ${open.month}` : ''} onClose={() => setOpen(null)} destroyOnHidden>
        {open ? (
          <BatchDetail
            batch={open}
            onChanged={(next) => {
              setOpen(next);
              void queryClient.invalidateQueries({ queryKey: ['claim-batches'] });
              void queryClient.invalidateQueries({ queryKey: ['claim-lines'] });
            }}
          />
        ) : null}
      </Drawer>
    </>
  );
}

type RuleForm = { brand: string; labour: string; partsMode: 'cost' | 'fixed'; partsFixed?: string; travel?: string; windowDays: number; requiredEvidence: ClaimRule['requiredEvidence'] };

/** "repair=80, install=120" (yuan) → { repair: 8000, install: 12000 } fen; null when malformed. */
export function parseLabourRates(text: string): Record<string, number> | null {
  const rates: Record<string, number> = {};
  for (const part of text.split(/[,，;；\n]/).map((item) => item.trim()).filter(Boolean)) {
    const match = /^([a-z_]+)\s*[=:：]\s*(.+)$/.exec(part);
    const fen = match ? yuanToFen(match[2]) : null;
    if (!match || fen === null) return null;
    rates[match[1]] = fen;
  }
  return rates;
}

function RulesTab() {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RuleForm>();
  const rules = useQuery({ queryKey: ['claim-rules'], queryFn: claimsApi.rules });
  const save = useMutation({
    mutationFn: (values: RuleForm) =>
      claimsApi.saveRule({
        brand: values.brand,
        labourFenByWorkType: parseLabourRates(values.labour) ?? { invalid: -1 },
        partsMode: values.partsMode,
        partsFixedFen: yuanToFen(values.partsFixed ?? '0') ?? -1,
        travelFen: yuanToFen(values.travel ?? '0') ?? -1,
        windowDays: values.windowDays,
        requiredEvidence: values.requiredEvidence ?? [],
      }),
    onSuccess: () => {
      void message.success(t('claims.saved'));
      void queryClient.invalidateQueries({ queryKey: ['claim-rules'] });
    },
    onError: (error) => handleError(error, form),
  });
  const edit = (rule: ClaimRule) =>
    form.setFieldsValue({
      brand: rule.brand,
      labour: Object.entries(rule.labourFenByWorkType).map(([type, fen]) => `${type}=${(fen / 100).toFixed(2)}`).join(', '),
      partsMode: rule.partsMode,
      partsFixed: (rule.partsFixedFen / 100).toFixed(2),
      travel: (rule.travelFen / 100).toFixed(2),
      windowDays: rule.windowDays,
      requiredEvidence: rule.requiredEvidence,
    });
  const columns: TableColumnsType<ClaimRule> = [
    { title: t('claims.brand'), dataIndex: 'brand', key: 'brand', render: (value: string, rule) => <a onClick={() => edit(rule)}>{value}</a> },
    { title: t('claims.labourRates'), key: 'labour', render: (_, rule) => Object.entries(rule.labourFenByWorkType).map(([type, fen]) => `${type} ${yuan(fen)}`).join('；') },
    { title: t('claims.partsMode'), key: 'parts', render: (_, rule) => (rule.partsMode === 'cost' ? t('claims.partsMode.cost') : `${t('claims.partsMode.fixed')} ${yuan(rule.partsFixedFen)}`) },
    { title: t('claims.travel'), dataIndex: 'travelFen', key: 'travel', render: (value: number) => yuan(value) },
    { title: t('claims.window'), dataIndex: 'windowDays', key: 'window' },
    { title: t('claims.requiredEvidence'), key: 'evidence', render: (_, rule) => rule.requiredEvidence.map((item) => CLAIM_EVIDENCE_LABELS[item][lang]).join('、') },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table rowKey="id" size="small" columns={columns} dataSource={rules.data?.items ?? []} loading={rules.isFetching} pagination={false} />
      {canAccess(me, 'claims.manage') ? (
        <Card size="small">
          <Form form={form} layout="vertical" initialValues={{ partsMode: 'cost', windowDays: 30, requiredEvidence: ['serial'] }} onFinish={(values) => save.mutate(values)}>
            <Space wrap align="start">
              <Form.Item name="brand" label={t('claims.brand')} rules={[{ required: true }]}><Input style={{ width: 140 }} /></Form.Item>
              <Form.Item name="labour" label={t('claims.labourRates')} rules={[{ required: true, validator: (_, value: string) => (parseLabourRates(value ?? '') ? Promise.resolve() : Promise.reject(new Error('repair=80, install=120'))) }]}>
                <Input style={{ width: 240 }} placeholder="repair=80, install=120" />
              </Form.Item>
              <Form.Item name="partsMode" label={t('claims.partsMode')}>
                <Radio.Group options={[{ value: 'cost', label: t('claims.partsMode.cost') }, { value: 'fixed', label: t('claims.partsMode.fixed') }]} />
              </Form.Item>
              <Form.Item name="partsFixed" label={t('claims.partsFixed')}><Input style={{ width: 100 }} /></Form.Item>
              <Form.Item name="travel" label={t('claims.travelFen')}><Input style={{ width: 100 }} /></Form.Item>
              <Form.Item name="windowDays" label={t('claims.window')}><InputNumber min={1} max={365} /></Form.Item>
              <Form.Item name="requiredEvidence" label={t('claims.requiredEvidence')}>
                <Checkbox.Group options={CLAIM_EVIDENCE.map((item) => ({ value: item, label: CLAIM_EVIDENCE_LABELS[item][lang] }))} />
              </Form.Item>
            </Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>{t('claims.saveRule')}</Button>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}

function RecoveryTab() {
  const { t } = useI18n();
  const recovery = useQuery({ queryKey: ['claim-recovery'], queryFn: () => claimsApi.recovery() });
  type Row = NonNullable<typeof recovery.data>['items'][number];
  const columns: TableColumnsType<Row> = [
    { title: t('claims.brand'), dataIndex: 'brand', key: 'brand' },
    { title: t('claims.month'), dataIndex: 'month', key: 'month' },
    { title: t('claims.claimed'), dataIndex: 'claimedFen', key: 'claimed', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.accepted'), dataIndex: 'acceptedFen', key: 'accepted', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.paid'), dataIndex: 'paidFen', key: 'paid', align: 'right', render: (value: number) => yuan(value) },
    { title: t('claims.rejected'), dataIndex: 'rejectedFen', key: 'rejected', align: 'right', render: (value: number) => yuan(value) },
    {
      title: t('claims.rejectedByReason'),
      key: 'reasons',
      render: (_, row) => (
        <Typography.Text type="secondary">{row.rejectedByReason.map((item) => `${item.reason}（${item.count}，${yuan(item.amountFen)}）`).join('；')}</Typography.Text>
      ),
    },
  ];
  return <Table rowKey={(row) => `${row.brand}|${row.month}`} size="small" columns={columns} dataSource={recovery.data?.items ?? []} loading={recovery.isFetching} pagination={false} />;
}

export function ClaimsPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('lines');
  return (
    <>
      <PageHeader title={t('claims.title')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'lines', label: t('claims.lines'), children: <LinesTab /> },
          { key: 'batches', label: t('claims.batches'), children: <BatchesTab /> },
          { key: 'rules', label: t('claims.rules'), children: <RulesTab /> },
          { key: 'recovery', label: t('claims.recovery'), children: <RecoveryTab /> },
        ]}
      />
    </>
  );
}
