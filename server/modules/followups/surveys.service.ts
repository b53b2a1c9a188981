/**
 * Survey by link (短信问卷): an agent sends the customer an SMS through the notifications outbox
 * with a one-time link (`/portal/survey/<token>`, valid `surveyLinkHours`); only the token's
 * SHA-256 is stored. The customer opens it without signing in, sees the visit and gives the same
 * ratings as a call; the answer closes the task (outcome `source = 'survey'`, decision `closed`)
 * and marks the link used. Used again or expired → 409 naming `token`;
 * unknown → 404. A new link for the same task ends the earlier unused ones.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { isMobile } from '../../../contracts/phones';
import type { TFollowupSurveyView, ZFollowupRatings } from '../../../contracts/followups';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, UserPrincipal } from '../../platform/principal';
import { recordAudit } from '../audit';
import { findCustomerWithAddress } from '../customers';
import { enqueueMessage } from '../notifications';
import { checkCategories, completeWithOutcome, viewsOf } from './calls.service';
import * as repo from './followups.repository';
import { followupSettings } from './followups.settings';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Sends the survey link of an open task to the customer's mobile (the primary one, else the first). */
export async function sendSurvey(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, body: { version: number }) {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const settings = await followupSettings.read(tx);
    const task = await repo.lockTask(tx, id);
    if (!task) throw notFound('Follow-up');
    if (task.status === 'closed') throw conflict('The follow-up is closed', [{ path: ['status'], message: 'closed' }]);
    if (task.version !== body.version) throw conflict('The follow-up was changed meanwhile; reload it', [{ path: ['version'], message: `current version is ${task.version}` }]);
    if (task.assignedUserId && task.assignedUserId !== principal.userId) throw new AppError('forbidden', 'The follow-up is claimed by another agent', { details: [{ path: ['assignedUserId'], message: 'claimed by another agent' }] });
    const customer = await findCustomerWithAddress(tx, task.customerId);
    const phones = customer?.phones ?? [];
    const phone = [...phones].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary)).map((row) => row.phone).find(isMobile);
    if (!phone) throw invalidField(['customerId'], 'the customer has no mobile number for the SMS');
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + settings.surveyLinkHours * 3_600_000);
    await repo.expireOpenSurveys(tx, task.id, now);
    const link = `${ctx.env.PUBLIC_BASE_URL.replace(/\/$/, '')}/portal/survey/${token}`;
    const messageId = await enqueueMessage(tx, now, { template: 'followup_survey', recipient: phone, params: { number: task.workOrderNumber, link } });
    const survey = await repo.insertSurvey(tx, { id: newId(), taskId: task.id, tokenHash: hashToken(token), phone, messageId, expiresAt, createdByUserId: principal.userId, createdAt: now });
    const updated = await repo.updateTask(tx, task.id, task.version, { updatedAt: now });
    await recordAudit(tx, actor, { entity: 'followup_task', entityId: task.id, action: 'survey_sent', after: { surveyId: survey.id, phone: `${phone.slice(0, 3)}****${phone.slice(7)}`, expiresAt: expiresAt.toISOString() } });
    return { row: updated!, expiresAt };
  });
  return { task: (await viewsOf(ctx.db, [result.row], now))[0], expiresAt: result.expiresAt.toISOString() };
}

/** The survey of a token that can still be answered; 404 unknown, 409 `token` used / expired / task closed. */
async function usableSurvey(executor: Parameters<typeof repo.findSurveyByHash>[0], token: string, now: Date, options: { forUpdate?: boolean } = {}) {
  const survey = await repo.findSurveyByHash(executor, hashToken(token), options);
  if (!survey) throw notFound('Survey');
  if (survey.usedAt) throw conflict('This survey link has been used already', [{ path: ['token'], message: 'already used', code: 'survey_used' }]);
  if (survey.expiresAt.getTime() <= now.getTime()) throw conflict('This survey link has expired', [{ path: ['token'], message: 'expired', code: 'survey_expired' }]);
  const task = options.forUpdate ? await repo.lockTask(executor, survey.taskId) : await repo.findTask(executor, survey.taskId);
  if (!task || task.status === 'closed') throw conflict('This follow-up has been completed already', [{ path: ['token'], message: 'already completed', code: 'survey_used' }]);
  return { survey, task };
}

/** What the survey page shows: the visit (no names of staff, no phone) and the categories to choose. */
export async function getSurvey(ctx: AppContext, token: string): Promise<TFollowupSurveyView> {
  const now = ctx.clock.now();
  const { survey, task } = await usableSurvey(ctx.db, token, now);
  const settings = await followupSettings.read(ctx.db);
  return { workOrderNumber: task.workOrderNumber, workType: task.workType, workDone: task.workDone, finishedAt: task.finishedAt.toISOString(), expiresAt: survey.expiresAt.toISOString(), categories: settings.dissatisfactionCategories };
}

/** The customer's answer: the outcome of the task (closed), the link used — once. */
export async function answerSurvey(ctx: AppContext, token: string, body: z.infer<typeof ZFollowupRatings>, request?: { id: string; ip: string }) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const settings = await followupSettings.read(tx);
    const { survey, task } = await usableSurvey(tx, token, now, { forUpdate: true });
    checkCategories(settings, body.categories);
    const actor: Actor = { type: 'customer', id: survey.phone, name: `survey:${survey.phone.slice(0, 3)}****${survey.phone.slice(7)}`, requestId: request?.id, ip: request?.ip };
    await repo.markSurveyUsed(tx, survey.id, now);
    const outcome = { overall: body.overall, attitude: body.attitude, skill: body.skill, timeliness: body.timeliness, categories: [...new Set(body.categories)], comment: body.comment ?? null, decision: 'closed' as const };
    await completeWithOutcome(tx, actor, task, settings, { ...outcome, redoWorkOrderId: null, recordedByUserId: null, source: 'survey' }, now);
    const updated = await repo.updateTask(tx, task.id, task.version, { status: 'closed', closing: 'closed', closedAt: now, updatedAt: now });
    if (!updated) throw conflict('The follow-up was changed meanwhile', [{ path: ['token'], message: 'stale' }]);
    await recordAudit(tx, actor, { entity: 'followup_task', entityId: task.id, action: 'survey_answered', before: { status: task.status }, after: { status: 'closed', surveyId: survey.id, ...outcome } });
  });
  return { ok: true as const };
}
