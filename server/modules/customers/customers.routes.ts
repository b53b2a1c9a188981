import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZOk } from '../../../contracts/common';
import {
  ZCreateCustomerBody,
  ZCustomerDetail,
  ZCustomerPage,
  ZCustomerSummary,
  ZKeyReviewBody,
  ZListCustomersQuery,
  ZPhone,
  ZPhoneView,
  ZRevenueBody,
  ZSetKeyCustomerBody,
  ZUpdateCustomerBody,
} from '../../../contracts/customers';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as service from './customers.service';

/** The customer archive. */
export const customersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/customers',
    { schema: { tags: ['customers'], summary: 'List customers (scoped, phones masked where the role needs no full numbers)', querystring: ZListCustomersQuery, response: { 200: ZCustomerPage } }, config: { access: 'customers.read' } },
    async (request) => service.listCustomers(ctx, principalOf(request), request.query),
  );

  app.get(
    '/api/customers/phone-matches',
    { schema: { tags: ['customers'], summary: 'Customers that already have this phone number (duplicate warning)', querystring: z.object({ phone: ZPhone }), response: { 200: z.object({ items: z.array(ZCustomerSummary) }) } }, config: { access: 'customers.read' } },
    async (request) => ({ items: await service.findPhoneMatches(ctx, principalOf(request), request.query.phone) }),
  );

  app.get(
    '/api/customers/:id',
    { schema: { tags: ['customers'], summary: 'One customer with phones, addresses, contacts', params: ZIdParams, response: { 200: ZCustomerDetail } }, config: { access: 'customers.read' } },
    async (request) => service.getCustomerDetail(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/api/customers',
    { schema: { tags: ['customers'], summary: 'Create a customer (409 when a phone belongs to another customer)', body: ZCreateCustomerBody, response: { 201: ZCustomerDetail } }, config: { access: 'customers.write' } },
    async (request, reply) => {
      const principal = principalOf(request);
      const row = await service.createCustomer(ctx, actorOf(principal, request), request.body);
      return reply.status(201).send(await service.getCustomerDetail(ctx, principal, row.id));
    },
  );

  app.patch(
    '/api/customers/:id',
    { schema: { tags: ['customers'], summary: 'Update a customer (given lists replace the old ones)', params: ZIdParams, body: ZUpdateCustomerBody, response: { 200: ZCustomerDetail } }, config: { access: 'customers.write' } },
    async (request) => {
      const principal = principalOf(request);
      await service.updateCustomer(ctx, actorOf(principal, request), request.params.id, request.body);
      return service.getCustomerDetail(ctx, principal, request.params.id);
    },
  );

  app.post(
    '/api/customers/:id/reveal-phones',
    {
      schema: { tags: ['customers'], summary: 'Reveal the full phone numbers of one customer (audited)', params: ZIdParams, response: { 200: z.object({ phones: z.array(ZPhoneView), contacts: z.array(z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable() })) }) } },
      config: { access: 'customers.phones.reveal' },
    },
    async (request) => {
      const principal = principalOf(request);
      return service.revealPhones(ctx, principal, actorOf(principal, request), request.params.id);
    },
  );

  app.put(
    '/api/customers/:id/key-status',
    { schema: { tags: ['customers'], summary: 'Set or clear key-customer status by hand, with a reason', params: ZIdParams, body: ZSetKeyCustomerBody, response: { 200: ZCustomerDetail } }, config: { access: 'customers.key' } },
    async (request) => {
      const principal = principalOf(request);
      await service.setKeyCustomer(ctx, actorOf(principal, request), request.params.id, request.body);
      return service.getCustomerDetail(ctx, principal, request.params.id);
    },
  );

  app.put(
    '/api/customers/:id/revenue',
    { schema: { tags: ['customers'], summary: 'Record a yearly revenue (fen) for the key-customer rule', params: ZIdParams, body: ZRevenueBody, response: { 200: ZOk } }, config: { access: 'customers.key' } },
    async (request) => {
      await service.setRevenue(ctx, actorOf(principalOf(request), request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/customers/key-review',
    {
      schema: { tags: ['customers'], summary: 'Run the yearly key-customer review on the previous year’s revenue', body: ZKeyReviewBody, response: { 200: z.object({ year: z.number(), thresholdFen: z.number(), promoted: z.number(), demoted: z.number() }) } },
      config: { access: 'customers.key' },
    },
    async (request) => service.reviewKeyCustomers(ctx, actorOf(principalOf(request), request), request.body.year),
  );

  app.get(
    '/api/settings/key-customer-threshold',
    { schema: { tags: ['customers'], summary: 'Yearly revenue (fen) from which a customer is a key customer', response: { 200: z.object({ amountFen: z.number().int() }) } }, config: { access: 'customers.key' } },
    async () => ({ amountFen: await service.keyThresholdFen(ctx.db) }),
  );

  app.put(
    '/api/settings/key-customer-threshold',
    { schema: { tags: ['customers'], summary: 'Change the key-customer threshold', body: z.strictObject({ amountFen: z.number().int().min(0).max(1e15) }), response: { 200: z.object({ amountFen: z.number().int() }) } }, config: { access: 'settings.manage' } },
    async (request) => {
      await service.setKeyThreshold(ctx, actorOf(principalOf(request), request), request.body.amountFen);
      return { amountFen: request.body.amountFen };
    },
  );
};
