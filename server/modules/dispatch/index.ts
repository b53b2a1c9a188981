/** The dispatch module's surface for other modules. */
import type { Executor } from '../../db/client';
import { addTicketTransitionGuard } from '../tickets';
import { findOutletByCode, findOutletById } from './dispatch.repository';
import { guardTicketAgainstOpenWork } from './workorders.core';

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

// The ticket follows its work orders: no manual ticket move that contradicts an open visit.
addTicketTransitionGuard(guardTicketAgainstOpenWork);
