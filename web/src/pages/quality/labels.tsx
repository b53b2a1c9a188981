/** Shared pieces of the quality pages: labels by UI language, status colours, a reason dialog. */
import { useState } from 'react';
import { Form, Input, Modal } from 'antd';
import type { Locale } from '../../i18n';
import { useT } from '../../i18n';
import type { InspectionState, LedgerStatus } from '../../api/quality';

/** A label of the contracts' `{ zh, en }` pairs in the UI language. */
export function pick(labels: { zh: string; en: string }, locale: Locale): string {
  return locale === 'en' ? labels.en : labels.zh;
}

export const INSPECTION_COLORS: Record<InspectionState, string> = { not_required: 'default', pending: 'gold', passed: 'green', failed: 'red' };
export const LEDGER_STATUS_COLORS: Record<LedgerStatus, string> = { proposed: 'gold', approved: 'green', rejected: 'default' };

/**
 * A dialog asking for a reason (required) before an action; the server's field error on
 * `reason` lands under the field.
 */
export function ReasonModal({ open, title, label, hint, onCancel, onSubmit, okDanger = true }: { open: boolean; title: string; label: string; hint?: string; onCancel: () => void; onSubmit: (reason: string, form: ReturnType<typeof Form.useForm<{ reason: string }>>[0]) => Promise<void>; okDanger?: boolean }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      okButtonProps={{ danger: okDanger, loading: saving, ...({ 'data-testid': 'reason-ok' } as object) }}
      onOk={() => form.submit()}
      destroyOnHidden
      afterClose={() => form.resetFields()}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          setSaving(true);
          try {
            await onSubmit(values.reason.trim(), form);
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item name="reason" label={label} extra={hint} rules={[{ required: true, whitespace: true, message: t('quality.required') }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
