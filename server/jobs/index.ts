import { reviewKeyCustomers } from '../modules/customers';
import { SYSTEM_ACTOR, SYSTEM_PRINCIPAL } from '../platform/principal';
import { runJobIfDue, type Job } from './scheduler';
import { autoDispatch } from '../modules/dispatch';
import { dispatchSettings, flagFeedbackOverdue } from '../modules/workorders';
import { WORK_TYPES } from '../../contracts/dispatch';
import { formatShanghai, shanghaiClock, shanghaiDate, shanghaiHour } from '../platform/time';
import { scanClocks } from '../modules/sla';
import { recordTicketSystemEvent, unresolvedOfDay } from '../modules/tickets';
import { findEmailsOfRole } from '../modules/auth';
import { enqueueMessages } from '../modules/notifications';
import { dayPlanJob } from './day-plan';
import { deliverDomainEvents } from '../platform/event-outbox';
import { seam } from '../platform/seam';
import { generatePeriodicQuarter, quarterOfDate, runWeeklyFollowupAudit } from '../modules/followups';
import { escalateOverdueComplaints } from '../modules/complaints';

/** The yearly key-customer review (重点顾客评定) at the start of each year, Asia/Shanghai. */
export const keyCustomerReviewJob: Job = {
  name: 'customers.key-review',
  periodOf: (now) => shanghaiDate(now).slice(0, 4),
  run: (ctx, period) => reviewKeyCustomers(ctx, SYSTEM_ACTOR, Number(period)),
};

const CLOCK_LABELS: Record<string, string> = { response: '响应', onsite: '上门', resolution: '解决' };


/**
 * The SLA scan, every minute: re-evaluates open clocks; a clock newly at risk is flagged on the
 * ticket's timeline; a newly breached one is escalated: timeline event, audit row and an
 * e-mail to every manager through the outbox.
 */
export const slaScanJob: Job = {
  name: 'sla.scan',
  periodOf: (now) => now.toISOString().slice(0, 16),
  run: async (ctx) => {
    const result = await scanClocks(ctx);
    for (const clock of result.newlyAtRisk) {
      await recordTicketSystemEvent(ctx, clock.ticketId, { kind: 'sla_at_risk', text: `${CLOCK_LABELS[clock.kind]}时限即将到期（${formatShanghai(clock.dueAt)}）` });
    }
    const managers = result.newlyBreached.length ? await findEmailsOfRole(ctx.db, 'manager') : [];
    for (const clock of result.newlyBreached) {
      await recordTicketSystemEvent(ctx, clock.ticketId, { kind: 'sla_breached', text: `${CLOCK_LABELS[clock.kind]}时限已超时，已上报经理` }, async (tx, { number }) => {
        await enqueueMessages(tx, ctx.clock.now(), managers.map((email) => ({ template: 'sla_breached' as const, recipient: email, params: { number, clock: CLOCK_LABELS[clock.kind], due: formatShanghai(clock.dueAt) } })));
      });
    }
    return { scanned: result.scanned, atRisk: result.newlyAtRisk.length, breached: result.newlyBreached.length };
  },
};

/** End of the service day (22:00 Asia/Shanghai by default). */
export const SERVICE_DAY_END_HOUR = 22;

/**
 * Same-day rule: at the end of the service day, every ticket registered that day and not
 * solved without a reason and a committed time gets a timeline warning; the daily report of
 * unsolved problems (GET /api/reports/unresolved) lists them.
 */
export const sameDayCheckJob: Job = {
  name: 'tickets.same-day-check',
  periodOf: (now) => shanghaiDate(now),
  isDue: (now) => shanghaiHour(now) >= SERVICE_DAY_END_HOUR,
  run: async (ctx, period) => {
    const report = await unresolvedOfDay(ctx, SYSTEM_PRINCIPAL, period);
    const missing = report.items.filter((item) => item.isMissingCommitment);
    for (const item of missing) {
      await recordTicketSystemEvent(ctx, item.id, { kind: 'same_day_unresolved', text: '当日未解决：请说明原因并向客户承诺解决时间' });
    }
    return { unresolved: report.items.length, missingCommitment: missing.length };
  },
};

