import { describe, expect, it } from 'vitest';
import { createCalendarData, shanghaiInstant, type ServiceHours } from './calendar';
import { evaluateClock, pauseClock, resumeClock, startClock, stopClock, type ClockState } from './clock';
import { CHINA_HOLIDAYS } from './holidays-data';

const cal = createCalendarData(CHINA_HOLIDAYS);
const HOURS: ServiceHours = { start: '09:00', end: '22:00' };
const at = (date: string, time: string) => shanghaiInstant(date, time);
const t = (time: string) => at('2024-10-08', time); // a Tuesday after 国庆

function clock(extra: Partial<ClockState> = {}): ClockState {
  return { startedAt: t('10:00'), targetMinutes: 240, hours: HOURS, workingDaysOnly: true, pauses: [], stoppedAt: null, ...extra };
}

describe('evaluateClock: running', () => {
  it('counts service time and computes the due time', () => {
    const e = evaluateClock(cal, clock(), t('11:00'));
    expect(e).toEqual({
      status: 'running',
      dueAt: t('14:00'),
      usedMinutes: 60,
      pausedMinutes: 0,
      remainingMinutes: 180,
      overdueMinutes: 0,
      isAtRisk: false,
      unknownDays: [],
    });
  });
  it('before the start nothing is used', () => {
    const e = evaluateClock(cal, clock(), t('09:00'));
    expect(e.usedMinutes).toBe(0);
    expect(e.status).toBe('running');
  });
  it('at the due instant it is still running; one minute later breached', () => {
    const due = evaluateClock(cal, clock(), t('14:00'));
    expect(due.status).toBe('running');
    expect(due.remainingMinutes).toBe(0);
    expect(due.isAtRisk).toBe(true);
    const late = evaluateClock(cal, clock(), t('14:01'));
    expect(late.status).toBe('breached');
    expect(late.overdueMinutes).toBe(1);
    expect(late.remainingMinutes).toBe(0);
    expect(late.isAtRisk).toBe(false);
  });
  it('due time crosses nights and 国庆', () => {
    const s = clock({ startedAt: at('2024-09-30', '21:00'), targetMinutes: 120 });
    const e = evaluateClock(cal, s, at('2024-10-03', '12:00'));
    expect(e.dueAt).toEqual(at('2024-10-08', '10:00'));
    expect(e.usedMinutes).toBe(60);
    expect(e.status).toBe('running');
    // a hotline clock counts every day
    const h = evaluateClock(cal, { ...s, workingDaysOnly: false }, at('2024-10-01', '12:00'));
    expect(h.dueAt).toEqual(at('2024-10-01', '10:00'));
    expect(h.status).toBe('breached');
    expect(h.overdueMinutes).toBe(120);
  });
  it('breached stays breached after closing time even though no service time passes', () => {
    const s = clock({ startedAt: t('20:00'), targetMinutes: 120 });
    const e = evaluateClock(cal, s, t('23:00'));
    expect(e.dueAt).toEqual(t('22:00'));
    expect(e.status).toBe('breached');
    expect(e.overdueMinutes).toBe(0);
  });
});

describe('evaluateClock: at risk', () => {
  it('remaining <= 20% of the target', () => {
    expect(evaluateClock(cal, clock(), t('13:11')).isAtRisk).toBe(false); // 49 left
    expect(evaluateClock(cal, clock(), t('13:12')).isAtRisk).toBe(true); // 48 left = 20%
  });
  it('a custom ratio and an absolute threshold', () => {
    expect(evaluateClock(cal, clock(), t('12:59'), { atRiskRatio: 0, atRiskMinutes: 60 }).isAtRisk).toBe(false);
    expect(evaluateClock(cal, clock(), t('13:00'), { atRiskRatio: 0, atRiskMinutes: 60 }).isAtRisk).toBe(true);
    expect(evaluateClock(cal, clock(), t('11:00'), { atRiskRatio: 0.75 }).isAtRisk).toBe(true);
    // either condition suffices
    expect(evaluateClock(cal, clock(), t('13:12'), { atRiskMinutes: 5 }).isAtRisk).toBe(true);
  });
  it('a paused clock can be at risk; a stopped one never is', () => {
    const s = clock({ pauses: [{ from: t('13:30'), to: null }] });
    const p = evaluateClock(cal, s, t('15:00'));
    expect(p.status).toBe('paused');
    expect(p.isAtRisk).toBe(true);
    expect(evaluateClock(cal, clock({ stoppedAt: t('13:50') }), t('13:55')).isAtRisk).toBe(false);
  });
});

