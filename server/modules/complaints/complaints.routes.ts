import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../contracts/common';
import {
  ZCloseBody,
  ZCompensationBody,
  ZCompensationDecisionBody,
  ZComplaintDetail,
  ZComplaintFromFollowUpBody,
  ZComplaintListQuery,
  ZComplaintSettings,
  ZComplaintStats,
  ZComplaintStatsQuery,
  ZComplaintVersionBody,
  ZComplaintView,
  ZCreateComplaintBody,
  ZPlanBody,
  ZReopenBody,
  ZResolveBody,
  ZResponsibilityBody,
  ZUpdateComplaintBody,
  ZVerificationBody,
} from '../../../contracts/complaints';
import type { AppContext } from '../../platform/context';
import { sendWorkbook } from '../../platform/excel';
import { principalOf, userPrincipalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import { recordAudit } from '../audit';
import * as service from './complaints.service';
import { complaintSettings } from './complaints.settings';
import { exportComplaints, getComplaintStats } from './complaints.stats';

const tags = ['complaints'];
const ZCompensationParams = z.strictObject({ id: z.uuid(), compensationId: z.uuid() });
const ZList = z.object({ items: z.array(ZComplaintView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** Complaints (投诉): intake, the handling steps, statistics, the Excel export, the policy. */
export const complaintsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const read = { access: 'complaints.read' } as const;
  const handle = { access: 'complaints.handle', isUserOnly: true } as const;
  const investigate = { access: 'complaints.investigate', isUserOnly: true } as const;
  const approve = { access: 'complaints.approve', isUserOnly: true } as const;
  const write = (request: Parameters<typeof principalOf>[0]) => {
    const principal = userPrincipalOf(request);
    return { principal, actor: actorOf(principal, request) };
  };

  app.get('/api/complaints', { schema: { tags, summary: 'Complaints (scoped), newest first, with filters', querystring: ZComplaintListQuery, response: { 200: ZList } }, config: read }, async (request) =>
    service.listComplaints(ctx, principalOf(request), request.query),
  );

  app.get('/api/complaints/stats', { schema: { tags, summary: 'Counts by type, responsibility, outlet and month (Shanghai months from..to)', querystring: ZComplaintStatsQuery, response: { 200: ZComplaintStats } }, config: read }, async (request) =>
    getComplaintStats(ctx, principalOf(request), request.query),
  );

  app.get('/api/complaints/export.xlsx', { schema: { tags, summary: 'The complaints of the months and their figures as an Excel workbook', querystring: ZComplaintStatsQuery }, config: read }, async (request, reply) => {
    const file = await exportComplaints(ctx, principalOf(request), request.query);
    sendWorkbook(reply, `投诉_${request.query.from}_${request.query.to}.xlsx`);
    return reply.send(file);
  });

  app.get('/api/complaints/settings', { schema: { tags, summary: 'The complaint policy', response: { 200: ZComplaintSettings } }, config: read }, async () => complaintSettings.read(ctx.db));

  app.put('/api/complaints/settings', { schema: { tags, summary: 'Change the complaint policy (response hours, resolution days, approval limits, penalty rules)', body: ZComplaintSettings, response: { 200: ZComplaintSettings } }, config: { access: 'settings.manage' } }, async (request) => {
    const principal = principalOf(request);
    return ctx.db.transaction(async (tx) => {
      const before = await complaintSettings.read(tx);
      await complaintSettings.write(tx, request.body, ctx.clock.now());
      await recordAudit(tx, actorOf(principal, request), { entity: 'setting', entityId: null, action: 'complaints.settings', before, after: request.body });
      return request.body;
    });
  });

  app.get('/api/complaints/:id', { schema: { tags, summary: 'A complaint with its timeline and compensations', params: ZIdParams, response: { 200: ZComplaintDetail } }, config: read }, async (request) =>
    service.getComplaint(ctx, principalOf(request), request.params.id),
  );

  app.post('/api/complaints', { schema: { tags, summary: 'Accept a complaint from any channel', body: ZCreateComplaintBody, response: { 201: ZComplaintDetail } }, config: handle }, async (request, reply) => {
    const { principal, actor } = write(request);
    reply.code(201);
    return service.createComplaint(ctx, principal, actor, request.body);
  });

  app.post('/api/followups/:id/complaint', { schema: { tags, summary: 'Turn a dissatisfied follow-up into a complaint (visit, ticket, technician, outlet, ratings, comment carried over)', params: ZIdParams, body: ZComplaintFromFollowUpBody, response: { 201: ZComplaintDetail } }, config: handle }, async (request, reply) => {
    const { principal, actor } = write(request);
    reply.code(201);
    return service.createComplaintFromFollowUp(ctx, principal, actor, request.params.id, request.body);
  });

  app.patch('/api/complaints/:id', { schema: { tags, summary: 'Change type, severity, contact phone or handler (given fields only)', params: ZIdParams, body: ZUpdateComplaintBody, response: { 200: ZComplaintDetail } }, config: handle }, async (request) => {
    const { principal, actor } = write(request);
    return service.updateComplaint(ctx, principal, actor, request.params.id, request.body);
  });

  app.post('/api/complaints/:id/investigation', { schema: { tags, summary: 'First response: the investigation starts', params: ZIdParams, body: ZComplaintVersionBody, response: { 200: ZComplaintDetail } }, config: handle }, async (request) => {
    const { principal, actor } = write(request);
    return service.startInvestigation(ctx, principal, actor, request.params.id, request.body);
  });

  app.post('/api/complaints/:id/responsibility', { schema: { tags, summary: 'The responsibility analysis (party, findings); a technician or outlet person gets a penalty proposal', params: ZIdParams, body: ZResponsibilityBody, response: { 200: ZComplaintDetail } }, config: investigate }, async (request) => {
    const { principal, actor } = write(request);
    return service.recordResponsibility(ctx, principal, actor, request.params.id, request.body);
  });

  app.post('/api/complaints/:id/plan', { schema: { tags, summary: 'The resolution plan agreed with the customer (tracking starts)', params: ZIdParams, body: ZPlanBody, response: { 200: ZComplaintDetail } }, config: handle }, async (request) => {
    const { principal, actor } = write(request);
    return service.agreePlan(ctx, principal, actor, request.params.id, request.body);
  });

  app.post('/api/complaints/:id/compensations', { schema: { tags, summary: 'Propose a compensation (money, goods, free service; value in fen)', params: ZIdParams, body: ZCompensationBody, response: { 200: ZComplaintDetail } }, config: handle }, async (request) => {
    const { principal, actor } = write(request);
    return service.proposeCompensation(ctx, principal, actor, request.params.id, request.body);
  });

  app.post('/api/complaints/:id/compensations/:compensationId/decision', { schema: { tags, summary: 'Approve (within your limit) or reject a compensation', params: ZCompensationParams, body: ZCompensationDecisionBody, response: { 200: ZComplaintDetail } }, config: approve }, async (request) => {
    const { principal, actor } = write(request);
    return service.decideCompensation(ctx, principal, actor, request.params.id, request.params.compensationId, request.body);
  });

  app.post('/api/complaints/:id/resolved', { schema: { tags, summary: 'The plan is carried out: waits for the supervisor’s call-back', params: ZIdParams, body: ZResolveBody, response: { 200: ZComplaintDetail } }, config: handle }, async (request) => {
    const { principal, actor } = write(request);
    return service.reportResolved(ctx, principal, actor, request.params.id, request.body);
  });

  app.post('/api/complaints/:id/verification', { schema: { tags, summary: 'The supervisor’s call-back: confirmed, not confirmed (escalated), not reached', params: ZIdParams, body: ZVerificationBody, response: { 200: ZComplaintDetail } }, config: investigate }, async (request) => {
    const { principal, actor } = write(request);
    return service.recordVerification(ctx, principal, actor, request.params.id, request.body);
  });

  app.post('/api/complaints/:id/close', { schema: { tags, summary: 'Close — only after a confirmed call-back', params: ZIdParams, body: ZCloseBody, response: { 200: ZComplaintDetail } }, config: investigate }, async (request) => {
    const { principal, actor } = write(request);
    return service.closeComplaint(ctx, principal, actor, request.params.id, request.body);
  });

  app.post('/api/complaints/:id/reopen', { schema: { tags, summary: 'Reopen a closed complaint (escalated to the manager)', params: ZIdParams, body: ZReopenBody, response: { 200: ZComplaintDetail } }, config: handle }, async (request) => {
    const { principal, actor } = write(request);
    return service.reopenComplaint(ctx, principal, actor, request.params.id, request.body);
  });
};
