import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZOk } from '../../../contracts/common';
import { ZApiTokenView, ZCreateApiTokenBody, ZCreatedApiToken } from '../../../contracts/tokens';
import type { AppContext } from '../../platform/context';
import { principalOf, userPrincipalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as tokens from './tokens.service';

/** API tokens for other systems: created by a signed-in admin, shown once, revocable. */
export const tokensRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/tokens',
    { schema: { tags: ['tokens'], summary: 'List API tokens', response: { 200: z.object({ items: z.array(ZApiTokenView) }) } }, config: { access: 'tokens.manage' } },
    async () => tokens.listApiTokens(ctx),
  );

  app.post(
    '/api/tokens',
    {
      schema: { tags: ['tokens'], summary: 'Create an API token (the secret is shown once)', body: ZCreateApiTokenBody, response: { 201: ZCreatedApiToken } },
      config: { access: 'tokens.manage', isUserOnly: true },
    },
    async (request, reply) => {
      const principal = userPrincipalOf(request);
      return reply.status(201).send(await tokens.createApiToken(ctx, principal, actorOf(principal, request), request.body));
    },
  );

  app.delete(
    '/api/tokens/:id',
    { schema: { tags: ['tokens'], summary: 'Revoke an API token', params: ZIdParams, response: { 200: ZOk } }, config: { access: 'tokens.manage' } },
    async (request) => {
      await tokens.revokeApiToken(ctx, actorOf(principalOf(request), request), request.params.id);
      return { ok: true as const };
    },
  );
};
