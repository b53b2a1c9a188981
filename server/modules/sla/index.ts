/** The SLA module's surface: calendar, policies, ticket clocks. */
export { startTicketClocks, onTicketStatusChange, ticketClockViews, scanClocks, ticketSlaCondition, loadCalendar, type ClockView } from './sla.service';
export { slaRoutes } from './sla.routes';
