import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context';

/** workorders routes (registered by dispatch.routes.ts). */
export const workOrdersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (_app, _options) => {};
