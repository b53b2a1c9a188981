/** The follow-ups API (回访, issue 15): the queue, claim, not-reached tries, the outcome. */
import type { z } from 'zod';
import type { TFollowupTaskView, ZFollowupOutcomeBody } from '../../../contracts/followups';
import { http } from './client';

export type FollowupTask = TFollowupTaskView;
export type FollowupQueue = 'mine' | 'unassigned' | 'overdue';
export type FollowupOutcomeBody = z.input<typeof ZFollowupOutcomeBody>;

const id = (value: string) => encodeURIComponent(value);

export const followupsApi = {
  queue: (queue: FollowupQueue) => http.get<{ items: FollowupTask[] }>(`/api/followups?queue=${queue}`),
  claim: (taskId: string, version: number) => http.post<FollowupTask>(`/api/followups/${id(taskId)}/claim`, { version }),
  notReached: (taskId: string, version: number, note?: string) => http.post<FollowupTask>(`/api/followups/${id(taskId)}/not-reached`, { version, ...(note ? { note } : {}) }),
  outcome: (taskId: string, body: FollowupOutcomeBody) => http.post<FollowupTask>(`/api/followups/${id(taskId)}/outcome`, body),
};
