/**
 * The public customer portal (/portal, /portal/*): mobile first, no staff session. A phone
 * verified by SMS code opens a portal session (HttpOnly cookie `as_portal`); the customer then
 * files requests and follows the tickets of that phone only.
 */
import { useState, type ReactNode } from 'react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Button, ConfigProvider, ErrorBlock, SpinLoading, Tabs } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import type { Locale } from '../i18n';
import { isPortalApiError, portalApi, setPortalCsrfToken, type PortalMe } from './api';
import { PortalI18nProvider, usePortalI18n } from './i18n';
import { LoginView } from './LoginView';
import { NewRequestForm } from './NewRequestForm';
import { SurveyView } from './SurveyView';
import { TicketDetailView } from './TicketDetailView';
import { TicketList } from './TicketList';
import '../styles/mobile-shell.css';
import './portal.css';

export const ME_KEY = ['portal', 'me'] as const;

export function createPortalQueryClient(options: { retry?: boolean } = {}): QueryClient {
  // A 401 anywhere means the portal session ended (expired or signed out elsewhere): back to the code form.
  const onError = (error: unknown) => {
    if (isPortalApiError(error) && error.status === 401) {
      setPortalCsrfToken(null);
      client.setQueryData(ME_KEY, null);
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: options.retry === false ? false : (count, error) => !(isPortalApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
    },
  });
  return client;
}

/** GET /api/portal/me, with 401 meaning "not verified yet" (null). */
export async function loadPortalMe(): Promise<PortalMe | null> {
  try {
    const me = await portalApi.me();
    setPortalCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isPortalApiError(error) && error.status === 401) {
      setPortalCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

export function PortalShell({ children }: { children: ReactNode }) {
  const { locale } = usePortalI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN}>
      <div className="shell-root portal-root" data-testid="portal-root">
        {children}
      </div>
    </ConfigProvider>
  );
}

function LanguageToggle() {
  const { locale, setLocale, t } = usePortalI18n();
  return (
    <button type="button" className="shell-header-link" data-testid="portal-lang" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
      {t('lang.switch')}
    </button>
  );
}

function Header({ me }: { me: PortalMe | null }) {
  const { t } = usePortalI18n();
  const client = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: portalApi.logout,
    onSettled: () => {
      setPortalCsrfToken(null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] === 'portal' && query.queryKey[1] !== 'me' });
      client.setQueryData(ME_KEY, null);
      navigate('/portal', { replace: true });
    },
  });
  return (
    <header className="shell-header portal-header">
      <div>
        <div className="shell-title">{t('title')}</div>
        <div className="portal-subtitle">{me ? t('home.signedInAs', { phone: maskPhone(me.phone) }) : t('subtitle')}</div>
      </div>
      <div className="portal-header-actions">
        <LanguageToggle />
        {me && (
          <button type="button" className="shell-header-link" data-testid="portal-logout" disabled={logout.isPending} onClick={() => logout.mutate()}>
            {t('home.logout')}
          </button>
        )}
      </div>
    </header>
  );
}

/** The signed-in home: two tabs, 我的服务单 and 提交服务申请 (`?tab=new`). */
function HomeView({ me }: { me: PortalMe }) {
  const { t } = usePortalI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'new' ? 'new' : 'tickets';
  const setTab = (key: string) => setParams(key === 'new' ? { tab: 'new' } : {}, { replace: true });
  return (
    <Tabs activeKey={tab} onChange={setTab} className="portal-tabs">
      <Tabs.Tab title={t('tab.tickets')} key="tickets">
        <TicketList onNew={() => setTab('new')} />
      </Tabs.Tab>
      <Tabs.Tab title={t('tab.new')} key="new">
        <NewRequestForm me={me} onShowTickets={() => setTab('tickets')} />
      </Tabs.Tab>
    </Tabs>
  );
}

/** /portal/survey/:token — the follow-up survey opens without sign-in (the token is the key). */
function surveyTokenOf(pathname: string): string | null {
  const match = /^\/portal\/survey\/([A-Za-z0-9_-]+)$/.exec(pathname);
  return match ? match[1] : null;
}

export function PortalRoutes() {
  const location = useLocation();
  const surveyToken = surveyTokenOf(location.pathname);
  if (surveyToken) {
    return (
      <PortalShell>
        <Header me={null} />
        <SurveyView token={surveyToken} />
      </PortalShell>
    );
  }
  return <SignedInRoutes />;
}

function SignedInRoutes() {
  const { t } = usePortalI18n();
  const client = useQueryClient();
  const meQuery = useQuery({ queryKey: ME_KEY, queryFn: loadPortalMe, staleTime: 60_000 });

  if (meQuery.isPending) {
    return (
      <PortalShell>
        <div className="portal-center">
          <SpinLoading />
        </div>
      </PortalShell>
    );
  }
  if (meQuery.isError) {
    return (
      <PortalShell>
        <Header me={null} />
        <ErrorBlock status="default" title={t('error.network')} description="">
          <Button color="primary" onClick={() => void meQuery.refetch()}>
            {t('list.refresh')}
          </Button>
        </ErrorBlock>
      </PortalShell>
    );
  }
  const me = meQuery.data;
  return (
    <PortalShell>
      <Header me={me} />
      {!me ? (
        <LoginView onSignedIn={() => void client.invalidateQueries({ queryKey: ME_KEY })} />
      ) : (
        <Routes>
          <Route path="/portal" element={<HomeView me={me} />} />
          <Route path="/portal/tickets/:id" element={<TicketDetailView />} />
          <Route path="*" element={<Navigate to="/portal" replace />} />
        </Routes>
      )}
    </PortalShell>
  );
}

/** Providers of the portal; the router comes from the caller (BrowserRouter in main, MemoryRouter in tests). */
export function PortalProviders({ children, queryClient, initialLocale }: { children: ReactNode; queryClient?: QueryClient; initialLocale?: Locale }) {
  const [client] = useState(() => queryClient ?? createPortalQueryClient());
  return (
    <QueryClientProvider client={client}>
      <PortalI18nProvider initialLocale={initialLocale}>{children}</PortalI18nProvider>
    </QueryClientProvider>
  );
}

export default function PortalApp() {
  return (
    <PortalProviders>
      <PortalRoutes />
    </PortalProviders>
  );
}
