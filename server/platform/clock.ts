/** The system clock behind an interface so tests can move time. */
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export function createFakeClock(start: Date | string = '2026-11-22T02:00:00Z') {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(milliseconds: number) {
      current += milliseconds;
    },
    set(value: Date | string) {
      current = new Date(value).getTime();
    },
  };
}
