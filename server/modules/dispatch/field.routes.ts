import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context';

/** field routes (registered by dispatch.routes.ts). */
export const fieldRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (_app, _options) => {};
