/** The dispatch module's surface: automatic dispatch (the batches) and the day plans. */
export { dispatchRoutes } from './dispatch.routes';
export { autoDispatch } from './auto-dispatch.service';
export { generateDayPlansForDate } from './plan.service';

export { TicketRepeatRepairs, type RepeatRepairFlag } from './dispatch.lookups';
