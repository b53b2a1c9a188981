import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Input, Modal, Select, Space, Switch, Tag, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { ApiError, isApiError } from '../../api/client';
import { CHANNELS, notificationsApi, type Channel, type PreviewView, type TemplateView } from '../../api/notifications';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { applyErrorToForm, useApiError } from '../../components/useApiError';
import { useT, type TFunction } from '../../i18n';
import { channelLabel, eventLabel } from './labels';

const TEMPLATES_KEY = ['notifications', 'templates'];

/** `{name}` inserted into `text` at `at` (the caret), clamped to the text. */
export function insertVariable(text: string, at: number | null, name: string): { text: string; caret: number } {
  const position = at === null ? text.length : Math.max(0, Math.min(at, text.length));
  const token = `{${name}}`;
  return { text: text.slice(0, position) + token + text.slice(position), caret: position + token.length };
}

function SmsCount({ t, sms }: { t: TFunction; sms: PreviewView['sms'] }) {
  if (!sms) return null;
  return (
    <Tag color={sms.parts > 1 ? 'orange' : 'green'} title={t('notify.smsRule')} data-testid="sms-parts">
      {t('notify.smsParts', { length: sms.length, parts: sms.parts })}
    </Tag>
  );
}

type EditValues = { body: string; providerTemplateCode: string };

/**
 * Puts a 400's details under the editor's fields. The template's text is the field `body`, which
 * the shared mapping reads as the request body's prefix, so a detail at exactly `["body"]` is
 * placed here. Answers whether every detail found its field.
 */
export function showUnderFields(form: FormInstance<EditValues>, error: unknown): boolean {
  if (!isApiError(error) || error.details.length === 0) return false;
  const onText = error.details.filter((detail) => detail.path.length === 1 && detail.path[0] === 'body');
  if (onText.length > 0) form.setFields([{ name: 'body', errors: onText.map((detail) => detail.message) }]);
  const { matched } = applyErrorToForm(form, new ApiError(error.status, error.code, error.message, error.details.filter((detail) => !onText.includes(detail))));
  return onText.length + matched === error.details.length;
}

/** The editor of one template: text with the event's variables, provider code, live preview with sample data. */
function TemplateEditor({ template, onClose }: { template: TemplateView; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditValues>();
  const caret = useRef<number | null>(null);
  const body = Form.useWatch('body', form) ?? template.body;
  const [preview, setPreview] = useState<PreviewView>({ text: template.preview, sms: template.sms });
  const [isStale, setStale] = useState(false);

  useEffect(() => {
    if (!body.trim()) return;
    const timer = setTimeout(() => {
      notificationsApi
        .preview({ event: template.event, channel: template.channel, body })
        .then((result) => {
          setPreview(result);
          form.setFields([{ name: 'body', errors: [] }]);
        })
        .catch((error: unknown) => {
          if (!showUnderFields(form, error)) showError(error);
        });
    }, 300);
    return () => clearTimeout(timer);
  }, [body, template.event, template.channel, form, showError]);

  const save = useMutation({
    mutationFn: (values: EditValues) =>
      notificationsApi.updateTemplate(template.id, { body: values.body, providerTemplateCode: values.providerTemplateCode.trim() || null, expectedUpdatedAt: template.updatedAt }),
    onSuccess: () => {
      void message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY });
      onClose();
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 409) return setStale(true);
      if (!showUnderFields(form, error)) showError(error);
    },
  });

  const insert = (name: string) => {
    const next = insertVariable(form.getFieldValue('body') ?? '', caret.current, name);
    form.setFieldValue('body', next.text);
    caret.current = next.caret;
  };
  const rememberCaret = (event: { currentTarget: HTMLTextAreaElement }) => {
    caret.current = event.currentTarget.selectionStart;
  };

  return (
    <Drawer
      open
      width={640}
      onClose={onClose}
      title={t('notify.editTitle', { event: eventLabel(t, template.event), channel: channelLabel(t, template.channel), locale: t(`notify.locale.${template.locale}`) })}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={isStale} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {isStale ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('notify.stale')}
          action={
            <Button
              size="small"
              onClick={() => {
                void queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY });
                onClose();
              }}
            >
              {t('notify.reload')}
            </Button>
          }
        />
      ) : null}
      <Form form={form} layout="vertical" name="template-edit" initialValues={{ body: template.body, providerTemplateCode: template.providerTemplateCode ?? '' }} onFinish={(values) => save.mutate(values)}>
        <Form.Item label={t('notify.variables')}>
          <Space wrap size={[4, 4]}>
            {template.variables.map((variable) => (
              <Tag.CheckableTag key={variable.name} checked={false} onChange={() => insert(variable.name)} style={{ border: '1px dashed #d9d9d9' }}>
                {`{${variable.name}}`} {variable.label}
              </Tag.CheckableTag>
            ))}
          </Space>
        </Form.Item>
        <Form.Item name="body" label={t('notify.body')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={1000} onSelect={rememberCaret} onKeyUp={rememberCaret} onClick={rememberCaret} />
        </Form.Item>
        <Form.Item name="providerTemplateCode" label={t('notify.providerCode')}>
          <Input maxLength={100} allowClear />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>
        {t('notify.preview')} <SmsCount t={t} sms={preview.sms} />
      </Typography.Title>
      <Typography.Paragraph data-testid="template-preview" style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12 }}>
        {preview.text}
      </Typography.Paragraph>
    </Drawer>
  );
}

