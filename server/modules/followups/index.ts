/** The follow-ups module's surface (回访, issue 15): the `workOrder.completed` subscriber wired in server/wiring.ts. */
export { createTasksForVisit, dueOf, secondRoundApplies } from './tasks.service';
export { followupSettings } from './followups.settings';
export { followupsRoutes } from './followups.routes';
