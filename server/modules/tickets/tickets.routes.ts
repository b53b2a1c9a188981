import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZOk } from '../../../contracts/common';
import { ZQueueCounts, ZSavedFilter, ZSavedFilterBody, ZSameDayCommitmentBody, ZUnresolvedReport, ZUnresolvedReportQuery, ZAssessmentBody, ZCreateTicketBody, ZCreateTicketResult, ZListTicketsQuery, ZSanbaoOverrideBody, ZTicketDetail, ZTicketNoteBody, ZTicketPage, ZTransitionBody } from '../../../contracts/tickets';
import { assessTicket, overrideSanbao } from './triage.service';
import { addAttachment, listAttachments, readAttachment } from './attachments.service';
import { UPLOAD_MAX_BYTES, UPLOAD_TYPES } from '../../platform/storage';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { parseIdempotencyKey } from '../../platform/idempotency';
import { actorOf } from '../../platform/principal';
import * as service from './tickets.service';

/** Intake, the ticket list and detail with its timeline, transitions and notes. */
export const ticketsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.addContentTypeParser([...Object.keys(UPLOAD_TYPES), 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: UPLOAD_MAX_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/api/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Register a request (send Idempotency-Key to make retries safe; API callers get an open duplicate back)',
        body: ZCreateTicketBody,
        response: { 201: ZCreateTicketResult, 200: ZCreateTicketResult },
      },
      config: { access: 'tickets.create' },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
      const result = await service.createTicket(ctx, actorOf(principal, request), request.body, {
        callerId: principal.kind === 'user' ? `user:${principal.userId}` : `token:${principal.tokenId}`,
        isApiCaller: principal.kind === 'token',
        idempotencyKey,
      });
      return reply.status(result.isExisting ? 200 : 201).send(result);
    },
  );

  app.get(
    '/api/tickets',
    { schema: { tags: ['tickets'], summary: 'List tickets (scoped)', querystring: ZListTicketsQuery, response: { 200: ZTicketPage } }, config: { access: 'tickets.read' } },
    async (request) => service.listTickets(ctx, principalOf(request), request.query),
  );

  app.get(
    '/api/tickets/queues',
    { schema: { tags: ['tickets'], summary: 'Counts of the workspace queues: open, mine, unassigned, at risk, breached, by type and outlet', response: { 200: ZQueueCounts } }, config: { access: 'tickets.read' } },
    async (request) => service.queueCounts(ctx, principalOf(request)),
  );

  app.get(
    '/api/tickets/saved-filters',
    { schema: { tags: ['tickets'], summary: 'My saved queue filters', response: { 200: z.object({ items: z.array(ZSavedFilter) }) } }, config: { access: 'tickets.read', isUserOnly: true } },
    async (request) => service.listSavedFilters(ctx, principalOf(request)),
  );

  app.post(
    '/api/tickets/saved-filters',
    { schema: { tags: ['tickets'], summary: 'Save a queue filter', body: ZSavedFilterBody, response: { 201: ZSavedFilter } }, config: { access: 'tickets.read', isUserOnly: true } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await service.saveFilter(ctx, principal, actorOf(principal, request), request.body));
    },
  );

  app.delete(
    '/api/tickets/saved-filters/:id',
    { schema: { tags: ['tickets'], summary: 'Delete one of my saved filters', params: ZIdParams, response: { 200: ZOk } }, config: { access: 'tickets.read', isUserOnly: true } },
    async (request) => {
      const principal = principalOf(request);
      await service.deleteSavedFilter(ctx, principal, actorOf(principal, request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/tickets/:id',
    { schema: { tags: ['tickets'], summary: 'One ticket with its timeline and allowed transitions', params: ZIdParams, response: { 200: ZTicketDetail } }, config: { access: 'tickets.read' } },
    async (request) => service.getTicket(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/api/tickets/:id/transitions',
    { schema: { tags: ['tickets'], summary: 'Change the status along the transition table', params: ZIdParams, body: ZTransitionBody, response: { 200: ZTicketDetail } }, config: { access: 'tickets.update' } },
    async (request) => {
      const principal = principalOf(request);
      return service.transitionTicket(ctx, principal, actorOf(principal, request), request.params.id, request.body);
    },
  );

  app.post(
    '/api/tickets/:id/notes',
    { schema: { tags: ['tickets'], summary: 'Add an internal or customer-visible note', params: ZIdParams, body: ZTicketNoteBody, response: { 200: ZTicketDetail } }, config: { access: 'tickets.update' } },
    async (request) => {
      const principal = principalOf(request);
      return service.addTicketNote(ctx, principal, actorOf(principal, request), request.params.id, request.body);
    },
  );

  app.put(
    '/api/tickets/:id/assessment',
    {
      schema: { tags: ['tickets'], summary: 'Assess the fault: free or paid with the reason, and the 三包 remedies with the rule in words', params: ZIdParams, body: ZAssessmentBody, response: { 200: ZTicketDetail } },
      config: { access: 'tickets.update' },
    },
    async (request) => {
      const principal = principalOf(request);
      return assessTicket(ctx, principal, actorOf(principal, request), request.params.id, request.body);
    },
  );

  app.put(
    '/api/tickets/:id/sanbao-override',
    { schema: { tags: ['tickets'], summary: 'Override the 三包 remedy with a reason (manager)', params: ZIdParams, body: ZSanbaoOverrideBody, response: { 200: ZTicketDetail } }, config: { access: 'tickets.sanbao_override' } },
    async (request) => {
      const principal = principalOf(request);
      return overrideSanbao(ctx, principal, actorOf(principal, request), request.params.id, request.body);
    },
  );

  app.put(
    '/api/tickets/:id/same-day-commitment',
    { schema: { tags: ['tickets'], summary: 'Same-day rule: why it is not solved today and the firm time told to the customer', params: ZIdParams, body: ZSameDayCommitmentBody, response: { 200: ZTicketDetail } }, config: { access: 'tickets.update' } },
    async (request) => {
      const principal = principalOf(request);
      return service.commitSameDay(ctx, principal, actorOf(principal, request), request.params.id, request.body);
    },
  );

  app.get(
    '/api/reports/unresolved',
    { schema: { tags: ['tickets'], summary: 'Daily report of unsolved problems: tickets registered that day and still open, with reason and committed time', querystring: ZUnresolvedReportQuery, response: { 200: ZUnresolvedReport } }, config: { access: 'tickets.read' } },
    async (request) => service.unresolvedOfDay(ctx, principalOf(request), request.query.date),
  );

  const ZAttachment = z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), size: z.number().int(), createdAt: z.string(), uploadedBy: z.string().nullable() });

  app.post(
    '/api/tickets/:id/attachments',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Upload a photo or PDF (raw body; Content-Type image/jpeg, image/png, image/webp or application/pdf; at most 10 MB)',
        params: ZIdParams,
        querystring: z.object({ fileName: z.string().trim().min(1).max(200).default('photo') }),
        response: { 201: ZAttachment },
      },
      config: { access: 'tickets.update' },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const contentType = String(request.headers['content-type'] ?? '').split(';')[0].trim();
      return reply.status(201).send(await addAttachment(ctx, principal, actorOf(principal, request), request.params.id, { fileName: request.query.fileName, contentType, content }));
    },
  );

  app.get(
    '/api/tickets/:id/attachments',
    { schema: { tags: ['tickets'], summary: 'Photos and documents of a ticket', params: ZIdParams, response: { 200: z.object({ items: z.array(ZAttachment) }) } }, config: { access: 'tickets.read' } },
    async (request) => listAttachments(ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/api/tickets/:id/attachments/:attachmentId',
    { schema: { tags: ['tickets'], summary: 'Download one attachment', params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }) }, config: { access: 'tickets.read' } },
    async (request, reply) => {
      const { row, content } = await readAttachment(ctx, principalOf(request), request.params.id, request.params.attachmentId);
      reply.type(row.contentType);
      reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(row.fileName)}`);
      reply.header('cache-control', 'private, max-age=3600');
      return reply.send(content);
    },
  );
};
