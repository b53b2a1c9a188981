/**
 * 奖惩台账 (issue 14): the rewards and penalties ledger. Tab 奖惩记录: entries (scoped by the
 * server: own, outlet, all) with filters; managers (quality.ledger.decide) approve, change with a
 * reason or reject a proposed entry — never their own; a person's appeal is shown with the
 * entry. 手工提出 with quality.ledger.propose. Tab 奖惩规则: the rule catalogue (code, kind,
 * amount and/or points, trigger, repeat window and multiplier), edited with quality.rules.manage.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LEDGER_KINDS, LEDGER_KIND_LABELS, LEDGER_STATUSES, LEDGER_STATUS_LABELS, LEDGER_TRIGGERS, LEDGER_TRIGGER_LABELS } from '../../../../contracts/quality';
import { canAccess } from '../../access';
import { api } from '../../api/endpoints';
import { qualityApi, type DecideBody, type LedgerEntryView, type LedgerFilters, type LedgerKind, type LedgerStatus, type LedgerTrigger, type RuleBody, type RuleView } from '../../api/quality';
import { useMe } from '../../auth/AuthContext';
import { formatFen, fenToYuan, yuanToFen } from '../../components/archive/money';
import { DateTime } from '../../components/DateTime';
import { FormDrawer, useFormSave } from '../../components/FormDrawer';
import { editColumn, FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { LEDGER_STATUS_COLORS, pick, ReasonModal } from './labels';

type DecideForm = { action: DecideBody['action']; amountYuan?: string; points?: number | null; reason?: string };

/** The decision form as the API body: the changed amount in fen only for 调整, the version read. */
export function decideBody(values: DecideForm, entry: Pick<LedgerEntryView, 'version'>): DecideBody {
  const reason = values.reason?.trim() || null;
  if (values.action !== 'change') return { action: values.action, reason, version: entry.version };
  const amountFen = values.amountYuan ? (yuanToFen(values.amountYuan) ?? undefined) : undefined;
  return { action: 'change', reason, version: entry.version, ...(amountFen !== undefined ? { amountFen } : {}), ...(values.points != null ? { points: values.points } : {}) };
}

const yuanRule = (message: string) => ({ validator: (_: unknown, value: string | undefined) => (!value || yuanToFen(value) !== null ? Promise.resolve() : Promise.reject(new Error(message))) });

