import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZPageQuery, zPage } from '../../../contracts/common';
import type { AppContext } from '../../platform/context';
import { listOutbox } from './notifications.service';

const ZOutboxMessage = z.object({
  id: z.uuid(),
  channel: z.string(),
  recipient: z.string(),
  template: z.string(),
  body: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

/** The outbox: what was queued and sent, with failures and retries. */
export const notificationsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/outbox',
    {
      schema: { tags: ['notifications'], summary: 'Messages queued and sent (SMS, email, WeChat)', querystring: ZPageQuery.extend({ recipient: z.string().trim().max(50).optional(), status: z.enum(['pending', 'sent', 'failed']).optional() }), response: { 200: zPage(ZOutboxMessage) } },
      config: { access: 'notifications.read' },
    },
    async (request) => listOutbox(ctx, request.query),
  );
};
