/** The notifications module's surface: queue messages in a transaction; the outbox job sends them. */
export { enqueueMessage, deliverDueMessages, listOutbox, loggingSender, type MessageSender } from './notifications.service';
export { notificationsRoutes } from './notifications.routes';
export { createLogSender, createSmtpSender } from './senders';
