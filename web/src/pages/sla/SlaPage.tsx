import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, TimePicker, Typography } from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { TICKET_TYPES, URGENCIES } from '../../../../contracts/tickets';
import { canAccess } from '../../access';
import { slaApi, type SlaPolicy, type SlaPolicyBody } from '../../api/tickets';
import { useMe } from '../../auth/AuthContext';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { PageHeader } from '../../components/PageHeader';
import { typeLabel, urgencyKey } from '../../components/tickets/labels';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';
import { TIME_ZONE } from '../../time';
import { CalendarMonthGrid } from './CalendarMonthGrid';


function kindLabel(kind: string, t: (key: MessageKey) => string): string {
  return ['holiday', 'makeup_workday', 'workday', 'normal', 'unknown'].includes(kind) ? t(`slaPage.kind.${kind}` as MessageKey) : kind;
}

function CalendarTab({ canManage }: { canManage: boolean }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(() => Number(dayjs().tz(TIME_ZONE).format('YYYY')));
  const [month, setMonth] = useState(() => Number(dayjs().tz(TIME_ZONE).format('M')));
  const calendar = useQuery({ queryKey: ['sla', 'calendar', year], queryFn: () => slaApi.calendar(year) });
  const [form] = Form.useForm<{ date: Dayjs; kind: 'holiday' | 'workday' | 'normal'; name?: string }>();
  const [busy, setBusy] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sla', 'calendar'] });
  const markKnown = async () => {
    setBusy(true);
    try {
      await slaApi.markYearKnown(year);
      void message.success(t('slaPage.marked'));
      await refresh();
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };
  const setDay = async (values: { date: Dayjs; kind: 'holiday' | 'workday' | 'normal'; name?: string }) => {
    setBusy(true);
    try {
      await slaApi.setDay(values.date.format('YYYY-MM-DD'), { kind: values.kind, name: values.name?.trim() || null });
      void message.success(t('slaPage.daySaved'));
      form.resetFields(['name']);
      await refresh();
    } catch (error) {
      handleError(error, form);
    } finally {
      setBusy(false);
    }
  };

  const shiftMonth = (delta: number) => {
    const next = dayjs(`${year}-${String(month).padStart(2, '0')}-01`).add(delta, 'month');
    setYear(next.year());
    setMonth(next.month() + 1);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('slaPage.year')}</Typography.Text>
        <DatePicker picker="year" value={dayjs(`${year}-01-01`)} allowClear={false} onChange={(value) => value && setYear(value.year())} data-testid="sla-year" />
        <Button icon={<LeftOutlined />} onClick={() => shiftMonth(-1)} aria-label={t('slaPage.prevMonth')} data-testid="sla-prev-month" />
        <Select
          style={{ width: 110 }}
          value={month}
          onChange={setMonth}
          options={Array.from({ length: 12 }, (_, index) => ({ value: index + 1, label: t('slaPage.monthName', { month: index + 1 }) }))}
          data-testid="sla-month"
        />
        <Button icon={<RightOutlined />} onClick={() => shiftMonth(1)} aria-label={t('slaPage.nextMonth')} data-testid="sla-next-month" />
      </Space>
      {calendar.error ? <LoadFailure error={calendar.error} retry={() => void calendar.refetch()} /> : null}
      {calendar.data && !calendar.data.isKnown ? (
        <Alert
          type="warning"
          showIcon
          title={t('slaPage.unknownYear')}
          data-testid="sla-unknown-year"
          action={
            canManage ? (
              <Button size="small" loading={busy} onClick={() => void markKnown()} data-testid="sla-mark-known">
                {t('slaPage.markKnown')}
              </Button>
            ) : null
          }
        />
      ) : calendar.data ? (
        <Alert type="success" showIcon title={t('slaPage.knownYear')} />
      ) : null}
      {canManage ? (
        <Card size="small" title={t('slaPage.setDay')}>
          <Form form={form} layout="inline" name="sla-day" onFinish={(values) => void setDay(values)} initialValues={{ kind: 'holiday' }} style={{ rowGap: 8 }}>
            <Form.Item name="date" rules={[{ required: true }]}>
              <DatePicker placeholder={t('slaPage.date')} />
            </Form.Item>
            <Form.Item name="kind" rules={[{ required: true }]}>
              <Select style={{ width: 140 }} options={(['holiday', 'workday', 'normal'] as const).map((value) => ({ value, label: kindLabel(value, t) }))} />
            </Form.Item>
            <Form.Item name="name" rules={[{ max: 30 }]}>
              <Input placeholder={t('slaPage.name')} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('common.save')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      ) : null}
      {calendar.data ? <CalendarMonthGrid year={year} month={month} calendar={calendar.data} /> : null}
    </Space>
  );
}

type PolicyForm = Omit<SlaPolicyBody, 'responseHours'> & { responseHours: [Dayjs, Dayjs] };

