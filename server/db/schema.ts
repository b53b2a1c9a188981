/** Every module's tables, for Drizzle's relational typing and drizzle-kit. */
export * from '../modules/org/org.tables';
export * from '../modules/technicians/technicians.tables';
export * from '../modules/workorders/workorders.tables';
export * from '../modules/dispatch/dispatch.tables';
export * from '../modules/auth/auth.tables';
export * from '../modules/audit/audit.tables';
export * from '../modules/customers/customers.tables';
export * from '../modules/assets/assets.tables';
export * from '../jobs/jobs.tables';
export * from '../modules/tickets/tickets.tables';
export { idempotencyKeys } from '../platform/idempotency';
export * from '../modules/notifications/notifications.tables';
export * from '../modules/portal/portal.tables';
export * from '../modules/sla/sla.tables';
export { domainEventOutbox } from '../platform/event-outbox';
export * from '../modules/parts/parts.tables';
export * from '../modules/quality/quality.tables';
export * from '../modules/followups/followups.tables';