function DecideModal({ entry, action, onClose }: { entry: LedgerEntryView | null; action: DecideBody['action']; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DecideForm>();
  const chosen = Form.useWatch('action', form) ?? action;
  const { saving, save } = useFormSave<LedgerEntryView>(
    form,
    () => {
      void queryClient.invalidateQueries({ queryKey: ['quality-ledger'] });
      onClose();
    },
    t('quality.ledger.decided'),
  );
  const actionLabel = t(`quality.ledger.${chosen}`);
  return (
    <Modal
      open={entry !== null}
      title={entry ? t('quality.ledger.decideTitle', { action: actionLabel, person: entry.personName ?? '', rule: entry.ruleName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, danger: chosen === 'reject', ...({ 'data-testid': 'decide-ok' } as object) }}
      destroyOnHidden
    >
      {entry ? (
        <Form<DecideForm>
          form={form}
          layout="vertical"
          initialValues={{ action, amountYuan: String(fenToYuan(entry.amountFen)), points: entry.points }}
          onFinish={(values) => void save(() => qualityApi.decide(entry.id, decideBody(values, entry)))}
        >
          <Form.Item name="action">
            <Radio.Group optionType="button" options={(['approve', 'change', 'reject'] as const).map((value) => ({ value, label: t(`quality.ledger.${value}`) }))} />
          </Form.Item>
          <Typography.Paragraph>
            {formatFen(entry.amountFen)}
            {entry.points ? ` · ${entry.points}` : ''}
            {entry.multiplier > 1 ? ` · ${t('quality.ledger.multiplier', { n: entry.multiplier, base: formatFen(entry.baseAmountFen) })}` : ''} — {entry.reason}
          </Typography.Paragraph>
          {entry.appealText ? <Typography.Paragraph type="warning">{`${t('quality.ledger.appeal')}：${entry.appealText}`}</Typography.Paragraph> : null}
          {chosen === 'change' ? (
            <Space>
              <Form.Item name="amountYuan" label={t('quality.rule.amountYuan')} rules={[yuanRule(t('quality.yuanInvalid'))]}>
                <Input style={{ width: 160 }} data-testid="decide-amount" />
              </Form.Item>
              <Form.Item name="points" label={t('quality.rule.points')}>
                <InputNumber min={0} precision={0} style={{ width: 120 }} />
              </Form.Item>
            </Space>
          ) : null}
          <Form.Item name="reason" label={t('quality.ledger.decisionReason')} rules={chosen === 'approve' ? [] : [{ required: true, whitespace: true, message: t('quality.required') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="decide-reason" />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

type ProposeForm = { ruleCode: string; userId: string; reason: string };

function ProposeModal({ open, rules, onClose }: { open: boolean; rules: RuleView[]; onClose: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProposeForm>();
  const [q, setQ] = useState('');
  const users = useQuery({ queryKey: ['users', 'pick', q], queryFn: () => api.users.list({ q: q || undefined, page: 1, pageSize: 50 }), enabled: open && canAccess(me, 'users.read') });
  const { saving, save } = useFormSave(
    form,
    () => {
      void queryClient.invalidateQueries({ queryKey: ['quality-ledger'] });
      onClose();
    },
    t('quality.ledger.proposed'),
  );
  return (
    <Modal open={open} title={t('quality.ledger.proposeTitle')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: saving }} destroyOnHidden afterClose={() => form.resetFields()}>
      <Form<ProposeForm> form={form} layout="vertical" onFinish={(values) => void save(() => qualityApi.propose({ ruleCode: values.ruleCode, userId: values.userId.trim(), reason: values.reason.trim() }))}>
        <Form.Item name="ruleCode" label={t('quality.ledger.rule')} rules={[{ required: true, message: t('quality.required') }]}>
          <Select options={rules.filter((rule) => rule.isActive).map((rule) => ({ value: rule.code, label: `${rule.name}（${rule.code}）` }))} />
        </Form.Item>
        <Form.Item name="userId" label={t('quality.ledger.userId')} rules={[{ required: true, whitespace: true, message: t('quality.required') }]}>
          {canAccess(me, 'users.read') ? (
            <Select showSearch={{ filterOption: false, onSearch: setQ }} options={(users.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.displayName}（${user.username}）` }))} />
          ) : (
            <Input placeholder="UUID" />
          )}
        </Form.Item>
        <Form.Item name="reason" label={t('quality.ledger.reason')} rules={[{ required: true, whitespace: true, message: t('quality.required') }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EntriesTab({ rules }: { rules: RuleView[] }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const canDecide = canAccess(me, 'quality.ledger.decide');
  const canPropose = canAccess(me, 'quality.ledger.propose');
  const [form] = Form.useForm<LedgerFilters>();
  const { query, setFilters, pagination, items } = usePagedQuery<LedgerEntryView, LedgerFilters>('quality-ledger', qualityApi.ledger, {});
  const [deciding, setDeciding] = useState<{ entry: LedgerEntryView; action: DecideBody['action'] } | null>(null);
  const [proposing, setProposing] = useState(false);
  const [appealing, setAppealing] = useState<LedgerEntryView | null>(null);
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();

  const columns: TableColumnsType<LedgerEntryView> = [
    { title: t('quality.ledger.person'), key: 'person', render: (_, row) => [row.personName, row.outletName].filter(Boolean).join(' · ') || '—' },
    {
      title: t('quality.ledger.rule'),
      key: 'rule',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.ruleName}</span>
          <Typography.Text type="secondary">{pick(LEDGER_TRIGGER_LABELS[row.trigger], locale)}</Typography.Text>
        </Space>
      ),
    },
    { title: t('quality.ledger.kind'), dataIndex: 'kind', key: 'kind', render: (value: LedgerKind) => <Tag color={value === 'penalty' ? 'red' : 'green'}>{pick(LEDGER_KIND_LABELS[value], locale)}</Tag> },
    {
      title: t('quality.ledger.amount'),
      key: 'amount',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <span>{formatFen(row.amountFen)}</span>
          {row.multiplier > 1 ? <Typography.Text type="warning">{t('quality.ledger.multiplier', { n: row.multiplier, base: formatFen(row.baseAmountFen) })}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('quality.ledger.points'), dataIndex: 'points', key: 'points' },
    { title: t('quality.ledger.reason'), dataIndex: 'reason', key: 'reason', ellipsis: true },
    { title: t('quality.ledger.status'), dataIndex: 'status', key: 'status', render: (value: LedgerStatus) => <Tag color={LEDGER_STATUS_COLORS[value]}>{pick(LEDGER_STATUS_LABELS[value], locale)}</Tag> },
    { title: t('quality.ledger.appeal'), dataIndex: 'appealText', key: 'appeal', render: (value: string | null) => (value ? <Typography.Text type="warning">{value}</Typography.Text> : '—') },
    { title: t('quality.ledger.decision'), key: 'decision', render: (_, row) => (row.decidedAt ? [row.decidedBy, row.decisionReason].filter(Boolean).join('：') || '—' : '—') },
    { title: t('quality.ledger.proposedAt'), dataIndex: 'proposedAt', key: 'proposedAt', render: (value: string) => <DateTime value={value} /> },
    {
      title: '',
      key: 'own',
      render: (_: unknown, row: LedgerEntryView) =>
        row.userId === me.id && row.status === 'proposed' && !row.appealText ? (
          <Button type="link" size="small" onClick={() => setAppealing(row)} data-testid="ledger-appeal">
            {t('m.ledger.appeal')}
          </Button>
        ) : null,
    },
    ...(canDecide
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: LedgerEntryView) =>
              row.status === 'proposed' && row.userId !== me.id ? (
                <Space size={0}>
                  {(['approve', 'change', 'reject'] as const).map((action) => (
                    <Button key={action} type="link" size="small" danger={action === 'reject'} onClick={() => setDeciding({ entry: row, action })} data-testid={`ledger-${action}`}>
                      {t(`quality.ledger.${action}`)}
                    </Button>
                  ))}
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <SearchForm form={form} name="ledger-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})} create={canPropose ? { label: t('quality.ledger.propose'), onClick: () => setProposing(true) } : null}>
        <FilterSelect name="status" placeholder={t('quality.ledger.status')} width={120} options={LEDGER_STATUSES.map((status) => ({ value: status, label: pick(LEDGER_STATUS_LABELS[status], locale) }))} />
        <FilterSelect name="kind" placeholder={t('quality.ledger.kind')} width={110} options={LEDGER_KINDS.map((kind) => ({ value: kind, label: pick(LEDGER_KIND_LABELS[kind], locale) }))} />
        <FilterSelect
          name="isAppealed"
          placeholder={t('quality.ledger.appeal')}
          width={120}
          options={[
            { value: 'true', label: t('quality.ledger.appealed') },
            { value: 'false', label: t('quality.ledger.notAppealed') },
          ]}
        />
      </SearchForm>
      <ListTable<LedgerEntryView> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      <DecideModal key={deciding ? `${deciding.entry.id}-${deciding.action}` : 'none'} entry={deciding?.entry ?? null} action={deciding?.action ?? 'approve'} onClose={() => setDeciding(null)} />
      <ReasonModal
        open={appealing !== null}
        okDanger={false}
        title={t('m.ledger.appealTitle')}
        label={t('m.ledger.appealPlaceholder')}
        onCancel={() => setAppealing(null)}
        onSubmit={async (text, reasonForm) => {
          if (!appealing) return;
          try {
            await qualityApi.appeal(appealing.id, text);
            void message.success(t('m.ledger.appealDone'));
            setAppealing(null);
            void queryClient.invalidateQueries({ queryKey: ['quality-ledger'] });
          } catch (error) {
            handleError(error, reasonForm);
          }
        }}
      />
      {canPropose ? <ProposeModal open={proposing} rules={rules} onClose={() => setProposing(false)} /> : null}
    </>
  );
}

type RuleForm = { code: string; name: string; kind: LedgerKind; trigger: LedgerTrigger; amountYuan?: string; points?: number | null; repeatWindowDays: number; repeatMultiplier: number; isActive: boolean };

/** The rule form as the API body (amount typed in yuan, kept in fen). */
export function ruleBody(values: RuleForm): RuleBody {
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    kind: values.kind,
    trigger: values.trigger,
    amountFen: values.amountYuan ? (yuanToFen(values.amountYuan) ?? 0) : 0,
    points: values.points ?? 0,
    repeatWindowDays: values.repeatWindowDays,
    repeatMultiplier: values.repeatMultiplier,
    isActive: values.isActive,
  };
}

function RulesTab({ rules, loading }: { rules: RuleView[]; loading: boolean }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const canManage = canAccess(me, 'quality.rules.manage');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RuleForm>();
  const [drawer, setDrawer] = useState<{ open: boolean; editing: RuleView | null }>({ open: false, editing: null });
  const close = () => setDrawer({ open: false, editing: null });
  const { saving, save } = useFormSave<RuleView>(
    form,
    () => {
      void queryClient.invalidateQueries({ queryKey: ['quality', 'rules'] });
      close();
    },
    undefined,
    // the amount is typed in yuan: the server's amountFen error goes under that field
    (error) => {
      const typed = error as { details?: { path: (string | number)[] }[] };
      typed.details?.forEach((detail) => {
        if (detail.path[detail.path.length - 1] === 'amountFen') detail.path = ['amountYuan'];
      });
      return error;
    },
  );
  const editing = drawer.editing;
  const initial: RuleForm = editing
    ? { code: editing.code, name: editing.name, kind: editing.kind, trigger: editing.trigger, amountYuan: editing.amountFen ? String(fenToYuan(editing.amountFen)) : '', points: editing.points, repeatWindowDays: editing.repeatWindowDays, repeatMultiplier: editing.repeatMultiplier, isActive: editing.isActive }
    : { code: '', name: '', kind: 'penalty', trigger: 'repeat_repair', amountYuan: '', points: 0, repeatWindowDays: 90, repeatMultiplier: 2, isActive: true };

  // One form instance for create and every edit: load the values each time the drawer opens.
  useEffect(() => {
    if (!drawer.open) return;
    form.resetFields();
    form.setFieldsValue(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `initial` follows `drawer.editing`
  }, [drawer.open, drawer.editing, form]);

  const columns: TableColumnsType<RuleView> = [
    { title: t('quality.rule.code'), dataIndex: 'code', key: 'code' },
    { title: t('quality.rule.name'), dataIndex: 'name', key: 'name' },
    { title: t('quality.ledger.kind'), dataIndex: 'kind', key: 'kind', render: (value: LedgerKind) => <Tag color={value === 'penalty' ? 'red' : 'green'}>{pick(LEDGER_KIND_LABELS[value], locale)}</Tag> },
    { title: t('quality.rule.trigger'), dataIndex: 'trigger', key: 'trigger', render: (value: LedgerTrigger) => pick(LEDGER_TRIGGER_LABELS[value], locale) },
    { title: t('quality.ledger.amount'), dataIndex: 'amountFen', key: 'amount', render: (value: number) => formatFen(value) },
    { title: t('quality.ledger.points'), dataIndex: 'points', key: 'points' },
    { title: t('quality.rule.multiplier'), key: 'repeat', render: (_, row) => t('quality.rule.repeat', { days: row.repeatWindowDays, n: row.repeatMultiplier }) },
    { title: t('common.status'), dataIndex: 'isActive', key: 'isActive', render: (value: boolean) => <Tag color={value ? 'green' : 'default'}>{t(value ? 'quality.checklist.active' : 'quality.checklist.inactive')}</Tag> },
    ...(canManage ? [editColumn<RuleView>(t, (row) => setDrawer({ open: true, editing: row }))] : []),
  ];

  return (
    <>
      {canManage ? (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => setDrawer({ open: true, editing: null })} data-testid="rule-create">
          {t('quality.rules.create')}
        </Button>
      ) : null}
      <Table<RuleView> rowKey="id" size="middle" scroll={{ x: 'max-content' }} columns={columns} dataSource={rules} loading={loading} pagination={false} />
      {canManage ? (
        <FormDrawer open={drawer.open} title={t(editing ? 'quality.rules.edit' : 'quality.rules.create')} size={520} form={form} saving={saving} onClose={close} saveTestId="rule-save">
          <Form<RuleForm>
            form={form}
            layout="vertical"
            initialValues={initial}
            onFinish={(values) => {
              const body = ruleBody(values);
              void save(() =>
                editing
                  ? qualityApi.updateRule(editing.id, { name: body.name, amountFen: body.amountFen, points: body.points, repeatWindowDays: body.repeatWindowDays, repeatMultiplier: body.repeatMultiplier, isActive: body.isActive })
                  : qualityApi.createRule(body),
              );
            }}
          >
            <Form.Item name="code" label={t('quality.rule.code')} rules={[{ required: true, pattern: /^[a-z0-9_]+$/, message: 'a-z 0-9 _' }]}>
              <Input maxLength={40} disabled={!!editing} data-testid="rule-code" />
            </Form.Item>
            <Form.Item name="name" label={t('quality.rule.name')} rules={[{ required: true, whitespace: true, message: t('quality.required') }]}>
              <Input maxLength={100} data-testid="rule-name" />
            </Form.Item>
            <Space wrap>
              <Form.Item name="kind" label={t('quality.ledger.kind')}>
                <Radio.Group disabled={!!editing} optionType="button" options={LEDGER_KINDS.map((kind) => ({ value: kind, label: pick(LEDGER_KIND_LABELS[kind], locale) }))} />
              </Form.Item>
              <Form.Item name="trigger" label={t('quality.rule.trigger')}>
                <Select disabled={!!editing} style={{ width: 220 }} options={LEDGER_TRIGGERS.map((trigger) => ({ value: trigger, label: pick(LEDGER_TRIGGER_LABELS[trigger], locale) }))} />
              </Form.Item>
            </Space>
            <Space wrap>
              <Form.Item name="amountYuan" label={t('quality.rule.amountYuan')} rules={[yuanRule(t('quality.yuanInvalid'))]}>
                <Input style={{ width: 140 }} data-testid="rule-amount" />
              </Form.Item>
              <Form.Item name="points" label={t('quality.rule.points')}>
                <InputNumber min={0} precision={0} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name="repeatWindowDays" label={t('quality.rule.window')}>
                <InputNumber min={1} max={730} precision={0} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name="repeatMultiplier" label={t('quality.rule.multiplier')}>
                <InputNumber min={1} max={10} precision={0} style={{ width: 110 }} />
              </Form.Item>
            </Space>
            <Form.Item name="isActive" label={t('quality.rule.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Form>
        </FormDrawer>
      ) : null}
    </>
  );
}

export function QualityLedgerPage() {
  const { t } = useI18n();
  const rules = useQuery({ queryKey: ['quality', 'rules'], queryFn: qualityApi.rules });
  const ruleItems = rules.data?.items ?? [];
  return (
    <Card>
      <PageHeader title={t('quality.ledger.title')} />
      <Tabs
        items={[
          { key: 'entries', label: t('quality.ledger.entries'), children: <EntriesTab rules={ruleItems} /> },
          { key: 'rules', label: t('quality.ledger.rules'), children: <RulesTab rules={ruleItems} loading={rules.isFetching} /> },
        ]}
      />
    </Card>
  );
}
