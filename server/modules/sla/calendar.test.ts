import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  addDays,
  addWorkingDays,
  businessMinutesBetween,
  businessTimeBetween,
  createCalendarData,
  dayKind,
  daysBetween,
  isKnownYear,
  isWorkingDay,
  parseServiceHours,
  shanghaiDate,
  shanghaiInstant,
  withOverrides,
  type CalendarData,
  type ServiceHours,
} from './calendar';
import { CHINA_HOLIDAYS } from './holidays-data';

const cal = createCalendarData(CHINA_HOLIDAYS);
const HOURS: ServiceHours = { start: '09:00', end: '22:00' };
const WD = { workingDaysOnly: true };
const EVERY = { workingDaysOnly: false };
/** Shanghai wall-clock instant. */
const at = (date: string, time: string) => shanghaiInstant(date, time);

describe('generated data', () => {
  it('covers 2004 to 2026 from chinese-days', () => {
    expect(CHINA_HOLIDAYS.years).toEqual({ from: 2004, to: 2026 });
    expect(CHINA_HOLIDAYS.source).toMatch(/^chinese-days@/);
    expect(Object.keys(CHINA_HOLIDAYS.holidays).length).toBeGreaterThan(600);
    expect(CHINA_HOLIDAYS.holidays['2004-01-01']).toBe('元旦');
  });
  it('keeps only Chinese names, and no date is both a holiday and a workday', () => {
    for (const [d, name] of Object.entries(CHINA_HOLIDAYS.holidays)) {
      expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(name).not.toMatch(/[A-Za-z,]/);
      expect(CHINA_HOLIDAYS.workdays[d]).toBeUndefined();
    }
  });
  it('make-up workdays in the data are all weekends', () => {
    for (const d of Object.keys(CHINA_HOLIDAYS.workdays)) {
      expect(dayKind(cal, d).kind).toBe('makeup_workday');
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
      expect([0, 6]).toContain(wd);
    }
  });
});

