import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../platform/context';
import { jobRuns } from './jobs.tables';

/** A periodic job: `periodOf(now)` names the current period; the job runs once per period. */
export type Job = {
  name: string;
  periodOf: (now: Date) => string;
  /** Runs only once this says so within the period (e.g. after 22:00); default always. */
  isDue?: (now: Date) => boolean;
  run: (ctx: AppContext, period: string) => Promise<unknown>;
};

/**
 * Claims the job's current period and runs it, unless it already ran (here or in another
 * process). Returns what happened, for logs and tests.
 */
export async function runJobIfDue(ctx: AppContext, job: Job): Promise<{ status: 'ran' | 'skipped' | 'failed'; period: string; result?: unknown }> {
  const now = ctx.clock.now();
  const period = job.periodOf(now);
  if (job.isDue && !job.isDue(now)) return { status: 'skipped', period };
  const claimed = await ctx.db.insert(jobRuns).values({ job: job.name, period, startedAt: now }).onConflictDoNothing().returning();
  if (claimed.length === 0) return { status: 'skipped', period };
  try {
    const result = await job.run(ctx, period);
    await ctx.db.update(jobRuns).set({ finishedAt: ctx.clock.now(), result: result ?? null }).where(and(eq(jobRuns.job, job.name), eq(jobRuns.period, period)));
    return { status: 'ran', period, result };
  } catch (error) {
    await ctx.db.update(jobRuns).set({ finishedAt: ctx.clock.now(), error: String(error) }).where(and(eq(jobRuns.job, job.name), eq(jobRuns.period, period)));
    return { status: 'failed', period };
  }
}

/** Checks every job once a minute; returns a stop function. */
export function startScheduler(ctx: AppContext, jobs: Job[], log: (message: string) => void): () => void {
  let isRunning = false;
  const tick = async () => {
    if (isRunning) return;
    isRunning = true;
    try {
      for (const job of jobs) {
        const outcome = await runJobIfDue(ctx, job);
        if (outcome.status !== 'skipped') log(`job ${job.name} ${outcome.period}: ${outcome.status} ${JSON.stringify(outcome.result ?? '')}`);
      }
    } catch (error) {
      log(`scheduler: ${String(error)}`);
    } finally {
      isRunning = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
