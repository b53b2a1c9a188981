import { useState } from 'react';
import { App, Button, Card, Checkbox, Descriptions, Drawer, Form, Input, Popconfirm, Space, Switch, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { CHANNELS, notificationsApi, OUTBOX_STATUSES, type Channel, type OutboxFilters, type OutboxMessage, type OutboxStatus, type PreferenceView } from '../../api/notifications';
import { DateTime } from '../../components/DateTime';
import { FilterInput, FilterSelect, ListTable, OneLineText, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useApiError } from '../../components/useApiError';
import { useT } from '../../i18n';
import { channelLabel, eventLabel, StatusTag } from './labels';

type FilterValues = { recipient?: string; status?: OutboxStatus; channel?: Channel; template?: string };

/** The search form's values as the outbox query (blank fields dropped, text trimmed). */
export function toOutboxFilters(values: FilterValues): OutboxFilters {
  const trimmed = { ...values, recipient: values.recipient?.trim() || undefined, template: values.template?.trim() || undefined };
  return cleanFilters(trimmed);
}

type PreferenceValues = { isMarketingOptOut: boolean; wechatOpenid: string; eventChannels: Record<string, Channel[]> };

/** A recipient's choices looked up by mobile number: marketing opt-out, channels per event, bound WeChat (edit needs notifications.manage). */
function PreferencesDrawer({ onClose, events }: { onClose: () => void; events: string[] }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  const [lookup] = Form.useForm<{ recipient: string }>();
  const [form] = Form.useForm<PreferenceValues>();
  const [found, setFound] = useState<PreferenceView | null>(null);
  const load = useMutation({
    mutationFn: (phone: string) => notificationsApi.preference(phone),
    onSuccess: (view) => {
      setFound(view);
      form.setFieldsValue({ isMarketingOptOut: view.isMarketingOptOut, wechatOpenid: view.wechatOpenid ?? '', eventChannels: view.eventChannels });
    },
    onError: (error) => {
      setFound(null);
      showError(error, lookup);
    },
  });
  const save = useMutation({
    mutationFn: (values: PreferenceValues) => {
      const eventChannels = Object.fromEntries(Object.entries(values.eventChannels ?? {}).filter(([, channels]) => Array.isArray(channels) && channels.length > 0));
      return notificationsApi.savePreference(found!.recipient, { isMarketingOptOut: values.isMarketingOptOut, eventChannels, wechatOpenid: values.wechatOpenid?.trim() || null });
    },
    onSuccess: (view) => {
      setFound(view);
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error, form),
  });
  const channelOptions = CHANNELS.map((value) => ({ value, label: channelLabel(t, value) }));
  return (
    <Drawer open width={620} title={t('notify.preferencesLookup')} onClose={onClose}>
      <Form form={lookup} layout="inline" name="preference-lookup" onFinish={(values) => load.mutate(values.recipient.trim())} style={{ marginBottom: 16 }}>
        <Form.Item name="recipient" rules={[{ required: true, whitespace: true }]}>
          <Input placeholder={t('notify.phone')} maxLength={20} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={load.isPending}>
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
      {found ? (
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('notify.phone')}>{found.recipient}</Descriptions.Item>
            <Descriptions.Item label={t('common.updatedAt')}>{found.updatedAt ? <DateTime value={found.updatedAt} /> : t('notify.never')}</Descriptions.Item>
          </Descriptions>
          <Form form={form} layout="vertical" name="preference-edit" onFinish={(values) => save.mutate(values)}>
            <Form.Item name="isMarketingOptOut" label={t('notify.marketingOptOut')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="wechatOpenid" label={t('notify.wechatOpenid')}>
              <Input maxLength={64} allowClear placeholder={t('notify.notBound')} />
            </Form.Item>
            <Typography.Text strong>{t('notify.eventChannels')}</Typography.Text>
            {events.map((event) => (
              <Form.Item key={event} name={['eventChannels', event]} label={eventLabel(t, event)} style={{ marginBottom: 4 }}>
                <Checkbox.Group options={channelOptions} />
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 12 }}>
              {t('common.save')}
            </Button>
          </Form>
        </>
      ) : null}
    </Drawer>
  );
}

/** 消息记录: the outbox with its filters, delivery status and reason; a failed message can be resent. */
export function OutboxPage() {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const showError = useApiError();
  const queryClient = useQueryClient();
  const canManage = canAccess(me, 'notifications.manage');
  const [form] = Form.useForm<FilterValues>();
  const [isPreferencesOpen, setPreferencesOpen] = useState(false);
  const { query, setFilters, pagination, items } = usePagedQuery<OutboxMessage, OutboxFilters>('outbox', notificationsApi.outbox, {});
  const templates = useQuery({ queryKey: ['notifications', 'templates'], queryFn: notificationsApi.templates });
  const events = [...new Set((templates.data?.items ?? []).map((item) => item.event))];

  const resend = useMutation({
    mutationFn: (id: string) => notificationsApi.resend(id),
    onSuccess: () => {
      void message.success(t('notify.resent'));
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<OutboxMessage> = [
    { title: t('notify.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (value: string) => <DateTime value={value} /> },
    { title: t('notify.channel'), dataIndex: 'channel', key: 'channel', render: (value: Channel) => <Tag>{channelLabel(t, value)}</Tag> },
    { title: t('notify.recipient'), dataIndex: 'recipient', key: 'recipient' },
    {
      title: t('notify.template'),
      dataIndex: 'template',
      key: 'template',
      render: (value: string, row) => (
        <Space size={4}>
          <span title={value}>{eventLabel(t, value)}</span>
          {row.isUrgent ? <Tag color="red">{t('notify.urgent')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('notify.body'), dataIndex: 'body', key: 'body', render: (value: string) => <OneLineText text={value} maxWidth={260} /> },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          <StatusTag t={t} status={row.status} />
          {row.lastError ? (
            <Typography.Text type={row.status === 'failed' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {t('notify.reason')}：{row.lastError}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: t('notify.attempts'), dataIndex: 'attempts', key: 'attempts' },
    { title: t('notify.provider'), key: 'provider', render: (_, row) => (row.provider ? `${row.provider}${row.providerMessageId ? ` / ${row.providerMessageId}` : ''}` : '—') },
    { title: t('notify.sentAt'), dataIndex: 'sentAt', key: 'sentAt', width: 170, render: (value: string | null) => <DateTime value={value} /> },
    { title: t('notify.deliveredAt'), dataIndex: 'deliveredAt', key: 'deliveredAt', width: 170, render: (value: string | null) => <DateTime value={value} /> },
    { title: t('notify.nextAttemptAt'), key: 'nextAttemptAt', width: 170, render: (_, row) => (row.status === 'pending' ? <DateTime value={row.nextAttemptAt} /> : '—') },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, row: OutboxMessage) =>
              row.status === 'failed' ? (
                <Popconfirm title={t('notify.resendConfirm')} onConfirm={() => resend.mutate(row.id)}>
                  <Typography.Link>{t('notify.resend')}</Typography.Link>
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card>
      <PageHeader title={t('nav.outbox')} extra={canManage ? <Button onClick={() => setPreferencesOpen(true)}>{t('notify.preferences')}</Button> : null} />
      <SearchForm<FilterValues> form={form} name="outbox-search" onSearch={(values) => setFilters(toOutboxFilters(values))} onReset={() => setFilters({})}>
        <FilterInput name="recipient" placeholder={t('notify.recipient')} width={160} />
        <FilterSelect name="status" placeholder={t('common.status')} width={120} options={OUTBOX_STATUSES.map((value) => ({ value, label: t(`notify.status.${value}`) }))} />
        <FilterSelect name="channel" placeholder={t('notify.channel')} width={110} options={CHANNELS.map((value) => ({ value, label: channelLabel(t, value) }))} />
        <FilterSelect name="template" placeholder={t('notify.template')} width={200} showSearch={{ optionFilterProp: 'label' }} options={events.map((value) => ({ value, label: eventLabel(t, value) }))} />
      </SearchForm>
      <ListTable<OutboxMessage> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      {isPreferencesOpen ? <PreferencesDrawer events={events} onClose={() => setPreferencesOpen(false)} /> : null}
    </Card>
  );
}
