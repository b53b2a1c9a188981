/**
 * Invoices (发票): the customer's request against a bill (普通 / 增值税专用: title, tax id,
 * address, phone and bank for 专票), the issue — a number and date typed by finance or
 * returned by the `InvoiceProvider` — and the export for the finance system.
 */
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { INVOICE_TYPE_LABELS, type TInvoiceView, type ZInvoiceIssueBody, type ZInvoiceRequestBody } from '../../../contracts/billing';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal, UserPrincipal } from '../../platform/principal';
import { isInScope } from '../../platform/scope';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import * as repo from './billing.repository';
import { billScope } from './bills.service';
import { billingProviders } from './providers';

function present(row: repo.InvoiceRow, bill: repo.BillRow | undefined): TInvoiceView {
  return {
    id: row.id, billId: row.billId, workOrderNumber: bill?.workOrderNumber ?? '', type: row.type, title: row.title, taxId: row.taxId, address: row.address, phone: row.phone,
    bankName: row.bankName, bankAccount: row.bankAccount, amountFen: row.amountFen, status: row.status, number: row.number, issuedOn: row.issuedOn, requestedAt: row.requestedAt.toISOString(), version: row.version,
  };
}

/** A request for what is paid and not invoiced yet. */
export async function requestInvoice(ctx: AppContext, principal: UserPrincipal, actor: Actor, billId: string, body: z.infer<typeof ZInvoiceRequestBody>): Promise<TInvoiceView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const bill = await repo.findBill(tx, billId, { forUpdate: true });
    if (!bill || !isInScope(principal, billScope(bill))) throw notFound('Bill');
    const amountFen = bill.paidFen - bill.refundedFen - (await repo.invoicedFen(tx, billId));
    if (amountFen <= 0) throw conflict('Nothing paid is left to invoice on this bill', [{ path: ['amountFen'], message: 'nothing to invoice' }]);
    const row = await repo.insertInvoice(tx, {
      id: newId(), billId, type: body.type, title: body.title, taxId: body.taxId ?? null, address: body.address ?? null, phone: body.phone ?? null, bankName: body.bankName ?? null,
      bankAccount: body.bankAccount ?? null, email: body.email ?? null, amountFen, status: 'requested', requestedById: principal.userId, requestedAt: now,
    });
    await recordAudit(tx, actor, { entity: 'billing_invoice', entityId: row.id, action: 'request', after: { billId, type: row.type, title: row.title, taxId: row.taxId, amountFen } });
    return present(row, bill);
  });
}

/** Records the issue: the number and date given, or what the e-invoice provider returns. */
export async function issueInvoice(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof ZInvoiceIssueBody>): Promise<TInvoiceView> {
  const now = ctx.clock.now();
  if ((body.number === undefined) !== (body.issuedOn === undefined)) throw invalidField([body.number === undefined ? 'number' : 'issuedOn'], 'give number and issuedOn together, or neither');
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findInvoice(tx, id);
    if (!row) throw notFound('Invoice');
    if (row.version !== body.version) throw conflict('The invoice was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    if (row.status === 'issued') throw conflict('The invoice is issued already', [{ path: ['status'], message: 'issued' }]);
    const issued = body.number
      ? { number: body.number, issuedOn: body.issuedOn!, providerRef: null }
      : await billingProviders().invoice.issue({ type: row.type, title: row.title, taxId: row.taxId, amountFen: row.amountFen, invoiceId: row.id, today: shanghaiDate(now) });
    const updated = await repo.updateInvoice(tx, row.id, row.version, { status: 'issued', ...issued });
    if (!updated) throw conflict('The invoice was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    await recordAudit(tx, actor, { entity: 'billing_invoice', entityId: row.id, action: 'issue', before: { status: 'requested' }, after: { status: 'issued', number: issued.number, issuedOn: issued.issuedOn } });
    return present(updated, await repo.findBill(tx, row.billId));
  });
}

export async function listInvoices(ctx: AppContext, principal: Principal, status?: 'requested' | 'issued'): Promise<{ items: TInvoiceView[] }> {
  const rows = await repo.listInvoices(ctx.db, status);
  const bills = await repo.billNumbers(ctx.db, [...new Set(rows.map((row) => row.billId))]);
  return { items: rows.filter((row) => { const bill = bills.get(row.billId); return bill && isInScope(principal, billScope(bill)); }).map((row) => present(row, bills.get(row.billId))) };
}

export async function invoicesOfBill(ctx: AppContext, principal: Principal, billId: string): Promise<{ items: TInvoiceView[] }> {
  const bill = await repo.findBill(ctx.db, billId);
  if (!bill || !isInScope(principal, billScope(bill))) throw notFound('Bill');
  return { items: (await repo.invoicesOfBill(ctx.db, billId)).map((row) => present(row, bill)) };
}

/** The finance system's sheet: one row per invoice with its buyer's details and amount in yuan. */
export async function exportInvoices(ctx: AppContext, principal: Principal): Promise<Buffer> {
  const { items } = await listInvoices(ctx, principal);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发票');
  sheet.columns = [
    { header: '工单号', key: 'workOrderNumber', width: 18 }, { header: '发票类型', key: 'type', width: 16 }, { header: '抬头', key: 'title', width: 28 }, { header: '税号', key: 'taxId', width: 22 },
    { header: '地址', key: 'address', width: 28 }, { header: '电话', key: 'phone', width: 16 }, { header: '开户行', key: 'bankName', width: 20 }, { header: '账号', key: 'bankAccount', width: 22 },
    { header: '金额（元）', key: 'amount', width: 12 }, { header: '状态', key: 'status', width: 10 }, { header: '发票号码', key: 'number', width: 20 }, { header: '开票日期', key: 'issuedOn', width: 12 },
  ];
  for (const item of items) {
    sheet.addRow({ ...item, type: INVOICE_TYPE_LABELS[item.type].zh, amount: item.amountFen / 100, status: item.status === 'issued' ? '已开' : '待开' });
  }
  sheet.getColumn('amount').numFmt = '0.00';
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
