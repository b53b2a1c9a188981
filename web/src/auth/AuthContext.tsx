import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import { isApiError, onPasswordChangeRequired, onUnauthorized, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';
import { useI18n, type Locale } from '../i18n';

export const ME_KEY = ['auth', 'me'] as const;

type AuthValue = {
  /** The signed-in user, null when signed out, undefined while the first check runs. */
  me: Me | null | undefined;
  loading: boolean;
  /** The first check failed for another reason than "not signed in" (server down, network). */
  failed: boolean;
  retry: () => void;
  signIn: (username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
  /** Replaces the cached principal (after a password change or preference update). */
  setMe: (me: Me | null) => void;
  /** Switches the UI language; when signed in, also remembers it on the server. */
  changeLocale: (locale: Locale) => Promise<void>;
};

const AuthContext = createContext<AuthValue | null>(null);

/** GET /api/auth/me, with "not signed in" as null instead of an error. */
async function fetchMe(): Promise<Me | null> {
  try {
    return await api.auth.me();
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { setLocale } = useI18n();
  const query = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity, retry: false });
  const me = query.data;

  const setMe = useCallback(
    (next: Me | null) => {
      setCsrfToken(next?.csrfToken ?? null);
      // signed out: forget everything cached for the previous user
      if (!next) queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(ME_KEY) });
      queryClient.setQueryData(ME_KEY, next);
    },
    [queryClient],
  );

  // Keep the client's CSRF token in step with the session.
  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
  }, [me?.csrfToken]);

  // The language saved for the user wins once signed in.
  useEffect(() => {
    if (me?.locale) setLocale(me.locale);
  }, [me?.id, me?.locale, setLocale]);

  // Any 401 returns to the login page; a demanded password change reloads the principal.
  useEffect(() => {
    onUnauthorized(() => {
      if (queryClient.getQueryData(ME_KEY)) setMe(null);
    });
    onPasswordChangeRequired(() => {
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
    });
    return () => {
      onUnauthorized(null);
      onPasswordChangeRequired(null);
    };
  }, [queryClient, setMe]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const next = await api.auth.login({ username, password });
      setMe(next);
      return next;
    },
    [setMe],
  );

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      setMe(null);
    }
  }, [setMe]);

  const changeLocale = useCallback(
    async (next: Locale) => {
      setLocale(next);
      const current = queryClient.getQueryData<Me | null>(ME_KEY);
      if (current && current.locale !== next && !current.mustChangePassword) {
        try {
          setMe(await api.auth.preferences({ locale: next }));
        } catch {
          // the language still switches for this browser; the server keeps the old preference
        }
      }
    },
    [queryClient, setLocale, setMe],
  );

  const value = useMemo<AuthValue>(
    () => ({
      me,
      loading: query.isPending,
      failed: query.isError && me === undefined,
      retry: () => void query.refetch(),
      signIn,
      signOut,
      setMe,
      changeLocale,
    }),
    [me, query, signIn, signOut, setMe, changeLocale],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind the sign-in guard. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe used while signed out');
  return me;
}
