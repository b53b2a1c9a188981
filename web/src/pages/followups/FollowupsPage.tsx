/**
 * 回访队列 (issue 15): my follow-ups, the unassigned ones to claim and the overdue ones, due
 * first, with the customer, what was done and the call script; 未接通 records a try (the third
 * closes the task as unreachable); 记录结果 opens the outcome form: four ratings 1–5, the
 * dissatisfaction categories (the policy's list), the customer's comment and the review decision
 * (close, 退回重填, 退回重办 with the new visit's window); 发送评价短信 sends the survey link. Holders
 * of followups.settings edit the policy (回访制度) below the queue, with its version.
 */
import { useEffect, useState } from 'react';
import type { Dayjs } from 'dayjs';
import { App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Rate, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_FOLLOWUP_SETTINGS, FOLLOWUP_DECISIONS } from '../../../../contracts/followups';
import type { WorkType } from '../../../../contracts/dispatch';
import { followupsApi, type FollowupOutcomeBody, type FollowupQueue, type FollowupSettings, type FollowupTask } from '../../api/followups';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { workTypeLabel } from '../dispatch/WorkOrderLabels';

type OutcomeForm = Omit<FollowupOutcomeBody, 'version' | 'redo'> & { redoWindow?: [Dayjs, Dayjs]; redoNote?: string };

/** The request body of the outcome form (only what was given; the task's version; the new visit's window with 退回重办). */
export function outcomeBody(values: OutcomeForm, version: number): FollowupOutcomeBody {
  const reason = values.decision !== 'closed' ? values.reason?.trim() : undefined;
  const redo =
    values.decision === 'job_redone' && values.redoWindow
      ? { windowStart: values.redoWindow[0].toISOString(), windowEnd: values.redoWindow[1].toISOString(), ...(values.redoNote?.trim() ? { note: values.redoNote.trim() } : {}) }
      : undefined;
  return {
    version,
    overall: values.overall,
    attitude: values.attitude,
    skill: values.skill,
    timeliness: values.timeliness,
    categories: values.categories ?? [],
    ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
    decision: values.decision,
    ...(reason ? { reason } : {}),
    ...(redo ? { redo } : {}),
  };
}

/** The edit body: only the fields that differ from what was read, with its version. */
export function settingsChanges(read: FollowupSettings, values: Partial<FollowupSettings>): Record<string, unknown> {
  const changes: Record<string, unknown> = { version: read.version };
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(read[key as keyof FollowupSettings])) changes[key] = value;
  }
  return changes;
}

/** 回访制度: the policy form (followups.settings), saved with the version it was read at. */
function SettingsCard({ settings }: { settings: FollowupSettings }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FollowupSettings>();
  useEffect(() => form.setFieldsValue(settings), [form, settings]);
  const save = useMutation({
    mutationFn: (values: FollowupSettings) => followupsApi.saveSettings(settingsChanges(settings, values) as never),
    onSuccess: (saved) => {
      void message.success(t('followups.saved'));
      queryClient.setQueryData(['followups-settings'], saved);
    },
    onError: (error) => {
      handleError(error, form);
      void queryClient.invalidateQueries({ queryKey: ['followups-settings'] });
    },
  });
  const number = (name: keyof FollowupSettings, min: number, max: number) => (
    <Form.Item name={name} label={t(`followups.settings.${name}` as 'followups.settings.maxAttempts')} rules={[{ required: true }]}>
      <InputNumber min={min} max={max} aria-label={t(`followups.settings.${name}` as 'followups.settings.maxAttempts')} />
    </Form.Item>
  );
  return (
    <Card title={t('followups.settings.title')} extra={<Typography.Text type="secondary">{t('followups.settings.version', { version: settings.version })}</Typography.Text>} style={{ marginTop: 16 }} data-testid="followup-settings">
      <Form form={form} layout="vertical" initialValues={settings} onFinish={(values) => save.mutate(values)}>
        <Space wrap size="large">
          {number('dueWorkingDays', 1, 30)}
          {number('secondRoundAfterDays', 1, 90)}
          {number('maxAttempts', 1, 10)}
          {number('lowRatingMax', 0, 5)}
          {number('auditSharePercent', 1, 100)}
          {number('surveyLinkHours', 1, 720)}
          <Form.Item name={['periodicMonths', 'key']} label={t('followups.settings.periodicKey')} rules={[{ required: true }]}>
            <InputNumber min={1} max={36} />
          </Form.Item>
          <Form.Item name={['periodicMonths', 'regular']} label={t('followups.settings.periodicRegular')} rules={[{ required: true }]}>
            <InputNumber min={1} max={36} />
          </Form.Item>
        </Space>
        <Form.Item name="dissatisfactionCategories" label={t('followups.settings.dissatisfactionCategories')}>
          <Select mode="tags" aria-label={t('followups.settings.dissatisfactionCategories')} />
        </Form.Item>
        <Form.Item name="lowRatingCategories" label={t('followups.settings.lowRatingCategories')}>
          <Select mode="multiple" options={settings.dissatisfactionCategories.map((value) => ({ value, label: value }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>
      </Form>
    </Card>
  );
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
  const settings = useQuery({ queryKey: ['followups-settings'], queryFn: () => followupsApi.settings() });
  const categories = settings.data?.dissatisfactionCategories ?? DEFAULT_FOLLOWUP_SETTINGS.dissatisfactionCategories;
  const decision = Form.useWatch('decision', form);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['followups'] });
  const done = () => {
    void message.success(t('followups.saved'));
    refresh();
  };
  const claim = useMutation({ mutationFn: (task: FollowupTask) => followupsApi.claim(task.id, task.version), onSuccess: done, onError: (error) => handleError(error) });
  const survey = useMutation({
    mutationFn: (task: FollowupTask) => followupsApi.survey(task.id, task.version),
    onSuccess: (sent) => {
      void message.success(t('followups.survey.sent', { time: sent.expiresAt.slice(0, 16).replace('T', ' ') }));
      refresh();
    },
    onError: (error) => handleError(error),
  });
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
            <Button size="small" onClick={() => survey.mutate(row)}>{t('followups.survey.send')}</Button>
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
      {settings.data && canAccess(me, 'followups.settings') ? <SettingsCard settings={settings.data} /> : null}
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
            <Checkbox.Group options={categories.map((value) => ({ value, label: value }))} />
          </Form.Item>
          <Form.Item name="comment" label={t('followups.comment')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="decision" label={t('followups.decision')} rules={[{ required: true }]}>
            <Radio.Group options={FOLLOWUP_DECISIONS.map((value) => ({ value, label: t(`followups.decision.${value}`) }))} />
          </Form.Item>
          {decision && decision !== 'closed' ? (
            <Form.Item name="reason" label={t('followups.reason')}>
              <Input maxLength={500} />
            </Form.Item>
          ) : null}
          {decision === 'job_redone' ? (
            <>
              <Form.Item name="redoWindow" label={t('followups.redo.window')} rules={[{ required: true }]}>
                <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
              </Form.Item>
              <Form.Item name="redoNote" label={t('followups.redo.note')}>
                <Input maxLength={500} />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
