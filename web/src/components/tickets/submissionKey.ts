import { newIdempotencyKey } from '../../api/tickets';

/**
 * One Idempotency-Key per submission: sending the same body again (a double click, a retry
 * after a network error) reuses the key, so the server answers with the ticket it already
 * made; a changed body is a new submission with a new key (the server refuses a key reused
 * with another body). `reset()` after success starts the next registration.
 */
export class SubmissionKey {
  private key: string | null = null;
  private body: string | null = null;

  constructor(private readonly generate: () => string = newIdempotencyKey) {}

  keyFor(body: unknown): string {
    const text = JSON.stringify(body);
    if (!this.key || this.body !== text) {
      this.key = this.generate();
      this.body = text;
    }
    return this.key;
  }

  reset(): void {
    this.key = null;
    this.body = null;
  }
}
