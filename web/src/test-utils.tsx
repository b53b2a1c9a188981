import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { AppProviders, AppRoutes } from './App';
import type { Me } from './api/types';
import type { Locale } from './i18n';

export type Call = { method: string; path: string; headers: Record<string, string>; body: unknown };
export type Reply = { status?: number; body?: unknown };
export type Handler = (call: Call) => Reply | undefined;

/** Replaces fetch with a tiny router over the given handler; returns the recorded calls. */
export function mockFetch(handler: Handler): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const call: Call = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname + url.search,
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>)),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const reply = handler(call) ?? { status: 404, body: { error: { code: 'not_found', message: 'not found' } } };
    return new Response(reply.body === undefined ? '' : JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return calls;
}

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'admin',
    displayName: '管理员',
    roles: ['admin'],
    permissions: ['users.read', 'users.manage', 'audit.read', 'outlets.read', 'outlets.manage', 'tokens.manage'],
    scope: 'all',
    outletId: null,
    locale: 'zh-CN',
    mustChangePassword: false,
    csrfToken: 'csrf-test-token',
    ...overrides,
  };
}

export const TECHNICIAN: Partial<Me> = {
  id: '00000000-0000-4000-8000-000000000002',
  username: 'tech1',
  displayName: '张师傅',
  roles: ['technician'],
  permissions: ['outlets.read'],
  scope: 'self',
};

export const emptyPage = { items: [], total: 0, page: 1, pageSize: 20 };

/** Renders the whole app (providers + routes) at `path`. */
export function renderApp(path = '/', initialLocale?: Locale) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders queryClient={queryClient} initialLocale={initialLocale}>
        <AppRoutes />
      </AppProviders>
    </MemoryRouter>,
  );
}
