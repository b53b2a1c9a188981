/** The complaints API (投诉, issue 15): list, detail with timeline, the handling steps, statistics, export. */
import type { z } from 'zod';
import type {
  TComplaintDetail,
  TComplaintStats,
  TComplaintView,
  ZCompensationBody,
  ZCompensationDecisionBody,
  ZComplaintFromFollowUpBody,
  ZCreateComplaintBody,
  ZPlanBody,
  ZResponsibilityBody,
  ZVerificationBody,
} from '../../../contracts/complaints';
import { http, withQuery, type Query } from './client';

export type Complaint = TComplaintView;
export type ComplaintDetail = TComplaintDetail;
export type ComplaintStats = TComplaintStats;
export type ComplaintFilters = { status?: string; type?: string; severity?: string; isOverdue?: 'true'; isEscalated?: 'true'; q?: string; page?: number; pageSize?: number };
type List = { items: Complaint[]; total: number; page: number; pageSize: number };

const id = (value: string) => encodeURIComponent(value);
const step = (complaintId: string, path: string, body: unknown) => http.post<ComplaintDetail>(`/api/complaints/${id(complaintId)}/${path}`, body);

export const complaintsApi = {
  list: (filters: ComplaintFilters = {}) => http.get<List>('/api/complaints', filters as Query),
  get: (complaintId: string) => http.get<ComplaintDetail>(`/api/complaints/${id(complaintId)}`),
  create: (body: z.input<typeof ZCreateComplaintBody>) => http.post<ComplaintDetail>('/api/complaints', body),
  fromFollowUp: (followUpId: string, body: z.input<typeof ZComplaintFromFollowUpBody>) => http.post<ComplaintDetail>(`/api/followups/${id(followUpId)}/complaint`, body),
  investigate: (complaintId: string, version: number, note?: string) => step(complaintId, 'investigation', { version, ...(note ? { note } : {}) }),
  responsibility: (complaintId: string, body: z.input<typeof ZResponsibilityBody>) => step(complaintId, 'responsibility', body),
  plan: (complaintId: string, body: z.input<typeof ZPlanBody>) => step(complaintId, 'plan', body),
  compensation: (complaintId: string, body: z.input<typeof ZCompensationBody>) => step(complaintId, 'compensations', body),
  decideCompensation: (complaintId: string, compensationId: string, body: z.input<typeof ZCompensationDecisionBody>) => step(complaintId, `compensations/${id(compensationId)}/decision`, body),
  resolved: (complaintId: string, version: number, note: string) => step(complaintId, 'resolved', { version, note }),
  verification: (complaintId: string, body: z.input<typeof ZVerificationBody>) => step(complaintId, 'verification', body),
  close: (complaintId: string, version: number, note?: string) => step(complaintId, 'close', { version, ...(note ? { note } : {}) }),
  reopen: (complaintId: string, version: number, reason: string) => step(complaintId, 'reopen', { version, reason }),
  stats: (from: string, to: string) => http.get<ComplaintStats>('/api/complaints/stats', { from, to }),
};

/** The Excel download (a plain GET with the session cookie). */
export const complaintsExportUrl = (from: string, to: string) => withQuery('/api/complaints/export.xlsx', { from, to });