describe('dates and time zone', () => {
  it('converts Shanghai wall clock with a fixed +8 offset', () => {
    expect(at('2024-10-08', '09:00').toISOString()).toBe('2024-10-08T01:00:00.000Z');
    expect(at('2024-10-08', '00:00').toISOString()).toBe('2024-10-07T16:00:00.000Z');
    expect(shanghaiDate(new Date('2024-10-07T16:00:00Z'))).toBe('2024-10-08');
    expect(shanghaiDate(new Date('2024-10-07T15:59:59Z'))).toBe('2024-10-07');
  });
  it('adds and subtracts days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-12-25', '2025-01-01')).toBe(7);
  });
  it('rejects invalid dates and times', () => {
    expect(() => dayKind(cal, '2024-02-30')).toThrow(RangeError);
    expect(() => dayKind(cal, '2024-1-1')).toThrow(RangeError);
    expect(() => dayKind(cal, '')).toThrow(RangeError);
    expect(() => parseServiceHours({ start: '22:00', end: '09:00' })).toThrow(RangeError);
    expect(() => parseServiceHours({ start: '09:00', end: '09:00' })).toThrow(RangeError);
    expect(() => parseServiceHours({ start: '9:00', end: '18:00' })).toThrow(RangeError);
    expect(() => parseServiceHours({ start: '09:00', end: '24:01' })).toThrow(RangeError);
    expect(() => parseServiceHours({ start: '09:60', end: '18:00' })).toThrow(RangeError);
    expect(parseServiceHours({ start: '00:00', end: '24:00' })).toEqual({ start: 0, end: 1440 });
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('dayKind / isWorkingDay', () => {
  it('国庆 2024: 10-01..07 holidays, 09-29 (Sun) and 10-12 (Sat) make-up workdays', () => {
    for (let d = 1; d <= 7; d++) {
      const date = `2024-10-0${d}`;
      expect(dayKind(cal, date)).toEqual({ kind: 'holiday', name: '国庆节' });
      expect(isWorkingDay(cal, date)).toBe(false);
    }
    expect(dayKind(cal, '2024-09-29')).toEqual({ kind: 'makeup_workday', name: '国庆节' });
    expect(dayKind(cal, '2024-10-12')).toEqual({ kind: 'makeup_workday', name: '国庆节' });
    expect(isWorkingDay(cal, '2024-09-29')).toBe(true);
    expect(isWorkingDay(cal, '2024-10-12')).toBe(true);
    expect(dayKind(cal, '2024-09-30')).toEqual({ kind: 'workday' });
    expect(dayKind(cal, '2024-10-08')).toEqual({ kind: 'workday' });
    expect(dayKind(cal, '2024-10-13')).toEqual({ kind: 'weekend' });
    expect(isWorkingDay(cal, '2024-10-13')).toBe(false);
  });
  it('春节 2025: 01-28..02-04 holidays, 01-26 (Sun) and 02-08 (Sat) make-up workdays', () => {
    for (const d of ['2025-01-28', '2025-01-29', '2025-01-31', '2025-02-01', '2025-02-04']) {
      expect(dayKind(cal, d)).toEqual({ kind: 'holiday', name: '春节' });
    }
    expect(dayKind(cal, '2025-01-26')).toEqual({ kind: 'makeup_workday', name: '春节' });
    expect(dayKind(cal, '2025-02-08')).toEqual({ kind: 'makeup_workday', name: '春节' });
    expect(dayKind(cal, '2025-01-27')).toEqual({ kind: 'workday' });
    expect(dayKind(cal, '2025-02-05')).toEqual({ kind: 'workday' });
  });
  it('国庆/中秋 2025: 10-01..08 holidays (10-06 is 中秋), 09-28 and 10-11 make-up workdays', () => {
    expect(dayKind(cal, '2025-10-06')).toEqual({ kind: 'holiday', name: '中秋' });
    expect(dayKind(cal, '2025-10-08')).toEqual({ kind: 'holiday', name: '国庆节' });
    expect(dayKind(cal, '2025-09-28')).toEqual({ kind: 'makeup_workday', name: '国庆节' });
    expect(dayKind(cal, '2025-10-11')).toEqual({ kind: 'makeup_workday', name: '国庆节' });
  });
  it('the 2015 victory-day holiday and 2020 extended 春节 are in the data', () => {
    expect(dayKind(cal, '2015-09-03').kind).toBe('holiday');
    expect(dayKind(cal, '2020-01-31')).toEqual({ kind: 'holiday', name: '春节' });
    expect(dayKind(cal, '2020-02-02')).toEqual({ kind: 'holiday', name: '春节' });
  });
  it('plain weekdays and weekends', () => {
    expect(dayKind(cal, '2024-11-13')).toEqual({ kind: 'workday' }); // Wednesday
    expect(dayKind(cal, '2024-11-16')).toEqual({ kind: 'weekend' }); // Saturday
    expect(dayKind(cal, '2024-11-17')).toEqual({ kind: 'weekend' }); // Sunday
  });
  it('years outside the data are unknown, never plain weekdays', () => {
    expect(isKnownYear(cal, 2026)).toBe(true);
    expect(isKnownYear(cal, 2027)).toBe(false);
    expect(dayKind(cal, '2027-01-01')).toEqual({ kind: 'unknown' });
    expect(dayKind(cal, '2031-10-01')).toEqual({ kind: 'unknown' });
    expect(dayKind(cal, '2031-03-04')).toEqual({ kind: 'unknown' }); // a Tuesday
    expect(dayKind(cal, '2003-12-31')).toEqual({ kind: 'unknown' });
    expect(isWorkingDay(cal, '2031-03-04')).toBe('unknown');
    expect(isWorkingDay(cal, '2026-12-31')).toBe(true);
  });
  it('accepts Record-based data with a {from,to} year range', () => {
    const data: CalendarData = {
      knownYears: { from: 2024, to: 2024 },
      holidays: { '2024-10-01': '国庆节' },
      workdays: { '2024-09-29': '国庆节' },
    };
    expect(dayKind(data, '2024-10-01')).toEqual({ kind: 'holiday', name: '国庆节' });
    expect(dayKind(data, '2024-09-29')).toEqual({ kind: 'makeup_workday', name: '国庆节' });
    expect(dayKind(data, '2024-10-02')).toEqual({ kind: 'workday' });
    expect(dayKind(data, '2025-10-01')).toEqual({ kind: 'unknown' });
    // Object prototype keys are not dates
    expect(dayKind(data, '2024-01-02')).toEqual({ kind: 'workday' });
  });
});

describe('overrides', () => {
  it('an admin-marked local holiday (2026-12-24) takes effect', () => {
    const local = withOverrides(cal, [{ date: '2026-12-24', kind: 'holiday', name: '公司年会' }]);
    expect(dayKind(cal, '2026-12-24')).toEqual({ kind: 'workday' });
    expect(dayKind(local, '2026-12-24')).toEqual({ kind: 'holiday', name: '公司年会' });
    expect(isWorkingDay(local, '2026-12-24')).toBe(false);
    expect(addWorkingDays(local, '2026-12-23', 1).date).toBe('2026-12-25');
    expect(addWorkingDays(cal, '2026-12-23', 1).date).toBe('2026-12-24');
    const r = addBusinessTime(local, at('2026-12-23', '21:00'), 120, HOURS, WD);
    expect(r.due).toEqual(at('2026-12-25', '10:00'));
  });
  it('workday and normal overrides; later overrides win; the original is untouched', () => {
    const o = withOverrides(cal, [
      { date: '2026-12-26', kind: 'workday', name: '盘点' }, // Saturday
      { date: '2026-12-28', kind: 'workday' }, // Monday, already a workday
      { date: '2024-10-01', kind: 'normal' }, // Tuesday, statutory holiday ignored
      { date: '2024-10-02', kind: 'workday', name: '值班' },
      { date: '2024-11-13', kind: 'holiday' },
      { date: '2024-11-13', kind: 'normal' },
    ]);
    expect(dayKind(o, '2026-12-26')).toEqual({ kind: 'makeup_workday', name: '盘点' });
    expect(dayKind(o, '2026-12-28')).toEqual({ kind: 'workday' });
    expect(dayKind(o, '2024-10-01')).toEqual({ kind: 'workday' });
    expect(dayKind(o, '2024-10-02')).toEqual({ kind: 'makeup_workday', name: '值班' });
    expect(dayKind(o, '2024-11-13')).toEqual({ kind: 'workday' });
    expect(dayKind(cal, '2024-10-01').kind).toBe('holiday');
    expect(cal.overrides === undefined || (cal.overrides as Map<string, unknown>).size === 0).toBe(true);
  });
  it('overrides stack and can be given at creation', () => {
    const a = createCalendarData(CHINA_HOLIDAYS, [{ date: '2026-12-24', kind: 'holiday', name: 'A' }]);
    const b = withOverrides(a, [{ date: '2026-12-31', kind: 'holiday', name: 'B' }]);
    expect(dayKind(b, '2026-12-24').name).toBe('A');
    expect(dayKind(b, '2026-12-31').name).toBe('B');
    expect(dayKind(a, '2026-12-31').kind).toBe('workday');
  });
  it('an override makes its own date known in an unknown year; extra known years make whole years known', () => {
    const o = withOverrides(cal, [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-04', kind: 'normal' },
    ]);
    expect(dayKind(o, '2027-01-01')).toEqual({ kind: 'holiday', name: '元旦' });
    expect(dayKind(o, '2027-01-04')).toEqual({ kind: 'workday' });
    expect(dayKind(o, '2027-01-05')).toEqual({ kind: 'unknown' });
    const y = withOverrides(o, [], [2027]);
    expect(dayKind(y, '2027-01-05')).toEqual({ kind: 'workday' });
    expect(dayKind(y, '2027-01-02')).toEqual({ kind: 'weekend' });
    expect(dayKind(y, '2027-01-01').kind).toBe('holiday');
    expect(dayKind(y, '2028-01-05').kind).toBe('unknown');
    const c = createCalendarData(CHINA_HOLIDAYS, [], [2027]);
    expect(isKnownYear(c, 2027)).toBe(true);
  });
  it('rejects invalid overrides', () => {
    expect(() => withOverrides(cal, [{ date: '2026-13-01', kind: 'holiday' }])).toThrow(RangeError);
    expect(() => withOverrides(cal, [{ date: '2026-12-01', kind: 'closed' as 'holiday' }])).toThrow(RangeError);
  });
  it('works with Record overrides', () => {
    const data: CalendarData = { ...cal, overrides: { '2024-11-13': { date: '2024-11-13', kind: 'holiday', name: 'X' } } };
    expect(dayKind(data, '2024-11-13')).toEqual({ kind: 'holiday', name: 'X' });
  });
});

describe('addWorkingDays', () => {
  it('across 国庆 2024', () => {
    expect(addWorkingDays(cal, '2024-09-30', 1)).toEqual({ date: '2024-10-08', unknownDays: [] });
    expect(addWorkingDays(cal, '2024-09-27', 1).date).toBe('2024-09-29'); // Fri → make-up Sunday
    expect(addWorkingDays(cal, '2024-09-28', 1).date).toBe('2024-09-29'); // from a weekend
    expect(addWorkingDays(cal, '2024-09-29', 2).date).toBe('2024-10-08');
    expect(addWorkingDays(cal, '2024-10-03', 1).date).toBe('2024-10-08'); // from a holiday
    expect(addWorkingDays(cal, '2024-10-11', 1).date).toBe('2024-10-12'); // make-up Saturday
    expect(addWorkingDays(cal, '2024-10-11', 2).date).toBe('2024-10-14');
    expect(addWorkingDays(cal, '2024-09-27', 5).date).toBe('2024-10-10');
  });
  it('across 春节 2025', () => {
    expect(addWorkingDays(cal, '2025-01-24', 1).date).toBe('2025-01-26');
    expect(addWorkingDays(cal, '2025-01-26', 1).date).toBe('2025-01-27');
    expect(addWorkingDays(cal, '2025-01-26', 2).date).toBe('2025-02-05');
    expect(addWorkingDays(cal, '2025-02-07', 1).date).toBe('2025-02-08');
    expect(addWorkingDays(cal, '2025-02-07', 2).date).toBe('2025-02-10');
  });
  it('n = 0 returns the date; negative n counts backwards', () => {
    expect(addWorkingDays(cal, '2024-10-03', 0)).toEqual({ date: '2024-10-03', unknownDays: [] });
    expect(addWorkingDays(cal, '2024-10-08', -1).date).toBe('2024-09-30');
    expect(addWorkingDays(cal, '2024-10-08', -3).date).toBe('2024-09-27');
    expect(addWorkingDays(cal, '2024-10-14', -1).date).toBe('2024-10-12');
    expect(() => addWorkingDays(cal, '2024-10-08', 1.5)).toThrow(RangeError);
  });
  it('ten working days over a plain fortnight', () => {
    expect(addWorkingDays(cal, '2024-11-01', 10).date).toBe('2024-11-15');
  });
  it('counts unknown days as working days and reports them', () => {
    // 2026-12-31 is a Thursday (known); 2027 is not in the data.
    expect(addWorkingDays(cal, '2026-12-30', 1)).toEqual({ date: '2026-12-31', unknownDays: [] });
    expect(addWorkingDays(cal, '2026-12-30', 3)).toEqual({ date: '2027-01-02', unknownDays: ['2027-01-01', '2027-01-02'] });
    const r = addWorkingDays(cal, '2031-05-01', 2);
    expect(r).toEqual({ date: '2031-05-03', unknownDays: ['2031-05-02', '2031-05-03'] });
  });
});

describe('addBusinessTime', () => {
  it('within one day', () => {
    expect(addBusinessTime(cal, at('2024-10-08', '10:00'), 90, HOURS, WD)).toEqual({ due: at('2024-10-08', '11:30'), unknownDays: [] });
  });
  // [start date, start time, minutes, mode, due date, due time]
  const dueCases: [string, [string, string, number, typeof WD, string, string][]][] = [
    ['21:59 with 2 minutes crosses to 09:01 the next working day', [['2024-10-08', '21:59', 2, WD, '2024-10-09', '09:01']]],
    [
      'ending exactly at closing time stays on the same day',
      [
        ['2024-10-08', '21:58', 2, WD, '2024-10-08', '22:00'],
        ['2024-10-08', '09:00', 780, WD, '2024-10-08', '22:00'],
        ['2024-10-08', '09:00', 781, WD, '2024-10-09', '09:01'],
      ],
    ],
    [
      'starting at opening and at closing time',
      [
        ['2024-10-08', '09:00', 1, WD, '2024-10-08', '09:01'],
        ['2024-10-08', '22:00', 1, WD, '2024-10-09', '09:01'],
      ],
    ],
    [
      'requests at night or before opening start at the next opening',
      [
        ['2024-10-08', '23:00', 60, WD, '2024-10-09', '10:00'],
        ['2024-10-09', '03:00', 30, WD, '2024-10-09', '09:30'],
      ],
    ],
    ['0 minutes returns the start unchanged, even outside service hours', [['2024-10-08', '23:00', 0, WD, '2024-10-08', '23:00']]],
    [
      'skips a weekend',
      [
        ['2024-10-18', '21:00', 120, WD, '2024-10-21', '10:00'],
        ['2024-10-19', '10:00', 30, WD, '2024-10-21', '09:30'],
      ],
    ],
    [
      'skips 国庆 but uses make-up days',
      [
        ['2024-09-30', '21:00', 120, WD, '2024-10-08', '10:00'],
        ['2024-09-27', '21:30', 60, WD, '2024-09-29', '09:30'],
        ['2024-10-11', '21:30', 60, WD, '2024-10-12', '09:30'],
      ],
    ],
    [
      'every-day service (hotline) ignores weekends and holidays',
      [
        ['2024-09-30', '21:00', 120, EVERY, '2024-10-01', '10:00'],
        ['2024-10-18', '21:59', 2, EVERY, '2024-10-19', '09:01'],
      ],
    ],
  ];
  for (const [name, cases] of dueCases) {
    it(name, () => {
      for (const [date, time, minutes, mode, dueDate, dueTime] of cases) {
        expect(addBusinessTime(cal, at(date, time), minutes, HOURS, mode).due).toEqual(at(dueDate, dueTime));
      }
    });
  }
  it('several days of service time', () => {
    // 3 × 780 minutes from Monday 09:00 = Wednesday 22:00
    expect(addBusinessTime(cal, at('2024-11-11', '09:00'), 3 * 780, HOURS, WD).due).toEqual(at('2024-11-13', '22:00'));
    // 5 working days + 1 minute from Friday 09:00 → next Friday 09:01
    expect(addBusinessTime(cal, at('2024-11-08', '09:00'), 5 * 780 + 1, HOURS, WD).due).toEqual(at('2024-11-15', '09:01'));
  });
  it('24-hour service is plain clock arithmetic', () => {
    const all = { start: '00:00', end: '24:00' };
    const from = new Date('2024-10-01T05:17:00Z');
    expect(addBusinessTime(cal, from, 3 * 1440 + 5, all, EVERY).due).toEqual(new Date('2024-10-04T05:22:00Z'));
  });
  it('fractional minutes', () => {
    expect(addBusinessTime(cal, at('2024-10-08', '10:00'), 0.5, HOURS, WD).due).toEqual(new Date(at('2024-10-08', '10:00').getTime() + 30_000));
  });
  it('reports unknown days it used', () => {
    const r = addBusinessTime(cal, at('2026-12-31', '21:00'), 120, HOURS, WD);
    expect(r).toEqual({ due: at('2027-01-01', '10:00'), unknownDays: ['2027-01-01'] });
    const e = addBusinessTime(cal, at('2026-12-31', '21:00'), 120, HOURS, EVERY);
    expect(e).toEqual({ due: at('2027-01-01', '10:00'), unknownDays: [] });
    // unknown day reached only after closing is not reported
    const n = addBusinessTime(cal, at('2027-01-01', '23:00'), 10, HOURS, WD);
    expect(n.unknownDays).toEqual(['2027-01-02']);
  });
  it('rejects invalid input', () => {
    expect(() => addBusinessTime(cal, at('2024-10-08', '10:00'), -1, HOURS, WD)).toThrow(RangeError);
    expect(() => addBusinessTime(cal, at('2024-10-08', '10:00'), Number.NaN, HOURS, WD)).toThrow(RangeError);
    expect(() => addBusinessTime(cal, new Date(Number.NaN), 1, HOURS, WD)).toThrow(RangeError);
    // a calendar in which every day is a holiday: the loop gives up after about 100 years
    const everyDayHoliday: CalendarData = {
      knownYears: { from: 0, to: 9999 },
      holidays: new Proxy(new Map<string, string>(), {
        get: (t, p) => (p === 'get' ? () => 'X' : Reflect.get(t, p)),
      }),
      workdays: {},
    };
    expect(() => addBusinessTime(everyDayHoliday, at('2024-10-08', '10:00'), 1, HOURS, WD)).toThrow(/100 years/);
  });
});

describe('businessMinutesBetween', () => {
  it('within a day, across a night, across 国庆', () => {
    expect(businessMinutesBetween(cal, at('2024-10-08', '10:00'), at('2024-10-08', '12:00'), HOURS, WD)).toBe(120);
    expect(businessMinutesBetween(cal, at('2024-10-08', '21:00'), at('2024-10-09', '10:00'), HOURS, WD)).toBe(120);
    expect(businessMinutesBetween(cal, at('2024-09-30', '21:00'), at('2024-10-08', '10:00'), HOURS, WD)).toBe(120);
    expect(businessMinutesBetween(cal, at('2024-09-30', '21:00'), at('2024-10-08', '10:00'), HOURS, EVERY)).toBe(60 + 7 * 780 + 60);
  });
  it('outside service hours counts nothing; reversed or equal instants give 0', () => {
    expect(businessMinutesBetween(cal, at('2024-10-08', '22:00'), at('2024-10-09', '09:00'), HOURS, WD)).toBe(0);
    expect(businessMinutesBetween(cal, at('2024-10-05', '10:00'), at('2024-10-05', '20:00'), HOURS, WD)).toBe(0);
    expect(businessMinutesBetween(cal, at('2024-10-08', '12:00'), at('2024-10-08', '10:00'), HOURS, WD)).toBe(0);
    expect(businessMinutesBetween(cal, at('2024-10-08', '12:00'), at('2024-10-08', '12:00'), HOURS, WD)).toBe(0);
  });
  it('fractional minutes', () => {
    expect(businessMinutesBetween(cal, at('2024-10-08', '10:00'), new Date(at('2024-10-08', '10:00').getTime() + 90_000), HOURS, WD)).toBe(1.5);
  });
  it('reports unknown days', () => {
    expect(businessTimeBetween(cal, at('2026-12-31', '21:00'), at('2027-01-02', '10:00'), HOURS, WD)).toEqual({
      minutes: 60 + 780 + 60,
      unknownDays: ['2027-01-01', '2027-01-02'],
    });
  });
  it('is the inverse of addBusinessTime', () => {
    const starts = [at('2024-09-27', '08:00'), at('2024-09-30', '21:30'), at('2025-01-24', '15:45'), at('2024-10-12', '22:30')];
    for (const from of starts) {
      for (const m of [1, 59, 780, 781, 2000, 10_000]) {
        for (const opts of [WD, EVERY]) {
          const { due } = addBusinessTime(cal, from, m, HOURS, opts);
          expect(businessMinutesBetween(cal, from, due, HOURS, opts)).toBe(m);
          // one minute earlier is one minute short
          expect(businessMinutesBetween(cal, from, new Date(due.getTime() - 60_000), HOURS, opts)).toBe(m - 1);
        }
      }
    }
  });
});
