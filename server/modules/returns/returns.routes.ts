import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../contracts/common';
import {
  ZClaimBatchDecisionBody,
  ZClaimBatchList,
  ZClaimBatchPaidBody,
  ZClaimBatchRemoveLineBody,
  ZClaimBatchVersionBody,
  ZClaimBatchView,
  ZClaimEvidenceBody,
  ZClaimLinePage,
  ZClaimLineView,
  ZClaimRecovery,
  ZClaimRecoveryQuery,
  ZClaimRuleBody,
  ZClaimRuleList,
  ZClaimRuleView,
  ZCreateClaimBatchBody,
  ZCreateLoanerBody,
  ZCreateReturnBody,
  ZLendBody,
  ZListClaimLinesQuery,
  ZListLoanersQuery,
  ZListReturnsQuery,
  ZListUnitsQuery,
  ZLoanerList,
  ZLoanerReturnBody,
  ZLoanerView,
  ZLoanList,
  ZReceiveUnitBody,
  ZReturnCompleteBody,
  ZReturnDecisionBody,
  ZReturnInspectionBody,
  ZReturnPage,
  ZReturnView,
  ZShipUnitsBody,
  ZStockUnitPage,
  ZStockUnitView,
} from '../../../contracts/returns';
import type { AppContext } from '../../platform/context';
import { sendWorkbook } from '../../platform/excel';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as claims from './claims.service';
import * as loaners from './loaners.service';
import * as returns from './returns.service';
import * as units from './units.service';

