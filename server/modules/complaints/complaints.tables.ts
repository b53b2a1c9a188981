/**
 * Complaints (投诉): the complaint with its linked ticket / visit / technician / outlet, the
 * responsibility analysis, the resolution plan and tracking, the verification call-back; its
 * timeline; compensations with their approval. Other modules' records are referred to by id only.
 */
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  TComplaintChannel,
  TComplaintSeverity,
  TComplaintStatus,
  TComplaintType,
  TCompensationKind,
  TCompensationStatus,
  TFollowUpRatings,
  TResponsibleParty,
  TVerificationOutcome,
} from '../../../contracts/complaints';

export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey(),
    /** TS + Shanghai day + daily sequence (TS20261204-0001). */
    number: text('number').notNull(),
    channel: text('channel').$type<TComplaintChannel>().notNull(),
    /** Passed on by another department: which one. */
    sourceDepartment: text('source_department'),
    /** Created from a follow-up (one complaint per follow-up). */
    followUpId: uuid('follow_up_id'),
    type: text('type').$type<TComplaintType>().notNull(),
    severity: text('severity').$type<TComplaintSeverity>().notNull(),
    status: text('status').$type<TComplaintStatus>().notNull(),
    customerId: uuid('customer_id').notNull(),
    contactPhone: text('contact_phone'),
    /** The full account in the customer's words. */
    account: text('account').notNull(),
    ticketId: uuid('ticket_id'),
    workOrderId: uuid('work_order_id'),
    technicianId: uuid('technician_id'),
    outletId: uuid('outlet_id'),
    /** Carried over from the follow-up. */
    ratings: jsonb('ratings').$type<TFollowUpRatings>(),
    categories: jsonb('categories').$type<string[]>(),
    handlerUserId: uuid('handler_user_id'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull(),
    /** The first response is due 24 h after acceptance. */
    responseDueAt: timestamp('response_due_at', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    responsibleParty: text('responsible_party').$type<TResponsibleParty>(),
    responsibleTechnicianId: uuid('responsible_technician_id'),
    responsibleOutletId: uuid('responsible_outlet_id'),
    /** The person the penalty proposal is about (the technician's user, or the outlet's person). */
    responsibleUserId: uuid('responsible_user_id'),
    findings: text('findings'),
    analysedById: uuid('analysed_by_id'),
    analysedAt: timestamp('analysed_at', { withTimezone: true }),
    plan: text('plan'),
    planAgreedAt: timestamp('plan_agreed_at', { withTimezone: true }),
    /** The last working day (Asia/Shanghai) to resolve by, from the severity's limit, and its end. */
    resolutionDueDate: date('resolution_due_date', { mode: 'string' }),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolutionNote: text('resolution_note'),
    lastVerificationOutcome: text('last_verification_outcome').$type<TVerificationOutcome>(),
    verifiedById: uuid('verified_by_id'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    escalationReason: text('escalation_reason'),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('complaints_number_idx').on(table.number),
    uniqueIndex('complaints_follow_up_idx').on(table.followUpId),
    index('complaints_status_idx').on(table.status, table.createdAt),
    index('complaints_customer_idx').on(table.customerId),
    index('complaints_outlet_idx').on(table.outletId, table.createdAt),
    index('complaints_responsible_idx').on(table.responsibleUserId, table.type),
  ],
);

/** The timeline: every step, who and when, with its note and data. */
export const complaintEvents = pgTable(
  'complaint_events',
  {
    id: uuid('id').primaryKey(),
    complaintId: uuid('complaint_id').notNull().references(() => complaints.id),
    kind: text('kind').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('complaint_events_complaint_idx').on(table.complaintId, table.at)],
);

/** Compensation (money in fen, goods or free service at a value in fen), approved by amount. */
export const complaintCompensations = pgTable(
  'complaint_compensations',
  {
    id: uuid('id').primaryKey(),
    complaintId: uuid('complaint_id').notNull().references(() => complaints.id),
    kind: text('kind').$type<TCompensationKind>().notNull(),
    amountFen: integer('amount_fen').notNull(),
    description: text('description').notNull(),
    status: text('status').$type<TCompensationStatus>().notNull(),
    proposedById: uuid('proposed_by_id').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
    decidedById: uuid('decided_by_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    version: integer('version').notNull().default(1),
  },
  (table) => [index('complaint_compensations_complaint_idx').on(table.complaintId)],
);
