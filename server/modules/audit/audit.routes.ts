import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZAuditEntry, ZListAuditQuery } from '../../../contracts/audit';
import { zPage } from '../../../contracts/common';
import type { AppContext } from '../../platform/context';
import { listAudit } from './audit.service';

/** The audit trail, filtered, newest first. */
export const auditRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/audit',
    { schema: { tags: ['audit'], summary: 'Read the audit trail', querystring: ZListAuditQuery, response: { 200: zPage(ZAuditEntry) } }, config: { access: 'audit.read' } },
    async (request) => {
      const { page, pageSize, from, to, ...filter } = request.query;
      return listAudit(ctx.db, { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined }, { page, pageSize });
    },
  );
};
