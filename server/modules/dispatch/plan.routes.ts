import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context';

/** plan routes (registered by dispatch.routes.ts). */
export const planRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (_app, _options) => {};
