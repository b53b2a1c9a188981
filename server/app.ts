import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import client from 'prom-client';
import { z } from 'zod';
import { LIMITS } from '../contracts/limits';
import type { Database } from './db/client';
import { dataDirOf, type Env } from './env';
import { createLocalStorage, type FileStorage } from './platform/storage';
import { systemClock, type Clock } from './platform/clock';
import type { AppContext } from './platform/context';
import { AppError } from './platform/errors';
import { enforceRouteDeclarations, installAccessControl, installErrorHandling, type RouteEntry } from './platform/http';
import { newId } from './platform/ids';
import { createPasswordHasher, type PasswordHasher } from './platform/passwords';
import { auditRoutes } from './modules/audit';
import { authRoutes, resolveApiToken, resolveSession, tokensRoutes, usersRoutes } from './modules/auth';
import { dispatchRoutes } from './modules/dispatch';
import { orgRoutes } from './modules/org';
import { techniciansRoutes } from './modules/technicians';
import { workOrdersRoutes } from './modules/workorders';
import { wireModules } from './wiring';
import { customersRoutes } from './modules/customers';
import { assetsRoutes } from './modules/assets';
import { archiveRoutes } from './workflows/archive.routes';
import { todosRoutes } from './workflows/todos.routes';
import { ticketsRoutes } from './modules/tickets';
import { notificationsRoutes } from './modules/notifications';
import { portalRoutes, resolvePortalSession } from './modules/portal';
import { slaRoutes } from './modules/sla';
import { qualityRoutes } from './modules/quality';
import { followupsRoutes } from './modules/followups';
import { billingRoutes } from './modules/billing';
import { returnsRoutes } from './modules/returns';
import { complaintsRoutes } from './modules/complaints';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST_DIR = path.join(ROOT_DIR, 'dist', 'web');

export type AppDeps = {
  database: Database;
  env: Env;
  clock?: Clock;
  hasher?: PasswordHasher;
  /** Fastify logger options; tests pass false. */
  logger?: FastifyServerOptions['logger'];
  /** Where uploads go (default `<data dir>/uploads` on the local disk). */
  storage?: FileStorage;
  /** Serve the built web app from this folder (default dist/web when it exists). */
  webDistDir?: string | null;
};

export type App = FastifyInstance & { ctx: AppContext; routeTable: RouteEntry[] };

/** Builds the Fastify app with every module's routes. Tests call it and use `inject`. */
export async function buildApp(deps: AppDeps): Promise<App> {
  wireModules();
  const ctx: AppContext = {
    db: deps.database.db,
    dbKind: deps.database.kind,
    clock: deps.clock ?? systemClock,
    hasher: deps.hasher ?? createPasswordHasher({ fast: deps.env.NODE_ENV === 'test' }),
    env: deps.env,
    storage: deps.storage ?? createLocalStorage(path.join(dataDirOf(deps.env), 'uploads')),
  };
  const app = Fastify({
    logger: deps.logger ?? { level: deps.env.LOG_LEVEL },
    bodyLimit: LIMITS.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => newId(),
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routeTable: RouteEntry[] = [];
  enforceRouteDeclarations(app, routeTable);
  installErrorHandling(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new AppError('rate_limited', `Too many requests; try again in ${context.after}`),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Aftersales API', version: '0.1.0', description: 'After-sales service management (售后). Errors: {"error":{"code","message","details"}}.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'as_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installAccessControl(app, {
    resolveSession: (secret) => resolveSession(ctx, secret),
    resolveToken: (secret) => resolveApiToken(ctx, secret),
    resolvePortal: (secret) => resolvePortalSession(ctx, secret),
  });

  // Metrics: a registry per app so tests can build many apps in one process.
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: z.object({ status: z.literal('ok') }) } }, config: { access: 'public' } },
    async () => {
      try {
        await ctx.db.execute(sql`select 1`);
      } catch (error) {
        throw new AppError('service_unavailable', 'The database does not answer', { logMessage: String(error) });
      }
      return { status: 'ok' as const };
    },
  );
  app.get('/metrics', { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());

  await app.register(authRoutes, { ctx });
  await app.register(usersRoutes, { ctx });
  await app.register(tokensRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(orgRoutes, { ctx });
  await app.register(techniciansRoutes, { ctx });
  await app.register(workOrdersRoutes, { ctx });
  await app.register(dispatchRoutes, { ctx });
  await app.register(customersRoutes, { ctx });
  await app.register(assetsRoutes, { ctx });
  await app.register(archiveRoutes, { ctx });
  await app.register(todosRoutes, { ctx });
  await app.register(ticketsRoutes, { ctx });
  await app.register(notificationsRoutes, { ctx });
  await app.register(portalRoutes, { ctx });
  await app.register(slaRoutes, { ctx });
  await app.register((await import('./modules/parts')).partsRoutes, { ctx });
  await app.register(qualityRoutes, { ctx });
  await app.register(followupsRoutes, { ctx });
  await app.register(billingRoutes, { ctx });
  await app.register(returnsRoutes, { ctx });
  await app.register(complaintsRoutes, { ctx });

  const webDir = deps.webDistDir === undefined ? (fs.existsSync(path.join(WEB_DIST_DIR, 'index.html')) ? WEB_DIST_DIR : null) : deps.webDistDir;
  if (webDir) {
    await app.register(fastifyStatic, { root: webDir, serve: false });
    app.get('/*', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) => {
      const relative = decodeURIComponent((request.params as { '*': string })['*'] ?? '');
      if (relative.startsWith('api/')) throw new AppError('not_found', `No route ${request.method} ${request.url}`);
      const file = path.join(webDir, relative);
      if (relative && file.startsWith(webDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        if (relative.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(relative);
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });

  const decorated = app as unknown as App;
  decorated.decorate('ctx', ctx);
  decorated.decorate('routeTable', routeTable);
  await app.ready();
  return decorated;
}