describe('evaluateClock: pauses', () => {
  it('a closed pause pushes the due time back by the paused service time', () => {
    const s = clock({ pauses: [{ from: t('11:00'), to: t('12:00') }] });
    const e = evaluateClock(cal, s, t('12:30'));
    expect(e.status).toBe('running');
    expect(e.usedMinutes).toBe(90);
    expect(e.pausedMinutes).toBe(60);
    expect(e.dueAt).toEqual(t('15:00'));
  });
  it('an open pause: paused, due projected from now', () => {
    const s = clock({ pauses: [{ from: t('11:00'), to: null }] });
    const e = evaluateClock(cal, s, t('12:00'));
    expect(e.status).toBe('paused');
    expect(e.usedMinutes).toBe(60);
    expect(e.pausedMinutes).toBe(60);
    expect(e.remainingMinutes).toBe(180);
    expect(e.dueAt).toEqual(t('15:00'));
    // hours later, into the evening: 180 minutes from 20:00 = 2 h today + 1 h tomorrow
    const later = evaluateClock(cal, s, t('20:00'));
    expect(later.status).toBe('paused');
    expect(later.usedMinutes).toBe(60);
    expect(later.dueAt).toEqual(at('2024-10-09', '10:00'));
  });
  it('pause and resume with the helpers', () => {
    let s = startClock(t('10:00'), 240, HOURS, true);
    s = pauseClock(s, t('11:00'));
    expect(pauseClock(s, t('11:30'))).toBe(s); // already paused
    s = resumeClock(s, t('11:45'));
    expect(resumeClock(s, t('12:00'))).toBe(s); // not paused
    s = pauseClock(s, t('12:00'));
    s = resumeClock(s, t('12:15'));
    expect(s.pauses).toEqual([
      { from: t('11:00'), to: t('11:45') },
      { from: t('12:00'), to: t('12:15') },
    ]);
    const e = evaluateClock(cal, s, t('13:00'));
    expect(e.pausedMinutes).toBe(60);
    expect(e.usedMinutes).toBe(120);
    expect(e.dueAt).toEqual(t('15:00'));
  });
  it('multiple and overlapping pauses are merged', () => {
    const s = clock({
      pauses: [
        { from: t('12:15'), to: t('12:45') },
        { from: t('11:00'), to: t('11:30') },
        { from: t('12:00'), to: t('12:30') },
      ],
    });
    const e = evaluateClock(cal, s, t('13:00'));
    expect(e.pausedMinutes).toBe(75);
    expect(e.usedMinutes).toBe(180 - 75);
    expect(e.dueAt).toEqual(t('15:15'));
  });
  it('pauses outside service hours do not move the due time', () => {
    const s = clock({ startedAt: t('20:00'), targetMinutes: 240, pauses: [{ from: t('22:30'), to: at('2024-10-09', '08:00') }] });
    const e = evaluateClock(cal, s, at('2024-10-09', '09:30'));
    expect(e.pausedMinutes).toBe(0);
    expect(e.dueAt).toEqual(at('2024-10-09', '11:00'));
    expect(e.usedMinutes).toBe(150);
  });
  it('a pause over a night and a weekend counts only paused service time', () => {
    // Friday 2024-10-18 21:00 paused until Monday 10:00: 60 + 60 service minutes paused
    const s = clock({ startedAt: at('2024-10-18', '20:00'), targetMinutes: 120, pauses: [{ from: at('2024-10-18', '21:00'), to: at('2024-10-21', '10:00') }] });
    const e = evaluateClock(cal, s, at('2024-10-21', '10:30'));
    expect(e.pausedMinutes).toBe(120);
    expect(e.usedMinutes).toBe(90);
    expect(e.dueAt).toEqual(at('2024-10-21', '11:00'));
  });
  it('pauses before the start are clipped; pauses after now are ignored', () => {
    const s = clock({ pauses: [{ from: t('09:00'), to: t('10:30') }, { from: t('16:00'), to: t('17:00') }] });
    const e = evaluateClock(cal, s, t('11:00'));
    expect(e.pausedMinutes).toBe(30);
    expect(e.usedMinutes).toBe(30);
    expect(e.dueAt).toEqual(t('14:30'));
    expect(e.status).toBe('running');
  });
  it('a pause after the due time does not un-breach', () => {
    const s = clock({ pauses: [{ from: t('14:30'), to: null }] });
    const e = evaluateClock(cal, s, t('15:00'));
    expect(e.status).toBe('breached');
    expect(e.dueAt).toEqual(t('14:00'));
    expect(e.overdueMinutes).toBe(30);
  });
  it('a pause that starts exactly at the due time', () => {
    const s = clock({ pauses: [{ from: t('14:00'), to: null }] });
    expect(evaluateClock(cal, s, t('14:00')).status).toBe('paused');
    const e = evaluateClock(cal, s, t('15:00'));
    expect(e.dueAt).toEqual(t('14:00'));
    expect(e.status).toBe('breached');
    expect(e.overdueMinutes).toBe(0);
  });
});

