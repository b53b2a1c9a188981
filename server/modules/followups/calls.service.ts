/**
 * The follow-up queue and the call (回访): claim or assign, record a not-reached try (the
 * policy's `maxAttempts`th closes the task as unreachable), record the outcome when reached
 * (ratings 1–5, dissatisfaction categories from the policy's list, comment) with the review
 * decision (close, send the report back to the technician — 退回重填 — or the job back to be
 * redone — 退回重办, a new visit on the ticket). A low rating proposes the technician's ledger
 * entry where a quality rule of the trigger `low_rating` says so. One transaction per
 * write with its audit row; the task's version guards every change (409 when stale).
 */
import type { z } from 'zod';
import type { TFollowupClosing, TFollowupSettings, TFollowupTaskView, ZFollowupAssignBody, ZFollowupAttemptBody, ZFollowupOutcomeBody } from '../../../contracts/followups';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { FollowupOutcomeRecorded, publishEvent } from '../../platform/seam';
import type { Actor, UserPrincipal } from '../../platform/principal';
import { ROLE_PERMISSIONS } from '../../../contracts/permissions';
import { recordAudit } from '../audit';
import { findUserAccounts } from '../auth';
import { findCustomerNames } from '../customers';
import { proposeEntry } from '../quality';
import { followWorkOrder } from '../tickets';
import { createWorkOrderInTx, findWorkOrderRow, moveWorkOrder } from '../workorders';
import * as repo from './followups.repository';
import { followupSettings } from './followups.settings';

export async function viewsOf(executor: Executor, rows: repo.TaskRow[], now: Date): Promise<TFollowupTaskView[]> {
  const names = await findCustomerNames(executor, [...new Set(rows.map((row) => row.customerId))]);
  return rows.map((row) => ({
    id: row.id,
    workOrderId: row.workOrderId,
    workOrderNumber: row.workOrderNumber,
    round: row.round,
    ticketId: row.ticketId,
    customerId: row.customerId,
    customerName: names.get(row.customerId) ?? null,
    workType: row.workType,
    workDone: row.workDone,
    isKeyCustomer: row.isKeyCustomer,
    finishedAt: row.finishedAt.toISOString(),
    dueDate: row.dueDate,
    dueAt: row.dueAt.toISOString(),
    isDueProvisional: row.isDueProvisional,
    isOverdue: row.status !== 'closed' && row.dueAt.getTime() < now.getTime(),
    status: row.status,
    closing: row.closing,
    assignedUserId: row.assignedUserId,
    attemptCount: row.attemptCount,
    version: row.version,
  }));
}

export async function listQueue(ctx: AppContext, principal: UserPrincipal, queue: 'mine' | 'unassigned' | 'overdue') {
  const now = ctx.clock.now();
  const rows = await repo.findQueue(ctx.db, queue, principal.userId, now);
  return { items: await viewsOf(ctx.db, rows, now) };
}

/** Locks the task, checks it is open and its version; the caller changes it. */
async function openTask(tx: Executor, id: string, version: number): Promise<repo.TaskRow> {
  const task = await repo.lockTask(tx, id);
  if (!task) throw notFound('Follow-up');
  if (task.status === 'closed') throw conflict('The follow-up is closed', [{ path: ['status'], message: 'closed' }]);
  if (task.version !== version) throw staleVersion(`current version is ${task.version}`);
  return task;
}

const staleVersion = (message: string) => conflict('The follow-up was changed meanwhile; reload it', [{ path: ['version'], message }]);
const claimedByAnother = () => new AppError('forbidden', 'The follow-up is claimed by another agent', { details: [{ path: ['assignedUserId'], message: 'claimed by another agent' }] });

function mustBeMine(task: repo.TaskRow, principal: UserPrincipal) {
  if (task.assignedUserId !== principal.userId) throw task.assignedUserId ? claimedByAnother() : invalidField(['assignedUserId'], 'claim the follow-up first');
}