/** Minutes after midnight of "HH:MM". */
function minuteOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * Dispatch batches (every minute, claims each batch once across processes): installation
 * orders at the batch times of the season (off-season 12:00 and 17:00, peak 10:30, 12:30,
 * 15:30, 19:30 by default), the other types every N minutes. Urgent orders do not wait: they
 * are dispatched when created.
 */
export const dispatchBatchJob: Job = {
  name: 'dispatch.batch',
  periodOf: (now) => now.toISOString().slice(0, 16),
  run: async (ctx) => {
    const now = ctx.clock.now();
    const settings = await dispatchSettings.read(ctx.db);
    const date = shanghaiDate(now);
    const minute = minuteOf(shanghaiClock(now));
    const month = Number(date.slice(5, 7));
    const times = settings.peakMonths.includes(month) ? settings.installationPeak : settings.installationOffSeason;
    const dueInstallation = times.filter((time) => minuteOf(time) <= minute).sort().at(-1);
    const results: Record<string, unknown> = {};
    // Each batch is a job of its own, claimed once per batch time through the scheduler (its run is recorded like any job's).
    const batch = async (name: string, period: string, types: (typeof WORK_TYPES)[number][]) => {
      const outcome = await runJobIfDue(ctx, {
        name,
        periodOf: () => period,
        run: () => autoDispatch(ctx, SYSTEM_ACTOR, { types }).then(({ assigned, outletOnly, unassigned }) => ({ assigned, outletOnly, unassigned })),
      });
      if (outcome.status === 'ran') return outcome.result;
      return outcome.status === 'failed' ? { failed: true } : undefined;
    };
    if (dueInstallation) results.installation = await batch('dispatch.batch.installation', `${date} ${dueInstallation}`, ['installation']);
    const slot = Math.floor(minute / settings.otherEveryMinutes);
    results.other = await batch('dispatch.batch.other', `${date} ${slot}`, WORK_TYPES.filter((type) => type !== 'installation'));
    results.feedback = await flagFeedbackOverdue(ctx);
    return results;
  },
};

/** After-commit subscribers of domain events (server/wiring.ts), delivered from the outbox every minute. */
export const domainEventsJob: Job = {
  name: 'events.deliver',
  periodOf: (now) => now.toISOString().slice(0, 16),
  run: (ctx) => deliverDomainEvents(ctx.db, ctx.clock, seam),
};

/** The weekly follow-up audit sample (回访稽核): once a week (Shanghai), the sample of the week that ended. */
export const followupAuditJob: Job = {
  name: 'followups.audit-sample',
  periodOf: (now) => {
    const today = shanghaiDate(now);
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
    return new Date(Date.parse(`${today}T00:00:00Z`) - (weekday - 1) * 86_400_000).toISOString().slice(0, 10);
  },
  run: async (ctx) => {
    const result = await runWeeklyFollowupAudit(ctx, SYSTEM_ACTOR);
    return { weekStart: result.run.weekStart, sampled: result.sampled };
  },
};

/** The quarter's periodic visit plan (定期回访), generated once at the start of each quarter (Shanghai). */
export const periodicPlanJob: Job = {
  name: 'followups.periodic-plan',
  periodOf: (now) => quarterOfDate(shanghaiDate(now)),
  run: (ctx, period) => generatePeriodicQuarter(ctx, SYSTEM_ACTOR, period),
};

/** Complaints past their 24 h response or their resolution limit are escalated to the manager (every minute, once each). */
export const complaintEscalationJob: Job = {
  name: 'complaints.escalate',
  periodOf: (now) => now.toISOString().slice(0, 16),
  run: (ctx) => escalateOverdueComplaints(ctx, SYSTEM_ACTOR),
};

/** Every scheduled job of the system. */
export const JOBS: Job[] = [keyCustomerReviewJob, slaScanJob, sameDayCheckJob, dispatchBatchJob, dayPlanJob, domainEventsJob, followupAuditJob, periodicPlanJob, complaintEscalationJob];

export { runJobIfDue, startScheduler } from './scheduler';
