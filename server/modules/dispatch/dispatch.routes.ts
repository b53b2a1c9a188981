import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../contracts/common';
import {
  ZAutoDispatchBody,
  ZAutoDispatchResult,
  ZCreateWorkOrderBody,
  ZDispatchSettings,
  ZManualDispatchBody,
  ZWorkOrderDetail,
  ZWorkOrderView,
} from '../../../contracts/dispatch';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import { createWorkOrder, getWorkOrder } from '../workorders';
import * as assign from './assign.service';
import { autoDispatch } from './auto-dispatch.service';
import { planRoutes } from './plan.routes';

const ZCandidates = z.object({
  outlets: z.array(z.object({ id: z.uuid(), name: z.string(), ok: z.boolean(), reason: z.string().nullable(), distanceKm: z.number().nullable(), load: z.number().int(), capacity: z.number().int().nullable() })),
  /** Ranked: for a repeat repair those who fit first, the earlier visit's technician last (marked). */
  technicians: z.array(z.object({ id: z.uuid(), name: z.string(), outletId: z.uuid(), ok: z.boolean(), reason: z.string().nullable(), distanceKm: z.number().nullable(), load: z.number().int(), plannedStart: z.string().nullable(), isEarlierTechnician: z.boolean() })),
  /** The order's 返修 flag (quality's uncleared link), or null. */
  repeatRepair: z.object({ summary: z.string(), technicianId: z.uuid().nullable() }).nullable(),
});
const ZBoard = z.object({
  date: z.string(),
  technicians: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      outletId: z.uuid(),
      outletName: z.string().nullable(),
      grade: z.string(),
      workStartMinute: z.number().int(),
      workEndMinute: z.number().int(),
      problem: z.string().nullable(),
      jobs: z.array(z.object({ workOrder: ZWorkOrderView, start: z.string(), end: z.string(), travelMinutes: z.number().int() })),
    }),
  ),
  unassigned: z.array(ZWorkOrderView),
  /** The unassigned orders that are repeat repairs (返修), with the flag as quality words it. */
  repeatRepairs: z.array(z.object({ workOrderId: z.uuid(), summary: z.string() })),
});

/**
 * Dispatch (派工): planning a visit (urgent ones are dispatched at once), automatic and manual
 * dispatch with the candidates, the board, the settings, and the day plans.
 */
export const dispatchRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(planRoutes, { ctx });

  app.post(
    '/api/tickets/:id/work-orders',
    { schema: { tags: ['work orders'], summary: 'Plan a visit (work order) for a ticket; urgent ones are dispatched at once', params: ZIdParams, body: ZCreateWorkOrderBody, response: { 201: ZWorkOrderDetail } }, config: { access: 'workorders.create' } },
    async (request, reply) => {
      const principal = principalOf(request);
      const actor = actorOf(principal, request);
      let detail = await createWorkOrder(ctx, principal, actor, request.params.id, request.body);
      if (detail.priority === 'urgent') {
        await autoDispatch(ctx, actor, { ids: [detail.id] });
        detail = await getWorkOrder(ctx, principal, detail.id);
      }
      return reply.status(201).send(detail);
    },
  );

  app.post(
    '/api/work-orders/auto-dispatch',
    { schema: { tags: ['work orders'], summary: 'Dispatch waiting orders automatically, with explanations', body: ZAutoDispatchBody, response: { 200: ZAutoDispatchResult } }, config: { access: 'workorders.dispatch' } },
    async (request) => {
      const principal = principalOf(request);
      // Waiting orders belong to no outlet yet: outlet staff have none to dispatch automatically.
      if (principal.scope !== 'all') return { assigned: 0, outletOnly: 0, unassigned: 0, items: [] };
      return autoDispatch(ctx, actorOf(principal, request), { ids: request.body.workOrderIds, types: request.body.type ? [request.body.type] : undefined });
    },
  );

  app.get(
    '/api/work-orders/:id/candidates',
    { schema: { tags: ['work orders'], summary: 'Outlets and technicians for an order, each with why (not)', params: ZIdParams, response: { 200: ZCandidates } }, config: { access: 'workorders.dispatch' } },
    async (request) => assign.workOrderCandidates(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/api/work-orders/:id/dispatch',
    { schema: { tags: ['work orders'], summary: 'Dispatch by hand to an outlet (and a technician)', params: ZIdParams, body: ZManualDispatchBody, response: { 200: ZWorkOrderDetail } }, config: { access: 'workorders.dispatch' } },
    async (request) => {
      const principal = principalOf(request);
      return assign.dispatchManually(ctx, principal, actorOf(principal, request), request.params.id, request.body);
    },
  );

  app.get(
    '/api/dispatch/board',
    {
      schema: {
        tags: ['work orders'],
        summary: 'The dispatch board: technicians’ days and unassigned orders (without a date: today, or tomorrow once the day plan time has passed)',
        querystring: z.object({ date: z.iso.date().optional(), outletId: z.uuid().optional() }),
        response: { 200: ZBoard },
      },
      config: { access: 'workorders.dispatch' },
    },
    async (request) => assign.dispatchBoard(ctx, principalOf(request), { date: request.query.date ?? (await assign.defaultBoardDate(ctx)), outletId: request.query.outletId }),
  );

  app.get(
    '/api/dispatch/settings',
    { schema: { tags: ['work orders'], summary: 'Dispatch settings: batch times, feedback time, day plan time', response: { 200: ZDispatchSettings } }, config: { access: 'dispatch.plan' } },
    async () => assign.getDispatchSettings(ctx),
  );

  app.put(
    '/api/dispatch/settings',
    { schema: { tags: ['work orders'], summary: 'Change the dispatch settings', body: ZDispatchSettings, response: { 200: ZDispatchSettings } }, config: { access: 'dispatch.plan' } },
    async (request) => assign.updateDispatchSettings(ctx, actorOf(principalOf(request), request), request.body),
  );
};
