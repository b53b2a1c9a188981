import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../contracts/common';
import { z } from 'zod';
import {
  ZFollowupAssignBody,
  ZFollowupAttemptBody,
  ZFollowupAuditList,
  ZFollowupAuditQuery,
  ZFollowupAuditResultBody,
  ZFollowupAuditRunBody,
  ZFollowupAuditRunView,
  ZFollowupAuditView,
  ZFollowupOutcomeBody,
  ZFollowupQueue,
  ZFollowupQueueQuery,
  ZFollowupRatings,
  ZFollowupSettingsUpdate,
  ZFollowupSettingsView,
  ZFollowupSurveySent,
  ZFollowupSurveyToken,
  ZFollowupSurveyView,
  ZFollowupTaskView,
  ZFollowupVersionBody,
  ZPeriodicAssignBody,
  ZPeriodicDoneBody,
  ZPeriodicGenerateBody,
  ZPeriodicGenerateResult,
  ZPeriodicList,
  ZPeriodicQuery,
  ZPeriodicVisitView,
} from '../../../contracts/followups';
import type { AppContext } from '../../platform/context';
import { userPrincipalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as audits from './audit.service';
import * as calls from './calls.service';
import * as periodic from './periodic.service';
import * as policy from './settings.service';
import * as surveys from './surveys.service';

const tags = ['followups'];

/** Follow-ups (回访): the queue, claim/assign, not-reached tries, the outcome with the review decision, the policy, the survey link, the weekly audit, periodic visits. */
export const followupsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const read = { access: 'followups.read', isUserOnly: true } as const;
  const call = { access: 'followups.call', isUserOnly: true } as const;

  app.get('/api/followups', { schema: { tags, summary: 'A follow-up queue: mine, unassigned or overdue (open tasks, due first)', querystring: ZFollowupQueueQuery, response: { 200: ZFollowupQueue } }, config: read }, async (request) =>
    calls.listQueue(ctx, userPrincipalOf(request), request.query.queue),
  );

  app.post('/api/followups/:id/claim', { schema: { tags, summary: 'Claim a follow-up (with its version)', params: ZIdParams, body: ZFollowupVersionBody, response: { 200: ZFollowupTaskView } }, config: call }, async (request) => {
    const principal = userPrincipalOf(request);
    return calls.claimTask(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  app.post('/api/followups/:id/assign', { schema: { tags, summary: 'Assign a follow-up to an agent', params: ZIdParams, body: ZFollowupAssignBody, response: { 200: ZFollowupTaskView } }, config: { access: 'followups.assign', isUserOnly: true } }, async (request) => {
    const principal = userPrincipalOf(request);
    return calls.assignTask(ctx, actorOf(principal, request), request.params.id, request.body);
  });

  app.post('/api/followups/:id/not-reached', { schema: { tags, summary: 'A call that did not reach the customer (the last try closes it as unreachable)', params: ZIdParams, body: ZFollowupAttemptBody, response: { 200: ZFollowupTaskView } }, config: call }, async (request) => {
    const principal = userPrincipalOf(request);
    return calls.recordNotReached(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  app.post('/api/followups/:id/outcome', { schema: { tags, summary: 'The customer reached: ratings, dissatisfaction, review decision', params: ZIdParams, body: ZFollowupOutcomeBody, response: { 200: ZFollowupTaskView } }, config: call }, async (request) => {
    const principal = userPrincipalOf(request);
    return calls.recordOutcome(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });
  app.get('/api/followups/settings', { schema: { tags, summary: 'The follow-up policy (with its version)', response: { 200: ZFollowupSettingsView } }, config: read }, async () => policy.getSettings(ctx));

  app.put('/api/followups/settings', { schema: { tags, summary: 'Change the follow-up policy (the version read; only the given fields change; 409 when stale)', body: ZFollowupSettingsUpdate, response: { 200: ZFollowupSettingsView } }, config: { access: 'followups.settings', isUserOnly: true } }, async (request) =>
    policy.updateSettings(ctx, actorOf(userPrincipalOf(request), request), request.body),
  );

  app.post('/api/followups/:id/survey', { schema: { tags, summary: 'Send the customer the survey link by SMS (one-time, expires)', params: ZIdParams, body: ZFollowupVersionBody, response: { 200: ZFollowupSurveySent } }, config: call }, async (request) => {
    const principal = userPrincipalOf(request);
    return surveys.sendSurvey(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  const surveyConfig = { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } } as const;
  app.get('/api/portal/surveys/:token', { schema: { tags: ['portal'], summary: 'The survey of a link (no sign-in): the visit and the categories', params: ZFollowupSurveyToken, response: { 200: ZFollowupSurveyView } }, config: surveyConfig }, async (request) =>
    surveys.getSurvey(ctx, request.params.token),
  );

  app.post('/api/portal/surveys/:token', { schema: { tags: ['portal'], summary: 'Answer the survey (once; completes the follow-up)', params: ZFollowupSurveyToken, body: ZFollowupRatings, response: { 200: z.object({ ok: z.literal(true) }) } }, config: surveyConfig }, async (request) =>
    surveys.answerSurvey(ctx, request.params.token, request.body, request),
  );

  const audit = { access: 'followups.audit', isUserOnly: true } as const;
  app.get('/api/followups/audits', { schema: { tags, summary: 'The audit sample of a week (default: the latest)', querystring: ZFollowupAuditQuery, response: { 200: ZFollowupAuditList } }, config: audit }, async (request) => audits.listAudits(ctx, request.query));

  app.post('/api/followups/audits/runs', { schema: { tags, summary: "Draw a week's audit sample (default: last week); a week drawn already answers its run", body: ZFollowupAuditRunBody, response: { 200: ZFollowupAuditRunView } }, config: audit }, async (request) => {
    const result = await audits.runWeeklyAudit(ctx, actorOf(userPrincipalOf(request), request), request.body.weekStart);
    return audits.presentRun(result.run, result.sampled);
  });

  app.post('/api/followups/audits/:id/result', { schema: { tags, summary: 'Record whether the follow-up happened and matched (not for your own)', params: ZIdParams, body: ZFollowupAuditResultBody, response: { 200: ZFollowupAuditView } }, config: audit }, async (request) => {
    const principal = userPrincipalOf(request);
    return audits.recordAuditResult(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  app.get('/api/followups/periodic', { schema: { tags, summary: "A quarter's periodic visits with planned / done / overdue counts", querystring: ZPeriodicQuery, response: { 200: ZPeriodicList } }, config: read }, async (request) =>
    periodic.listPeriodic(ctx, userPrincipalOf(request), request.query),
  );

  const plan = { access: 'followups.periodic', isUserOnly: true } as const;
  app.post('/api/followups/periodic/generate', { schema: { tags, summary: "Generate a quarter's plan (idempotent)", body: ZPeriodicGenerateBody, response: { 200: ZPeriodicGenerateResult } }, config: plan }, async (request) =>
    periodic.generateQuarter(ctx, actorOf(userPrincipalOf(request), request), request.body.quarter),
  );

  app.post('/api/followups/periodic/:id/assign', { schema: { tags, summary: 'Give a periodic visit to an agent (phone) or an outlet (on site)', params: ZIdParams, body: ZPeriodicAssignBody, response: { 200: ZPeriodicVisitView } }, config: plan }, async (request) =>
    periodic.assignPeriodic(ctx, actorOf(userPrincipalOf(request), request), request.params.id, request.body),
  );

  app.post('/api/followups/periodic/:id/done', { schema: { tags, summary: 'Record a periodic visit as done', params: ZIdParams, body: ZPeriodicDoneBody, response: { 200: ZPeriodicVisitView } }, config: call }, async (request) => {
    const principal = userPrincipalOf(request);
    return periodic.markPeriodicDone(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });
};
