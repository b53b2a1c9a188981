import type { ErrorCode, ErrorDetail } from '../../../contracts/errors';

/** An error answered by the API (or a network failure, code `network_error`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network_error';
  readonly details: ErrorDetail[];

  constructor(status: number, code: ErrorCode | 'network_error', message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type Listener = (error: ApiError) => void;

/** Client-wide state: the CSRF token of the current session and who hears about 401/403s. */
const state: { locale: string; csrfToken: string | null; onUnauthorized: Listener | null; onPasswordChangeRequired: Listener | null } = {
  locale: 'zh-CN',
  csrfToken: null,
  onUnauthorized: null,
  onPasswordChangeRequired: null,
};

/** The UI language, sent as Accept-Language so the server may answer in it. */
export function setClientLocale(locale: string): void {
  state.locale = locale;
}

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

/** Called with every 401 answer (except from the sign-in call itself), so the app returns to the login page. */
export function onUnauthorized(listener: Listener | null): void {
  state.onUnauthorized = listener;
}

/** Called when the server demands a password change first (403 `password_change_required`). */
export function onPasswordChangeRequired(listener: Listener | null): void {
  state.onPasswordChangeRequired = listener;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type RequestOptions = {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  skipAuthRedirect?: boolean;
  /** Extra request headers (e.g. `Idempotency-Key`), set after the defaults. */
  headers?: Record<string, string>;
};

/** Performs one JSON request against the API and returns the parsed answer or throws an ApiError. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.locale };
  const hasBody = options.body !== undefined;
  if (hasBody) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  Object.assign(headers, options.headers);

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: hasBody ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'network error');
  }

  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = toApiError(response.status, data);
    if (error.status === 401 && !options.skipAuthRedirect) state.onUnauthorized?.(error);
    if (error.code === 'password_change_required') state.onPasswordChangeRequired?.(error);
    throw error;
  }
  return data as T;
}

function toApiError(status: number, data: unknown): ApiError {
  const body = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof body?.code === 'string' ? (body.code as ErrorCode) : status === 401 ? 'unauthorized' : 'internal_error';
  const message = typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
  const details = Array.isArray(body?.details)
    ? (body.details as unknown[]).filter(
        (detail): detail is ErrorDetail =>
          typeof detail === 'object' && detail !== null && Array.isArray((detail as ErrorDetail).path) && typeof (detail as ErrorDetail).message === 'string',
      )
    : [];
  return new ApiError(status, code, message, details);
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