async function save(tx: Executor, actor: Actor, task: repo.TaskRow, fields: Partial<repo.TaskInsert>, action: string, now: Date, extra: Record<string, unknown> = {}) {
  const updated = await repo.updateTask(tx, task.id, task.version, { ...fields, updatedAt: now });
  if (!updated) throw staleVersion('stale');
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) before[key] = task[key as keyof repo.TaskRow];
  await recordAudit(tx, actor, { entity: 'followup_task', entityId: task.id, action, before, after: { ...fields, ...extra } });
  return updated;
}

export async function claimTask(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, body: { version: number }) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const task = await openTask(tx, id, body.version);
    if (task.assignedUserId && task.assignedUserId !== principal.userId) throw claimedByAnother();
    return save(tx, actor, task, { assignedUserId: principal.userId, status: 'claimed' }, 'claim', now);
  });
  return (await viewsOf(ctx.db, [row], now))[0];
}

export async function assignTask(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof ZFollowupAssignBody>) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const account = (await findUserAccounts(tx, [body.userId])).get(body.userId);
    if (!account || account.isDisabled || !account.roles.some((role) => ROLE_PERMISSIONS[role].includes('followups.call'))) throw invalidField(['userId'], 'not an active user who takes follow-up calls');
    const task = await openTask(tx, id, body.version);
    return save(tx, actor, task, { assignedUserId: body.userId, status: 'claimed' }, 'assign', now);
  });
  return (await viewsOf(ctx.db, [row], now))[0];
}

/** A call that did not reach the customer; the last allowed try closes the task as unreachable. */
export async function recordNotReached(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, body: z.infer<typeof ZFollowupAttemptBody>) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const settings = await followupSettings.read(tx);
    const task = await openTask(tx, id, body.version);
    mustBeMine(task, principal);
    await repo.insertAttempt(tx, { id: newId(), taskId: task.id, userId: principal.userId, isReached: false, note: body.note ?? null, createdAt: now });
    const attemptCount = task.attemptCount + 1;
    const closes = attemptCount >= settings.maxAttempts;
    const fields: Partial<repo.TaskInsert> = closes ? { attemptCount, status: 'closed', closing: 'unreachable', closedAt: now } : { attemptCount };
    return save(tx, actor, task, fields, closes ? 'close_unreachable' : 'not_reached', now, { note: body.note ?? null });
  });
  return (await viewsOf(ctx.db, [row], now))[0];
}

type VisitInput = Parameters<typeof createWorkOrderInTx>[3];

/** Whether the outcome is a low rating by the policy (overall at most `lowRatingMax`, or a listed category). */
export function isLowRating(policy: Pick<TFollowupSettings, 'lowRatingMax' | 'lowRatingCategories'>, outcome: { overall: number; categories: string[] }): boolean {
  return outcome.overall <= policy.lowRatingMax || outcome.categories.some((category) => policy.lowRatingCategories.includes(category));
}

export type RatingsInput = { overall: number; attitude: number; skill: number; timeliness: number; categories: string[]; comment?: string | null };

/** Refuses a category not in the policy's list (400 naming `categories.<i>`). */
export function checkCategories(settings: TFollowupSettings, categories: string[]) {
  categories.forEach((category, index) => {
    if (!settings.dissatisfactionCategories.includes(category)) throw invalidField(['categories', index], `unknown category: ${category}`);
  });
}

/**
 * What the decision does to the visit, in the caller's transaction: 退回重填 moves a completed
 * order back to `in_progress` for the technician to correct the report and complete it again;
 * 退回重办 reopens the ticket (resolved → accepted → assessed) and plans a new visit on it
 * (same type, priority, grade, length and address as the visit followed up). Answers the new
 * visit's id.
 */
