import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../contracts/common';
import {
  ZAppealBody,
  ZBackfillBody,
  ZBackfillResult,
  ZChecklistBody,
  ZChecklistView,
  ZClearRepeatBody,
  ZDecideBody,
  ZFieldSelfCheck,
  ZFigures,
  ZFiguresQuery,
  ZInspectionBody,
  ZLedgerEntryView,
  ZLedgerPage,
  ZLedgerQuery,
  ZProposeBody,
  ZQualitySettings,
  ZRepeatLinkView,
  ZRepeatPage,
  ZRepeatQuery,
  ZRuleBody,
  ZRuleView,
  ZSelfCheckBody,
  ZUpdateChecklistBody,
  ZUpdateQualitySettingsBody,
  ZUpdateRuleBody,
  ZVisitPage,
  ZVisitQuery,
  ZVisitView,
} from '../../../contracts/quality';
import type { AppContext } from '../../platform/context';
import { principalOf, userPrincipalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as checklists from './checklists.service';
import { getQualityFigures } from './figures.service';
import * as inspections from './inspection.service';
import * as ledger from './ledger.service';
import { qualitySettings, updateQualitySettings } from './quality.settings';
import * as repeats from './repeat.service';

const tags = ['quality'];

/** Quality (质量管理): checklists, the phone's self-check, inspections, repeat repairs, the ledger, figures, settings. */
export const qualityRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // ---- Checklists and the phone's self-check ----
  app.get('/api/quality/checklists', { schema: { tags, summary: 'Checklists', response: { 200: z.object({ items: z.array(ZChecklistView) }) } }, config: { access: 'quality.read' } }, async () => checklists.listChecklists(ctx));

  app.post('/api/quality/checklists', { schema: { tags, summary: 'Create a checklist', body: ZChecklistBody, response: { 201: ZChecklistView } }, config: { access: 'quality.checklists.manage' } }, async (request, reply) => {
    const principal = principalOf(request);
    return reply.code(201).send(await checklists.createChecklist(ctx, actorOf(principal, request), request.body));
  });

  app.put('/api/quality/checklists/:id', { schema: { tags, summary: 'Change a checklist (with its version)', params: ZIdParams, body: ZUpdateChecklistBody, response: { 200: ZChecklistView } }, config: { access: 'quality.checklists.manage' } }, async (request) => {
    const principal = principalOf(request);
    return checklists.updateChecklist(ctx, actorOf(principal, request), request.params.id, request.body);
  });

  const phone = { access: 'workorders.field', isUserOnly: true } as const;
  app.get('/api/m/work-orders/:id/self-check', { schema: { tags, summary: 'The checklist of my order and my saved self-check', params: ZIdParams, response: { 200: ZFieldSelfCheck } }, config: phone }, async (request) =>
    checklists.getFieldSelfCheck(ctx, userPrincipalOf(request), request.params.id),
  );

  app.post('/api/m/work-orders/:id/self-check', { schema: { tags, summary: 'Submit the self-check (in progress; replaces the last one)', params: ZIdParams, body: ZSelfCheckBody, response: { 200: ZFieldSelfCheck } }, config: phone }, async (request) => {
    const principal = userPrincipalOf(request);
    return checklists.submitSelfCheck(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  // ---- Inspections ----
  app.get('/api/quality/visits', { schema: { tags, summary: 'Completed visits; inspection=pending is the inspection queue (scoped)', querystring: ZVisitQuery, response: { 200: ZVisitPage } }, config: { access: 'quality.read' } }, async (request) =>
    inspections.listVisits(ctx, principalOf(request), request.query),
  );

  app.post('/api/quality/visits/:id/inspection', { schema: { tags, summary: 'Final inspection of a visit: passed, or failed (rework) with the reason', params: ZIdParams, body: ZInspectionBody, response: { 200: ZVisitView } }, config: { access: 'quality.inspect' } }, async (request) => {
    const principal = principalOf(request);
    return inspections.inspectVisit(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  // ---- Repeat repairs ----
  app.get('/api/quality/repeat-repairs', { schema: { tags, summary: 'Repeat repairs with their links (scoped to the earlier visit’s outlet)', querystring: ZRepeatQuery, response: { 200: ZRepeatPage } }, config: { access: 'quality.read' } }, async (request) =>
    repeats.listRepeatLinks(ctx, principalOf(request), request.query),
  );

  app.get('/api/quality/tickets/:id/repeat', { schema: { tags, summary: 'The repeat-repair flag of a ticket (null: none)', params: ZIdParams, response: { 200: z.object({ flag: ZRepeatLinkView.nullable() }) } }, config: { access: 'quality.read' } }, async (request) => ({
    flag: await repeats.findTicketRepeatFlag(ctx, principalOf(request), request.params.id),
  }));

  app.post('/api/quality/repeat-repairs/:id/clear', { schema: { tags, summary: 'Clear a false repeat-repair flag with a reason', params: ZIdParams, body: ZClearRepeatBody, response: { 200: ZRepeatLinkView } }, config: { access: 'quality.repeat.clear' } }, async (request) => {
    const principal = principalOf(request);
    return repeats.clearRepeatLink(ctx, principal, actorOf(principal, request), request.params.id, request.body.reason);
  });

  app.post('/api/quality/repeat-repairs/backfill', { schema: { tags, summary: 'Recompute visits and repeat-repair links for existing data', body: ZBackfillBody, response: { 200: ZBackfillResult } }, config: { access: 'quality.repeat.clear' } }, async (request) => {
    const principal = principalOf(request);
    return repeats.backfillRepeatRepairs(ctx, actorOf(principal, request), request.body);
  });

  // ---- Rules and the ledger ----
  app.get('/api/quality/rules', { schema: { tags, summary: 'The rule catalogue', response: { 200: z.object({ items: z.array(ZRuleView) }) } }, config: { access: 'quality.ledger.read' } }, async () => ledger.listRules(ctx));

  app.post('/api/quality/rules', { schema: { tags, summary: 'Add a rule', body: ZRuleBody, response: { 201: ZRuleView } }, config: { access: 'quality.rules.manage' } }, async (request, reply) => {
    const principal = principalOf(request);
    return reply.code(201).send(await ledger.createRule(ctx, actorOf(principal, request), request.body));
  });

  app.patch('/api/quality/rules/:id', { schema: { tags, summary: 'Change a rule', params: ZIdParams, body: ZUpdateRuleBody, response: { 200: ZRuleView } }, config: { access: 'quality.rules.manage' } }, async (request) => {
    const principal = principalOf(request);
    return ledger.updateRule(ctx, actorOf(principal, request), request.params.id, request.body);
  });

  app.get('/api/quality/ledger', { schema: { tags, summary: 'Ledger entries (scoped: own, outlet, all)', querystring: ZLedgerQuery, response: { 200: ZLedgerPage } }, config: { access: 'quality.ledger.read' } }, async (request) =>
    ledger.listEntries(ctx, principalOf(request), request.query),
  );

  app.get('/api/m/ledger', { schema: { tags, summary: 'My rewards and penalties', querystring: ZLedgerQuery, response: { 200: ZLedgerPage } }, config: { access: 'quality.ledger.read', isUserOnly: true } }, async (request) => {
    const principal = userPrincipalOf(request);
    return ledger.listEntries(ctx, principal, { ...request.query, userId: principal.userId });
  });

  app.post('/api/quality/ledger', { schema: { tags, summary: 'Propose an entry by hand', body: ZProposeBody, response: { 201: ZLedgerEntryView } }, config: { access: 'quality.ledger.propose' } }, async (request, reply) => {
    const principal = principalOf(request);
    return reply.code(201).send(await ledger.proposeByHand(ctx, principal, actorOf(principal, request), request.body));
  });

  app.post('/api/quality/ledger/:id/decision', { schema: { tags, summary: 'Approve, change (with a reason) or reject a proposed entry', params: ZIdParams, body: ZDecideBody, response: { 200: ZLedgerEntryView } }, config: { access: 'quality.ledger.decide' } }, async (request) => {
    const principal = principalOf(request);
    return ledger.decideEntry(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  app.post('/api/quality/ledger/:id/appeal', { schema: { tags, summary: 'Appeal a proposed entry about me (once)', params: ZIdParams, body: ZAppealBody, response: { 200: ZLedgerEntryView } }, config: { access: 'quality.ledger.read', isUserOnly: true } }, async (request) => {
    const principal = userPrincipalOf(request);
    return ledger.appealEntry(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  // ---- Figures and settings ----
  app.get('/api/quality/figures', { schema: { tags, summary: 'Quality figures per technician or outlet over Shanghai days (scoped)', querystring: ZFiguresQuery, response: { 200: ZFigures } }, config: { access: 'quality.read' } }, async (request) =>
    getQualityFigures(ctx, principalOf(request), request.query),
  );

  app.get('/api/quality/settings', { schema: { tags, summary: 'Quality settings', response: { 200: ZQualitySettings } }, config: { access: 'quality.read' } }, async () => qualitySettings.read(ctx.db));

  app.patch('/api/quality/settings', { schema: { tags, summary: 'Change the quality settings (the given fields, with the version read)', body: ZUpdateQualitySettingsBody, response: { 200: ZQualitySettings } }, config: { access: 'quality.rules.manage' } }, async (request) => {
    const principal = principalOf(request);
    return updateQualitySettings(ctx, actorOf(principal, request), request.body);
  });
};
