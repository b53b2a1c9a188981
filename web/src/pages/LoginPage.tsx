import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { applyErrorToForm, errorText } from '../components/useApiError';
import { isApiError } from '../api/client';
import { useI18n, type Locale, type TFunction } from '../i18n';

type Values = { username: string; password: string };

/** Sign-in specific texts: a disabled account answers 403 `forbidden`, a locked one 423 with the minutes left. */
export function loginErrorText(error: unknown, t: TFunction, locale: Locale): string {
  if (isApiError(error) && locale !== 'en') {
    if (error.code === 'forbidden') return t('login.disabled');
    if (error.code === 'account_locked') {
      const minutes = /(\d+)/.exec(error.message)?.[1];
      if (minutes) return t('login.lockedMinutes', { minutes });
    }
  }
  return errorText(error, t, locale);
}

export function LoginPage() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(values.username, values.password);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (caught) {
      applyErrorToForm(form, caught);
      setError(loginErrorText(caught, t, locale));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(135deg, #e6f4ff 0%, #f5f5f5 60%)' }}
    >
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Flex justify="space-between" align="start" style={{ marginBottom: 24 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.title')}</Typography.Text>
          </div>
          <LanguageSwitch size="small" />
        </Flex>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} name="login">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
