/** The follow-ups API (回访, issue 15): the queue, claim, not-reached tries, the outcome, the policy, the survey link, the audit, periodic visits. */
import type { z } from 'zod';
import type { TFollowupAuditView, TFollowupSettings, TFollowupTaskView, TPeriodicVisitView, ZFollowupOutcomeBody, ZFollowupSettingsUpdate } from '../../../contracts/followups';
import { http } from './client';

export type FollowupTask = TFollowupTaskView;
export type FollowupQueue = 'mine' | 'unassigned' | 'overdue';
export type FollowupOutcomeBody = z.input<typeof ZFollowupOutcomeBody>;
export type FollowupSettings = TFollowupSettings;
export type FollowupSettingsUpdate = z.input<typeof ZFollowupSettingsUpdate>;
export type FollowupAudit = TFollowupAuditView;
export type FollowupAuditRun = { id: string; weekStart: string; seed: string; sharePercent: number; sampled: number; createdAt: string };
export type PeriodicVisit = TPeriodicVisitView;
export type PeriodicList = { items: PeriodicVisit[]; total: number; counts: { planned: number; done: number; overdue: number } };

const id = (value: string) => encodeURIComponent(value);
const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return search ? `?${search}` : '';
};

export const followupsApi = {
  queue: (queue: FollowupQueue) => http.get<{ items: FollowupTask[] }>(`/api/followups?queue=${queue}`),
  claim: (taskId: string, version: number) => http.post<FollowupTask>(`/api/followups/${id(taskId)}/claim`, { version }),
  notReached: (taskId: string, version: number, note?: string) => http.post<FollowupTask>(`/api/followups/${id(taskId)}/not-reached`, { version, ...(note ? { note } : {}) }),
  outcome: (taskId: string, body: FollowupOutcomeBody) => http.post<FollowupTask>(`/api/followups/${id(taskId)}/outcome`, body),
  survey: (taskId: string, version: number) => http.post<{ task: FollowupTask; expiresAt: string }>(`/api/followups/${id(taskId)}/survey`, { version }),
  settings: () => http.get<FollowupSettings>('/api/followups/settings'),
  saveSettings: (body: FollowupSettingsUpdate) => http.put<FollowupSettings>('/api/followups/settings', body),
  audits: (params: { weekStart?: string; status?: 'pending' | 'done' } = {}) => http.get<{ run: FollowupAuditRun | null; items: FollowupAudit[] }>(`/api/followups/audits${query(params)}`),
  drawAudit: (weekStart?: string) => http.post<FollowupAuditRun>('/api/followups/audits/runs', weekStart ? { weekStart } : {}),
  auditResult: (auditId: string, body: { version: number; isHappened: boolean; isMatched: boolean; note?: string }) => http.post<FollowupAudit>(`/api/followups/audits/${id(auditId)}/result`, body),
  periodic: (params: { quarter?: string; month?: string; status?: string; mine?: string }) => http.get<PeriodicList>(`/api/followups/periodic${query(params)}`),
  generatePeriodic: (quarter: string) => http.post<{ quarter: string; created: number; months: Record<string, number> }>('/api/followups/periodic/generate', { quarter }),
  assignPeriodic: (visitId: string, body: { version: number; mode: 'phone' | 'onsite'; userId?: string; outletId?: string }) => http.post<PeriodicVisit>(`/api/followups/periodic/${id(visitId)}/assign`, body),
  periodicDone: (visitId: string, body: { version: number; note: string }) => http.post<PeriodicVisit>(`/api/followups/periodic/${id(visitId)}/done`, body),
};
