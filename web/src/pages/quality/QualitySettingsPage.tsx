/**
 * 质量设置 (issue 14): the repeat-repair window in days, the ticket types checked for repeat
 * repairs, the fault groups (fault code → group: a fault of the same group counts as the same
 * fault), whether installations get a final inspection and the first-time fix streak. GET /
 * PATCH /api/quality/settings with the version read: when someone saved meanwhile (409) the page
 * says so and loads the latest settings. Open to quality.rules.manage (the server's right for the PATCH).
 */
import { useEffect } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Spin, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { QUALITY_LIMITS } from '../../../../contracts/quality';
import { TICKET_TYPE_LABELS, TICKET_TYPES } from '../../../../contracts/tickets';
import { ApiError } from '../../api/client';
import { qualityApi, type QualitySettings, type UpdateQualitySettingsBody } from '../../api/quality';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { pick } from './labels';

type FormValues = Omit<QualitySettings, 'faultGroups' | 'version'> & { faultGroups: { code?: string; group?: string }[] };

/** The form's rows as the settings body with the version read: codes and groups trimmed, empty rows dropped. */
export function settingsBody(values: FormValues, version: number): UpdateQualitySettingsBody {
  const faultGroups: Record<string, string> = {};
  for (const row of values.faultGroups ?? []) {
    const code = row.code?.trim() ?? '';
    const group = row.group?.trim() ?? '';
    if (code && group) faultGroups[code] = group;
  }
  return { repeatWindowDays: values.repeatWindowDays, repeatTicketTypes: values.repeatTicketTypes, faultGroups, inspectInstallations: values.inspectInstallations, firstTimeFixStreak: values.firstTimeFixStreak, version };
}

function formValues({ version: _version, ...settings }: QualitySettings): FormValues {
  return { ...settings, faultGroups: Object.entries(settings.faultGroups).map(([code, group]) => ({ code, group })) };
}

export function QualitySettingsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const query = useQuery({ queryKey: ['quality-settings'], queryFn: qualityApi.settings });
  useEffect(() => {
    if (query.data) form.setFieldsValue(formValues(query.data));
  }, [query.data, form]);
  const save = useMutation({
    mutationFn: (values: FormValues) => qualityApi.updateSettings(settingsBody(values, query.data?.version ?? 1)),
    onSuccess: (saved) => {
      queryClient.setQueryData(['quality-settings'], saved);
      void message.success(t('quality.settings.saved'));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        void message.warning(t('quality.settings.stale'));
        void query.refetch();
        return;
      }
      handleError(error, form);
    },
  });
  const required = { required: true, message: t('quality.required') };

  return (
    <Card>
      <PageHeader title={t('quality.settings.title')} />
      {query.isLoading ? (
        <Spin />
      ) : (
        <Form<FormValues> form={form} name="quality-settings" layout="vertical" style={{ maxWidth: 640 }} onFinish={(values) => save.mutate(values)}>
          <Form.Item name="repeatWindowDays" label={t('quality.settings.window')} extra={t('quality.settings.windowHint')} rules={[required]}>
            <InputNumber min={1} max={QUALITY_LIMITS.windowDaysMax} precision={0} suffix={t('quality.settings.days')} style={{ width: 160 }} data-testid="settings-window" />
          </Form.Item>
          <Form.Item name="repeatTicketTypes" label={t('quality.settings.ticketTypes')} rules={[{ ...required, type: 'array', min: 1 }]}>
            <Select mode="multiple" options={TICKET_TYPES.map((type) => ({ value: type, label: pick(TICKET_TYPE_LABELS[type], locale) }))} data-testid="settings-ticket-types" />
          </Form.Item>
          <Form.Item label={t('quality.settings.faultGroups')} extra={t('quality.settings.faultGroupsHint')}>
            <Form.List name="faultGroups">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((field, index) => (
                    <Space key={field.key} align="baseline" data-testid={`settings-group-${index}`}>
                      <Form.Item name={[field.name, 'code']} rules={[required]} style={{ marginBottom: 0 }}>
                        <Input placeholder={t('quality.settings.faultCode')} maxLength={50} style={{ width: 200 }} />
                      </Form.Item>
                      <Typography.Text type="secondary">→</Typography.Text>
                      <Form.Item name={[field.name, 'group']} rules={[required]} style={{ marginBottom: 0 }}>
                        <Input placeholder={t('quality.settings.group')} maxLength={50} style={{ width: 200 }} />
                      </Form.Item>
                      <Button type="text" icon={<DeleteOutlined />} aria-label={t('quality.settings.removeGroup')} onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', group: '' })} data-testid="settings-group-add">
                    {t('quality.settings.addGroup')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="inspectInstallations" label={t('quality.settings.inspectInstallations')} extra={t('quality.settings.inspectInstallationsHint')} valuePropName="checked">
            <Switch data-testid="settings-inspect-installations" />
          </Form.Item>
          <Form.Item name="firstTimeFixStreak" label={t('quality.settings.streak')} extra={t('quality.settings.streakHint')} rules={[required]}>
            <InputNumber min={2} max={QUALITY_LIMITS.streakMax} precision={0} suffix={t('quality.settings.times')} style={{ width: 160 }} data-testid="settings-streak" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
