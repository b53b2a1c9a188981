/**
 * The technician's phone app (技师端, /m and /m/*): antd-mobile, one column built for 390×844.
 * It shares the staff session, auth context and dictionaries with the desktop app (mounted
 * inside AppProviders by App.tsx) but has its own layout, sign-in form and routes.
 */
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, Route, Routes, useNavigate } from 'react-router';
import { Button, ConfigProvider, ErrorBlock, Form, Input, SpinLoading } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { useAuth } from '../auth/AuthContext';
import { canAccess } from '../access';
import { fieldApi } from '../api/field';
import { useI18n } from '../i18n';
import { loginErrorText } from '../pages/LoginPage';
import { ForcedPasswordPage } from '../pages/ForcedPasswordPage';
import { OutboxProvider } from './OutboxContext';
import { OrderList } from './OrderList';
import { OrderPage } from './OrderPage';
import { MyPartsLink, MyPartsPage } from './MobileParts';
import { MyLedger, MyLedgerLink } from './MyLedger';
import { SyncBar } from './SyncBar';
import '../styles/mobile-shell.css';
import './mobile.css';

function Shell({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN}>
      <div className="shell-root m-root" data-testid="m-root">
        {children}
      </div>
    </ConfigProvider>
  );
}

function LanguageToggle() {
  const { t, locale } = useI18n();
  const { changeLocale } = useAuth();
  return (
    <button type="button" className="shell-header-link" data-testid="m-lang" onClick={() => void changeLocale(locale === 'en' ? 'zh-CN' : 'en')}>
      {t('m.lang')}
    </button>
  );
}

function MobileLogin() {
  const { t, locale } = useI18n();
  const { signIn } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(values.username, values.password);
    } catch (caught) {
      setError(loginErrorText(caught, t, locale));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <>
      <header className="shell-header m-header">
        <div>
          <div className="shell-title">{t('app.name')}</div>
          <div className="m-header-sub">{t('m.signInTitle')}</div>
        </div>
        <LanguageToggle />
      </header>
      <div className="m-section">
        <Form
          layout="horizontal"
          onFinish={submit}
          footer={
            <Button block type="submit" color="primary" size="large" loading={submitting} data-testid="m-login-submit">
              {t('m.signIn')}
            </Button>
          }
        >
          <Form.Item name="username" label={t('m.username')} rules={[{ required: true, message: t('m.required') }]}>
            <Input autoComplete="username" data-testid="m-username" clearable />
          </Form.Item>
          <Form.Item name="password" label={t('m.password')} rules={[{ required: true, message: t('m.required') }]}>
            <Input type="password" autoComplete="current-password" data-testid="m-password" />
          </Form.Item>
        </Form>
        {error ? (
          <div className="m-error m-pad" role="alert">
            {error}
          </div>
        ) : null}
      </div>
    </>
  );
}

function Header() {
  const { t } = useI18n();
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  // The technician record (name, outlet); the signed-in user's name until it answers (or when the endpoint is missing).
  const technician = useQuery({ queryKey: ['m', 'technician'], queryFn: fieldApi.me, staleTime: 5 * 60_000 });
  const name = technician.data?.name ?? me?.displayName ?? '';
  const outlet = technician.data?.outletName;
  return (
    <header className="shell-header m-header">
      <div className="m-header-main">
        <div className="shell-title">{t('m.title')}</div>
        <div className="m-header-sub" data-testid="m-technician">
          {name}
          {outlet ? ` · ${outlet}` : ''}
        </div>
        <MyLedgerLink />
      </div>
      <div className="m-header-actions">
        <MyPartsLink />
        <LanguageToggle />
        <button
          type="button"
          className="shell-header-link"
          data-testid="m-logout"
          onClick={() => {
            void signOut().finally(() => navigate('/m', { replace: true }));
          }}
        >
          {t('m.signOut')}
        </button>
      </div>
    </header>
  );
}

export function MobileRoutes() {
  const { t } = useI18n();
  const { me, loading, failed, retry } = useAuth();

  if (failed) {
    return (
      <Shell>
        <ErrorBlock status="default" title={t('m.loadFailed')} description="">
          <Button color="primary" onClick={retry}>
            {t('m.retry')}
          </Button>
        </ErrorBlock>
      </Shell>
    );
  }
  if (loading) {
    return (
      <Shell>
        <div className="m-center">
          <SpinLoading />
        </div>
      </Shell>
    );
  }
  if (!me) {
    return (
      <Shell>
        <MobileLogin />
      </Shell>
    );
  }
  if (me.mustChangePassword) return <ForcedPasswordPage />;
  if (!canAccess(me, 'workorders.field')) {
    return (
      <Shell>
        <Header />
        <ErrorBlock status="empty" title={t('m.notTechnician')} description={t('m.notTechnicianHint')} data-testid="m-not-technician">
          <a href="/" className="m-link">
            {t('m.desktop')}
          </a>
        </ErrorBlock>
      </Shell>
    );
  }
  return (
    <Shell>
      <OutboxProvider csrfToken={me.csrfToken}>
        <Header />
        <SyncBar />
        <Routes>
          <Route path="/m" element={<OrderList />} />
          <Route path="/m/orders/:id" element={<OrderPage />} />
          <Route path="/m/parts" element={<MyPartsPage />} />
          <Route path="/m/ledger" element={<MyLedger />} />
          <Route path="*" element={<Navigate to="/m" replace />} />
        </Routes>
      </OutboxProvider>
    </Shell>
  );
}

export default MobileRoutes;
