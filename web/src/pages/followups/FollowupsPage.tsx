/**
 * 回访队列 (issue 15): my follow-ups, the unassigned ones to claim and the overdue ones, due
 * first, with the customer, what was done and the call script; 未接通 records a try (the third
 * closes the task as unreachable); 记录结果 opens the outcome form: four ratings 1–5, the
 * dissatisfaction categories, the customer's comment and the review decision.
 */
import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, Modal, Radio, Rate, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_FOLLOWUP_SETTINGS, FOLLOWUP_DECISIONS } from '../../../../contracts/followups';
import type { WorkType } from '../../../../contracts/dispatch';
import { followupsApi, type FollowupOutcomeBody, type FollowupQueue, type FollowupTask } from '../../api/followups';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { workTypeLabel } from '../dispatch/WorkOrderLabels';

type OutcomeForm = Omit<FollowupOutcomeBody, 'version'>;

/** The request body of the outcome form (only what was given; the task's version). */
export function outcomeBody(values: OutcomeForm, version: number): FollowupOutcomeBody {
  return { version, overall: values.overall, attitude: values.attitude, skill: values.skill, timeliness: values.timeliness, categories: values.categories ?? [], ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}), decision: values.decision };
}

export function FollowupsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [queue, setQueue] = useState<FollowupQueue>('mine');
  const [recording, setRecording] = useState<FollowupTask | null>(null);
  const [form] = Form.useForm<OutcomeForm>();
  const list = useQuery({ queryKey: ['followups', queue], queryFn: () => followupsApi.queue(queue) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['followups'] });
  const done = () => {
    void message.success(t('followups.saved'));
    refresh();
  };
  const claim = useMutation({ mutationFn: (task: FollowupTask) => followupsApi.claim(task.id, task.version), onSuccess: done, onError: (error) => handleError(error) });
  const notReached = useMutation({ mutationFn: (task: FollowupTask) => followupsApi.notReached(task.id, task.version), onSuccess: done, onError: (error) => handleError(error) });
  const outcome = useMutation({
    mutationFn: ({ task, values }: { task: FollowupTask; values: OutcomeForm }) => followupsApi.outcome(task.id, outcomeBody(values, task.version)),
    onSuccess: () => {
      setRecording(null);
      form.resetFields();
      done();
    },
    onError: (error) => handleError(error, form),
  });

  const columns: TableColumnsType<FollowupTask> = [
    { title: t('followups.workOrder'), dataIndex: 'workOrderNumber', key: 'number' },
    { title: t('followups.customer'), key: 'customer', render: (_, row) => <Space>{row.customerName ?? '—'}{row.isKeyCustomer ? <Tag color="gold">{t('followups.key')}</Tag> : null}</Space> },
    { title: t('followups.workDone'), key: 'work', render: (_, row) => <Space orientation="vertical" size={0}>{workTypeLabel(row.workType as WorkType, locale)}<Typography.Text type="secondary">{row.workDone ?? ''}</Typography.Text></Space> },
    { title: t('followups.finishedAt'), dataIndex: 'finishedAt', key: 'finishedAt', render: (value: string) => <DateTime value={value} /> },
    { title: t('followups.due'), key: 'due', render: (_, row) => <Space>{row.dueDate}{row.isOverdue ? <Tag color="red">{t('followups.overdue')}</Tag> : null}</Space> },
    { title: t('followups.round'), dataIndex: 'round', key: 'round' },
    { title: t('followups.attempts'), dataIndex: 'attemptCount', key: 'attempts' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) =>
        row.assignedUserId === me.id ? (
          <Space>
            <Button size="small" onClick={() => notReached.mutate(row)}>{t('followups.notReached')}</Button>
            <Button size="small" type="primary" onClick={() => setRecording(row)}>{t('followups.record')}</Button>
          </Space>
        ) : row.assignedUserId ? (
          <Tag>{t('followups.claimed')}</Tag>
        ) : (
          <Button size="small" onClick={() => claim.mutate(row)}>{t('followups.claim')}</Button>
        ),
    },
  ];

  const rating = (name: 'overall' | 'attitude' | 'skill' | 'timeliness') => (
    <Form.Item name={name} label={t(`followups.${name}`)} rules={[{ required: true }]}>
      <Rate aria-label={t(`followups.${name}`)} />
    </Form.Item>
  );

  return (
    <>
      <PageHeader title={t('followups.title')} />
      <Card>
        <Tabs activeKey={queue} onChange={(key) => setQueue(key as FollowupQueue)} items={(['mine', 'unassigned', 'overdue'] as const).map((key) => ({ key, label: t(`followups.queue.${key}`) }))} />
        <Table rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} />
      </Card>
      <Modal open={recording !== null} title={t('followups.record')} okText={t('common.save')} onCancel={() => setRecording(null)} onOk={() => form.submit()} confirmLoading={outcome.isPending} destroyOnHidden>
        {recording ? (
          <Typography.Paragraph type="secondary">{t('followups.script', { workType: workTypeLabel(recording.workType as WorkType, locale), date: recording.finishedAt.slice(0, 10) })}</Typography.Paragraph>
        ) : null}
        <Form form={form} layout="vertical" initialValues={{ categories: [], decision: 'closed' }} onFinish={(values) => recording && outcome.mutate({ task: recording, values })}>
          {rating('overall')}
          {rating('attitude')}
          {rating('skill')}
          {rating('timeliness')}
          <Form.Item name="categories" label={t('followups.categories')}>
            <Checkbox.Group options={DEFAULT_FOLLOWUP_SETTINGS.dissatisfactionCategories.map((value) => ({ value, label: value }))} />
          </Form.Item>
          <Form.Item name="comment" label={t('followups.comment')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="decision" label={t('followups.decision')} rules={[{ required: true }]}>
            <Radio.Group options={FOLLOWUP_DECISIONS.map((value) => ({ value, label: t(`followups.decision.${value}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
