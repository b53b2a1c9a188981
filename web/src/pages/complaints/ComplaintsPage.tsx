/**
 * 投诉处理 (issue 15): the complaints list (status / type / overdue / escalated filters, due
 * times, escalation tags) with 登记投诉 for a complaint from any channel, and the figures tab
 * (by type, responsibility, outlet and month, approved compensation) with the Excel export.
 */
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, Checkbox, Col, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_SEVERITY_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_STATUSES,
  COMPLAINT_TYPE_LABELS,
  COMPLAINT_TYPES,
  RESPONSIBLE_PARTY_LABELS,
  type TComplaintSeverity,
  type TComplaintStatus,
  type TComplaintType,
  type TResponsibleParty,
} from '../../../../contracts/complaints';
import { complaintsApi, complaintsExportUrl, type Complaint, type ComplaintFilters } from '../../api/complaints';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { formatFen } from '../../components/archive/money';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { shanghaiToday } from '../../time';
import { pick } from '../quality/labels';

export const STATUS_COLORS: Record<TComplaintStatus, string> = { accepted: 'blue', investigating: 'orange', resolving: 'gold', verifying: 'purple', closed: 'green' };
export const SEVERITY_COLORS: Record<TComplaintSeverity, string> = { minor: 'default', normal: 'blue', serious: 'orange', critical: 'red' };

type NewForm = { channel: (typeof COMPLAINT_CHANNELS)[number]; sourceDepartment?: string; type: TComplaintType; severity: TComplaintSeverity; customerId: string; contactPhone?: string; account: string; workOrderId?: string };

/** The request body of the new-complaint form: only the fields given, trimmed. */
export function newComplaintBody(values: NewForm) {
  const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const body = { channel: values.channel, type: values.type, severity: values.severity, customerId: values.customerId.trim(), account: values.account.trim(), sourceDepartment: optional(values.sourceDepartment), contactPhone: optional(values.contactPhone), workOrderId: optional(values.workOrderId) };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as typeof body;
}

