/** The technicians and vehicles API (types from contracts/dispatch.ts) and small display helpers. */
import type { z } from 'zod';
import type { TTechnicianView, ZAbsenceBody, ZCertificationBody, ZCreateTechnicianBody, ZUpdateTechnicianBody, ZVehicleBody, ZVehicleView } from '../../../../contracts/dispatch';
import { http } from '../../api/client';
import type { Page } from '../../api/types';

export type TechnicianView = TTechnicianView;
export type VehicleView = z.infer<typeof ZVehicleView>;
export type CreateTechnicianBody = z.input<typeof ZCreateTechnicianBody>;
export type UpdateTechnicianBody = z.input<typeof ZUpdateTechnicianBody>;
export type CertificationBody = z.input<typeof ZCertificationBody>;
export type AbsenceBody = z.input<typeof ZAbsenceBody>;
export type VehicleBody = z.input<typeof ZVehicleBody>;
export type TechnicianQuery = { q?: string; outletId?: string; isActive?: 'true' | 'false'; page: number; pageSize: number };

const id = (value: string) => encodeURIComponent(value);

export const techniciansApi = {
  list: (query: TechnicianQuery) => http.get<Page<TechnicianView>>('/api/technicians', query),
  get: (technicianId: string) => http.get<TechnicianView>(`/api/technicians/${id(technicianId)}`),
  create: (body: CreateTechnicianBody) => http.post<TechnicianView>('/api/technicians', body),
  update: (technicianId: string, body: UpdateTechnicianBody) => http.patch<TechnicianView>(`/api/technicians/${id(technicianId)}`, body),
  addCertification: (technicianId: string, body: CertificationBody) => http.post<TechnicianView>(`/api/technicians/${id(technicianId)}/certifications`, body),
  removeCertification: (technicianId: string, certificationId: string) =>
    http.delete<TechnicianView>(`/api/technicians/${id(technicianId)}/certifications/${id(certificationId)}`),
  addAbsence: (technicianId: string, body: AbsenceBody) => http.post<TechnicianView>(`/api/technicians/${id(technicianId)}/absences`, body),
  removeAbsence: (technicianId: string, absenceId: string) => http.delete<TechnicianView>(`/api/technicians/${id(technicianId)}/absences/${id(absenceId)}`),
  vehicles: (query: { q?: string; outletId?: string; isActive?: 'true' | 'false'; page: number; pageSize: number }) => http.get<Page<VehicleView>>('/api/vehicles', query),
  createVehicle: (body: VehicleBody) => http.post<VehicleView>('/api/vehicles', body),
  updateVehicle: (vehicleId: string, body: Partial<VehicleBody>) => http.patch<VehicleView>(`/api/vehicles/${id(vehicleId)}`, body),
};

/** 480 → "08:00". */
export function minutesToTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "08:00" → 480. */
export function timeToMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}
