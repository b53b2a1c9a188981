/** The returns API (issue 12): returns and exchanges, unit stock, loaners, maker claims. */
import type { z } from 'zod';
import type {
  TReturnView,
  ZClaimBatchView,
  ZClaimLineView,
  ZClaimRecovery,
  ZClaimRuleView,
  ZCreateReturnBody,
  ZLoanerView,
  ZLoanView,
  ZReturnInspectionBody,
  ZStockUnitView,
} from '../../../contracts/returns';
import { http } from './client';

export type ReturnView = TReturnView;
export type StockUnit = z.infer<typeof ZStockUnitView>;
export type Loaner = z.infer<typeof ZLoanerView>;
export type Loan = z.infer<typeof ZLoanView>;
export type ClaimLine = z.infer<typeof ZClaimLineView>;
export type ClaimBatch = z.infer<typeof ZClaimBatchView>;
export type ClaimBatchHead = Omit<ClaimBatch, 'lines'>;
export type ClaimRule = z.infer<typeof ZClaimRuleView>;
export type ClaimRecovery = z.infer<typeof ZClaimRecovery>;
export type CreateReturnBody = z.input<typeof ZCreateReturnBody>;
export type InspectionBody = z.input<typeof ZReturnInspectionBody>;
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const id = (value: string) => encodeURIComponent(value);

/** Fen as yuan with two decimals: 359900 → "3,599.00". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** "3599.5" yuan → 359950 fen; null when not a valid amount (at most two decimals). */
export function yuanToFen(text: string): number | null {
  const match = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export const returnsApi = {
  list: (query: { page?: number; pageSize?: number; status?: string; ticketId?: string }) => http.get<Page<ReturnView>>('/api/returns', query),
  get: (returnId: string) => http.get<ReturnView>(`/api/returns/${id(returnId)}`),
  create: (body: CreateReturnBody) => http.post<ReturnView>('/api/returns', body),
  decide: (returnId: string, body: { action: 'approve' | 'reject'; note?: string; version: number }) => http.post<ReturnView>(`/api/returns/${id(returnId)}/decision`, body),
  inspect: (returnId: string, body: InspectionBody) => http.post<ReturnView>(`/api/returns/${id(returnId)}/inspection`, body),
  complete: (returnId: string, body: { stockUnitId?: string; version: number }) => http.post<ReturnView>(`/api/returns/${id(returnId)}/complete`, body),
  units: (query: { page?: number; pageSize?: number; modelId?: string; status?: string; grade?: string }) => http.get<Page<StockUnit>>('/api/stock-units', query),
  receiveUnit: (body: { warehouseId: string; modelId: string; serialNumber: string }) => http.post<StockUnit>('/api/stock-units', body),
};

export const loanersApi = {
  list: (query: { outletId?: string; status?: string } = {}) => http.get<{ items: Loaner[] }>('/api/loaners', query),
  create: (body: { outletId: string; modelName: string; serialNumber: string; condition?: string }) => http.post<Loaner>('/api/loaners', body),
  loans: (query: { loanerId?: string; customerId?: string; ticketId?: string; overdue?: 'true' }) => http.get<{ items: Loan[] }>('/api/loaners/loans', query),
  lend: (loanerId: string, body: { ticketId: string; expectedReturnDate: string; depositFen?: number; note?: string }) => http.post<Loaner>(`/api/loaners/${id(loanerId)}/lend`, body),
  giveBack: (loanerId: string, body: { ticketId: string; condition: string; note?: string; depositRefundFen?: number }) => http.post<Loaner>(`/api/loaners/${id(loanerId)}/return`, body),
};

export const claimsApi = {
  rules: () => http.get<{ items: ClaimRule[] }>('/api/claim-rules'),
  saveRule: (body: Omit<ClaimRule, 'id' | 'updatedAt'>) => http.put<ClaimRule>('/api/claim-rules', body),
  lines: (query: { page?: number; pageSize?: number; brand?: string; status?: string }) => http.get<Page<ClaimLine>>('/api/claim-lines', query),
  setEvidence: (lineId: string, photos: boolean) => http.post<ClaimLine>(`/api/claim-lines/${id(lineId)}/evidence`, { photos }),
  batches: () => http.get<{ items: ClaimBatchHead[] }>('/api/claim-batches'),
  batch: (batchId: string) => http.get<ClaimBatch>(`/api/claim-batches/${id(batchId)}`),
  createBatch: (body: { brand: string; month: string }) => http.post<ClaimBatch>('/api/claim-batches', body),
  removeLine: (batchId: string, lineId: string, version: number) => http.post<ClaimBatch>(`/api/claim-batches/${id(batchId)}/remove-line`, { lineId, version }),
  submit: (batchId: string, version: number) => http.post<ClaimBatch>(`/api/claim-batches/${id(batchId)}/submit`, { version }),
  decide: (batchId: string, body: { version: number; lines: { lineId: string; acceptedFen: number; reason?: string }[] }) => http.post<ClaimBatch>(`/api/claim-batches/${id(batchId)}/decision`, body),
  paid: (batchId: string, version: number, paidFen: number) => http.post<ClaimBatch>(`/api/claim-batches/${id(batchId)}/paid`, { version, paidFen }),
  exportUrl: (batchId: string) => `/api/claim-batches/${id(batchId)}/export.xlsx`,
  recovery: (query: { brand?: string; month?: string } = {}) => http.get<ClaimRecovery>('/api/claims/recovery', query),
};
