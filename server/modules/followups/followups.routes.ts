import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../contracts/common';
import { ZFollowupAssignBody, ZFollowupAttemptBody, ZFollowupOutcomeBody, ZFollowupQueue, ZFollowupQueueQuery, ZFollowupTaskView, ZFollowupVersionBody } from '../../../contracts/followups';
import type { AppContext } from '../../platform/context';
import { userPrincipalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as calls from './calls.service';

const tags = ['followups'];

/** Follow-ups (回访): the queue, claim/assign, not-reached tries, the outcome with the review decision. */
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
};
