import { App as AntApp, Button, ConfigProvider, Flex, Result, Spin } from 'antd';
import { popupContainer } from './components/popupContainer';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { canAccess, filterByAccess } from './access';
import { isApiError } from './api/client';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { ErrorResult } from './components/ErrorResult';
import { I18nProvider, useI18n, type Locale } from './i18n';
import { MainLayout } from './layouts/MainLayout';
import { ForcedPasswordPage } from './pages/ForcedPasswordPage';
import { LoginPage } from './pages/LoginPage';
import { ROUTES } from './routes';
import { isPhoneScreen } from './mobile/logic';
import { ReceiptPrintPage } from './pages/dispatch/ReceiptPrintPage';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
    },
  });
}

/** Decides between the login page, the forced password change and the app itself. */
export function AppRoutes() {
  const { me, loading, failed, retry } = useAuth();
  const { t } = useI18n();
  const location = useLocation();

  if (failed) {
    return (
      <Result
        status="warning"
        title={t('common.error')}
        subTitle={t('error.network')}
        extra={
          <Button type="primary" onClick={retry}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }

  if (loading) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }

  if (!me) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />} />
      </Routes>
    );
  }

  if (me.mustChangePassword) return <ForcedPasswordPage />;

  // A technician on a phone-sized screen lands in the phone app (/m); the desktop app stays reachable by URL.
  if (location.pathname === '/' && canAccess(me, 'workorders.field') && isPhoneScreen()) return <Navigate to="/m" replace />;

  const allowed = filterByAccess(ROUTES, me);
  return (
    <Routes>
      <Route path="/login" element={<Navigate to="/" replace />} />
      <Route path="/print/receipt/:id" element={canAccess(me, 'workorders.read') ? <ReceiptPrintPage /> : <ErrorResult kind="forbidden" />} />
      <Route element={<MainLayout />}>
        {ROUTES.map((route) => (
          <Route
            key={route.path}
            path={route.path}
            element={allowed.includes(route) ? <route.Component /> : <ErrorResult kind="forbidden" />}
          />
        ))}
        <Route path="*" element={<ErrorResult kind="notFound" />} />
      </Route>
    </Routes>
  );
}

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNLocale : enUSLocale} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }} getPopupContainer={popupContainer}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** All providers; the router is supplied by the caller (BrowserRouter in main, MemoryRouter in tests). */
export function AppProviders({ children, queryClient, initialLocale }: { children: ReactNode; queryClient?: QueryClient; initialLocale?: Locale }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <I18nProvider initialLocale={initialLocale}>
        <Themed>
          <AuthProvider>{children}</AuthProvider>
        </Themed>
      </I18nProvider>
    </QueryClientProvider>
  );
}

/** The public customer portal (own chunk, own providers, no staff session). */
const PortalApp = lazy(() => import('./portal/PortalApp'));

export function isPortalPath(pathname: string): boolean {
  return pathname === '/portal' || pathname.startsWith('/portal/');
}

/** The technician's phone app (own chunk with antd-mobile; the staff session and providers). */
const MobileApp = lazy(() => import('./mobile/MobileApp'));

export function isMobilePath(pathname: string): boolean {
  return pathname === '/m' || pathname.startsWith('/m/');
}

export function App() {
  const { pathname } = useLocation();
  if (isPortalPath(pathname)) {
    return (
      <Suspense fallback={null}>
        <PortalApp />
      </Suspense>
    );
  }
  if (isMobilePath(pathname)) {
    return (
      <AppProviders>
        <Suspense fallback={null}>
          <MobileApp />
        </Suspense>
      </AppProviders>
    );
  }
  return (
    <AppProviders>
      <AppRoutes />
    </AppProviders>
  );
}
