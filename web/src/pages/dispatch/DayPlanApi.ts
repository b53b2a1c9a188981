/** The day plan API (次日计划 / 用车计划) used by the day plan page. */
import type { z } from 'zod';
import type { ZAdjustPlanBody } from '../../../../contracts/dispatch';
import { http, isApiError } from '../../api/client';

export type PlanStopView = {
  workOrderId: string;
  number: string;
  arrival: string;
  start: string;
  end: string;
  travelMinutes: number;
  address: string;
  windowStart: string | null;
  windowEnd: string | null;
  priority: 'normal' | 'high' | 'urgent';
  status: string | null;
};
export type PlanRouteView = {
  id: string;
  technicianId: string;
  technicianName: string;
  vehicleId: string | null;
  vehiclePlate: string | null;
  travelMinutes: number;
  distanceKm: number;
  stops: PlanStopView[];
};
/** The server's day plan detail (ZDayPlanView with windows on the stops and the outlet's vehicles). */
export type DayPlanDetail = {
  id: string;
  outletId: string;
  planDate: string;
  status: 'draft' | 'published';
  unplaced: { workOrderId: string; number: string; reason: string }[];
  totalTravelMinutes: number;
  totalDistanceKm: number;
  routes: PlanRouteView[];
  vehicles: { id: string; plate: string; name: string | null }[];
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
};
export type AdjustPlanBody = z.input<typeof ZAdjustPlanBody>;

const id = (value: string) => encodeURIComponent(value);

export const dayPlanApi = {
  /** The plan of an outlet and date, or null when there is none yet. */
  get: async (outletId: string, date: string): Promise<DayPlanDetail | null> => {
    try {
      return await http.get<DayPlanDetail>('/api/day-plans', { outletId, date });
    } catch (error) {
      if (isApiError(error) && error.status === 404) return null;
      throw error;
    }
  },
  generate: (body: { outletId: string; date: string; force?: boolean }) => http.post<DayPlanDetail>('/api/day-plans/generate', body),
  adjust: (planId: string, body: AdjustPlanBody) => http.post<DayPlanDetail>(`/api/day-plans/${id(planId)}/adjust`, body),
  publish: (planId: string) => http.post<DayPlanDetail>(`/api/day-plans/${id(planId)}/publish`, {}),
};
