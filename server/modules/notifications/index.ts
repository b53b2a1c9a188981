/** The notifications module's surface: queue messages in a transaction; the outbox job sends them through the configured gateways. */
export { enqueueMessage, enqueueMessages, deliverDueMessages, listOutbox, loggingSender, type MessageSender } from './notifications.service';
export { notificationsRoutes } from './notifications.routes';
export { createChannelSender, createLogSender, createSenderFromEnv, createSmtpSender } from './senders';
export type { OutgoingMessage, SendOutcome } from './gateway-http';
