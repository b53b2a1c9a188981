/** The work order and dispatch API (issue 5): list, detail, create, manual/auto dispatch, board, settings. */
import type { z } from 'zod';
import type {
  Grade,
  TDispatchSettings,
  TWorkOrderDetail,
  TWorkOrderView,
  WorkType,
  ZAutoDispatchBody,
  ZAutoDispatchResult,
  ZCreateWorkOrderBody,
  ZManualDispatchBody,
} from '../../../contracts/dispatch';
import { http } from './client';
import type { Page } from './types';

export type {
  DispatchCandidate,
  DispatchExplanation,
  Grade,
  NotCompletedReason,
  Priority,
  TDispatchSettings,
  TWorkOrderDetail,
  TWorkOrderView,
  WorkOrderMaterial,
  WorkOrderResult,
  WorkOrderStatus,
  WorkType,
} from '../../../contracts/dispatch';
export type CreateWorkOrderBody = z.input<typeof ZCreateWorkOrderBody>;
export type ManualDispatchBody = z.input<typeof ZManualDispatchBody>;
export type AutoDispatchBody = z.input<typeof ZAutoDispatchBody>;
export type AutoDispatchResult = z.infer<typeof ZAutoDispatchResult>;

/** Query of GET /api/work-orders (ZListWorkOrdersQuery): `status` is a comma list. */
export type WorkOrderFilters = {
  status?: string;
  outletId?: string;
  technicianId?: string;
  ticketId?: string;
  date?: string;
  type?: WorkType;
  feedbackOverdue?: 'true' | 'false';
  q?: string;
};
export type WorkOrderQuery = WorkOrderFilters & { page: number; pageSize: number };

/** GET /api/work-orders/:id/candidates: every outlet and technician with whether it fits and why not. */
export type OutletCandidate = { id: string; name: string; ok: boolean; reason: string | null; distanceKm: number | null; load: number; capacity: number | null };
export type TechnicianCandidate = {
  id: string;
  name: string;
  outletId: string;
  ok: boolean;
  reason: string | null;
  distanceKm: number | null;
  load: number;
  plannedStart: string | null;
  /** The earlier visit's technician of a repeat repair (返修): ranked last by the server. */
  isEarlierTechnician?: boolean;
};
export type Candidates = { outlets: OutletCandidate[]; technicians: TechnicianCandidate[]; repeatRepair?: { summary: string; technicianId: string | null } | null };

/** GET /api/dispatch/board: one technician's day. `start`/`end` are ISO instants. */
export type BoardJob = { workOrder: TWorkOrderView; start: string; end: string; travelMinutes: number };
export type BoardTechnician = {
  id: string;
  name: string;
  outletId: string;
  outletName: string | null;
  grade: Grade;
  workStartMinute: number;
  workEndMinute: number;
  /** Why the technician cannot take work that day (上岗证过期, 请假, 当日不上班), or null. */
  problem: string | null;
  jobs: BoardJob[];
};
/** `repeatRepairs`: the unassigned orders that are repeat repairs (返修), with the flag's words. */
export type Board = { date: string; technicians: BoardTechnician[]; unassigned: TWorkOrderView[]; repeatRepairs?: { workOrderId: string; summary: string }[] };

const id = (value: string) => encodeURIComponent(value);
/** POST /api/work-orders/:id/<move> with the reason the move needs (recall, cancel, redo). */
const moveWithReason = (move: 'recall' | 'cancel' | 'redo') => (workOrderId: string, reason: string) =>
  http.post<TWorkOrderDetail>(`/api/work-orders/${id(workOrderId)}/${move}`, { reason });

export const dispatchApi = {
  list: (query: WorkOrderQuery) => http.get<Page<TWorkOrderView>>('/api/work-orders', query),
  get: (workOrderId: string) => http.get<TWorkOrderDetail>(`/api/work-orders/${id(workOrderId)}`),
  create: (ticketId: string, body: CreateWorkOrderBody) => http.post<TWorkOrderDetail>(`/api/tickets/${id(ticketId)}/work-orders`, body),
  dispatch: (workOrderId: string, body: ManualDispatchBody) => http.post<TWorkOrderDetail>(`/api/work-orders/${id(workOrderId)}/dispatch`, body),
  autoDispatch: (body: AutoDispatchBody) => http.post<AutoDispatchResult>('/api/work-orders/auto-dispatch', body),
  candidates: (workOrderId: string) => http.get<Candidates>(`/api/work-orders/${id(workOrderId)}/candidates`),
  recall: moveWithReason('recall'),
  cancel: moveWithReason('cancel'),
  verify: (workOrderId: string, note?: string) => http.post<TWorkOrderDetail>(`/api/work-orders/${id(workOrderId)}/verify`, note ? { note } : {}),
  redo: moveWithReason('redo'),
  /** Without a date, the server picks the day (today, or tomorrow once the day plan time has passed). */
  board: (date: string | undefined, outletId?: string) => http.get<Board>('/api/dispatch/board', { date, outletId }),
  settings: () => http.get<TDispatchSettings>('/api/dispatch/settings'),
  saveSettings: (body: TDispatchSettings) => http.put<TDispatchSettings>('/api/dispatch/settings', body),
};

/** The printable service receipt (built by the receipt work), opened in a new tab. */
export const receiptPath = (workOrderId: string) => `/print/receipt/${id(workOrderId)}`;
