import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '../../contracts/errors';

/**
 * An error meant for the client. `message` is shown to the user; `logMessage` (optional)
 * goes only to the log. Anything that is not an AppError becomes a 500 with no details.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details?: ErrorDetail[];
  readonly logMessage?: string;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetail[]; logMessage?: string } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = ERROR_STATUS[code];
    this.details = options.details;
    this.logMessage = options.logMessage;
  }
}

export const notFound = (entity: string) => new AppError('not_found', `${entity} not found`);
export const forbidden = (message = 'You do not have permission to do this') => new AppError('forbidden', message);
export const unauthorized = (message = 'Sign in first') => new AppError('unauthorized', message);
export const conflict = (message: string, details?: ErrorDetail[]) => new AppError('conflict', message, { details });
/** A 400 naming one field. */
export const invalidField = (path: (string | number)[], message: string) =>
  new AppError('validation_error', `${path.join('.')}: ${message}`, { details: [{ path, message }] });
