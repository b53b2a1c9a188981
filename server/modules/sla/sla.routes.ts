import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZOk } from '../../../contracts/common';
import { TICKET_TYPES, URGENCIES } from '../../../contracts/tickets';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as service from './sla.service';

const ZHours = z.object({ start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'), end: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM') });
const ZPolicy = z.strictObject({
  name: z.string().trim().min(1).max(100),
  ticketType: z.enum(TICKET_TYPES).nullable(),
  urgency: z.enum(URGENCIES).nullable(),
  customerClass: z.enum(['key', 'normal']).nullable(),
  priority: z.number().int().min(0).max(1000),
  responseMinutes: z.number().int().min(1).max(60 * 24 * 30),
  /** Service hours of the response clock (Asia/Shanghai); default 9:00–22:00. */
  responseHours: ZHours.default({ start: '09:00', end: '22:00' }),
  onsiteWorkingDays: z.number().int().min(1).max(60).nullable(),
  resolutionWorkingDays: z.number().int().min(1).max(365).nullable(),
  /** At risk once this share of the target is used (default 80). */
  atRiskPercent: z.number().int().min(10).max(99).default(80),
  isActive: z.boolean(),
});
const ZPolicyView = ZPolicy.extend({ id: z.uuid(), ticketType: z.string().nullable(), urgency: z.string().nullable() });

/** The working-day calendar and the SLA policies (admins change them; everyone with tickets may read). */
export const slaRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/sla/calendar/:year',
    {
      schema: {
        tags: ['sla'],
        summary: 'Holidays, make-up working days and admins’ days of a year; isKnown=false means the year is not in the data (dates are flagged, never treated as plain weekdays)',
        params: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: z.object({ year: z.number(), isKnown: z.boolean(), days: z.array(z.object({ date: z.string(), kind: z.string(), name: z.string().nullable() })), adminDays: z.array(z.object({ date: z.string(), kind: z.string(), name: z.string().nullable() })) }) },
      },
      config: { access: 'tickets.read' },
    },
    async (request) => service.getCalendarYear(ctx, request.params.year),
  );

  app.put(
    '/api/sla/calendar/days/:date',
    {
      schema: { tags: ['sla'], summary: 'Mark a day as holiday, working day, or normal (local overrides, next year’s arrangement)', params: z.strictObject({ date: z.iso.date() }), body: z.strictObject({ kind: z.enum(['holiday', 'workday', 'normal']), name: z.string().trim().max(30).nullable().optional() }), response: { 200: ZOk } },
      config: { access: 'settings.manage' },
    },
    async (request) => {
      await service.setCalendarDay(ctx, actorOf(principalOf(request), request), { date: request.params.date, ...request.body });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/sla/calendar/years',
    { schema: { tags: ['sla'], summary: 'Declare a year’s arrangement complete', body: z.strictObject({ year: z.number().int().min(2000).max(2100) }), response: { 200: ZOk } }, config: { access: 'settings.manage' } },
    async (request) => {
      await service.markYearKnown(ctx, actorOf(principalOf(request), request), request.body.year);
      return { ok: true as const };
    },
  );

  app.get('/api/sla/policies', { schema: { tags: ['sla'], summary: 'SLA policies, most specific first', response: { 200: z.object({ items: z.array(ZPolicyView) }) } }, config: { access: 'tickets.read' } }, async () => ({
    items: await service.listPolicies(ctx),
  }));

  app.post('/api/sla/policies', { schema: { tags: ['sla'], summary: 'Create an SLA policy', body: ZPolicy, response: { 201: ZPolicyView } }, config: { access: 'settings.manage' } }, async (request, reply) =>
    reply.status(201).send(await service.savePolicy(ctx, actorOf(principalOf(request), request), null, request.body)),
  );

  app.put(
    '/api/sla/policies/:id',
    { schema: { tags: ['sla'], summary: 'Update an SLA policy', params: z.strictObject({ id: z.uuid() }), body: ZPolicy, response: { 200: ZPolicyView } }, config: { access: 'settings.manage' } },
    async (request) => service.savePolicy(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );
};
