/**
 * The follow-up audit (回访稽核): each week a random sample of every agent's completed calls
 * (reached, recorded by the agent) — `auditSharePercent` of them, at least one — drawn by a
 * stored seed (md5(seed || task id) orders each agent's follow-ups; the first n are taken), so
 * the same run always gives the same sample and nobody picks it by hand. A supervisor calls the
 * customer again and records whether the follow-up really happened and matched what was
 * recorded; never for a follow-up of their own (403 naming `agentUserId`). A mismatch is a
 * faked follow-up: a ledger entry is proposed for the agent (quality rules of the trigger
 * `fake_follow_up`).
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TFollowupAuditView, ZFollowupAuditResultBody } from '../../../contracts/followups';
import { queryRows, type Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, UserPrincipal } from '../../platform/principal';
import { isoWeekdayOf, shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { findUserAccounts } from '../auth';
import { findCustomerNames } from '../customers';
import { proposeEntry } from '../quality';
import { addDays, shanghaiInstant } from '../sla';
import * as repo from './followups.repository';
import { followupSettings } from './followups.settings';
import { followupAuditRuns, followupAudits, followupTasks } from './followups.tables';

type RunRow = typeof followupAuditRuns.$inferSelect;

/** The Monday (Shanghai) of the week before the one `now` is in. */
export function previousWeekStart(now: Date): string {
  const today = shanghaiDate(now);
  return addDays(today, -(isoWeekdayOf(today) - 1) - 7);
}

/**
 * Inserts the run's sample (idempotent: a task sampled already is kept). One statement: the
 * week's reached calls grouped by the agent who recorded them, each agent's ordered by
 * md5(seed || task id), the first max(1, ceil(count × share / 100)) taken.
 */
export async function drawSample(tx: Executor, run: RunRow, now: Date): Promise<number> {
  const from = shanghaiInstant(run.weekStart);
  const to = shanghaiInstant(addDays(run.weekStart, 7));
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into followup_audits (id, run_id, task_id, agent_user_id, status, version, created_at)
        select gen_random_uuid(), ${run.id}::uuid, ranked.id, ranked.agent, 'pending', 1, ${now.toISOString()}::timestamptz
        from (
          select t.id, o.recorded_by_user_id as agent,
                 row_number() over (partition by o.recorded_by_user_id order by md5(${run.seed} || t.id::text), t.id) as position,
                 count(*) over (partition by o.recorded_by_user_id) as total
          from followup_tasks t join followup_outcomes o on o.task_id = t.id
          where t.closed_at >= ${from.toISOString()}::timestamptz and t.closed_at < ${to.toISOString()}::timestamptz
            and o.source = 'call' and o.recorded_by_user_id is not null
        ) ranked
        where ranked.position <= greatest(1, ceil(ranked.total * ${run.sharePercent} / 100.0))
        on conflict (task_id) do nothing
        returning id`,
  );
  return rows.length;
}

/** Draws the sample of a week (default: last week); a week drawn already answers its run unchanged. */
export async function runWeeklyAudit(ctx: AppContext, actor: Actor, weekStart?: string): Promise<{ run: RunRow; sampled: number; isNew: boolean }> {
  const now = ctx.clock.now();
  const week = weekStart ?? previousWeekStart(now);
  if (isoWeekdayOf(week) !== 1) throw invalidField(['weekStart'], 'a week starts on a Monday');
  if (week > previousWeekStart(now)) throw invalidField(['weekStart'], 'only a week that has ended can be sampled');
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`followups.audit:${week}`}))`);
    const [existing] = await tx.select().from(followupAuditRuns).where(eq(followupAuditRuns.weekStart, week));
    if (existing) return { run: existing, sampled: await countSample(tx, existing.id), isNew: false };
    const settings = await followupSettings.read(tx);
    const [run] = await tx.insert(followupAuditRuns).values({ id: newId(), weekStart: week, seed: randomBytes(16).toString('hex'), sharePercent: settings.auditSharePercent, createdByUserId: actor.type === 'user' ? actor.id : null, createdAt: now }).returning();
    const sampled = await drawSample(tx, run, now);
    await recordAudit(tx, actor, { entity: 'followup_audit_run', entityId: run.id, action: 'create', after: { weekStart: week, seed: run.seed, sharePercent: run.sharePercent, sampled } });
    return { run, sampled, isNew: true };
  });
}

async function countSample(executor: Executor, runId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(executor, sql`select count(*)::int as n from followup_audits where run_id = ${runId}`);
  return row.n;
}

export function presentRun(run: RunRow, sampled: number) {
  return { id: run.id, weekStart: run.weekStart, seed: run.seed, sharePercent: run.sharePercent, sampled, createdAt: run.createdAt.toISOString() };
}

