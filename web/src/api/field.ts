/**
 * The technician's phone API (/api/m/*), the service receipt and the workshop log.
 * The phone steps themselves are sent through the outbox (web/src/mobile/outbox.ts) so a
 * dropped connection never loses or doubles a step; this file holds the reads and the
 * request shapes the outbox builds.
 */
import type { z } from 'zod';
import type {
  NotCompletedReason,
  WorkOrderStatus,
  WorkType,
  ZPartUsed,
  ZTechnicianView,
  ZWorkOrderDetail,
  ZWorkOrderView,
  ZWorkshopEntry,
  ZWorkOrderMaterial,
} from '../../../contracts/dispatch';
import type { ZReceipt } from '../../../contracts/receipt';
import { http, withQuery } from './client';
import type { Page } from './types';

export type { NotCompletedReason, WorkOrderStatus, WorkType };
export type WorkOrderView = z.infer<typeof ZWorkOrderView>;
export type WorkOrderDetail = z.infer<typeof ZWorkOrderDetail>;
export type WorkshopEntry = z.infer<typeof ZWorkshopEntry>;
export type TechnicianView = z.infer<typeof ZTechnicianView>;
export type PartUsed = z.input<typeof ZPartUsed>;
export type WorkOrderMaterial = z.infer<typeof ZWorkOrderMaterial>;

/** What the work report of an order holds (`result` of the view). */
export type WorkOrderResult = {
  diagnosis?: string | null;
  actualFault?: string | null;
  workDone?: string | null;
  partsUsed?: PartUsed[];
  labourMinutes?: number | null;
  labourFeeFen?: number | null;
  feeCollectedFen?: number | null;
  feeExpectedFen?: number | null;
  feeReason?: string | null;
};

/** The printable service receipt (服务回执单), as the server's `ZReceipt` describes it. */
export type Receipt = z.infer<typeof ZReceipt>;
export type ReceiptPart = Receipt['partsUsed'][number];

export type WorkshopQuery = { direction?: 'in' | 'out'; q?: string; page: number; pageSize?: number };

export const fieldApi = {
  /** The signed-in technician's record (name, outlet); null when the endpoint is missing or the user is not a technician. */
  me: async (): Promise<TechnicianView | null> => {
    try {
      return await http.get<TechnicianView>('/api/technicians/me');
    } catch {
      return null;
    }
  },
  /** The technician's orders of one Shanghai day, in route order. */
  orders: (date: string) => http.get<{ items: WorkOrderView[] }>('/api/m/work-orders', { date }),
  order: (id: string) => http.get<WorkOrderDetail>(`/api/m/work-orders/${encodeURIComponent(id)}`),
  receipt: (id: string) => http.get<Receipt>(`/api/work-orders/${encodeURIComponent(id)}/receipt`),
  workshop: (query: WorkshopQuery) => http.get<Page<WorkshopEntry>>('/api/workshop', query),
  workshopOut: (entryId: string, note?: string | null) => http.post<WorkshopEntry>(`/api/workshop/${encodeURIComponent(entryId)}/out`, { note: note || null }),
};

/** The URL of the customer's signature image (served with the session cookie). */
export function signatureUrl(workOrderId: string): string {
  return `/api/work-orders/${encodeURIComponent(workOrderId)}/signature`;
}

/** The URL of one photo of an order. */
export function photoUrl(workOrderId: string, photoId: string): string {
  return withQuery(`/api/work-orders/${encodeURIComponent(workOrderId)}/photos/${encodeURIComponent(photoId)}`);
}
