/** The SQLSTATE of a database error (node-postgres or PGlite, possibly wrapped by Drizzle), or undefined. */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** unique_violation: two requests raced for the same unique value; the loser's transaction rolled back. */
export const UNIQUE_VIOLATION = '23505';
/** foreign_key_violation: the row names a parent that does not exist (e.g. an unknown product model). */
export const FOREIGN_KEY_VIOLATION = '23503';
/** deadlock_detected / serialization_failure: safe to retry the whole transaction. */
export const RETRYABLE_STATES = new Set(['40P01', '40001']);
