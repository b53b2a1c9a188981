import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../contracts/common';
import { PRIORITIES, WORK_ORDER_STATUSES, ZAdjustPlanBody, ZDayPlanView, ZPlanQuery } from '../../../contracts/dispatch';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as service from './plan.service';

/** Generate body: the outlet and service date; `force` replaces a published plan with a new draft. */
const ZGeneratePlanBody = z.strictObject({ outletId: z.uuid(), date: z.iso.date(), force: z.boolean().optional() });

const ZPlanStopDetail = ZDayPlanView.shape.routes.element.shape.stops.element.extend({
  /** The appointment window (for the timeline's tooltip). */
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  priority: z.enum(PRIORITIES),
  status: z.enum(WORK_ORDER_STATUSES).nullable(),
});
/** The day plan view with the appointment windows on the stops and the outlet's active vehicles (用车计划). */
export const ZDayPlanDetail = ZDayPlanView.extend({
  routes: z.array(ZDayPlanView.shape.routes.element.extend({ stops: z.array(ZPlanStopDetail) })),
  vehicles: z.array(z.object({ id: z.uuid(), plate: z.string(), name: z.string().nullable() })),
  updatedAt: z.string(),
});

/** Day plans (次日计划) and vehicle plans (用车计划). Scoped: outlet users see only their outlet's plans. */
export const planRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/day-plans',
    { schema: { tags: ['day-plans'], summary: "An outlet's plan of a date (404 when none)", querystring: ZPlanQuery.strict(), response: { 200: ZDayPlanDetail } }, config: { access: 'dispatch.plan' } },
    async (request) => service.getDayPlan(ctx, principalOf(request), request.query),
  );

  app.post(
    '/api/day-plans/generate',
    { schema: { tags: ['day-plans'], summary: 'Draft the plan of an outlet and date with the route optimizer', body: ZGeneratePlanBody, response: { 201: ZDayPlanDetail } }, config: { access: 'dispatch.plan' } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await service.generateDayPlan(ctx, principal, actorOf(principal, request), request.body));
    },
  );

  app.post(
    '/api/day-plans/:id/adjust',
    { schema: { tags: ['day-plans'], summary: "Move stops and set routes' vehicles on a draft", params: ZIdParams, body: ZAdjustPlanBody, response: { 200: ZDayPlanDetail } }, config: { access: 'dispatch.plan' } },
    async (request) => {
      const principal = principalOf(request);
      return service.adjustDayPlan(ctx, principal, actorOf(principal, request), request.params.id, request.body);
    },
  );

  app.post(
    '/api/day-plans/:id/publish',
    { schema: { tags: ['day-plans'], summary: 'Publish a draft: route order and planned starts onto the work orders', params: ZIdParams, response: { 200: ZDayPlanDetail } }, config: { access: 'dispatch.plan' } },
    async (request) => {
      const principal = principalOf(request);
      return service.publishDayPlan(ctx, principal, actorOf(principal, request), request.params.id);
    },
  );
};
