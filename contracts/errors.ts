/** Stable machine-readable error codes and the HTTP status each maps to. */
export const ERROR_STATUS = {
  validation_error: 400,
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with one field of the input; `path` is the field path, e.g. `["roles", 0]`. */
export type ErrorDetail = { path: (string | number)[]; message: string; code?: string };

/** The one error body every endpoint answers with. */
export type ErrorBody = { error: { code: ErrorCode; message: string; details?: ErrorDetail[] } };