const ZLoansQuery = z.object({
  loanerId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  ticketId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
const ZBatchQuery = z.object({ brand: z.string().trim().max(50).optional(), month: z.string().regex(/^\d{4}-\d{2}$/).optional() });

/** Returns and exchanges, the unit stock, loaners and maker claims (issue 12). */
export const returnsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // ------------------------------------------------------------- returns
  let tags = ['returns'];
  app.get('/api/returns', { schema: { tags, summary: 'Returns and exchanges (scoped), newest first', querystring: ZListReturnsQuery, response: { 200: ZReturnPage } }, config: { access: 'returns.read' } }, async (request) =>
    returns.listReturns(ctx, principalOf(request), request.query),
  );
  app.get('/api/returns/:id', { schema: { tags, summary: 'One return with its inspection', params: ZIdParams, response: { 200: ZReturnView } }, config: { access: 'returns.read' } }, async (request) =>
    returns.getReturn(ctx, principalOf(request), request.params.id),
  );
  app.post('/api/returns', { schema: { tags, summary: "Start a return from a ticket's 三包 decision (or, returns.manage, without one)", body: ZCreateReturnBody, response: { 201: ZReturnView } }, config: { access: 'returns.request' } }, async (request, reply) => {
    const principal = principalOf(request);
    reply.code(201);
    return returns.createReturn(ctx, principal, actorOf(principal, request), request.body);
  });
  app.post('/api/returns/:id/decision', { schema: { tags, summary: 'Approve (within the limit) or reject a requested return', params: ZIdParams, body: ZReturnDecisionBody, response: { 200: ZReturnView } }, config: { access: 'returns.approve' } }, async (request) => {
    const principal = principalOf(request);
    return returns.decideReturn(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });
  app.post('/api/returns/:id/inspection', { schema: { tags, summary: 'Receipt inspection: refuse with a reason, or take the unit into stock with a grade', params: ZIdParams, body: ZReturnInspectionBody, response: { 200: ZReturnView } }, config: { access: 'returns.inspect' } }, async (request) => {
    const principal = principalOf(request);
    return returns.inspectReturn(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });
  app.post('/api/returns/:id/complete', { schema: { tags, summary: 'Carry the remedy out: old asset returned; an exchange issues a new unit as a new asset', params: ZIdParams, body: ZReturnCompleteBody, response: { 200: ZReturnView } }, config: { access: 'returns.inspect' } }, async (request) => {
    const principal = principalOf(request);
    return returns.completeReturn(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  app.get('/api/stock-units', { schema: { tags, summary: 'Whole units in stock (new, and returned with their grade)', querystring: ZListUnitsQuery, response: { 200: ZStockUnitPage } }, config: { access: 'returns.read' } }, async (request) =>
    units.listUnits(ctx, request.query),
  );
  app.post('/api/stock-units', { schema: { tags, summary: 'Receive a new unit (for exchanges) into a warehouse', body: ZReceiveUnitBody, response: { 201: ZStockUnitView } }, config: { access: 'returns.inspect' } }, async (request, reply) => {
    reply.code(201);
    return units.receiveUnit(ctx, actorOf(principalOf(request), request), request.body);
  });
  app.post('/api/stock-units/ship-to-maker', { schema: { tags, summary: 'Ship units graded to repair / scrap back to the maker (返厂)', body: ZShipUnitsBody, response: { 200: z.object({ items: z.array(ZStockUnitView) }) } }, config: { access: 'returns.inspect' } }, async (request) =>
    units.shipUnitsToMaker(ctx, actorOf(principalOf(request), request), request.body),
  );

  // ------------------------------------------------------------- loaners
  tags = ['loaners'];
  app.get('/api/loaners', { schema: { tags, summary: 'The loaner pool (scoped: outlet staff their outlet)', querystring: ZListLoanersQuery, response: { 200: ZLoanerList } }, config: { access: 'loaners.read' } }, async (request) =>
    loaners.listLoaners(ctx, principalOf(request), request.query),
  );
  app.post('/api/loaners', { schema: { tags, summary: "Add a unit to an outlet's pool", body: ZCreateLoanerBody, response: { 201: ZLoanerView } }, config: { access: 'loaners.manage' } }, async (request, reply) => {
    const principal = principalOf(request);
    reply.code(201);
    return loaners.createLoaner(ctx, principal, actorOf(principal, request), request.body);
  });
  app.get('/api/loaners/loans', { schema: { tags, summary: 'Loans: per loaner, customer or ticket, or the overdue ones', querystring: ZLoansQuery, response: { 200: ZLoanList } }, config: { access: 'loaners.read' } }, async (request) =>
    loaners.listLoans(ctx, principalOf(request), { ...request.query, overdue: request.query.overdue === 'true' }),
  );
  app.post('/api/loaners/:id/lend', { schema: { tags, summary: 'Lend an available loaner against a ticket', params: ZIdParams, body: ZLendBody, response: { 200: ZLoanerView } }, config: { access: 'loaners.lend' } }, async (request) => {
    const principal = principalOf(request);
    return loaners.lendLoaner(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });
  app.post('/api/loaners/:id/return', { schema: { tags, summary: 'Take a loaner back on its ticket, with the condition found', params: ZIdParams, body: ZLoanerReturnBody, response: { 200: ZLoanerView } }, config: { access: 'loaners.lend' } }, async (request) => {
    const principal = principalOf(request);
    return loaners.returnLoaner(ctx, principal, actorOf(principal, request), request.params.id, request.body);
  });

  // ------------------------------------------------------------- claims
  tags = ['claims'];
  app.get('/api/claim-rules', { schema: { tags, summary: 'Claim rules per brand', response: { 200: ZClaimRuleList } }, config: { access: 'claims.read' } }, async () => claims.listClaimRules(ctx));
  app.put('/api/claim-rules', { schema: { tags, summary: "Create or replace a brand's claim rules", body: ZClaimRuleBody, response: { 200: ZClaimRuleView } }, config: { access: 'claims.manage' } }, async (request) =>
    claims.saveClaimRule(ctx, actorOf(principalOf(request), request), request.body),
  );
  app.get('/api/claim-lines', { schema: { tags, summary: 'Claim lines (one per in-warranty visit) with incomplete / late flags', querystring: ZListClaimLinesQuery, response: { 200: ZClaimLinePage } }, config: { access: 'claims.read' } }, async (request) =>
    claims.listClaimLines(ctx, request.query),
  );
  app.post('/api/claim-lines/:id/evidence', { schema: { tags, summary: 'Confirm the photos of a line not yet submitted', params: ZIdParams, body: ZClaimEvidenceBody, response: { 200: ZClaimLineView } }, config: { access: 'claims.manage' } }, async (request) =>
    claims.setClaimEvidence(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );
  app.get('/api/claim-batches', { schema: { tags, summary: 'Claim batches per brand and month', querystring: ZBatchQuery, response: { 200: ZClaimBatchList } }, config: { access: 'claims.read' } }, async (request) =>
    claims.listClaimBatches(ctx, request.query),
  );
  app.get('/api/claim-batches/:id', { schema: { tags, summary: 'One batch with its lines', params: ZIdParams, response: { 200: ZClaimBatchView } }, config: { access: 'claims.read' } }, async (request) =>
    claims.getClaimBatch(ctx, request.params.id),
  );
  app.get('/api/claim-batches/:id/export.xlsx', { schema: { tags, summary: 'The batch as Excel', params: ZIdParams }, config: { access: 'claims.read' } }, async (request, reply) => {
    const { name, file } = await claims.exportClaimBatch(ctx, request.params.id);
    sendWorkbook(reply, name);
    return reply.send(file);
  });
  app.post('/api/claim-batches', { schema: { tags, summary: "Batch a brand's draft lines of a month", body: ZCreateClaimBatchBody, response: { 201: ZClaimBatchView } }, config: { access: 'claims.manage' } }, async (request, reply) => {
    reply.code(201);
    return claims.createClaimBatch(ctx, actorOf(principalOf(request), request), request.body);
  });
  app.post('/api/claim-batches/:id/remove-line', { schema: { tags, summary: 'Take a line out of a draft batch', params: ZIdParams, body: ZClaimBatchRemoveLineBody, response: { 200: ZClaimBatchView } }, config: { access: 'claims.manage' } }, async (request) =>
    claims.removeClaimBatchLine(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );
  app.post('/api/claim-batches/:id/submit', { schema: { tags, summary: 'Submit a draft batch to the maker', params: ZIdParams, body: ZClaimBatchVersionBody, response: { 200: ZClaimBatchView } }, config: { access: 'claims.manage' } }, async (request) =>
    claims.submitClaimBatch(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );
  app.post('/api/claim-batches/:id/decision', { schema: { tags, summary: "The maker's answer per line (accepted amount, reason)", params: ZIdParams, body: ZClaimBatchDecisionBody, response: { 200: ZClaimBatchView } }, config: { access: 'claims.manage' } }, async (request) =>
    claims.decideClaimBatch(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );
  app.post('/api/claim-batches/:id/paid', { schema: { tags, summary: 'The maker paid the batch', params: ZIdParams, body: ZClaimBatchPaidBody, response: { 200: ZClaimBatchView } }, config: { access: 'claims.manage' } }, async (request) =>
    claims.markClaimBatchPaid(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );
  app.get('/api/claims/recovery', { schema: { tags, summary: 'Recovery figures per brand and month', querystring: ZClaimRecoveryQuery, response: { 200: ZClaimRecovery } }, config: { access: 'claims.read' } }, async (request) =>
    claims.claimRecovery(ctx, request.query),
  );
};
