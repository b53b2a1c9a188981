/**
 * 回访稽核 (issue 15): the weekly sample drawn by the server from a stored seed (share per agent
 * from the policy, at least one), never chosen by hand. The supervisor calls the customer again
 * and records whether the follow-up happened and matched; their own follow-ups are marked and
 * cannot be audited by them; a mismatch proposes a 虚假回访 penalty in the ledger.
 */
import { useState } from 'react';
import { App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, Modal, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { followupsApi, type FollowupAudit } from '../../api/followups';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

type ResultForm = { isHappened: boolean; isMatched: boolean; note?: string };

export function FollowupAuditsPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<'pending' | 'done'>('pending');
  const [recording, setRecording] = useState<FollowupAudit | null>(null);
  const [form] = Form.useForm<ResultForm>();
  const list = useQuery({ queryKey: ['followup-audits', status], queryFn: () => followupsApi.audits({ status }) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['followup-audits'] });
  const draw = useMutation({ mutationFn: () => followupsApi.drawAudit(), onSuccess: refresh, onError: (error) => handleError(error) });
  const record = useMutation({
    mutationFn: ({ audit, values }: { audit: FollowupAudit; values: ResultForm }) => followupsApi.auditResult(audit.id, { version: audit.version, isHappened: Boolean(values.isHappened), isMatched: Boolean(values.isMatched), ...(values.note?.trim() ? { note: values.note.trim() } : {}) }),
    onSuccess: () => {
      void message.success(t('followups.saved'));
      setRecording(null);
      form.resetFields();
      refresh();
    },
    onError: (error) => handleError(error, form),
  });
  const run = list.data?.run ?? null;

  const columns: TableColumnsType<FollowupAudit> = [
    { title: t('followups.workOrder'), dataIndex: 'workOrderNumber', key: 'number' },
    { title: t('followups.customer'), key: 'customer', render: (_, row) => row.customerName ?? '—' },
    { title: t('followups.audit.agent'), key: 'agent', render: (_, row) => row.agentName ?? row.agentUserId.slice(0, 8) },
    { title: t('followups.finishedAt'), key: 'closedAt', render: (_, row) => (row.closedAt ? <DateTime value={row.closedAt} /> : '—') },
    {
      title: t('followups.audit.outcome'),
      key: 'outcome',
      render: (_, row) =>
        row.outcome ? (
          <Space orientation="vertical" size={0}>
            <span>{`${t('followups.overall')} ${row.outcome.overall} · ${t('followups.attitude')} ${row.outcome.attitude} · ${t('followups.skill')} ${row.outcome.skill} · ${t('followups.timeliness')} ${row.outcome.timeliness}`}</span>
            {row.outcome.categories.length ? <span>{row.outcome.categories.map((category) => <Tag key={category}>{category}</Tag>)}</span> : null}
            {row.outcome.comment ? <Typography.Text type="secondary">{row.outcome.comment}</Typography.Text> : null}
          </Space>
        ) : '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) =>
        row.status === 'done' ? (
          <Tag color={row.isMatched ? 'green' : 'red'}>{row.isMatched ? t('followups.audit.matched') : t('followups.audit.mismatch')}</Tag>
        ) : row.agentUserId === me.id ? (
          <Tag>{t('followups.audit.own')}</Tag>
        ) : (
          <Button size="small" type="primary" onClick={() => setRecording(row)}>{t('followups.audit.record')}</Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('followups.audit.title')} extra={<Button type="primary" loading={draw.isPending} onClick={() => draw.mutate()}>{t('followups.audit.draw')}</Button>} />
      <Card>
        {run ? (
          <Descriptions size="small" column={4} style={{ marginBottom: 12 }} items={[
            { key: 'week', label: t('followups.audit.week'), children: run.weekStart },
            { key: 'share', label: t('followups.audit.share'), children: `${run.sharePercent}%` },
            { key: 'sampled', label: t('followups.audit.sampled'), children: run.sampled },
            { key: 'seed', label: t('followups.audit.seed'), children: <Typography.Text code>{run.seed}</Typography.Text> },
          ]} />
        ) : null}
        <Tabs activeKey={status} onChange={(key) => setStatus(key as 'pending' | 'done')} items={(['pending', 'done'] as const).map((key) => ({ key, label: t(`followups.audit.status.${key}`) }))} />
        {run || list.isLoading ? <Table rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} /> : <Empty description={t('followups.audit.none')} />}
      </Card>
      <Modal open={recording !== null} title={t('followups.audit.record')} okText={t('common.save')} onCancel={() => setRecording(null)} onOk={() => form.submit()} confirmLoading={record.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ isHappened: true, isMatched: true }} onFinish={(values) => recording && record.mutate({ audit: recording, values })}>
          <Form.Item name="isHappened" valuePropName="checked">
            <Checkbox>{t('followups.audit.isHappened')}</Checkbox>
          </Form.Item>
          <Form.Item name="isMatched" valuePropName="checked">
            <Checkbox>{t('followups.audit.isMatched')}</Checkbox>
          </Form.Item>
          <Form.Item name="note" label={t('followups.audit.note')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
