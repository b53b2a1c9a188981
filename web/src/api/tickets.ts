/** The service-ticket API: intake (with Idempotency-Key), list, detail, transitions, notes. */
import type { z } from 'zod';
import type {
  TicketStatus,
  TicketType,
  ZCreateTicketBody,
  ZCreateTicketResult,
  ZTicketDetail,
  ZTicketEvent,
  ZTicketSummary,
  ZAssessmentBody,
  ZAssessmentView,
  ZQueueCounts,
  ZSavedFilter,
  ZUnresolvedReport,
} from '../../../contracts/tickets';
import type { EXCLUSIONS, FAULT_CLASSES, REMEDIES } from '../../../contracts/tickets';
import type { URGENCIES, TICKET_CHANNELS } from '../../../contracts/tickets';
import { http, request } from './client';
import type { Page } from './types';

export type { TicketStatus, TicketType };
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type TicketSummary = z.infer<typeof ZTicketSummary>;
export type TicketDetail = z.infer<typeof ZTicketDetail>;
export type TicketEvent = z.infer<typeof ZTicketEvent>;
export type CreateTicketBody = z.input<typeof ZCreateTicketBody>;
export type CreateTicketResult = z.infer<typeof ZCreateTicketResult>;

export type TicketFilters = {
  q?: string;
  status?: TicketStatus;
  isOpen?: 'true' | 'false';
  type?: TicketType;
  customerId?: string;
  assetId?: string;
  mine?: 'true';
  unassigned?: 'true';
  sla?: 'at_risk' | 'breached';
  outletId?: string;
};
export type TicketClock = TicketDetail['clocks'][number];
export type AssessmentView = z.infer<typeof ZAssessmentView>;
export type AssessmentBody = z.input<typeof ZAssessmentBody>;
export type FaultClass = (typeof FAULT_CLASSES)[number];
export type Exclusion = (typeof EXCLUSIONS)[number];
export type Remedy = (typeof REMEDIES)[number];
export type QueueCounts = z.infer<typeof ZQueueCounts>;
export type SavedFilter = z.infer<typeof ZSavedFilter>;
export type UnresolvedReport = z.infer<typeof ZUnresolvedReport>;

/** SLA admin: the calendar of a year and the policies (server-side schemas in server/modules/sla). */
export type CalendarDay = { date: string; kind: string; name: string | null };
export type CalendarYear = { year: number; isKnown: boolean; days: CalendarDay[]; adminDays: CalendarDay[] };
export type SlaPolicyBody = {
  name: string;
  ticketType: TicketType | null;
  urgency: Urgency | null;
  customerClass: 'key' | 'normal' | null;
  priority: number;
  responseMinutes: number;
  responseHours: { start: string; end: string };
  onsiteWorkingDays: number | null;
  resolutionWorkingDays: number | null;
  isActive: boolean;
};
export type SlaPolicy = SlaPolicyBody & { id: string };
export type TicketQuery = TicketFilters & { page: number; pageSize: number };

const id = (value: string) => encodeURIComponent(value);

/** A fresh Idempotency-Key (a UUID; the server accepts 8–128 of [A-Za-z0-9_-:.]). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * POST /api/tickets with an `Idempotency-Key` header and the session's CSRF token and locale, through
 * the shared client (a 401 is answered as an error here, not as a return to the login page).
 */
export function createTicket(
  body: CreateTicketBody,
  options: { idempotencyKey: string; csrfToken: string; locale: string },
): Promise<CreateTicketResult> {
  return request<CreateTicketResult>('POST', '/api/tickets', {
    body,
    skipAuthRedirect: true,
    headers: { 'Accept-Language': options.locale, 'X-CSRF-Token': options.csrfToken, 'Idempotency-Key': options.idempotencyKey },
  });
}

export const ticketsApi = {
  list: (query: TicketQuery) => http.get<Page<TicketSummary>>('/api/tickets', query),
  get: (ticketId: string) => http.get<TicketDetail>(`/api/tickets/${id(ticketId)}`),
  transition: (ticketId: string, body: { to: TicketStatus; note?: string }) => http.post<TicketDetail>(`/api/tickets/${id(ticketId)}/transitions`, body),
  addNote: (ticketId: string, body: { text: string; isCustomerVisible: boolean }) => http.post<TicketDetail>(`/api/tickets/${id(ticketId)}/notes`, body),
  assess: (ticketId: string, body: AssessmentBody) => http.put<TicketDetail>(`/api/tickets/${id(ticketId)}/assessment`, body),
  overrideSanbao: (ticketId: string, body: { remedy: Remedy; reason: string }) => http.put<TicketDetail>(`/api/tickets/${id(ticketId)}/sanbao-override`, body),
  commitSameDay: (ticketId: string, body: { reason: string; committedAt: string }) => http.put<TicketDetail>(`/api/tickets/${id(ticketId)}/same-day-commitment`, body),
  queues: () => http.get<QueueCounts>('/api/tickets/queues'),
  savedFilters: () => http.get<{ items: SavedFilter[] }>('/api/tickets/saved-filters'),
  saveFilter: (body: { name: string; query: Record<string, string> }) => http.post<SavedFilter>('/api/tickets/saved-filters', body),
  deleteFilter: (filterId: string) => http.delete<unknown>(`/api/tickets/saved-filters/${id(filterId)}`),
  unresolved: (date?: string) => http.get<UnresolvedReport>('/api/reports/unresolved', date ? { date } : {}),
  /** The ticket with exactly this number (the list's `q` also matches descriptions), or undefined. */
  findByNumber: async (number: string): Promise<TicketSummary | undefined> => {
    const page = await http.get<Page<TicketSummary>>('/api/tickets', { q: number, page: 1, pageSize: 20 });
    return page.items.find((item) => item.number === number);
  },
};

export const slaApi = {
  calendar: (year: number) => http.get<CalendarYear>(`/api/sla/calendar/${year}`),
  setDay: (date: string, body: { kind: 'holiday' | 'workday' | 'normal'; name?: string | null }) => http.put<{ ok: true }>(`/api/sla/calendar/days/${id(date)}`, body),
  markYearKnown: (year: number) => http.post<{ ok: true }>('/api/sla/calendar/years', { year }),
  policies: () => http.get<{ items: SlaPolicy[] }>('/api/sla/policies'),
  createPolicy: (body: SlaPolicyBody) => http.post<SlaPolicy>('/api/sla/policies', body),
  updatePolicy: (policyId: string, body: SlaPolicyBody) => http.put<SlaPolicy>(`/api/sla/policies/${id(policyId)}`, body),
};
