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
import { ApiError, http } from './client';
import type { ErrorCode, ErrorDetail, Page } from './types';

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

function toApiError(status: number, data: unknown): ApiError {
  const body = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof body?.code === 'string' ? (body.code as ErrorCode) : 'internal_error';
  const message = typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
  const details = Array.isArray(body?.details)
    ? (body.details as unknown[]).filter(
        (detail): detail is ErrorDetail =>
          typeof detail === 'object' && detail !== null && Array.isArray((detail as ErrorDetail).path) && typeof (detail as ErrorDetail).message === 'string',
      )
    : [];
  return new ApiError(status, code, message, details);
}

/**
 * POST /api/tickets with an `Idempotency-Key` header (the shared `http` client sends no extra
 * headers, so this one call does its own fetch with the session's CSRF token).
 */
export async function createTicket(
  body: CreateTicketBody,
  options: { idempotencyKey: string; csrfToken: string; locale: string },
): Promise<CreateTicketResult> {
  let response: Response;
  try {
    response = await fetch('/api/tickets', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': options.locale,
        'Content-Type': 'application/json',
        'X-CSRF-Token': options.csrfToken,
        'Idempotency-Key': options.idempotencyKey,
      },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'network error');
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) throw toApiError(response.status, data);
  return data as CreateTicketResult;
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
