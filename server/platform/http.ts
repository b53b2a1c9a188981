import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorDetail } from '../../contracts/errors';
import type { RouteAccess } from '../../contracts/permissions';
import { AppError } from './errors';
import { safeEqual } from './ids';
import type { PortalPrincipal, Principal, TokenPrincipal, UserPrincipal } from './principal';
import { RETRYABLE_STATES, sqlStateOf, UNIQUE_VIOLATION } from './db-errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: a permission, `authenticated` or `public`. Required on every route. */
    access?: RouteAccess;
    /** Only signed-in users, not API tokens (own account, sessions). */
    isUserOnly?: boolean;
    /** Reachable while the user still has to change a one-time password. */
    isAllowedBeforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    portal: PortalPrincipal | null;
  }
}

export const SESSION_COOKIE = 'as_session';
/** The customer portal's session cookie (a verified phone number). */
export const PORTAL_COOKIE = 'as_portal';
export const CSRF_HEADER = 'x-csrf-token';

/** One row per registered route, for the RBAC matrix test and the docs. */
export type RouteEntry = { method: string; url: string; access: RouteAccess; isUserOnly: boolean };

/** Routes that plugins register (API docs UI) and that are public by nature. */
const PLUGIN_PUBLIC_PREFIXES = ['/api/docs'];

/**
 * Deny by default: a route that does not declare `config.access` stops the server from
 * starting. Every declared route is recorded in `routes`.
 */
export function enforceRouteDeclarations(app: FastifyInstance, routes: RouteEntry[]): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let access = route.config?.access;
    if (!access && PLUGIN_PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      access = 'public';
      route.config = { ...route.config, access };
    }
    if (!access) throw new Error(`Route ${methods.join(',')} ${route.url} declares no access (config.access): refusing to start`);
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routes.push({ method, url: route.url, access, isUserOnly: route.config?.isUserOnly ?? false });
    }
  });
}

export type PrincipalResolvers = {
  resolveSession: (secret: string) => Promise<UserPrincipal | null>;
  resolveToken: (secret: string) => Promise<TokenPrincipal | null>;
  resolvePortal: (secret: string) => Promise<PortalPrincipal | null>;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the caller and checks access, password state and CSRF before the body is even parsed. */
export function installAccessControl(app: FastifyInstance, resolvers: PrincipalResolvers): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('portal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const access = config?.access;
    if (!access) return; // the 404 handler answers unknown routes
    if (access === 'public') return;
    if (access === 'portal') {
      const secret = request.cookies[PORTAL_COOKIE];
      const portal = secret ? await resolvers.resolvePortal(secret) : null;
      if (!portal) throw new AppError('unauthorized', 'Verify your phone number first');
      request.portal = portal;
      if (!SAFE_METHODS.has(request.method)) {
        const header = request.headers[CSRF_HEADER];
        if (typeof header !== 'string' || !safeEqual(header, portal.csrfToken)) throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header`);
      }
      return;
    }

    const authorization = request.headers.authorization;
    let principal: Principal | null = null;
    if (authorization?.startsWith('Bearer ')) {
      principal = await resolvers.resolveToken(authorization.slice('Bearer '.length).trim());
      if (!principal) throw new AppError('unauthorized', 'The API token is unknown, revoked or expired');
    } else {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) principal = await resolvers.resolveSession(secret);
    }
    if (!principal) throw new AppError('unauthorized', 'Sign in first');
    request.principal = principal;

    if (principal.kind === 'token' && config.isUserOnly) throw new AppError('forbidden', 'Not available to API tokens');
    if (principal.kind === 'user' && principal.mustChangePassword && !config.isAllowedBeforePasswordChange) {
      throw new AppError('password_change_required', 'Change your one-time password first');
    }
    if (access !== 'authenticated' && !principal.permissions.has(access)) {
      throw new AppError('forbidden', 'You do not have permission to do this', { logMessage: `missing ${access}` });
    }
    if (principal.kind === 'user' && !SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !safeEqual(header, principal.csrfToken)) {
        throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header`);
      }
    }
  });
}

/** The signed-in principal of a route that is not public. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'Sign in first');
  return request.principal;
}

/** The portal customer of a route with access `portal`. */
export function portalOf(request: FastifyRequest): PortalPrincipal {
  if (!request.portal) throw new AppError('unauthorized', 'Verify your phone number first');
  return request.portal;
}

/** The signed-in user (routes marked isUserOnly). */
export function userPrincipalOf(request: FastifyRequest): UserPrincipal {
  const principal = principalOf(request);
  if (principal.kind !== 'user') throw new AppError('forbidden', 'Not available to API tokens');
  return principal;
}

function toPath(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** One error body everywhere; no stack traces or internals reach the client. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.logMessage ?? error.message);
      else if (error.logMessage) request.log.info(error.logMessage);
      return send(reply, error.statusCode, { error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details: ErrorDetail[] = [];
      for (const issue of error.validation) {
        const path = toPath(issue.instancePath);
        const params = issue.params as { keys?: string[] };
        const code = issue.keyword;
        if (code === 'unrecognized_keys' && params.keys) {
          for (const key of params.keys) details.push({ path: [...path, key], message: 'unknown field', code: 'unrecognized_keys' });
        } else {
          details.push({ path, message: issue.message ?? 'invalid', code });
        }
      }
      const where = error.validationContext ?? 'request';
      const summary = details.map((detail) => `${detail.path.join('.') || where}: ${detail.message}`).join('; ');
      return send(reply, 400, { error: { code: 'validation_error', message: `Invalid ${where}: ${summary}`, details } });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      return send(reply, 500, { error: { code: 'internal_error', message: 'Internal server error' } });
    }
    // A race two requests lost at a unique index or a lock: the transaction rolled back, nothing was written.
    const state = sqlStateOf(error);
    if (state === UNIQUE_VIOLATION) return send(reply, 409, { error: { code: 'conflict', message: 'This record was created or changed at the same moment by another request; reload and try again' } });
    if (state && RETRYABLE_STATES.has(state)) return send(reply, 409, { error: { code: 'conflict', message: 'Busy with a concurrent change; try again' } });
    const status = error.statusCode ?? 500;
    if (status === 413) return send(reply, 413, { error: { code: 'payload_too_large', message: 'The request body is too large' } });
    if (status === 415) return send(reply, 415, { error: { code: 'unsupported_media_type', message: 'Send JSON (Content-Type: application/json)' } });
    if (status === 429) return send(reply, 429, { error: { code: 'rate_limited', message: 'Too many requests; try again later' } });
    if (status >= 400 && status < 500) {
      return send(reply, status, { error: { code: 'bad_request', message: error.message || 'Bad request' } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, { error: { code: 'internal_error', message: 'Internal server error' } });
  });
}
