import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context';

/** technicians routes (registered by dispatch.routes.ts). */
export const techniciansRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (_app, _options) => {};
