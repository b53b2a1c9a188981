import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAddLineBody,
  ZCashHandinBody,
  ZConfirmBody,
  ZDecideBody,
  ZDeductionBody,
  ZFeeScheduleBody,
  ZGenerateBody,
  ZInvoiceIssueBody,
  ZInvoiceRequestBody,
  ZLineDecisionBody,
  ZPaymentBody,
  ZPaymentLinkBody,
  ZPieceRateBody,
  ZProposeBody,
  ZQuoteBody,
  ZReconciliationQuery,
  ZRefundBody,
  ZStatementApproveBody,
  ZStatementQuery,
} from '../../../contracts/billing';
import { ZIdParams } from '../../../contracts/common';
import type { Permission } from '../../../contracts/permissions';
import type { AppContext } from '../../platform/context';
import { sendWorkbook } from '../../platform/excel';
import { principalOf, userPrincipalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as bills from './bills.service';
import * as invoices from './invoices.service';
import * as payments from './payments.service';
import * as schedules from './schedule.service';
import * as settlement from './settlement.service';

const tags = ['billing'];
const ZLineParams = z.strictObject({ id: z.uuid(), lineId: z.uuid() });
const ZApprovalQuery = z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).default('pending') });
const ZInvoiceQuery = z.strictObject({ status: z.enum(['requested', 'issued']).optional() });
const ZResolveBody = z.strictObject({ version: z.number().int(), correctionFen: z.number().int('must be whole fen').min(-100_000_000).max(100_000_000), reason: z.string().trim().min(2).max(500) });

