import crypto from 'node:crypto';
import type { AppContext } from '../../platform/context';
import { AppError, invalidField } from '../../platform/errors';
import { newId, randomSecret, safeEqual, sha256 } from '../../platform/ids';
import type { Actor, PortalPrincipal } from '../../platform/principal';
import { recordAudit } from '../audit';
import { enqueueMessage } from '../notifications';
import * as repo from './portal.repository';

const MINUTE = 60_000;
/** A code lives 10 minutes and allows 5 guesses. */
export const CODE_TTL_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;
/** One code per phone per minute, at most 5 an hour. */
export const CODE_MIN_INTERVAL_SECONDS = 60;
export const CODES_PER_HOUR = 5;
export const PORTAL_SESSION_HOURS = 2;

export function portalActor(portal: { phone: string }, request?: { id: string; ip: string }): Actor {
  return { type: 'customer', id: portal.phone, name: `portal:${portal.phone.slice(0, 3)}****${portal.phone.slice(7)}`, requestId: request?.id, ip: request?.ip };
}

/** A 429 that knows when the caller may try again (the route sends it as `Retry-After`). */
export class PortalRateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('rate_limited', message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** Sends a 6-digit code to the phone through the outbox (the code itself is stored hashed). */
export async function requestPortalCode(ctx: AppContext, phone: string, ip: string | null): Promise<{ expiresAt: string }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await repo.lockPortalCodesOfPhone(tx, phone);
    const recent = await repo.findPortalCodesSince(tx, phone, new Date(now.getTime() - 60 * MINUTE));
    if (recent[0] && now.getTime() - recent[0].createdAt.getTime() < CODE_MIN_INTERVAL_SECONDS * 1000) {
      const wait = CODE_MIN_INTERVAL_SECONDS - (now.getTime() - recent[0].createdAt.getTime()) / 1000;
      throw new PortalRateLimitedError(`Wait ${CODE_MIN_INTERVAL_SECONDS} seconds before asking for another code`, wait);
    }
    if (recent.length >= CODES_PER_HOUR) {
      // Free again when the oldest of the hour's codes drops out of the window.
      const oldest = recent[CODES_PER_HOUR - 1] ?? recent[recent.length - 1];
      throw new PortalRateLimitedError('Too many codes for this number; try again in an hour', (oldest.createdAt.getTime() + 60 * MINUTE - now.getTime()) / 1000);
    }
    const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * MINUTE);
    await repo.insertPortalCode(tx, { id: newId(), phone, codeHash: sha256(`${phone}:${code}`), createdAt: now, expiresAt, ip });
    await enqueueMessage(tx, now, { template: 'portal_code', recipient: phone, params: { code } });
    return { expiresAt: expiresAt.toISOString() };
  });
}

/** Checks the code (5 guesses), consumes it and opens a portal session for the phone. */
export async function verifyPortalCode(ctx: AppContext, phone: string, code: string, request: { id: string; ip: string }) {
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const latest = await repo.findLatestLivePortalCodeForUpdate(tx, phone, now);
    if (!latest) return { ok: false as const, isExhausted: false };
    if (latest.attempts >= CODE_MAX_ATTEMPTS) return { ok: false as const, isExhausted: true };
    if (!safeEqual(latest.codeHash, sha256(`${phone}:${code}`))) {
      await repo.updatePortalCode(tx, latest.id, { attempts: latest.attempts + 1 });
      return { ok: false as const, isExhausted: latest.attempts + 1 >= CODE_MAX_ATTEMPTS };
    }
    await repo.updatePortalCode(tx, latest.id, { consumedAt: now });
    const secret = randomSecret();
    const csrfToken = randomSecret(24);
    await repo.insertPortalSession(tx, { id: sha256(secret), phone, csrfToken, createdAt: now, expiresAt: new Date(now.getTime() + PORTAL_SESSION_HOURS * 60 * MINUTE) });
    await recordAudit(tx, portalActor({ phone }, request), { entity: 'portal_session', action: 'verified', after: { ip: request.ip } });
    return { ok: true as const, secret, csrfToken };
  });
  if (!outcome.ok) {
    throw new AppError('validation_error', outcome.isExhausted ? 'Too many wrong codes: ask for a new code' : 'Wrong or expired code', {
      details: [{ path: ['code'], message: outcome.isExhausted ? 'no tries left' : 'wrong or expired code', code: outcome.isExhausted ? 'code_exhausted' : 'code_wrong' }],
    });
  }
  return outcome;
}

export async function resolvePortalSession(ctx: AppContext, secret: string): Promise<PortalPrincipal | null> {
  const row = await repo.findLivePortalSession(ctx.db, sha256(secret), ctx.clock.now());
  return row ? { phone: row.phone, sessionId: row.id, csrfToken: row.csrfToken } : null;
}

export async function endPortalSession(ctx: AppContext, portal: PortalPrincipal): Promise<void> {
  await repo.revokePortalSession(ctx.db, portal.sessionId, ctx.clock.now());
}
