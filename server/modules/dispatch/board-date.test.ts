import { describe, expect, it } from 'vitest';
import { boardDateAt } from './assign.service';

describe('the day the dispatch board opens on', () => {
  it('is today in Shanghai until the day plan time, then tomorrow (the day the plans were drafted for)', () => {
    expect(boardDateAt(new Date('2026-11-23T09:29:00Z'), '17:30')).toBe('2026-11-23'); // 17:29 in Shanghai
    expect(boardDateAt(new Date('2026-11-23T09:30:00Z'), '17:30')).toBe('2026-11-24');
    expect(boardDateAt(new Date('2026-11-23T15:59:00Z'), '17:30')).toBe('2026-11-24'); // 23:59
    expect(boardDateAt(new Date('2026-11-23T16:00:00Z'), '17:30')).toBe('2026-11-24'); // 00:00 of the 24th: today again
    expect(boardDateAt(new Date('2026-11-30T13:00:00Z'), '21:00')).toBe('2026-12-01'); // 21:00 on the 30th: across a month end
  });
});