/** Billing (issue 13): fee schedule, bills, approvals, payments, cash, invoices, settlement. */
export const billingRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const user = (access: Permission) => ({ access, isUserOnly: true });
  const actor = (request: Parameters<typeof principalOf>[0]) => actorOf(principalOf(request), request);

  // ---- fee schedule and piece rates
  app.get('/api/billing/schedules', { schema: { tags, summary: 'Fee schedule versions (收费标准), newest first, with the one in force' }, config: { access: 'billing.read' } }, async () => schedules.listSchedules(ctx));
  app.post('/api/billing/schedules', { schema: { tags, summary: 'A new fee schedule version from a date', body: ZFeeScheduleBody }, config: { access: 'billing.schedule.manage' } }, async (request) =>
    schedules.createSchedule(ctx, actor(request), request.body),
  );
  app.put('/api/billing/schedules/:id', { schema: { tags, summary: 'Edit a version not yet in force', params: ZIdParams, body: ZFeeScheduleBody.extend({ version: z.number().int() }) }, config: { access: 'billing.schedule.manage' } }, async (request) =>
    schedules.updateSchedule(ctx, actor(request), request.params.id, request.body),
  );
  app.get('/api/billing/piece-rates', { schema: { tags, summary: 'Piece-rate versions (计件单价) with their extras' }, config: { access: 'settlement.read' } }, async () => schedules.listPieceRates(ctx));
  app.post('/api/billing/piece-rates', { schema: { tags, summary: 'A new piece-rate version from a date', body: ZPieceRateBody }, config: { access: 'billing.schedule.manage' } }, async (request) =>
    schedules.createPieceRates(ctx, actor(request), request.body),
  );

  // ---- bills
  app.post('/api/billing/work-orders/:id/quote', { schema: { tags, summary: 'Quote the work order from the schedule in force (again: the quote lines re-priced)', params: ZIdParams, body: ZQuoteBody }, config: { access: 'billing.quote' } }, async (request) =>
    bills.quoteWorkOrder(ctx, principalOf(request), actor(request), request.params.id, request.body),
  );
  app.get('/api/billing/work-orders/:id/bill', { schema: { tags, summary: "The work order's bill (null before the quote)", params: ZIdParams }, config: { access: 'billing.read' } }, async (request) => ({
    bill: await bills.getBillOfWorkOrder(ctx, principalOf(request), request.params.id),
  }));
  app.get('/api/billing/bills/:id', { schema: { tags, summary: 'A bill with its lines and totals', params: ZIdParams }, config: { access: 'billing.read' } }, async (request) => bills.getBill(ctx, principalOf(request), request.params.id));
  app.post('/api/billing/bills/:id/lines', { schema: { tags, summary: 'An on-site line (a catalogue part, labour of a work type): re-prices the bill', params: ZIdParams, body: ZAddLineBody }, config: { access: 'billing.quote' } }, async (request) =>
    bills.addLine(ctx, principalOf(request), actor(request), request.params.id, request.body),
  );
  app.post('/api/billing/bills/:id/confirm', { schema: { tags, summary: "The customer's confirmation of the quote (code or signature)", params: ZIdParams, body: ZConfirmBody }, config: { access: 'billing.quote' } }, async (request) =>
    bills.confirmQuote(ctx, principalOf(request), actor(request), request.params.id, request.body),
  );
  app.post('/api/billing/bills/:id/adjustments', { schema: { tags, summary: 'Propose a discount or waiver with a reason', params: ZIdParams, body: ZProposeBody }, config: { access: 'billing.quote' } }, async (request) =>
    bills.proposeAdjustment(ctx, principalOf(request), actor(request), request.params.id, request.body),
  );
  app.get('/api/billing/approvals', { schema: { tags, summary: 'The approval queue (减免审批)', querystring: ZApprovalQuery }, config: user('billing.approve') }, async (request) =>
    bills.listApprovals(ctx, principalOf(request), request.query.status),
  );
  app.post('/api/billing/approvals/:id/decide', { schema: { tags, summary: 'Approve or reject a proposal with a reason (never your own)', params: ZIdParams, body: ZDecideBody }, config: user('billing.approve') }, async (request) =>
    bills.decideAdjustment(ctx, userPrincipalOf(request), actor(request), request.params.id, request.body),
  );

  // ---- payments and cash
  app.get('/api/billing/bills/:id/payments', { schema: { tags, summary: "A bill's payments and refunds", params: ZIdParams }, config: { access: 'billing.read' } }, async (request) => payments.listPayments(ctx, principalOf(request), request.params.id));
  app.post('/api/billing/bills/:id/payments', { schema: { tags, summary: 'Record a payment (cash, bank, POS, wallet with reference)', params: ZIdParams, body: ZPaymentBody }, config: user('billing.collect') }, async (request) =>
    payments.recordPayment(ctx, userPrincipalOf(request), actor(request), request.params.id, request.body),
  );
  app.post('/api/billing/bills/:id/payment-links', { schema: { tags, summary: 'A WeChat Pay / Alipay link from the payment provider', params: ZIdParams, body: ZPaymentLinkBody }, config: user('billing.collect') }, async (request) =>
    payments.createPaymentLink(ctx, userPrincipalOf(request), actor(request), request.params.id, request.body),
  );
  app.post('/api/billing/payments/:id/refresh', { schema: { tags, summary: 'Ask the provider whether a link was paid', params: ZIdParams }, config: user('billing.collect') }, async (request) =>
    payments.refreshPayment(ctx, principalOf(request), actor(request), request.params.id),
  );
  app.post('/api/billing/bills/:id/refunds', { schema: { tags, summary: 'Refund (part of) a payment with a reason', params: ZIdParams, body: ZRefundBody }, config: user('billing.finance') }, async (request) =>
    payments.refundPayment(ctx, userPrincipalOf(request), actor(request), request.params.id, request.body),
  );
  app.post('/api/billing/cash-handins', { schema: { tags, summary: "A technician's cash hand-in (技师缴款)", body: ZCashHandinBody }, config: user('billing.finance') }, async (request) =>
    payments.recordHandin(ctx, userPrincipalOf(request), actor(request), request.body),
  );
  app.get('/api/billing/cash-reconciliation', { schema: { tags, summary: "The day's cash per technician: collected, handed in, difference", querystring: ZReconciliationQuery }, config: { access: 'billing.finance' } }, async (request) =>
    payments.cashReconciliation(ctx, principalOf(request), request.query),
  );
  app.get('/api/billing/receivables', { schema: { tags, summary: 'Outstanding receivables by customer and age' }, config: { access: 'billing.finance' } }, async (request) => payments.receivables(ctx, principalOf(request)));

  // ---- invoices
  app.get('/api/billing/bills/:id/invoices', { schema: { tags, summary: "A bill's invoices", params: ZIdParams }, config: { access: 'billing.read' } }, async (request) => invoices.invoicesOfBill(ctx, principalOf(request), request.params.id));
  app.post('/api/billing/bills/:id/invoices', { schema: { tags, summary: 'Request a fapiao (普通 / 专票) for what is paid', params: ZIdParams, body: ZInvoiceRequestBody }, config: user('billing.collect') }, async (request) =>
    invoices.requestInvoice(ctx, userPrincipalOf(request), actor(request), request.params.id, request.body),
  );
  app.get('/api/billing/invoices', { schema: { tags, summary: 'Invoice requests and issued invoices', querystring: ZInvoiceQuery }, config: { access: 'billing.finance' } }, async (request) =>
    invoices.listInvoices(ctx, principalOf(request), request.query.status),
  );
  app.post('/api/billing/invoices/:id/issue', { schema: { tags, summary: 'Record the issued number and date (or let the e-invoice provider issue)', params: ZIdParams, body: ZInvoiceIssueBody }, config: { access: 'billing.finance' } }, async (request) =>
    invoices.issueInvoice(ctx, actor(request), request.params.id, request.body),
  );
  app.get('/api/billing/invoices/export.xlsx', { schema: { tags, summary: 'The invoices for the finance system' }, config: { access: 'billing.finance' } }, async (request, reply) => {
    const file = await invoices.exportInvoices(ctx, principalOf(request));
    sendWorkbook(reply, '发票.xlsx');
    return reply.send(file);
  });

  // ---- settlement
  app.post('/api/settlement/generate', { schema: { tags, summary: "Generate the month's statements (drafts replaced, approved ones kept)", body: ZGenerateBody }, config: { access: 'settlement.manage' } }, async (request) =>
    settlement.generateStatements(ctx, actor(request), request.body.period),
  );
  app.get('/api/settlement/statements', { schema: { tags, summary: 'Statements of outlets and technicians', querystring: ZStatementQuery }, config: { access: 'settlement.read' } }, async (request) =>
    settlement.listStatements(ctx, principalOf(request), request.query),
  );
  app.get('/api/settlement/statements/:id', { schema: { tags, summary: 'A statement with its lines', params: ZIdParams }, config: { access: 'settlement.read' } }, async (request) => settlement.getStatement(ctx, principalOf(request), request.params.id));
  app.get('/api/settlement/statements/:id/export.xlsx', { schema: { tags, summary: 'The statement as an Excel sheet', params: ZIdParams }, config: { access: 'settlement.read' } }, async (request, reply) => {
    const file = await settlement.exportStatement(ctx, principalOf(request), request.params.id);
    sendWorkbook(reply, file.name);
    return reply.send(file.buffer);
  });
  app.post('/api/settlement/statements/:id/lines/:lineId/decision', { schema: { tags, summary: 'Confirm or dispute a line', params: ZLineParams, body: ZLineDecisionBody }, config: user('settlement.confirm') }, async (request) =>
    settlement.decideLine(ctx, userPrincipalOf(request), actor(request), request.params.id, request.params.lineId, request.body),
  );
  app.post('/api/settlement/statements/:id/lines/:lineId/resolve', { schema: { tags, summary: 'Resolve a disputed line with a correction', params: ZLineParams, body: ZResolveBody }, config: user('settlement.manage') }, async (request) =>
    settlement.resolveLine(ctx, userPrincipalOf(request), actor(request), request.params.id, request.params.lineId, request.body),
  );
  app.post('/api/settlement/statements/:id/deductions', { schema: { tags, summary: 'Add a typed deduction line', params: ZIdParams, body: ZDeductionBody }, config: user('settlement.manage') }, async (request) =>
    settlement.addDeduction(ctx, userPrincipalOf(request), actor(request), request.params.id, request.body),
  );
  app.post('/api/settlement/statements/:id/approve', { schema: { tags, summary: 'Approve and lock the statement', params: ZIdParams, body: ZStatementApproveBody }, config: user('settlement.manage') }, async (request) =>
    settlement.approveStatement(ctx, userPrincipalOf(request), actor(request), request.params.id, request.body.version),
  );
};
