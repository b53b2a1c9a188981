import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZPageQuery, zPage } from '../../../contracts/common';
import {
  ZAcceptBody,
  ZArrivedBody,
  ZCompleteBody,
  ZDeclineBody,
  ZNotCompletedBody,
  ZOnTheWayBody,
  ZSignatureBody,
  ZStartBody,
  ZWorkOrderDetail,
  ZWorkOrderView,
  ZWorkReportBody,
  ZWorkshopEntry,
  ZWorkshopOutBody,
} from '../../../contracts/dispatch';
import type { AppContext } from '../../platform/context';
import { principalOf, userPrincipalOf } from '../../platform/http';
import { actorOf, type Actor, type UserPrincipal } from '../../platform/principal';
import { UPLOAD_MAX_BYTES, UPLOAD_TYPES } from '../../platform/storage';
import * as field from './field.service';
import { ZReceipt } from '../../../contracts/receipt';
import { listWorkshop, returnFromWorkshop } from './workshop.service';

export { ZReceipt, type TReceipt } from '../../../contracts/receipt';

const ZStepParams = ZIdParams;
const stepIdPattern = /^[A-Za-z0-9_-]+$/;

/**
 * The technician's phone (`/api/m/...`, user sessions only) and the field records readers of an
 * order may see: signature, photos, the service receipt; the workshop log.
 *
 * Every step answers 200 with the order's detail; a step sent again with the same
 * `clientStepId` (a dropped connection retried) changes nothing and answers the same way.
 */