/** Test send: the sample text to a staff phone or e-mail through the outbox; shows what the outbox did with it. */
function TestSendModal({ template, onClose }: { template: TemplateView; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<{ recipient: string }>();
  const send = useMutation({
    mutationFn: (recipient: string) => notificationsApi.testSend(template.id, recipient),
    onSuccess: (result) => {
      const summary = result.items.map((item) => `${channelLabel(t, item.channel)} ${t(`notify.status.${item.status}`)}${item.lastError ? `（${item.lastError}）` : ''}`).join('；');
      void message.success(t('notify.testQueued', { result: summary }));
      onClose();
    },
    onError: (error) => showError(error, form),
  });
  return (
    <Modal open title={`${t('notify.testSend')} · ${eventLabel(t, template.event)}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={send.isPending} okText={t('notify.testSend')}>
      <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
        {template.preview}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="template-test" onFinish={(values) => send.mutate(values.recipient.trim())}>
        <Form.Item name="recipient" label={t('notify.testRecipient')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={120} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 消息模板: every event × channel × language of the catalogue, editable by those who manage notifications. */
export function TemplatesPage() {
  const t = useT();
  const me = useMe();
  const showError = useApiError();
  const queryClient = useQueryClient();
  const canManage = canAccess(me, 'notifications.manage');
  const [event, setEvent] = useState<string | undefined>();
  const [channel, setChannel] = useState<Channel | undefined>();
  const [editing, setEditing] = useState<TemplateView | null>(null);
  const [testing, setTesting] = useState<TemplateView | null>(null);
  const templates = useQuery({ queryKey: TEMPLATES_KEY, queryFn: notificationsApi.templates });
  const items = templates.data?.items ?? [];
  const events = useMemo(() => [...new Set(items.map((item) => item.event))], [items]);
  const shown = items.filter((item) => (!event || item.event === event) && (!channel || item.channel === channel));

  const toggle = useMutation({
    mutationFn: (template: TemplateView) => notificationsApi.updateTemplate(template.id, { isEnabled: !template.isEnabled, expectedUpdatedAt: template.updatedAt }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY }),
    onError: (error) => {
      if (isApiError(error) && error.status === 409) void queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY });
      showError(isApiError(error) && error.status === 409 ? new Error(t('notify.stale')) : error);
    },
  });

  const columns: TableColumnsType<TemplateView> = [
    {
      title: t('notify.event'),
      key: 'event',
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          <span>{eventLabel(t, row.event)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.event}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('notify.channel'), dataIndex: 'channel', key: 'channel', render: (value: Channel) => <Tag>{channelLabel(t, value)}</Tag> },
    { title: t('notify.locale'), dataIndex: 'locale', key: 'locale', render: (value: TemplateView['locale']) => t(`notify.locale.${value}`) },
    {
      title: t('notify.audience'),
      key: 'audience',
      render: (_, row) => (
        <Space size={4} wrap>
          <Tag color={row.audience === 'customer' ? 'blue' : 'purple'}>{t(`notify.audience.${row.audience}`)}</Tag>
          <Tag color={row.kind === 'marketing' ? 'orange' : 'default'}>{t(`notify.kind.${row.kind}`)}</Tag>
          {row.isUrgent ? <Tag color="red">{t('notify.urgent')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('notify.enabled'),
      key: 'isEnabled',
      render: (_, row) => <Switch size="small" checked={row.isEnabled} disabled={!canManage} loading={toggle.isPending && toggle.variables?.id === row.id} onChange={() => toggle.mutate(row)} aria-label={`${t('notify.enabled')} ${row.event} ${row.channel} ${row.locale}`} />,
    },
    {
      title: t('notify.body'),
      key: 'body',
      render: (_, row) => (
        <Space direction="vertical" size={2} style={{ maxWidth: 420 }}>
          <Typography.Text>{row.body}</Typography.Text>
          <SmsCount t={t} sms={row.sms} />
        </Space>
      ),
    },
    { title: t('notify.providerCode'), dataIndex: 'providerTemplateCode', key: 'providerTemplateCode', render: (value: string | null) => value ?? '—' },
    { title: t('common.updatedAt'), key: 'updatedAt', render: (_, row) => (<Space direction="vertical" size={0}><DateTime value={row.updatedAt} /><Typography.Text type="secondary">{row.updatedBy ?? ''}</Typography.Text></Space>) },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, row: TemplateView) => (
              <Space>
                <Typography.Link onClick={() => setEditing(row)}>{t('common.edit')}</Typography.Link>
                <Typography.Link onClick={() => setTesting(row)}>{t('notify.testSend')}</Typography.Link>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <PageHeader title={t('nav.notificationTemplates')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('notify.event')}
          style={{ width: 220 }}
          value={event}
          onChange={setEvent}
          options={events.map((value) => ({ value, label: eventLabel(t, value) }))}
          data-testid="template-event-filter"
        />
        <Select allowClear placeholder={t('notify.channel')} style={{ width: 120 }} value={channel} onChange={setChannel} options={CHANNELS.map((value) => ({ value, label: channelLabel(t, value) }))} />
      </Space>
      {templates.error ? <Alert type="error" message={String((templates.error as Error).message)} style={{ marginBottom: 16 }} /> : null}
      <ListTable<TemplateView> columns={columns} dataSource={shown} loading={templates.isFetching} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      {editing ? <TemplateEditor key={editing.id} template={editing} onClose={() => setEditing(null)} /> : null}
      {testing ? <TestSendModal template={testing} onClose={() => setTesting(null)} /> : null}
    </Card>
  );
}

