import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams, ZOk, zPage } from '../../../contracts/common';
import { ZCreateUserBody, ZListUsersQuery, ZResetPasswordBody, ZUpdateUserBody, ZUserView, ZUserWithPassword } from '../../../contracts/users';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as users from './users.service';

/** User administration. Reads are scoped (an outlet sees its own staff); writes are for admins. */
export const usersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/users',
    { schema: { tags: ['users'], summary: 'List users', querystring: ZListUsersQuery, response: { 200: zPage(ZUserView) } }, config: { access: 'users.read' } },
    async (request) => users.listUsers(ctx, principalOf(request), request.query),
  );

  app.get(
    '/api/users/:id',
    { schema: { tags: ['users'], summary: 'One user', params: ZIdParams, response: { 200: ZUserView } }, config: { access: 'users.read' } },
    async (request) => users.getUser(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/api/users',
    {
      schema: { tags: ['users'], summary: 'Create a user (one-time password when none given)', body: ZCreateUserBody, response: { 201: ZUserWithPassword } },
      config: { access: 'users.manage' },
    },
    async (request, reply) => {
      const created = await users.createUser(ctx, actorOf(principalOf(request), request), request.body);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: { tags: ['users'], summary: 'Update roles, outlet, contact data; disable or enable', params: ZIdParams, body: ZUpdateUserBody, response: { 200: ZUserView } },
      config: { access: 'users.manage' },
    },
    async (request) => users.updateUserAccount(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: { tags: ['users'], summary: 'Reset the password; the user must change it at next sign-in', params: ZIdParams, body: ZResetPasswordBody, response: { 200: ZUserWithPassword } },
      config: { access: 'users.manage' },
    },
    async (request) => users.resetUserPassword(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/revoke-sessions',
    { schema: { tags: ['users'], summary: 'Sign the user out everywhere', params: ZIdParams, response: { 200: ZOk } }, config: { access: 'users.manage' } },
    async (request) => {
      await users.revokeSessionsOfUser(ctx, actorOf(principalOf(request), request), request.params.id);
      return { ok: true as const };
    },
  );
};