export const fieldRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Photos arrive as a raw image body (like ticket attachments); the service checks the type and bytes.
  app.addContentTypeParser([...Object.keys(UPLOAD_TYPES), 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: UPLOAD_MAX_BYTES }, (_request, body, done) => done(null, body));

  const phone = { access: 'workorders.field', isUserOnly: true } as const;

  app.get(
    '/api/m/work-orders',
    {
      schema: {
        tags: ['field'],
        summary: "The technician's orders of a day (default today, Asia/Shanghai), not cancelled, in route order",
        querystring: z.strictObject({ date: z.iso.date().optional() }),
        response: { 200: z.object({ items: z.array(ZWorkOrderView) }) },
      },
      config: phone,
    },
    async (request) => field.listMyWorkOrders(ctx, userPrincipalOf(request), request.query.date),
  );

  app.get(
    '/api/m/work-orders/:id',
    { schema: { tags: ['field'], summary: 'One of my orders with its timeline and photos', params: ZIdParams, response: { 200: ZWorkOrderDetail } }, config: phone },
    async (request) => field.getWorkOrderForField(ctx, userPrincipalOf(request), request.params.id),
  );

  const steps = [
    { path: 'accept', summary: 'Accept the order (dispatched → assigned)', body: ZAcceptBody, run: field.acceptWorkOrder },
    { path: 'decline', summary: 'Decline with a reason (dispatched → waiting; the outlet and technician are cleared)', body: ZDeclineBody, run: field.declineWorkOrder },
    { path: 'on-the-way', summary: 'On the way (assigned → on_the_way); the customer gets an SMS', body: ZOnTheWayBody, run: field.setOnTheWay },
    { path: 'arrived', summary: 'Arrived, with the location when the phone allows (on_the_way → arrived)', body: ZArrivedBody, run: field.setArrived },
    { path: 'start', summary: 'Start the work (arrived → in_progress)', body: ZStartBody, run: field.startWork },
    { path: 'report', summary: 'Save the work report: diagnosis, actual fault, work done, parts, labour, fees (in progress; merged)', body: ZWorkReportBody, run: field.saveWorkReport },
    { path: 'signature', summary: "The customer's signature as a PNG/JPEG data URL (in progress; at most 512 KiB)", body: ZSignatureBody, run: field.saveSignature },
    { path: 'complete', summary: 'Complete (in_progress → completed; needs the report and the signature)', body: ZCompleteBody, run: field.completeWorkOrder },
    { path: 'not-completed', summary: 'Not completed with a reason; `workshop` logs the unit taken back and gives a receipt number', body: ZNotCompletedBody, run: field.setNotCompleted },
  ] as const;

  for (const step of steps) {
    app.post(
      `/api/m/work-orders/:id/${step.path}`,
      { schema: { tags: ['field'], summary: step.summary, params: ZStepParams, body: step.body, response: { 200: ZWorkOrderDetail } }, config: phone },
      async (request) => {
        const principal = userPrincipalOf(request);
        const run = step.run as (ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: unknown) => Promise<field.StepOutcome>;
        return (await run(ctx, principal, actorOf(principal, request), request.params.id, request.body)).detail;
      },
    );
  }

  app.post(
    '/api/m/work-orders/:id/photos',
    {
      schema: {
        tags: ['field'],
        summary:
          'Upload a photo (raw body; Content-Type image/jpeg, image/png or image/webp; at most 10 MB). The step id travels in the query: ?clientStepId=…&caption=…; a retry with the same id answers 200 and stores nothing',
        params: ZIdParams,
        querystring: z.strictObject({
          clientStepId: z.string().trim().min(8).max(64).regex(stepIdPattern, 'letters, digits, _ and - only'),
          caption: z.string().trim().max(200).optional(),
        }),
        response: { 201: ZWorkOrderDetail, 200: ZWorkOrderDetail },
      },
      config: phone,
    },
    async (request, reply) => {
      const principal = userPrincipalOf(request);
      const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const contentType = String(request.headers['content-type'] ?? '').split(';')[0].trim();
      const outcome = await field.addPhoto(ctx, principal, actorOf(principal, request), request.params.id, { clientStepId: request.query.clientStepId, caption: request.query.caption || null, contentType, content });
      return reply.status(outcome.isApplied ? 201 : 200).send(outcome.detail);
    },
  );

  app.get(
    '/api/work-orders/:id/signature',
    { schema: { tags: ['field'], summary: "The customer's signature image", params: ZIdParams }, config: { access: 'workorders.read' } },
    async (request, reply) => {
      const { contentType, content } = await field.readSignature(ctx, principalOf(request), request.params.id);
      reply.type(contentType);
      reply.header('cache-control', 'private, max-age=300');
      return reply.send(content);
    },
  );

  app.get(
    '/api/work-orders/:id/photos/:photoId',
    { schema: { tags: ['field'], summary: 'One photo of a work order', params: z.strictObject({ id: z.uuid(), photoId: z.uuid() }) }, config: { access: 'workorders.read' } },
    async (request, reply) => {
      const { contentType, content } = await field.readPhoto(ctx, principalOf(request), request.params.id, request.params.photoId);
      reply.type(contentType);
      reply.header('cache-control', 'private, max-age=3600');
      return reply.send(content);
    },
  );

  app.get(
    '/api/work-orders/:id/receipt',
    { schema: { tags: ['field'], summary: 'The service receipt (服务回执单) of a work order', params: ZIdParams, response: { 200: ZReceipt } }, config: { access: 'workorders.read' } },
    async (request) => field.getReceipt(ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/api/workshop',
    {
      schema: {
        tags: ['field'],
        summary: 'Workshop log (带回维修): units in and out, newest first (outlet staff: their outlet; technicians: their orders)',
        querystring: ZPageQuery.extend({ direction: z.enum(['in', 'out']).optional(), q: z.string().trim().max(64).optional() }),
        response: { 200: zPage(ZWorkshopEntry) },
      },
      config: { access: 'workshop.manage' },
    },
    async (request) => listWorkshop(ctx, principalOf(request), request.query),
  );

  app.post(
    '/api/workshop/:entryId/out',
    {
      schema: { tags: ['field'], summary: "The unit of an 'in' entry goes back out (once)", params: z.strictObject({ entryId: z.uuid() }), body: ZWorkshopOutBody, response: { 201: ZWorkshopEntry } },
      config: { access: 'workshop.manage' },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await returnFromWorkshop(ctx, principal, actorOf(principal, request), request.params.entryId, request.body));
    },
  );
};