function ComplaintList() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const navigate = useNavigate();
  // ?isOverdue=true / ?isEscalated=true (links from the to-do bell) open the list so filtered
  const [params] = useSearchParams();
  const linked = (name: 'isOverdue' | 'isEscalated') => (params.get(name) === 'true' ? ('true' as const) : undefined);
  const [filters, setFilters] = useState<ComplaintFilters>({ page: 1, pageSize: 50, isOverdue: linked('isOverdue'), isEscalated: linked('isEscalated') });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewForm>();
  const list = useQuery({ queryKey: ['complaints', filters], queryFn: () => complaintsApi.list(filters) });
  const create = useMutation({
    mutationFn: (values: NewForm) => complaintsApi.create(newComplaintBody(values)),
    onSuccess: (created) => {
      void message.success(t('complaints.created', { number: created.number }));
      setCreating(false);
      form.resetFields();
      void navigate(`/complaints/${created.id}`);
    },
    onError: (error) => handleError(error, form),
  });
  const channel = Form.useWatch('channel', form);

  const columns: TableColumnsType<Complaint> = [
    { title: t('complaints.number'), key: 'number', render: (_, row) => <Link to={`/complaints/${row.id}`}>{row.number}</Link> },
    { title: t('complaints.acceptedAt'), dataIndex: 'acceptedAt', key: 'acceptedAt', render: (value: string) => <DateTime value={value} /> },
    { title: t('complaints.customer'), dataIndex: 'customerName', key: 'customer', render: (value: string | null) => value ?? '—' },
    { title: t('complaints.type'), dataIndex: 'type', key: 'type', render: (value: TComplaintType) => pick(COMPLAINT_TYPE_LABELS[value], locale) },
    { title: t('complaints.severity'), dataIndex: 'severity', key: 'severity', render: (value: TComplaintSeverity) => <Tag color={SEVERITY_COLORS[value]}>{pick(COMPLAINT_SEVERITY_LABELS[value], locale)}</Tag> },
    { title: t('complaints.channel'), dataIndex: 'channel', key: 'channel', render: (value: Complaint['channel']) => pick(COMPLAINT_CHANNEL_LABELS[value], locale) },
    { title: t('complaints.technician'), key: 'who', render: (_, row) => [row.technicianName, row.outletName].filter(Boolean).join(' / ') || '—' },
    {
      title: t('complaints.status'),
      key: 'status',
      render: (_, row) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLORS[row.status]}>{pick(COMPLAINT_STATUS_LABELS[row.status], locale)}</Tag>
          {row.isOverdue ? <Tag color="red">{t('complaints.overdue')}</Tag> : null}
          {row.escalatedAt ? <Tag color="volcano">{t('complaints.escalated')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('complaints.due'), key: 'due', render: (_, row) => (row.status === 'accepted' ? <DateTime value={row.responseDueAt} /> : row.resolutionDueDate ?? '—') },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 140 }}
          value={filters.status ?? ''}
          aria-label={t('complaints.status')}
          onChange={(value) => setFilters({ ...filters, status: value || undefined, page: 1 })}
          options={[{ value: '', label: t('complaints.filter.all') }, ...COMPLAINT_STATUSES.map((value) => ({ value, label: pick(COMPLAINT_STATUS_LABELS[value], locale) }))]}
        />
        <Select
          style={{ width: 140 }}
          allowClear
          placeholder={t('complaints.type')}
          value={filters.type}
          onChange={(value) => setFilters({ ...filters, type: value || undefined, page: 1 })}
          options={COMPLAINT_TYPES.map((value) => ({ value, label: pick(COMPLAINT_TYPE_LABELS[value], locale) }))}
        />
        <Checkbox checked={filters.isOverdue === 'true'} onChange={(event) => setFilters({ ...filters, isOverdue: event.target.checked ? 'true' : undefined, page: 1 })}>
          {t('complaints.filter.overdue')}
        </Checkbox>
        <Checkbox checked={filters.isEscalated === 'true'} onChange={(event) => setFilters({ ...filters, isEscalated: event.target.checked ? 'true' : undefined, page: 1 })}>
          {t('complaints.filter.escalated')}
        </Checkbox>
        <Input.Search allowClear placeholder={t('complaints.search')} style={{ width: 220 }} onSearch={(value) => setFilters({ ...filters, q: value.trim() || undefined, page: 1 })} />
        {canAccess(me, 'complaints.handle') ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('complaints.new')}
          </Button>
        ) : null}
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={{ current: filters.page, pageSize: filters.pageSize, total: list.data?.total ?? 0, onChange: (page, pageSize) => setFilters({ ...filters, page, pageSize }) }}
      />
      <Modal open={creating} title={t('complaints.new')} okText={t('common.save')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" name="complaint-new" initialValues={{ channel: 'phone', severity: 'normal' }} onFinish={(values) => create.mutate(values)}>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="channel" label={t('complaints.channel')} rules={[{ required: true }]}>
                <Select options={COMPLAINT_CHANNELS.filter((value) => value !== 'follow_up').map((value) => ({ value, label: pick(COMPLAINT_CHANNEL_LABELS[value], locale) }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="type" label={t('complaints.type')} rules={[{ required: true }]}>
                <Select options={COMPLAINT_TYPES.map((value) => ({ value, label: pick(COMPLAINT_TYPE_LABELS[value], locale) }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="severity" label={t('complaints.severity')} rules={[{ required: true }]}>
                <Select options={COMPLAINT_SEVERITIES.map((value) => ({ value, label: pick(COMPLAINT_SEVERITY_LABELS[value], locale) }))} />
              </Form.Item>
            </Col>
          </Row>
          {channel === 'other_department' ? (
            <Form.Item name="sourceDepartment" label={t('complaints.sourceDepartment')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          ) : null}
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="customerId" label={t('complaints.customerId')} rules={[{ required: true, whitespace: true }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="contactPhone" label={t('complaints.contactPhone')}>
                <Input maxLength={40} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="workOrderId" label={t('complaints.workOrderId')}>
            <Input />
          </Form.Item>
          <Form.Item name="account" label={t('complaints.account')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} maxLength={5000} placeholder={t('complaints.accountPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function monthOf(day: string) {
  return day.slice(0, 7);
}

function ComplaintStatsPanel() {
  const { t, locale } = useI18n();
  const today = monthOf(shanghaiToday());
  const [range, setRange] = useState({ from: `${today.slice(0, 4)}-01`, to: today });
  const stats = useQuery({ queryKey: ['complaints', 'stats', range], queryFn: () => complaintsApi.stats(range.from, range.to) });
  const countColumns = (title: string, label: (key: string | null) => string): TableColumnsType<{ key: string | null; count: number }> => [
    { title, key: 'key', render: (_, row) => label(row.key) },
    { title: t('complaints.stats.count'), dataIndex: 'count', key: 'count', align: 'right' },
  ];
  const data = stats.data;
  const monthInput = (name: 'from' | 'to') => (
    <Input type="month" aria-label={t(`complaints.stats.${name}`)} value={range[name]} onChange={(event) => event.target.value && setRange({ ...range, [name]: event.target.value })} style={{ width: 160 }} />
  );
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {t('complaints.stats.from')} {monthInput('from')}
        {t('complaints.stats.to')} {monthInput('to')}
        <Button href={complaintsExportUrl(range.from, range.to)}>{t('complaints.export')}</Button>
      </Space>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col>
          <Statistic title={t('complaints.stats.total')} value={data?.total ?? 0} />
        </Col>
        <Col>
          <Statistic title={t('complaints.stats.compensation')} value={formatFen(data?.compensationFen ?? 0)} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.stats.byType')}>
            <Table rowKey={(row) => row.key ?? ''} size="small" pagination={false} loading={stats.isLoading} dataSource={data?.byType ?? []} columns={countColumns(t('complaints.type'), (key) => (key && key in COMPLAINT_TYPE_LABELS ? pick(COMPLAINT_TYPE_LABELS[key as TComplaintType], locale) : key ?? ''))} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.stats.byResponsibility')}>
            <Table rowKey={(row) => row.key ?? ''} size="small" pagination={false} loading={stats.isLoading} dataSource={data?.byResponsibility ?? []} columns={countColumns(t('complaints.responsibleParty'), (key) => (key && key in RESPONSIBLE_PARTY_LABELS ? pick(RESPONSIBLE_PARTY_LABELS[key as TResponsibleParty], locale) : t('complaints.stats.unanalysed')))} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.stats.byOutlet')}>
            <Table rowKey={(row) => row.key ?? 'none'} size="small" pagination={false} loading={stats.isLoading} dataSource={data?.byOutlet ?? []} columns={[{ title: t('complaints.outlet'), key: 'name', render: (_, row) => row.name ?? t('complaints.stats.noOutlet') }, { title: t('complaints.stats.count'), dataIndex: 'count', key: 'count', align: 'right' }]} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.stats.byMonth')}>
            <Table rowKey={(row) => row.key ?? ''} size="small" pagination={false} loading={stats.isLoading} dataSource={data?.byMonth ?? []} columns={countColumns(t('complaints.stats.byMonth'), (key) => key ?? '')} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

export function ComplaintsPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('complaints.title')} />
      <Card>
        <Tabs
          items={[
            { key: 'list', label: t('complaints.tab.list'), children: <ComplaintList /> },
            { key: 'stats', label: t('complaints.tab.stats'), children: <ComplaintStatsPanel /> },
          ]}
        />
      </Card>
    </>
  );
}
