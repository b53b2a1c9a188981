import { shanghaiDayStart, shanghaiMinuteOfDay } from '../../platform/time';

/**
 * When a customer's SMS may go out. Pure functions over the instant, shared by enqueueing and
 * sending: a message queued in the quiet hours waits until they end; one that would pass the
 * daily cap of its phone waits until the next morning.
 */
export type SendPolicy = {
  /** Minutes after midnight, Asia/Shanghai: quiet from `quietStart` to `quietEnd` (may wrap midnight). */
  quietStart: number;
  quietEnd: number;
  /** Non-urgent SMS per phone per Shanghai day. */
  dailyCap: number;
};

/** "21:00-08:00" → minutes; the format is checked by server/env.ts. */
export function parseQuietHours(value: string): { quietStart: number; quietEnd: number } {
  const [start, end] = value.split('-').map((part) => Number(part.slice(0, 2)) * 60 + Number(part.slice(3, 5)));
  return { quietStart: start, quietEnd: end };
}

export function isQuiet(policy: SendPolicy, instant: Date): boolean {
  if (policy.quietStart === policy.quietEnd) return false;
  const minute = shanghaiMinuteOfDay(instant);
  return policy.quietStart < policy.quietEnd ? minute >= policy.quietStart && minute < policy.quietEnd : minute >= policy.quietStart || minute < policy.quietEnd;
}

/** The end of the quiet hours that contain `instant` (call only when `isQuiet`). */
export function quietEndAfter(policy: SendPolicy, instant: Date): Date {
  const endToday = shanghaiDayStart(instant).getTime() + policy.quietEnd * 60_000;
  return new Date(endToday > instant.getTime() ? endToday : endToday + 86_400_000);
}

/** The end of the quiet hours of the next morning: where a capped message waits. */
export function nextMorning(policy: SendPolicy, instant: Date): Date {
  const midnight = shanghaiDayStart(instant).getTime() + 86_400_000;
  return new Date(midnight + policy.quietEnd * 60_000);
}

/** When a message may be sent: now, or the end of the quiet hours. */
export function earliestSendAt(policy: SendPolicy, instant: Date, isRestricted: boolean): Date {
  return isRestricted && isQuiet(policy, instant) ? quietEndAfter(policy, instant) : instant;
}
