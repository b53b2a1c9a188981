import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../contracts/common';
import { ZListWorkOrdersQuery, ZWorkOrderDetail, ZWorkOrderPage } from '../../../contracts/dispatch';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import { fieldRoutes } from './field.routes';
import * as service from './workorders.service';

const ZReasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
const ZVerifyBody = z.strictObject({ note: z.string().trim().max(500).nullable().optional() });
/** Work orders: lists, details, recall, cancel, another visit, verify. Planning a visit and dispatching are routes of the dispatch module; the phone steps, workshop and receipt are in field.routes.ts. */
export const workOrdersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(fieldRoutes, { ctx });

  app.get(
    '/api/work-orders',
    { schema: { tags: ['work orders'], summary: 'List work orders (scoped)', querystring: ZListWorkOrdersQuery, response: { 200: ZWorkOrderPage } }, config: { access: 'workorders.read' } },
    async (request) => service.listWorkOrders(ctx, principalOf(request), request.query),
  );

  app.get(
    '/api/work-orders/:id',
    { schema: { tags: ['work orders'], summary: 'One work order with its timeline', params: ZIdParams, response: { 200: ZWorkOrderDetail } }, config: { access: 'workorders.read' } },
    async (request) => service.getWorkOrder(ctx, principalOf(request), request.params.id),
  );

  // Recall, cancel and another visit: each takes a reason and answers the order.
  const reasonActions = [
    { path: 'recall', summary: 'Take an order back from its outlet/technician', run: service.recallWorkOrder },
    { path: 'cancel', summary: 'Cancel a work order not yet under way', run: service.cancelWorkOrder },
    { path: 'redo', summary: 'Another visit for an order not completed: back to waiting', run: service.redoWorkOrder },
  ] as const;
  for (const action of reasonActions) {
    app.post(
      `/api/work-orders/:id/${action.path}`,
      { schema: { tags: ['work orders'], summary: action.summary, params: ZIdParams, body: ZReasonBody, response: { 200: ZWorkOrderDetail } }, config: { access: 'workorders.dispatch' } },
      async (request) => {
        const principal = principalOf(request);
        return action.run(ctx, principal, actorOf(principal, request), request.params.id, request.body.reason);
      },
    );
  }

  app.post(
    '/api/work-orders/:id/verify',
    { schema: { tags: ['work orders'], summary: 'Verify a completed (or not completed) work order', params: ZIdParams, body: ZVerifyBody, response: { 200: ZWorkOrderDetail } }, config: { access: 'workorders.verify' } },
    async (request) => {
      const principal = principalOf(request);
      return service.verifyWorkOrder(ctx, principal, actorOf(principal, request), request.params.id, request.body.note ?? null);
    },
  );

};
