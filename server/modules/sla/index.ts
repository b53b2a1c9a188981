/** The SLA module's surface: calendar, policies, ticket clocks. */
export { planTicketClocks, storedClockRows, clockInsertStatement, clockViewsOf, type ClockInsert, onTicketStatusChange, ticketClockViews, scanClocks, loadCalendar, type ClockView } from './sla.service';
export { slaRoutes } from './sla.routes';
/** The working-day calendar's pure functions (follow-ups count their due dates with them). */
export { addWorkingDays, addDays, shanghaiDate, shanghaiInstant, type CalendarData } from './calendar';
export { SlaClockBreached, type SlaClockKind } from './sla.events';
