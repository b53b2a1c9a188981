import { App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { LIMITS } from '../../../contracts/limits';
import { api } from '../api/endpoints';
import type { Me } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useT } from '../i18n';
import { useApiError } from './useApiError';

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };

/** Current password + new password twice; on success the session's principal is refreshed. */
export function ChangePasswordForm({ onDone }: { onDone?: (me: Me) => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { setMe } = useAuth();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: Values) => {
    setSubmitting(true);
    try {
      const me = await api.auth.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      void message.success(t('password.changed'));
      setMe(me);
      onDone?.(me);
    } catch (error) {
      handleError(error, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 420 }} requiredMark={false} name="change-password">
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule', { min: LIMITS.passwordMin })}
        // The rule stands once under the field; a broken rule names only what is missing.
        validateFirst
        rules={[
          { required: true, message: t('password.required') },
          {
            validator: (_, value: string | undefined) => {
              const problem = passwordProblem(value ?? '');
              return problem ? Promise.reject(new Error(t(problem, { min: LIMITS.passwordMin, max: LIMITS.passwordMax }))) : Promise.resolve();
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.mismatch') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting}>
          {t('password.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** What a new password lacks, as a message key (the server's rule: length, a letter and a digit). */
export function passwordProblem(value: string): 'password.tooShort' | 'password.tooLong' | 'password.needsLetterAndDigit' | null {
  if (value.length < LIMITS.passwordMin) return 'password.tooShort';
  if (value.length > LIMITS.passwordMax) return 'password.tooLong';
  if (!/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return 'password.needsLetterAndDigit';
  return null;
}
