import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../contracts/tickets';

/** Service requests (服务单): every request from first contact to resolution. */
export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    type: text('type').notNull(),
    channel: text('channel').notNull(),
    status: text('status').$type<TicketStatus>().notNull(),
    urgency: text('urgency').notNull(),
    customerId: uuid('customer_id').notNull(),
    assetId: uuid('asset_id'),
    faultCategory: text('fault_category'),
    description: text('description').notNull(),
    preferredFrom: timestamp('preferred_from', { withTimezone: true }),
    preferredTo: timestamp('preferred_to', { withTimezone: true }),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    address: text('address'),
    /** The outlet and technician the work went to (set by dispatch); they scope outlet and technician reads. */
    outletId: uuid('outlet_id'),
    assignedUserId: uuid('assigned_user_id'),
    /** The state a pending (waiting_*) ticket returns to. */
    pausedFromStatus: text('paused_from_status').$type<TicketStatus>(),
    promisedFeedbackAt: timestamp('promised_feedback_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** Units received together (workshop repairs): due in ceil(N/10) working days. */
    unitCount: integer('unit_count').notNull().default(1),
    /** Same-day rule: why a ticket registered today is not solved today, and the firm time given to the customer. */
    sameDayReason: text('same_day_reason'),
    committedAt: timestamp('committed_at', { withTimezone: true }),
    assessment: jsonb('assessment'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /**
     * Cached from the ticket's running SLA clocks for the queue filters and counts: a running
     * clock at risk (not breached) / a running clock breached. Kept exact by database triggers
     * on ticket_clocks (migration 0018), whatever code path changes a clock; never set here.
     */
    slaAtRisk: boolean('sla_at_risk').notNull().default(false),
    slaBreached: boolean('sla_breached').notNull().default(false),
  },
  (table) => [
    index('tickets_customer_idx').on(table.customerId, table.createdAt),
    // The queue: newest first, for open tickets (a partial index keeps it small) and for all.
    index('tickets_created_idx').on(table.createdAt.desc().nullsFirst(), table.number.desc().nullsFirst()),
    index('tickets_open_created_idx')
      .on(table.createdAt.desc().nullsFirst(), table.number.desc().nullsFirst())
      .where(sql`status in ('new','accepted','assessed','dispatched','in_progress','waiting_customer','waiting_parts','waiting_maker')`),
    index('tickets_number_trgm').using('gin', sql`${table.number} gin_trgm_ops`),
    index('tickets_description_trgm').using('gin', sql`${table.description} gin_trgm_ops`),
    index('tickets_status_idx').on(table.status),
    index('tickets_outlet_idx').on(table.outletId),
    index('tickets_assigned_idx').on(table.assignedUserId),
    index('tickets_created_by_idx').on(table.createdBy),
    // Queue counts in one index-only scan over the open tickets (scope columns first).
    index('tickets_open_queue_idx')
      .on(table.outletId, table.type, table.assignedUserId, table.createdBy, table.slaAtRisk, table.slaBreached)
      .where(sql`status in ('new','accepted','assessed','dispatched','in_progress','waiting_customer','waiting_parts','waiting_maker')`),
    // The "at risk" and "breached" queues, newest first.
    index('tickets_sla_at_risk_idx').on(table.createdAt.desc().nullsFirst(), table.number.desc().nullsFirst()).where(sql`sla_at_risk`),
    index('tickets_sla_breached_idx').on(table.createdAt.desc().nullsFirst(), table.number.desc().nullsFirst()).where(sql`sla_breached`),
  ],
);

/** The ticket's timeline: status changes, notes (internal or customer-visible), system events. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: uuid('id').primaryKey(),
    /** Insertion order, so events of the same instant keep their order. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    fromStatus: text('from_status').$type<TicketStatus>(),
    toStatus: text('to_status').$type<TicketStatus>(),
    text: text('text'),
    isCustomerVisible: boolean('is_customer_visible').notNull().default(false),
  },
  (table) => [index('ticket_events_ticket_idx').on(table.ticketId, table.at)],
);

/** Daily ticket number sequence per business date (Asia/Shanghai): SH20261122-0001. */
export const ticketSequences = pgTable('ticket_sequences', {
  businessDate: date('business_date').primaryKey(),
  last: integer('last').notNull(),
});

/** A user's saved queue filters (保存的筛选). */
export const savedTicketFilters = pgTable(
  'saved_ticket_filters',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    query: jsonb('query').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('saved_ticket_filters_user_idx').on(table.userId)],
);

/** Photos and documents of a ticket (stored through the FileStorage interface). */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('ticket_attachments_ticket_idx').on(table.ticketId)],
);
