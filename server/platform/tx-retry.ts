/**
 * Retries a transaction that PostgreSQL aborted as a deadlock victim or a serialization
 * failure (two dispatchers locking the same technicians in a different order). The work is
 * all-or-nothing, so a retry is safe; after three tries the error goes out.
 */
import { RETRYABLE_STATES, sqlStateOf } from './db-errors';

export async function withDeadlockRetry<T>(work: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const state = sqlStateOf(error);
      if (attempt >= tries || !state || !RETRYABLE_STATES.has(state)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