describe('evaluateClock: stopped', () => {
  it('stopped before due: met, evaluated at stoppedAt whatever now is', () => {
    const e = evaluateClock(cal, clock({ stoppedAt: t('13:00') }), at('2024-10-20', '12:00'));
    expect(e.status).toBe('met');
    expect(e.usedMinutes).toBe(180);
    expect(e.remainingMinutes).toBe(60);
    expect(e.dueAt).toEqual(t('14:00'));
  });
  it('stopped exactly at due: met', () => {
    expect(evaluateClock(cal, clock({ stoppedAt: t('14:00') }), t('18:00')).status).toBe('met');
  });
  it('stopped after due: breached', () => {
    const e = evaluateClock(cal, clock({ stoppedAt: t('14:30') }), t('18:00'));
    expect(e.status).toBe('breached');
    expect(e.overdueMinutes).toBe(30);
  });
  it('stopped while paused: the pause ends at stoppedAt', () => {
    let s = startClock(t('10:00'), 240, HOURS, true);
    s = pauseClock(s, t('11:00'));
    s = stopClock(s, t('16:00'));
    expect(s.pauses).toEqual([{ from: t('11:00'), to: t('16:00') }]);
    expect(stopClock(s, t('17:00'))).toBe(s);
    expect(pauseClock(s, t('17:00'))).toBe(s);
    const e = evaluateClock(cal, s, t('20:00'));
    expect(e.status).toBe('met');
    expect(e.usedMinutes).toBe(60);
    expect(e.pausedMinutes).toBe(300);
    expect(e.dueAt).toEqual(t('19:00'));
  });
  it('an open pause with stoppedAt set is cut at stoppedAt', () => {
    const e = evaluateClock(cal, clock({ pauses: [{ from: t('11:00'), to: null }], stoppedAt: t('12:00') }), t('20:00'));
    expect(e.status).toBe('met');
    expect(e.pausedMinutes).toBe(60);
    expect(e.usedMinutes).toBe(60);
  });
});

describe('evaluateClock: edge cases', () => {
  it('reports unknown days (years without calendar data)', () => {
    const s = clock({ startedAt: at('2026-12-31', '21:00'), targetMinutes: 120 });
    const e = evaluateClock(cal, s, at('2026-12-31', '21:30'));
    expect(e.dueAt).toEqual(at('2027-01-01', '10:00'));
    expect(e.unknownDays).toEqual(['2027-01-01']);
    expect(evaluateClock(cal, clock(), t('11:00')).unknownDays).toEqual([]);
  });
  it('a zero target is due at the start', () => {
    const e = evaluateClock(cal, clock({ targetMinutes: 0 }), t('10:00'));
    expect(e.dueAt).toEqual(t('10:00'));
    expect(e.status).toBe('running');
    expect(evaluateClock(cal, clock({ targetMinutes: 0 }), t('10:01')).status).toBe('breached');
  });
  it('rejects an invalid target', () => {
    expect(() => evaluateClock(cal, clock({ targetMinutes: -1 }), t('11:00'))).toThrow(RangeError);
  });
  it('a clock started outside service hours is due after the next opening', () => {
    const s = clock({ startedAt: at('2024-10-12', '23:30'), targetMinutes: 30 }); // make-up Saturday night
    const e = evaluateClock(cal, s, at('2024-10-13', '12:00')); // Sunday
    expect(e.usedMinutes).toBe(0);
    expect(e.dueAt).toEqual(at('2024-10-14', '09:30'));
    expect(e.status).toBe('running');
  });
});
