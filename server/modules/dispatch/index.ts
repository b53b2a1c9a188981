/** The dispatch module's surface: automatic dispatch (the batches) and the day plans. */
export { dispatchRoutes } from './dispatch.routes';
export { autoDispatch } from './auto-dispatch.service';
export { generateDayPlansForDate } from './plan.service';

/**
 * Transitional: parts.service.ts still imports these from dispatch (they moved to org and
 * technicians in the re-cut while parts was being written). Parts should import them from
 * '../org' and '../technicians'; then delete these two lines.
 */
export { findOutlet } from '../org';
export { findTechniciansOfOutlets } from '../technicians';
