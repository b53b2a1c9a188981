/**
 * 定期回访 (issue 15): a quarter's plan split into its months — generated automatically at the
 * start of the quarter (or by hand, idempotent) — with planned / done / overdue counts; key
 * customers on site (an outlet), others by phone (an agent). Agents record a visit done with what
 * the customer said; planners (followups.periodic) assign.
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Radio, Select, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canAccess } from '../../access';
import { api } from '../../api/endpoints';
import { followupsApi, type PeriodicVisit } from '../../api/followups';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { shanghaiToday } from '../../time';

/** '2026-11-23' → '2026-Q4'; the quarter's months as YYYY-MM. */
export function quarterOfDay(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}
export function monthsOf(quarter: string): string[] {
  const first = (Number(quarter.slice(6)) - 1) * 3 + 1;
  return [0, 1, 2].map((offset) => `${quarter.slice(0, 4)}-${String(first + offset).padStart(2, '0')}`);
}
function shiftQuarter(quarter: string, by: number): string {
  const index = Number(quarter.slice(0, 4)) * 4 + Number(quarter.slice(6)) - 1 + by;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

type Status = 'all' | 'planned' | 'done' | 'overdue';

export function PeriodicVisitsPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [quarter, setQuarter] = useState(() => quarterOfDay(shanghaiToday()));
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<Status>('all');
  const [isMine, setMine] = useState(false);
  const [finishing, setFinishing] = useState<PeriodicVisit | null>(null);
  const [placing, setPlacing] = useState<PeriodicVisit | null>(null);
  const [doneForm] = Form.useForm<{ note: string }>();
  const [outletForm] = Form.useForm<{ outletId: string }>();
  const canPlan = canAccess(me, 'followups.periodic');
  const list = useQuery({ queryKey: ['periodic', quarter, month, status, isMine], queryFn: () => followupsApi.periodic({ quarter, month, status: status === 'all' ? undefined : status, mine: isMine ? 'true' : undefined }) });
  const outlets = useQuery({ queryKey: ['periodic', 'outlets'], queryFn: () => api.outlets.list({ page: 1, pageSize: 100 }), enabled: canPlan && placing !== null });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['periodic'] });
  const generate = useMutation({
    mutationFn: () => followupsApi.generatePeriodic(quarter),
    onSuccess: (result) => {
      void message.success(t('followups.periodic.generated', { count: result.created }));
      refresh();
    },
    onError: (error) => handleError(error),
  });
  const assign = useMutation({
    mutationFn: ({ visit, body }: { visit: PeriodicVisit; body: { mode: 'phone' | 'onsite'; userId?: string; outletId?: string } }) => followupsApi.assignPeriodic(visit.id, { version: visit.version, ...body }),
    onSuccess: () => {
      setPlacing(null);
      refresh();
    },
    onError: (error) => handleError(error, outletForm),
  });
  const done = useMutation({
    mutationFn: ({ visit, note }: { visit: PeriodicVisit; note: string }) => followupsApi.periodicDone(visit.id, { version: visit.version, note }),
    onSuccess: () => {
      void message.success(t('followups.saved'));
      setFinishing(null);
      doneForm.resetFields();
      refresh();
    },
    onError: (error) => handleError(error, doneForm),
  });

  const columns: TableColumnsType<PeriodicVisit> = [
    { title: t('followups.periodic.month'), dataIndex: 'plannedMonth', key: 'month', render: (value: string) => value.slice(0, 7) },
    { title: t('followups.customer'), key: 'customer', render: (_, row) => <Space>{row.customerName ?? '—'}{row.isKeyCustomer ? <Tag color="gold">{t('followups.key')}</Tag> : null}</Space> },
    { title: t('followups.periodic.mode'), key: 'mode', render: (_, row) => t(`followups.periodic.mode.${row.mode}`) },
    { title: t('followups.periodic.assignee'), key: 'assignee', render: (_, row) => (row.assignedUserId === me.id ? t('followups.periodic.me') : row.assignedUserId || row.outletId ? <Tag>{row.mode === 'onsite' ? t('followups.periodic.mode.onsite') : t('followups.periodic.mode.phone')}</Tag> : <Tag color="orange">{t('followups.periodic.unassigned')}</Tag>) },
    {
      title: t('followups.periodic.status'),
      key: 'status',
      render: (_, row) => (row.status === 'done' ? <Space><Tag color="green">{t('followups.periodic.status.done')}</Tag>{row.doneAt ? <DateTime value={row.doneAt} /> : null}</Space> : row.isOverdue ? <Tag color="red">{t('followups.periodic.status.overdue')}</Tag> : <Tag>{t('followups.periodic.status.planned')}</Tag>),
    },
    { title: t('followups.periodic.doneNote'), dataIndex: 'note', key: 'note', render: (value: string | null) => value ?? '' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) =>
        row.status === 'done' ? null : (
          <Space>
            {row.assignedUserId === me.id || (row.mode === 'onsite' && canPlan) ? <Button size="small" type="primary" onClick={() => setFinishing(row)}>{t('followups.periodic.done')}</Button> : null}
            {canPlan && row.assignedUserId !== me.id && canAccess(me, 'followups.call') ? <Button size="small" onClick={() => assign.mutate({ visit: row, body: { mode: 'phone', userId: me.id } })}>{t('followups.periodic.assignMe')}</Button> : null}
            {canPlan ? <Button size="small" onClick={() => setPlacing(row)}>{t('followups.periodic.assignOutlet')}</Button> : null}
          </Space>
        ),
    },
  ];

  const counts = list.data?.counts;
  return (
    <>
      <PageHeader title={t('followups.periodic.title')} extra={canPlan ? <Button type="primary" loading={generate.isPending} onClick={() => generate.mutate()}>{t('followups.periodic.generate')}</Button> : null} />
      <Card>
        <Space wrap size="large" style={{ marginBottom: 16 }}>
          <Space>
            <Button onClick={() => { setQuarter(shiftQuarter(quarter, -1)); setMonth(undefined); }}>‹</Button>
            <strong data-testid="periodic-quarter">{quarter}</strong>
            <Button onClick={() => { setQuarter(shiftQuarter(quarter, 1)); setMonth(undefined); }}>›</Button>
          </Space>
          <Select allowClear placeholder={t('followups.periodic.month')} style={{ width: 140 }} value={month} onChange={(value) => setMonth(value)} options={monthsOf(quarter).map((value) => ({ value, label: value }))} />
          <Radio.Group value={status} onChange={(event) => setStatus(event.target.value as Status)} optionType="button" options={(['all', 'planned', 'done', 'overdue'] as const).map((value) => ({ value, label: value === 'all' ? t('followups.periodic.all') : t(`followups.periodic.status.${value}`) }))} />
          <Radio.Group value={isMine} onChange={(event) => setMine(event.target.value as boolean)} optionType="button" options={[{ value: false, label: t('followups.periodic.all') }, { value: true, label: t('followups.periodic.mine') }]} />
        </Space>
        <Space size="large" style={{ marginBottom: 16 }}>
          <Statistic title={t('followups.periodic.status.planned')} value={counts?.planned ?? 0} />
          <Statistic title={t('followups.periodic.status.done')} value={counts?.done ?? 0} />
          <Statistic title={t('followups.periodic.status.overdue')} value={counts?.overdue ?? 0} valueStyle={counts?.overdue ? { color: '#cf1322' } : undefined} />
        </Space>
        <Table rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={{ pageSize: 50 }} />
      </Card>
      <Modal open={finishing !== null} title={t('followups.periodic.done')} okText={t('common.save')} onCancel={() => setFinishing(null)} onOk={() => doneForm.submit()} confirmLoading={done.isPending} destroyOnHidden>
        <Form form={doneForm} layout="vertical" onFinish={(values) => finishing && done.mutate({ visit: finishing, note: values.note })}>
          <Form.Item name="note" label={t('followups.periodic.doneNote')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={placing !== null} title={t('followups.periodic.assignOutlet')} okText={t('common.save')} onCancel={() => setPlacing(null)} onOk={() => outletForm.submit()} confirmLoading={assign.isPending} destroyOnHidden>
        <Form form={outletForm} layout="vertical" onFinish={(values) => placing && assign.mutate({ visit: placing, body: { mode: 'onsite', outletId: values.outletId } })}>
          <Form.Item name="outletId" label={t('followups.periodic.assignOutlet')} rules={[{ required: true }]}>
            <Select loading={outlets.isLoading} options={(outlets.data?.items ?? []).map((outlet) => ({ value: outlet.id, label: outlet.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
