/** The follow-ups module's surface (回访, issue 15): the `workOrder.completed` subscriber wired in server/wiring.ts, the weekly audit and quarterly plan jobs. */
export { createTasksForVisit, createTasksForVisits, dueOf, secondRoundApplies } from './tasks.service';
export { followupSettings } from './followups.settings';
export { followupsRoutes } from './followups.routes';
export { runWeeklyAudit as runWeeklyFollowupAudit } from './audit.service';
export { generateQuarter as generatePeriodicQuarter, quarterOf as quarterOfDate } from './periodic.service';
export { findFollowUpForComplaint } from './complaint-source';
