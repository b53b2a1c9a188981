/** The billing API (issue 13): fee schedule, bills, approvals, payments, cash, invoices, statements. */
import type { z } from 'zod';
import type {
  TAdjustmentView,
  TBillView,
  TFeeScheduleBody,
  TInvoiceView,
  TPaymentView,
  TStatementView,
  ZInvoiceRequestBody,
  ZPaymentBody,
  ZProposeBody,
} from '../../../contracts/billing';
import { http } from './client';

export type Bill = TBillView;
export type Adjustment = TAdjustmentView;
export type Payment = TPaymentView;
export type Invoice = TInvoiceView;
export type Statement = TStatementView;
export type Schedule = TFeeScheduleBody & { id: string; version: number; state: 'in_force' | 'future' | 'past'; createdBy: string | null; createdAt: string };
export type Reconciliation = { date: string; items: { technicianUserId: string; name: string; outletId: string | null; collectedFen: number; handedInFen: number; differenceFen: number }[]; collectedFen: number; handedInFen: number; differenceFen: number };
export type Receivables = {
  items: { billId: string; workOrderNumber: string; customerId: string; customerName: string | null; outstandingFen: number; ageDays: number; bucket: string }[];
  customers: { customerId: string; customerName: string | null; totalFen: number; buckets: Record<string, number> }[];
  totalFen: number;
};

const id = (value: string) => encodeURIComponent(value);

export const billingApi = {
  schedules: () => http.get<{ items: Schedule[] }>('/api/billing/schedules'),
  createSchedule: (body: TFeeScheduleBody) => http.post<Schedule>('/api/billing/schedules', body),
  billOfWorkOrder: (workOrderId: string) => http.get<{ bill: Bill | null }>(`/api/billing/work-orders/${id(workOrderId)}/bill`),
  quote: (workOrderId: string, distanceKm?: number | null) => http.post<Bill>(`/api/billing/work-orders/${id(workOrderId)}/quote`, distanceKm === undefined || distanceKm === null ? {} : { distanceKm }),
  addLine: (billId: string, body: { version: number; kind: 'labour' | 'part' | 'consumable'; partId?: string; workType?: string; quantity: number }) => http.post<Bill>(`/api/billing/bills/${id(billId)}/lines`, body),
  confirm: (billId: string, body: { version: number; method: 'code' | 'signature'; code?: string }) => http.post<Bill>(`/api/billing/bills/${id(billId)}/confirm`, body),
  propose: (billId: string, body: z.input<typeof ZProposeBody>) => http.post<Adjustment>(`/api/billing/bills/${id(billId)}/adjustments`, body),
  approvals: (status: 'pending' | 'approved' | 'rejected') => http.get<{ items: Adjustment[] }>(`/api/billing/approvals?status=${status}`),
  decide: (adjustmentId: string, body: { decision: 'approved' | 'rejected'; reason: string; version: number }) => http.post<Adjustment>(`/api/billing/approvals/${id(adjustmentId)}/decide`, body),
  payments: (billId: string) => http.get<{ items: Payment[] }>(`/api/billing/bills/${id(billId)}/payments`),
  pay: (billId: string, body: z.input<typeof ZPaymentBody>) => http.post<Payment>(`/api/billing/bills/${id(billId)}/payments`, body),
  payLink: (billId: string, body: { method: 'wechat' | 'alipay'; amountFen: number }) => http.post<Payment>(`/api/billing/bills/${id(billId)}/payment-links`, body),
  refresh: (paymentId: string) => http.post<Payment>(`/api/billing/payments/${id(paymentId)}/refresh`),
  handin: (body: { outletId: string | null; technicianUserId: string; businessDate: string; amountFen: number; note?: string }) => http.post<{ id: string }>('/api/billing/cash-handins', body),
  reconciliation: (date: string) => http.get<Reconciliation>(`/api/billing/cash-reconciliation?date=${date}`),
  receivables: () => http.get<Receivables>('/api/billing/receivables'),
  invoicesOfBill: (billId: string) => http.get<{ items: Invoice[] }>(`/api/billing/bills/${id(billId)}/invoices`),
  requestInvoice: (billId: string, body: z.input<typeof ZInvoiceRequestBody>) => http.post<Invoice>(`/api/billing/bills/${id(billId)}/invoices`, body),
  invoices: (status?: 'requested' | 'issued') => http.get<{ items: Invoice[] }>(`/api/billing/invoices${status ? `?status=${status}` : ''}`),
  issueInvoice: (invoiceId: string, body: { version: number; number?: string; issuedOn?: string }) => http.post<Invoice>(`/api/billing/invoices/${id(invoiceId)}/issue`, body),
  statements: (period?: string) => http.get<{ items: Statement[] }>(`/api/settlement/statements${period ? `?period=${period}` : ''}`),
  statement: (statementId: string) => http.get<Statement>(`/api/settlement/statements/${id(statementId)}`),
  generate: (period: string) => http.post<{ period: string; statements: number; orders: number; kept: number; totalFen: number }>('/api/settlement/generate', { period }),
  decideLine: (statementId: string, lineId: string, body: { state: 'confirmed' | 'disputed'; reason?: string; version: number }) => http.post<Statement>(`/api/settlement/statements/${id(statementId)}/lines/${id(lineId)}/decision`, body),
  resolveLine: (statementId: string, lineId: string, body: { version: number; correctionFen: number; reason: string }) => http.post<Statement>(`/api/settlement/statements/${id(statementId)}/lines/${id(lineId)}/resolve`, body),
  approveStatement: (statementId: string, version: number) => http.post<Statement>(`/api/settlement/statements/${id(statementId)}/approve`, { version }),
  invoicesExportUrl: '/api/billing/invoices/export.xlsx',
  statementExportUrl: (statementId: string) => `/api/settlement/statements/${id(statementId)}/export.xlsx`,
};

/** Fen as yuan with two decimals (¥12.50). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
