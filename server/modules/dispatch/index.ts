/** The dispatch module's surface for other modules. */
import type { Executor } from '../../db/client';
import { findOutletByCode, findOutletById } from './dispatch.repository';

/** An outlet by id, or undefined. */
export async function findOutlet(executor: Executor, id: string) {
  return findOutletById(executor, id);
}

/** An outlet by its code, or undefined. */
export async function findOutletWithCode(executor: Executor, code: string) {
  return findOutletByCode(executor, code);
}

export { dispatchRoutes } from './dispatch.routes';
export { createOutlet, updateOutletDetails } from './outlets.service';
export { createTechnician, addCertification, addAbsence, createVehicle, findTechniciansOfOutlets } from './technicians.service';
export { autoDispatch } from './auto-dispatch.service';
export { loadDispatchSettings } from './workorders.core';
export { flagFeedbackOverdue } from './feedback.service';
