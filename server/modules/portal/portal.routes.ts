import { isMobile } from '../../../contracts/phones';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZOk } from '../../../contracts/common';
import { ZAddressInput, ZPhone } from '../../../contracts/customers';
import { TICKET_TYPES, ZCreateTicketResult, ZTicketSummary } from '../../../contracts/tickets';
import type { AppContext } from '../../platform/context';
import { invalidField } from '../../platform/errors';
import { PORTAL_COOKIE, portalOf } from '../../platform/http';
import { findCustomersByPhones } from '../customers';
import { createTicket, getTicketOfCustomers, listTicketsOfCustomers } from '../tickets';
import { endPortalSession, PORTAL_SESSION_HOURS, portalActor, PortalRateLimitedError, requestPortalCode, verifyPortalCode } from './portal.service';

const ZPortalTicketBody = z.strictObject({
  type: z.enum(TICKET_TYPES),
  description: z.string().trim().min(1).max(4000),
  assetId: z.uuid().optional(),
  /** Needed when the phone is not yet a customer's. */
  name: z.string().trim().min(1).max(100).optional(),
  address: ZAddressInput.omit({ id: true, isDefault: true, label: true }).optional(),
  preferredFrom: z.iso.datetime({ offset: true }).optional(),
  preferredTo: z.iso.datetime({ offset: true }).optional(),
});

/**
 * The customer portal (客户自助): verify a phone by SMS code, then file requests and follow
 * the tickets of that phone. A customer never sees another phone's tickets or internal notes.
 */
export const portalRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const customerIdsOf = async (phone: string) => (await findCustomersByPhones(ctx.db, [phone])).map((customer) => customer.id);

  app.post(
    '/api/portal/codes',
    {
      schema: { tags: ['portal'], summary: 'Send a verification code by SMS (in development it appears in the outbox)', body: z.strictObject({ phone: ZPhone }), response: { 200: z.object({ expiresAt: z.string() }) } },
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (!isMobile(request.body.phone)) throw invalidField(['phone'], 'a mobile number is needed for the SMS code');
      try {
        return await requestPortalCode(ctx, request.body.phone, request.ip);
      } catch (error) {
        // Every 429 of the portal tells the client when to try again (the per-IP limits get it from the rate-limit plugin).
        if (error instanceof PortalRateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
    },
  );

  app.post(
    '/api/portal/sessions',
    {
      schema: { tags: ['portal'], summary: 'Verify the code; opens a portal session for the phone', body: z.strictObject({ phone: ZPhone, code: z.string().regex(/^\d{6}$/, 'six digits') }), response: { 200: z.object({ phone: z.string(), csrfToken: z.string() }) } },
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const session = await verifyPortalCode(ctx, request.body.phone, request.body.code, request);
      reply.setCookie(PORTAL_COOKIE, session.secret, { httpOnly: true, sameSite: 'lax', secure: ctx.env.COOKIE_SECURE, path: '/', maxAge: PORTAL_SESSION_HOURS * 3600 });
      return { phone: request.body.phone, csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/api/portal/me',
    { schema: { tags: ['portal'], summary: 'The verified phone and its CSRF token', response: { 200: z.object({ phone: z.string(), csrfToken: z.string(), isKnownCustomer: z.boolean() }) } }, config: { access: 'portal' } },
    async (request) => {
      const portal = portalOf(request);
      return { phone: portal.phone, csrfToken: portal.csrfToken, isKnownCustomer: (await customerIdsOf(portal.phone)).length > 0 };
    },
  );

  app.post('/api/portal/logout', { schema: { tags: ['portal'], summary: 'End the portal session', response: { 200: ZOk } }, config: { access: 'portal' } }, async (request, reply) => {
    await endPortalSession(ctx, portalOf(request));
    reply.clearCookie(PORTAL_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get(
    '/api/portal/tickets',
    { schema: { tags: ['portal'], summary: 'My tickets (of the verified phone)', response: { 200: z.object({ items: z.array(ZTicketSummary) }) } }, config: { access: 'portal' } },
    async (request) => listTicketsOfCustomers(ctx, await customerIdsOf(portalOf(request).phone)),
  );

  app.get(
    '/api/portal/tickets/:id',
    { schema: { tags: ['portal'], summary: 'One of my tickets: status timeline (no internal notes), promised times, technician', params: ZIdParams }, config: { access: 'portal' } },
    async (request) => getTicketOfCustomers(ctx, await customerIdsOf(portalOf(request).phone), request.params.id),
  );

  app.post(
    '/api/portal/tickets',
    { schema: { tags: ['portal'], summary: 'File a request; an open one of the same kind comes back instead of a duplicate', body: ZPortalTicketBody, response: { 200: ZCreateTicketResult, 201: ZCreateTicketResult } }, config: { access: 'portal' } },
    async (request, reply) => {
      const portal = portalOf(request);
      const customerIds = await customerIdsOf(portal.phone);
      if (!customerIds.length && !request.body.name) throw invalidField(['name'], 'tell us your name the first time');
      const result = await createTicket(
        ctx,
        portalActor(portal, request),
        {
          type: request.body.type,
          channel: 'online',
          urgency: 'normal',
          description: request.body.description,
          assetId: request.body.assetId ?? null,
          preferredFrom: request.body.preferredFrom ?? null,
          preferredTo: request.body.preferredTo ?? null,
          ...(customerIds.length ? { customerId: customerIds[0] } : { newCustomer: { kind: 'person' as const, name: request.body.name!, phone: portal.phone, address: request.body.address } }),
        },
        { callerId: `portal:${portal.phone}`, isApiCaller: true },
      );
      return reply.status(result.isExisting ? 200 : 201).send(result);
    },
  );
};
