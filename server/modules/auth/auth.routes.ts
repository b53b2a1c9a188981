import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZChangePasswordBody, ZLoginBody, ZMe, ZSessionView, ZUpdatePreferencesBody } from '../../../contracts/auth';
import { ZOk } from '../../../contracts/common';
import type { AppContext } from '../../platform/context';
import { SESSION_COOKIE, userPrincipalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as auth from './auth.service';

/** Sign-in, sign-out and the signed-in user's own account. */
export const authRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.env.COOKIE_SECURE,
    path: '/',
    maxAge: Math.round(ctx.env.SESSION_MAX_HOURS * 3600),
  };

  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with username and password', body: ZLoginBody, response: { 200: ZMe } },
      config: { access: 'public', rateLimit: { max: ctx.env.LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await auth.login(ctx, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, result.sessionSecret, cookieOptions);
      return auth.presentMe(result.principal);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Sign out (revokes this session)', response: { 200: ZOk } },
      config: { access: 'authenticated', isUserOnly: true, isAllowedBeforePasswordChange: true },
    },
    async (request, reply) => {
      const principal = userPrincipalOf(request);
      await auth.logout(ctx, principal, actorOf(principal, request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user, permissions and CSRF token', response: { 200: ZMe } },
      config: { access: 'authenticated', isUserOnly: true, isAllowedBeforePasswordChange: true },
    },
    async (request) => auth.presentMe(userPrincipalOf(request)),
  );

  app.post(
    '/api/auth/password',
    {
      schema: { tags: ['auth'], summary: 'Change my password (signs out my other sessions)', body: ZChangePasswordBody, response: { 200: ZMe } },
      config: { access: 'authenticated', isUserOnly: true, isAllowedBeforePasswordChange: true },
    },
    async (request) => {
      const principal = userPrincipalOf(request);
      return auth.presentMe(await auth.changeOwnPassword(ctx, principal, actorOf(principal, request), request.body));
    },
  );

  app.patch(
    '/api/auth/preferences',
    {
      schema: { tags: ['auth'], summary: 'Update my preferences (language)', body: ZUpdatePreferencesBody, response: { 200: ZMe } },
      config: { access: 'authenticated', isUserOnly: true, isAllowedBeforePasswordChange: true },
    },
    async (request) => {
      const principal = userPrincipalOf(request);
      return auth.presentMe(await auth.updatePreferences(ctx, principal, actorOf(principal, request), request.body));
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      schema: { tags: ['auth'], summary: 'My live sessions', response: { 200: z.object({ items: z.array(ZSessionView) }) } },
      config: { access: 'authenticated', isUserOnly: true },
    },
    async (request) => ({ items: await auth.listOwnSessions(ctx, userPrincipalOf(request)) }),
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      schema: { tags: ['auth'], summary: 'Revoke one of my sessions', params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/) }), response: { 200: ZOk } },
      config: { access: 'authenticated', isUserOnly: true },
    },
    async (request) => {
      const principal = userPrincipalOf(request);
      await auth.revokeOwnSession(ctx, principal, actorOf(principal, request), request.params.id);
      return { ok: true as const };
    },
  );
};
