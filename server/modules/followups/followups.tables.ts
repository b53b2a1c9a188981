/**
 * Follow-ups (回访): one task per completed visit and round, the call attempts, the outcome
 * (ratings, dissatisfaction, review decision). Work orders, tickets and customers are referred
 * to by id only: the task copies what the call needs from the `workOrder.completed` payload.
 */
import { boolean, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { TFollowupClosing, TFollowupStatus } from '../../../contracts/followups';

export const followupTasks = pgTable(
  'followup_tasks',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    /** 1: within N working days of the visit; 2: the second round a week later. */
    round: smallint('round').notNull(),
    workOrderNumber: text('work_order_number').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    assetId: uuid('asset_id'),
    categoryId: uuid('category_id'),
    workType: text('work_type').notNull(),
    outletId: uuid('outlet_id'),
    technicianId: uuid('technician_id'),
    technicianUserId: uuid('technician_user_id'),
    workDone: text('work_done'),
    isKeyCustomer: boolean('is_key_customer').notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    /** The task opens (round 2: a week after the visit). */
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    /** The last working day (Asia/Shanghai) and its end as an instant. */
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** Days of a year without calendar data were counted as working days. */
    isDueProvisional: boolean('is_due_provisional').notNull(),
    status: text('status').$type<TFollowupStatus>().notNull(),
    closing: text('closing').$type<TFollowupClosing>(),
    assignedUserId: uuid('assigned_user_id'),
    attemptCount: integer('attempt_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('followup_tasks_visit_round_idx').on(table.workOrderId, table.round),
    index('followup_tasks_queue_idx').on(table.status, table.assignedUserId, table.dueAt),
    index('followup_tasks_ticket_idx').on(table.ticketId),
  ],
);

/** Each call: reached or not. */
export const followupAttempts = pgTable(
  'followup_attempts',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id').notNull().references(() => followupTasks.id),
    userId: uuid('user_id').notNull(),
    isReached: boolean('is_reached').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('followup_attempts_task_idx').on(table.taskId, table.createdAt)],
);

/** What the customer said when reached, and the review decision (回访审核). */
export const followupOutcomes = pgTable('followup_outcomes', {
  taskId: uuid('task_id').primaryKey().references(() => followupTasks.id),
  overall: smallint('overall').notNull(),
  attitude: smallint('attitude').notNull(),
  skill: smallint('skill').notNull(),
  timeliness: smallint('timeliness').notNull(),
  categories: jsonb('categories').$type<string[]>().notNull(),
  comment: text('comment'),
  decision: text('decision').$type<TFollowupClosing>().notNull(),
  /** 退回重办: the new visit created on the ticket. */
  redoWorkOrderId: uuid('redo_work_order_id'),
  recordedByUserId: uuid('recorded_by_user_id').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
});
