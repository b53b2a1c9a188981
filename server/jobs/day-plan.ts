import { shanghaiClock, shanghaiDate } from '../platform/time';
import { generateDayPlansForDate } from '../modules/dispatch';
import { dispatchSettings } from '../modules/workorders';
import { runJobIfDue, type Job } from './scheduler';

const DAY_MS = 86_400_000;

/** The business date after the one of `now`. */
export function nextBusinessDate(now: Date): string {
  return shanghaiDate(new Date(now.getTime() + DAY_MS));
}

/** Drafts tomorrow's plans; claimed once per business date (the date it runs on). */
export const dayPlanGenerateJob: Job = {
  name: 'dispatch.day-plan',
  periodOf: (now) => shanghaiDate(now),
  run: (ctx) => generateDayPlansForDate(ctx, nextBusinessDate(ctx.clock.now())),
};

/**
 * 次日计划: at the dispatch settings' `dayPlanAt` (Asia/Shanghai, default 17:30) every active
 * outlet with orders tomorrow gets a draft plan. The time is a setting in the database and a
 * job's `isDue` cannot read it, so this check runs every minute, reads the setting and, once
 * the time has come, runs `dayPlanGenerateJob`, which its own claim keeps to once per date.
 */
export const dayPlanJob: Job = {
  name: 'dispatch.day-plan-check',
  periodOf: (now) => now.toISOString().slice(0, 16),
  run: async (ctx) => {
    const settings = await dispatchSettings.read(ctx.db);
    const now = ctx.clock.now();
    if (shanghaiClock(now) < settings.dayPlanAt) return { due: false, at: settings.dayPlanAt };
    const outcome = await runJobIfDue(ctx, dayPlanGenerateJob);
    return { due: true, at: settings.dayPlanAt, status: outcome.status, result: outcome.result ?? null };
  },
};
