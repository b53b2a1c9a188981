/** The tickets module's surface for other modules and the app. */
export { ticketsRoutes } from './tickets.routes';
export { createTicket, getTicket, listTickets, transitionTicket, allowedTransitions } from './tickets.service';
export { listTicketsOfCustomers, getTicketOfCustomers } from './tickets.service';
export { recordTicketSystemEvent } from './tickets.service';
export { commitSameDay, unresolvedOfDay, queueCounts } from './tickets.service';
export { assessTicket } from './triage.service';
export { followWorkOrder, followWorkOrdersDispatched, findTicketForWork, findTicketNumbers, type WorkOrderSignal } from './work-sync';
export { TicketCreated, TicketMoved, TicketResolved, TicketManualMoveGuard } from './tickets.events';