/** The audit queue of a week (default: the latest run). */
export async function listAudits(ctx: AppContext, query: { weekStart?: string; status?: 'pending' | 'done' }) {
  const [run] = query.weekStart
    ? await ctx.db.select().from(followupAuditRuns).where(eq(followupAuditRuns.weekStart, query.weekStart))
    : await ctx.db.select().from(followupAuditRuns).orderBy(desc(followupAuditRuns.weekStart)).limit(1);
  if (!run) return { run: null, items: [] };
  const rows = await ctx.db
    .select({ audit: followupAudits, task: followupTasks })
    .from(followupAudits)
    .innerJoin(followupTasks, eq(followupTasks.id, followupAudits.taskId))
    .where(and(eq(followupAudits.runId, run.id), query.status ? eq(followupAudits.status, query.status) : undefined))
    .orderBy(followupAudits.status, followupAudits.agentUserId, followupTasks.closedAt)
    .limit(500);
  return { run: presentRun(run, await countSample(ctx.db, run.id)), items: await presentAudits(ctx.db, run, rows) };
}

async function presentAudits(executor: Executor, run: RunRow, rows: { audit: typeof followupAudits.$inferSelect; task: repo.TaskRow }[]): Promise<TFollowupAuditView[]> {
  const [names, agents, outcomes] = await Promise.all([
    findCustomerNames(executor, [...new Set(rows.map((row) => row.task.customerId))]),
    findUserAccounts(executor, rows.map((row) => row.audit.agentUserId)),
    repo.findOutcomes(executor, rows.map((row) => row.task.id)),
  ]);
  const outcomeOf = new Map(outcomes.map((row) => [row.taskId, row]));
  return rows.map(({ audit, task }) => {
    const outcome = outcomeOf.get(task.id);
    return {
      id: audit.id,
      runId: audit.runId,
      weekStart: run.weekStart,
      taskId: task.id,
      workOrderNumber: task.workOrderNumber,
      customerId: task.customerId,
      customerName: names.get(task.customerId) ?? null,
      agentUserId: audit.agentUserId,
      agentName: agents.get(audit.agentUserId)?.displayName ?? null,
      closedAt: task.closedAt?.toISOString() ?? null,
      outcome: outcome ? { overall: outcome.overall, attitude: outcome.attitude, skill: outcome.skill, timeliness: outcome.timeliness, categories: outcome.categories, comment: outcome.comment, decision: outcome.decision } : null,
      status: audit.status,
      isHappened: audit.isHappened,
      isMatched: audit.isMatched,
      note: audit.note,
      auditorUserId: audit.auditorUserId,
      decidedAt: audit.decidedAt?.toISOString() ?? null,
      version: audit.version,
    };
  });
}

/** The supervisor's result; a follow-up that did not happen or did not match proposes the agent's penalty. */
export async function recordAuditResult(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, body: z.infer<typeof ZFollowupAuditResultBody>) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [audit] = await tx.select().from(followupAudits).where(eq(followupAudits.id, id)).for('update');
    if (!audit) throw notFound('Audit');
    if (audit.agentUserId === principal.userId) throw new AppError('forbidden', 'You cannot audit your own follow-up', { details: [{ path: ['agentUserId'], message: 'the follow-up is your own' }] });
    if (audit.status === 'done') throw conflict('This audit is recorded already', [{ path: ['status'], message: 'done' }]);
    if (audit.version !== body.version) throw conflict('The audit was changed meanwhile; reload it', [{ path: ['version'], message: `current version is ${audit.version}` }]);
    const fields = { status: 'done' as const, isHappened: body.isHappened, isMatched: body.isHappened && body.isMatched, note: body.note ?? null, auditorUserId: principal.userId, decidedAt: now, version: audit.version + 1 };
    const [updated] = await tx.update(followupAudits).set(fields).where(and(eq(followupAudits.id, id), eq(followupAudits.version, body.version))).returning();
    const task = (await repo.findTask(tx, audit.taskId))!;
    if (!fields.isMatched) {
      const what = body.isHappened ? '回访内容与客户所述不符' : '客户表示未接到回访';
      await proposeEntry(
        tx,
        { trigger: 'fake_follow_up', userId: audit.agentUserId, sourceKey: `followup-audit:${audit.id}`, sourceType: 'followup_audit', sourceId: audit.id, reason: `虚假回访 ${task.workOrderNumber}：${what}${body.note ? `（${body.note}）` : ''}` },
        { actor, now },
      );
    }
    await recordAudit(tx, actor, { entity: 'followup_audit', entityId: id, action: fields.isMatched ? 'confirmed' : 'mismatch', before: { status: audit.status }, after: { isHappened: fields.isHappened, isMatched: fields.isMatched, note: fields.note } });
    const [run] = await tx.select().from(followupAuditRuns).where(eq(followupAuditRuns.id, audit.runId));
    return (await presentAudits(tx, run, [{ audit: updated, task }]))[0];
  });
}
