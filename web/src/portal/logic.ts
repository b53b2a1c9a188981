/** Pure helpers of the portal (times in Asia/Shanghai, error texts, the code countdown). */
import { useCallback, useEffect, useState } from 'react';
import type { Locale } from '../i18n';
import { spokenTime, TIME_ZONE } from '../time';
import { isMobile } from '../../../contracts/phones';
import { isPortalApiError } from './api';
import { portalTranslate, type PortalKey } from './i18n';

export { TIME_ZONE };
export const CODE_RESEND_SECONDS = 60;
export const CODE_MAX_ATTEMPTS = 5;

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function shanghaiParts(value: string | Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(new Date(value))) parts[part.type] = part.value;
  return parts;
}

/** "11月23日 10:00" / "Nov 23, 10:00" in Asia/Shanghai (the app-wide short time). */
export function shortTime(value: string, locale: Locale): string {
  return spokenTime(value, locale);
}

/** "2026-11-22 10:00" in Asia/Shanghai. */
export function fullTime(value: string): string {
  const p = shanghaiParts(value);
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')} ${p.hour}:${p.minute}`;
}

/** A window "11月23日 09:00–12:00" (same day) or two full times. */
export function timeWindow(from: string | null, to: string | null, locale: Locale): string {
  if (!from && !to) return '';
  if (from && to) {
    const a = shanghaiParts(from);
    const b = shanghaiParts(to);
    if (a.year === b.year && a.month === b.month && a.day === b.day) return `${shortTime(from, locale)}–${b.hour}:${b.minute}`;
    return `${shortTime(from, locale)} – ${shortTime(to, locale)}`;
  }
  return shortTime((from ?? to)!, locale);
}

export function isValidMobile(phone: string): boolean {
  return isMobile(phone.trim());
}

export type Slot = 'any' | 'morning' | 'afternoon' | 'evening';
const SLOT_HOURS: Record<Slot, [number, number]> = { any: [9, 21], morning: [9, 12], afternoon: [13, 18], evening: [18, 21] };

/** The preferred window of a Shanghai calendar day ("YYYY-MM-DD") and a slot, as ISO instants. */
export function preferredWindow(day: string, slot: Slot): { preferredFrom: string; preferredTo: string } {
  const [from, to] = SLOT_HOURS[slot];
  const iso = (hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
  return { preferredFrom: iso(from), preferredTo: iso(to) };
}

/** The calendar day (YYYY-MM-DD) a date picker value means, from its local wall-clock fields. */
export function pickedDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** What a failed code request means for the user: the text and, when known, the seconds to wait. */
export function codeRequestError(error: unknown): { key: PortalKey; vars?: Record<string, number>; waitSeconds?: number } {
  if (!isPortalApiError(error)) return { key: 'error.generic' };
  if (error.status === 0) return { key: 'error.network' };
  if (error.status === 429 || error.code === 'rate_limited') {
    // The server's Retry-After is exact; a short wait becomes the resend countdown.
    if (error.retryAfterSeconds !== null && error.retryAfterSeconds <= 120) {
      return { key: 'error.waitSeconds', vars: { seconds: error.retryAfterSeconds }, waitSeconds: error.retryAfterSeconds };
    }
    const wait = /wait\s+(\d+)\s*s/i.exec(error.message);
    if (wait) {
      const seconds = Number(wait[1]);
      return { key: 'error.waitSeconds', vars: { seconds }, waitSeconds: seconds };
    }
    if (/hour/i.test(error.message)) return { key: 'error.tooManyCodes' };
    return { key: 'error.rateLimited' };
  }
  if (error.status === 400 && (error.hasField('phone') || error.code === 'validation_failed')) return { key: 'error.phoneInvalid' };
  return { key: 'error.generic' };
}

/** What a failed sign-in means, given how many wrong tries this code has had (including this one). */
export function signInError(error: unknown, wrongTries: number): { key: PortalKey; vars?: Record<string, number>; dead?: boolean; wrongCode?: boolean } {
  if (!isPortalApiError(error)) return { key: 'error.generic' };
  if (error.status === 0) return { key: 'error.network' };
  if (error.status === 429) return { key: 'error.rateLimited' };
  if (error.status === 400 && error.hasField('code')) {
    if (wrongTries >= CODE_MAX_ATTEMPTS) return { key: 'error.codeDead', dead: true, wrongCode: true };
    return { key: 'error.codeWrongLeft', vars: { left: CODE_MAX_ATTEMPTS - wrongTries }, wrongCode: true };
  }
  if (error.status === 400 && error.hasField('phone')) return { key: 'error.phoneInvalid' };
  return { key: 'error.generic' };
}

export function errorText(locale: Locale, mapped: { key: PortalKey; vars?: Record<string, number> }): string {
  return portalTranslate(locale, mapped.key, mapped.vars);
}

/** A seconds countdown: `start(60)` then `left` ticks down to 0 once a second. */
export function useCountdown(): { left: number; start: (seconds: number) => void } {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const id = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) clearInterval(id);
    }, 250);
    return () => clearInterval(id);
  }, [until]);
  const start = useCallback((seconds: number) => {
    const current = Date.now();
    setNow(current);
    setUntil(current + seconds * 1000);
  }, []);
  return { left: Math.max(0, Math.ceil((until - now) / 1000)), start };
}