function PoliciesTab({ canManage }: { canManage: boolean }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const policies = useQuery({ queryKey: ['sla', 'policies'], queryFn: () => slaApi.policies() });
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<PolicyForm>();
  const any = t('slaPage.policy.any');

  const open = (policy: SlaPolicy | 'new') => {
    const base = policy === 'new' ? null : policy;
    form.resetFields();
    form.setFieldsValue({
      name: base?.name ?? '',
      ticketType: base?.ticketType ?? null,
      urgency: base?.urgency ?? null,
      customerClass: base?.customerClass ?? null,
      priority: base?.priority ?? 10,
      responseMinutes: base?.responseMinutes ?? 120,
      responseHours: [dayjs(`2000-01-01 ${base?.responseHours.start ?? '09:00'}`), dayjs(`2000-01-01 ${base?.responseHours.end === '24:00' ? '23:59' : (base?.responseHours.end ?? '22:00')}`)],
      onsiteWorkingDays: base?.onsiteWorkingDays ?? null,
      resolutionWorkingDays: base?.resolutionWorkingDays ?? null,
      isActive: base?.isActive ?? true,
    });
    setEditing(policy);
  };

  const save = async (values: PolicyForm) => {
    const body: SlaPolicyBody = {
      ...values,
      name: values.name.trim(),
      ticketType: values.ticketType ?? null,
      urgency: values.urgency ?? null,
      customerClass: values.customerClass ?? null,
      onsiteWorkingDays: values.onsiteWorkingDays ?? null,
      resolutionWorkingDays: values.resolutionWorkingDays ?? null,
      responseHours: { start: values.responseHours[0].format('HH:mm'), end: values.responseHours[1].format('HH:mm') === '23:59' ? '24:00' : values.responseHours[1].format('HH:mm') },
    };
    setBusy(true);
    try {
      if (editing === 'new') await slaApi.createPolicy(body);
      else if (editing) await slaApi.updatePolicy(editing.id, body);
      void message.success(t('slaPage.policy.saved'));
      setEditing(null);
      await queryClient.invalidateQueries({ queryKey: ['sla', 'policies'] });
    } catch (error) {
      handleError(error, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {canManage ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="sla-policy-new">
          {t('slaPage.policy.create')}
        </Button>
      ) : null}
      {policies.error ? <LoadFailure error={policies.error} retry={() => void policies.refetch()} /> : null}
      <Table<SlaPolicy>
        rowKey="id"
        size="small"
        loading={policies.isFetching}
        dataSource={policies.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('slaPage.policy.name'), dataIndex: 'name', key: 'name' },
          { title: t('slaPage.policy.ticketType'), key: 'ticketType', render: (_, row) => (row.ticketType ? typeLabel(row.ticketType, locale) : any) },
          { title: t('slaPage.policy.urgency'), key: 'urgency', render: (_, row) => (row.urgency ? t(urgencyKey(row.urgency)) : any) },
          { title: t('slaPage.policy.customerClass'), key: 'customerClass', render: (_, row) => (row.customerClass ? t(`slaPage.policy.${row.customerClass}` as MessageKey) : any) },
          { title: t('slaPage.policy.priority'), dataIndex: 'priority', key: 'priority' },
          { title: t('slaPage.policy.responseMinutes'), dataIndex: 'responseMinutes', key: 'responseMinutes' },
          { title: t('slaPage.policy.responseHours'), key: 'responseHours', render: (_, row) => `${row.responseHours.start}–${row.responseHours.end}` },
          { title: t('slaPage.policy.onsiteWorkingDays'), key: 'onsite', render: (_, row) => row.onsiteWorkingDays ?? '—' },
          { title: t('slaPage.policy.resolutionWorkingDays'), key: 'resolution', render: (_, row) => row.resolutionWorkingDays ?? '—' },
          { title: t('slaPage.policy.isActive'), key: 'isActive', render: (_, row) => (row.isActive ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>) },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: SlaPolicy) => (
                    <Button size="small" type="link" onClick={() => open(row)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Drawer
        open={editing !== null}
        title={editing === 'new' ? t('slaPage.policy.create') : t('slaPage.policy.edit')}
        onClose={() => setEditing(null)}
        forceRender
        extra={
          <Space>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              {t('common.save')}
            </Button>
          </Space>
        }
      >
        <Form form={form} layout="vertical" name="sla-policy" onFinish={(values) => void save(values)}>
          <Form.Item name="name" label={t('slaPage.policy.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="ticketType" label={t('slaPage.policy.ticketType')}>
            <Select allowClear placeholder={any} options={TICKET_TYPES.map((value) => ({ value, label: typeLabel(value, locale) }))} />
          </Form.Item>
          <Form.Item name="urgency" label={t('slaPage.policy.urgency')}>
            <Select allowClear placeholder={any} options={URGENCIES.map((value) => ({ value, label: t(urgencyKey(value)) }))} />
          </Form.Item>
          <Form.Item name="customerClass" label={t('slaPage.policy.customerClass')}>
            <Select
              allowClear
              placeholder={any}
              options={[
                { value: 'key', label: t('slaPage.policy.key') },
                { value: 'normal', label: t('slaPage.policy.normal') },
              ]}
            />
          </Form.Item>
          <Form.Item name="priority" label={t('slaPage.policy.priority')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="responseMinutes" label={t('slaPage.policy.responseMinutes')} rules={[{ required: true }]}>
            <InputNumber min={1} max={43200} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="responseHours" label={t('slaPage.policy.responseHours')} rules={[{ required: true }]}>
            <TimePicker.RangePicker format="HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="onsiteWorkingDays" label={t('slaPage.policy.onsiteWorkingDays')}>
            <InputNumber min={1} max={60} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="resolutionWorkingDays" label={t('slaPage.policy.resolutionWorkingDays')}>
            <InputNumber min={1} max={365} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="isActive" label={t('slaPage.policy.isActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Drawer>
    </Space>
  );
}

/** /sla: the working-day calendar and the SLA policies; changes only with settings.manage. */
export function SlaPage() {
  const { t } = useI18n();
  const me = useMe();
  const canManage = canAccess(me, 'settings.manage');
  return (
    <Card>
      <PageHeader title={t('nav.sla')} />
      <Tabs
        items={[
          { key: 'calendar', label: t('slaPage.calendar'), children: <CalendarTab canManage={canManage} /> },
          { key: 'policies', label: t('slaPage.policies'), children: <PoliciesTab canManage={canManage} /> },
        ]}
      />
    </Card>
  );
}
