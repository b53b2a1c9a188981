import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZPageQuery, zPage } from '../../../contracts/common';
import { ZCreateOutletBody, ZOutletView, ZUpdateOutletBody } from '../../../contracts/outlets';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as outlets from './outlets.service';

/** Service outlets. Outlet staff and technicians see only their own outlet. */
export const orgRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/outlets',
    {
      schema: { tags: ['outlets'], summary: 'List outlets (scoped)', querystring: ZPageQuery.extend({ q: z.string().trim().max(64).optional() }), response: { 200: zPage(ZOutletView) } },
      config: { access: 'outlets.read' },
    },
    async (request) => outlets.listOutlets(ctx, principalOf(request), request.query),
  );

  app.get(
    '/api/outlets/:id',
    { schema: { tags: ['outlets'], summary: 'One outlet', params: ZIdParams, response: { 200: ZOutletView } }, config: { access: 'outlets.read' } },
    async (request) => outlets.getOutlet(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/api/outlets',
    { schema: { tags: ['outlets'], summary: 'Create an outlet', body: ZCreateOutletBody, response: { 201: ZOutletView } }, config: { access: 'outlets.manage' } },
    async (request, reply) => reply.status(201).send(await outlets.createOutlet(ctx, actorOf(principalOf(request), request), request.body)),
  );

  app.patch(
    '/api/outlets/:id',
    { schema: { tags: ['outlets'], summary: 'Update an outlet', params: ZIdParams, body: ZUpdateOutletBody, response: { 200: ZOutletView } }, config: { access: 'outlets.manage' } },
    async (request) => outlets.updateOutletDetails(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );
};
