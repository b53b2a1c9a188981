/**
 * The customer portal's own small API client: no staff session, no staff 401 redirects.
 * The portal session is the HttpOnly cookie `as_portal`; writes carry `X-CSRF-Token`.
 */
import type { TicketStatus, TicketType } from '../../../contracts/tickets';

export type PortalErrorDetail = { path: (string | number)[]; message: string };

export class PortalApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: PortalErrorDetail[];
  /** From a 429's `Retry-After` header: seconds until the request may be made again. */
  readonly retryAfterSeconds: number | null;
  constructor(status: number, code: string, message: string, details: PortalErrorDetail[] = [], retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'PortalApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
  /** Whether a detail points at the field (a leading `body` segment ignored). */
  hasField(field: string): boolean {
    return this.details.some((detail) => {
      const path = detail.path[0] === 'body' ? detail.path.slice(1) : detail.path;
      return path[0] === field;
    });
  }
}

export function isPortalApiError(error: unknown): error is PortalApiError {
  return error instanceof PortalApiError;
}

const state: { csrfToken: string | null; locale: string } = { csrfToken: null, locale: 'zh-CN' };

export function setPortalCsrfToken(token: string | null): void {
  state.csrfToken = token;
}
export function setPortalLocale(locale: string): void {
  state.locale = locale;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.locale };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (cause) {
    throw new PortalApiError(0, 'network_error', cause instanceof Error ? cause.message : 'network error');
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    const details = Array.isArray(error?.details) ? (error.details as PortalErrorDetail[]).filter((d) => d && Array.isArray(d.path)) : [];
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new PortalApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : response.status === 401 ? 'unauthorized' : 'internal_error',
      typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
      details,
      Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : null,
    );
  }
  return data as T;
}

export type PortalMe = { phone: string; csrfToken: string; isKnownCustomer: boolean };

export type PortalTicketSummary = {
  id: string;
  number: string;
  type: TicketType;
  status: TicketStatus;
  urgency: string;
  description: string;
  promisedFeedbackAt: string;
  createdAt: string;
  updatedAt?: string;
};

export type PortalClock = { kind: 'response' | 'onsite' | 'resolution'; status: 'running' | 'paused' | 'met' | 'breached'; dueAt: string };

export type PortalEvent = { id?: string; at: string; kind: string; fromStatus?: TicketStatus | null; toStatus: TicketStatus | null; text: string | null; isCustomerVisible: boolean };

export type PortalTicketDetail = PortalTicketSummary & {
  address: string | null;
  preferredFrom: string | null;
  preferredTo: string | null;
  technicianName: string | null;
  resolvedAt?: string | null;
  closedAt?: string | null;
  clocks: PortalClock[];
  events: PortalEvent[];
};

export type PortalAddress = { provinceCode: string; cityCode: string; districtCode: string; detail: string };

export type PortalTicketBody = {
  type: TicketType;
  description: string;
  name?: string;
  address?: PortalAddress;
  preferredFrom?: string;
  preferredTo?: string;
};

export type PortalCreateResult = { ticket: PortalTicketDetail; isExisting: boolean; reason: 'created' | 'idempotent_retry' | 'duplicate_open_ticket' };

export type PortalSurvey = { workOrderNumber: string; workType: string; workDone: string | null; finishedAt: string; expiresAt: string; categories: string[] };
export type PortalSurveyAnswer = { overall: number; attitude: number; skill: number; timeliness: number; categories: string[]; comment?: string };

export const portalApi = {
  /** The follow-up survey of a one-time SMS link (no sign-in). */
  survey: (token: string) => call<PortalSurvey>('GET', `/api/portal/surveys/${encodeURIComponent(token)}`),
  answerSurvey: (token: string, body: PortalSurveyAnswer) => call<{ ok: true }>('POST', `/api/portal/surveys/${encodeURIComponent(token)}`, body),
  requestCode: (phone: string) => call<{ expiresAt: string }>('POST', '/api/portal/codes', { phone }),
  signIn: (phone: string, code: string) => call<{ phone: string; csrfToken: string }>('POST', '/api/portal/sessions', { phone, code }),
  me: () => call<PortalMe>('GET', '/api/portal/me'),
  logout: () => call<{ ok: true }>('POST', '/api/portal/logout', {}),
  tickets: () => call<{ items: PortalTicketSummary[] }>('GET', '/api/portal/tickets'),
  ticket: (id: string) => call<PortalTicketDetail>('GET', `/api/portal/tickets/${encodeURIComponent(id)}`),
  createTicket: (body: PortalTicketBody) => call<PortalCreateResult>('POST', '/api/portal/tickets', body),
};
