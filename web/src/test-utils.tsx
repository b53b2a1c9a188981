import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { AppProviders, AppRoutes } from './App';
import type { TWorkOrderDetail, TWorkOrderView } from './api/dispatch';
import type { TicketDetail } from './api/tickets';
import type { Me } from './api/types';
import type { Locale } from './i18n';

export type Call = { method: string; path: string; headers: Record<string, string>; body: unknown };
export type Reply = { status?: number; body?: unknown };
/** Answers a call; a promise holds the answer back (e.g. to let a slow list arrive late). */
export type Handler = (call: Call) => Reply | undefined | Promise<Reply | undefined>;

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
    const reply = (await handler(call)) ?? { status: 404, body: { error: { code: 'not_found', message: 'not found' } } };
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

/** A first page of a list answer holding `items`. */
export const pageOf = <T,>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 20 });

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

/** A work order as the list answers it: waiting, unassigned, 09:00–12:00 in Shanghai on 2025-11-23. */
export function makeWorkOrderView(overrides: Partial<TWorkOrderView> = {}): TWorkOrderView {
  return {
    id: '00000000-0000-4000-8000-0000000000c1',
    number: 'WO20251123-0001',
    ticketId: '00000000-0000-4000-8000-00000000e001',
    ticketNumber: 'SH20251122-0001',
    customerId: '00000000-0000-4000-8000-00000000d001',
    customerName: '王建国',
    assetId: null,
    categoryId: null,
    type: 'repair',
    status: 'waiting',
    priority: 'urgent',
    requiredGrade: 'junior',
    estimatedMinutes: 60,
    windowStart: '2025-11-23T01:00:00.000Z',
    windowEnd: '2025-11-23T04:00:00.000Z',
    serviceDate: '2025-11-23',
    address: '上海市浦东新区世纪大道 100 号',
    districtCode: '310115',
    latitude: null,
    longitude: null,
    contactName: '王建国',
    contactPhone: '138****1234',
    materials: [],
    note: null,
    outletId: null,
    outletName: null,
    technicianId: null,
    technicianName: null,
    dispatchMode: null,
    explanation: null,
    dispatchedAt: null,
    acceptedAt: null,
    onTheWayAt: null,
    arrivedAt: null,
    startedAt: null,
    finishedAt: null,
    verifiedAt: null,
    notCompletedReason: null,
    notCompletedNote: null,
    declineReason: null,
    result: null,
    hasSignature: false,
    signedAt: null,
    feedbackOverdue: false,
    routeSeq: null,
    plannedStart: null,
    version: 3,
    createdAt: '2025-11-22T02:00:00.000Z',
    updatedAt: '2025-11-22T02:00:00.000Z',
    ...overrides,
  };
}

/** A work order as the detail answers it: the list fields plus no events, photos or moves. */
export function makeWorkOrderDetail(overrides: Partial<TWorkOrderDetail> = {}): TWorkOrderDetail {
  return { ...makeWorkOrderView(), events: [], photos: [], allowedTransitions: [], ...overrides } as TWorkOrderDetail;
}

/** An assessed installation ticket as the server answers it (fields added to the contract later are not needed here). */
export function makeTicketDetail(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return {
    id: '00000000-0000-4000-8000-00000000e001',
    number: 'SH20251122-0001',
    type: 'installation',
    channel: 'hotline',
    status: 'assessed',
    urgency: 'normal',
    customerId: '00000000-0000-4000-8000-00000000d001',
    customerName: '王建国',
    assetId: null,
    description: '新装空调',
    promisedFeedbackAt: '2025-11-23T02:00:00.000Z',
    createdAt: '2025-11-22T02:00:00.000Z',
    updatedAt: '2025-11-22T02:00:00.000Z',
    faultCategory: null,
    preferredFrom: '2025-11-24T01:00:00.000Z',
    preferredTo: '2025-11-24T04:00:00.000Z',
    contactName: '王建国',
    contactPhone: '13812341234',
    address: '上海市浦东新区世纪大道 100 号',
    pausedFromStatus: null,
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    assessment: null,
    clocks: [],
    allowedTransitions: [],
    events: [],
    ...overrides,
  } as unknown as TicketDetail;
}
