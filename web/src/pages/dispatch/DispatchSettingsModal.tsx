import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { dispatchApi, type TDispatchSettings } from '../../api/dispatch';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { useFormSave } from '../../components/FormDrawer';
import { useI18n } from '../../i18n';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Batch times sorted and without duplicates ("9:30" → "09:30"). */
export function normalizeTimes(values: string[]): string[] {
  const padded = values.map((value) => value.trim()).map((value) => (/^\d:\d\d$/.test(value) ? `0${value}` : value));
  return [...new Set(padded)].sort();
}

/**
 * 派工设置 (dispatch.plan): installation batch times off-season and in peak season, the peak
 * months, the interval of the other types, the outlet feedback time and the day plan time.
 */
export function DispatchSettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TDispatchSettings>();
  const { saving: busy, save: run } = useFormSave(form, onClose, t('dispatch.settings.saved'));
  const settings = useQuery({ queryKey: ['dispatch', 'settings'], queryFn: () => dispatchApi.settings(), enabled: open });

  useEffect(() => {
    if (open && settings.data) form.setFieldsValue(settings.data);
  }, [open, settings.data, form]);

  const timesRule = {
    validator: async (_: unknown, value: string[] | undefined) => {
      const bad = (value ?? []).find((entry) => !HHMM.test(entry.trim().replace(/^(\d):/, '0$1:')));
      if (bad) throw new Error(t('dispatch.settings.badTime', { value: bad }));
    },
  };

  const save = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const body: TDispatchSettings = {
        ...values,
        installationOffSeason: normalizeTimes(values.installationOffSeason ?? []),
        installationPeak: normalizeTimes(values.installationPeak ?? []),
        peakMonths: [...(values.peakMonths ?? [])].sort((a, b) => a - b),
        dayPlanAt: values.dayPlanAt.trim(),
      };
      queryClient.setQueryData(['dispatch', 'settings'], await dispatchApi.saveSettings(body));
    });
  };

  return (
    <Modal
      open={open}
      title={t('dispatch.settings.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void save()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: !settings.data, 'data-testid': 'settings-save' }}
      destroyOnHidden
      forceRender
    >
      {settings.data ? null : <LoadFailure error={settings.error} retry={() => void settings.refetch()} />}
      <Form form={form} layout="vertical" name="dispatch-settings" style={{ display: settings.data ? undefined : 'none' }}>
        <Form.Item name="installationOffSeason" label={t('dispatch.settings.offSeason')} extra={t('dispatch.settings.timesHint')} rules={[timesRule]}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} data-testid="settings-off-season" />
        </Form.Item>
        <Form.Item name="installationPeak" label={t('dispatch.settings.peak')} rules={[timesRule]}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="peakMonths" label={t('dispatch.settings.peakMonths')}>
          <Select mode="multiple" options={Array.from({ length: 12 }, (_, index) => ({ value: index + 1, label: t('dispatch.settings.month', { month: index + 1 }) }))} />
        </Form.Item>
        <Form.Item name="otherEveryMinutes" label={t('dispatch.settings.otherEvery')} rules={[{ required: true }]}>
          <InputNumber min={5} max={1440} suffix={t('dispatch.settings.minutes')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="feedbackMinutes" label={t('dispatch.settings.feedbackMinutes')} extra={t('dispatch.settings.feedbackHint')} rules={[{ required: true }]}>
          <InputNumber min={5} max={7 * 1440} suffix={t('dispatch.settings.minutes')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="dayPlanAt"
          label={t('dispatch.settings.dayPlanAt')}
          rules={[{ required: true }, { pattern: HHMM, message: t('dispatch.settings.badTime', { value: 'HH:MM' }) }]}
        >
          <Input style={{ width: 120 }} placeholder="17:30" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