async function applyDecision(tx: Executor, actor: Actor, task: repo.TaskRow, body: z.infer<typeof ZFollowupOutcomeBody>, now: Date): Promise<string | null> {
  if (body.decision === 'closed') return null;
  const reason = body.reason ?? body.comment ?? (body.categories.join('、') || '回访审核');
  const order = await findWorkOrderRow(tx, task.workOrderId, { forUpdate: true });
  if (!order) throw invalidField(['decision'], 'the visit followed up does not exist');
  if (body.decision === 'report_returned') {
    if (order.status !== 'completed') throw conflict('The visit\'s report can no longer be returned', [{ path: ['decision'], message: `the visit is ${order.status}; only a completed visit's report goes back to the technician` }]);
    await moveWorkOrder(tx, actor, order, 'in_progress', now, { kind: 'report_returned', text: `回访退回重填：${reason}`, auditAction: 'report_returned' });
    return null;
  }
  const redo = body.redo!;
  await followWorkOrder(tx, actor, task.ticketId, { kind: 'redo', text: `回访退回重办：${reason}` }, now);
  const created = await createWorkOrderInTx(
    tx,
    actor,
    task.ticketId,
    {
      type: order.type as VisitInput['type'],
      priority: order.priority as VisitInput['priority'],
      requiredGrade: order.requiredGrade as VisitInput['requiredGrade'],
      estimatedMinutes: order.estimatedMinutes,
      windowStart: redo.windowStart,
      windowEnd: redo.windowEnd,
      materials: [],
      note: `回访退回重办（${task.workOrderNumber}）：${redo.note ?? reason}`,
    },
    now,
  );
  return created.id;
}

/** The customer was reached: ratings, dissatisfaction and the review decision close the task. */
export async function recordOutcome(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, body: z.infer<typeof ZFollowupOutcomeBody>) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const settings = await followupSettings.read(tx);
    checkCategories(settings, body.categories);
    const task = await openTask(tx, id, body.version);
    mustBeMine(task, principal);
    await repo.insertAttempt(tx, { id: newId(), taskId: task.id, userId: principal.userId, isReached: true, note: null, createdAt: now });
    const redoWorkOrderId = await applyDecision(tx, actor, task, body, now);
    const outcome = { overall: body.overall, attitude: body.attitude, skill: body.skill, timeliness: body.timeliness, categories: [...new Set(body.categories)], comment: body.comment ?? null, decision: body.decision };
    await completeWithOutcome(tx, actor, task, settings, { ...outcome, redoWorkOrderId, recordedByUserId: principal.userId, source: 'call' }, now);
    return save(tx, actor, task, { attemptCount: task.attemptCount + 1, status: 'closed', closing: body.decision, closedAt: now }, 'outcome', now, { ...outcome, redoWorkOrderId });
  });
  return (await viewsOf(ctx.db, [row], now))[0];
}

/**
 * Stores the outcome (a call's or a survey's) and proposes the technician's ledger entry on a
 * low rating — only where an active quality rule of the trigger `low_rating` exists (proposeEntry
 * answers nothing otherwise); one entry per task (source key `followup:<task id>`).
 */
export async function completeWithOutcome(
  tx: Executor,
  actor: Actor,
  task: repo.TaskRow,
  settings: TFollowupSettings,
  outcome: { overall: number; attitude: number; skill: number; timeliness: number; categories: string[]; comment: string | null; decision: TFollowupClosing; redoWorkOrderId: string | null; recordedByUserId: string | null; source: 'call' | 'survey' },
  now: Date,
): Promise<void> {
  await repo.insertOutcome(tx, { taskId: task.id, ...outcome, recordedAt: now });
  // Heard by quality (server/wiring.ts): top ratings without a complaint propose the praise reward.
  await publishEvent(
    tx,
    FollowupOutcomeRecorded,
    { taskId: task.id, workOrderId: task.workOrderId, round: task.round, overall: outcome.overall, attitude: outcome.attitude, skill: outcome.skill, timeliness: outcome.timeliness, categories: outcome.categories, comment: outcome.comment },
    { actor, now },
  );
  if (task.technicianUserId && isLowRating(settings, outcome)) {
    const what = [`总体 ${outcome.overall} 分`, ...outcome.categories].join('、');
    await proposeEntry(
      tx,
      { trigger: 'low_rating', userId: task.technicianUserId, technicianId: task.technicianId, outletId: task.outletId, sourceKey: `followup:${task.id}`, sourceType: 'followup', sourceId: task.id, reason: `回访差评 ${task.workOrderNumber}：${what}${outcome.comment ? `（${outcome.comment}）` : ''}` },
      { actor, now },
    );
  }
}
