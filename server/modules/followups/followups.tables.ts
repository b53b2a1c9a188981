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
    /** The weekly audit sample reads a week of closed tasks. */
    index('followup_tasks_closed_idx').on(table.closedAt),
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
  /** The agent's call, or the customer's answer to the survey link (no user). */
  source: text('source').$type<'call' | 'survey'>().notNull().default('call'),
  recordedByUserId: uuid('recorded_by_user_id'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
});

/**
 * Survey by link (问卷): a one-time token sent by SMS; only its SHA-256 is stored. Answered once
 * (`used_at`), valid until `expires_at`. The answer is the task's outcome (`source = 'survey'`).
 */
export const followupSurveys = pgTable(
  'followup_surveys',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id').notNull().references(() => followupTasks.id),
    tokenHash: text('token_hash').notNull(),
    phone: text('phone').notNull(),
    messageId: uuid('message_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdByUserId: uuid('created_by_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('followup_surveys_token_idx').on(table.tokenHash), index('followup_surveys_task_idx').on(table.taskId)],
);

/** One weekly audit sample (回访稽核): the week (Monday, Shanghai), the share and the stored seed that reproduce it. */
export const followupAuditRuns = pgTable('followup_audit_runs', {
  id: uuid('id').primaryKey(),
  weekStart: date('week_start', { mode: 'string' }).notNull().unique(),
  seed: text('seed').notNull(),
  sharePercent: integer('share_percent').notNull(),
  createdByUserId: uuid('created_by_user_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** A sampled follow-up: the supervisor calls the customer again and records whether it happened and matched. */
export const followupAudits = pgTable(
  'followup_audits',
  {
    id: uuid('id').primaryKey(),
    runId: uuid('run_id').notNull().references(() => followupAuditRuns.id),
    taskId: uuid('task_id').notNull().references(() => followupTasks.id),
    /** The agent whose follow-up is audited (who recorded the outcome). */
    agentUserId: uuid('agent_user_id').notNull(),
    status: text('status').$type<'pending' | 'done'>().notNull(),
    isHappened: boolean('is_happened'),
    isMatched: boolean('is_matched'),
    note: text('note'),
    auditorUserId: uuid('auditor_user_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('followup_audits_task_idx').on(table.taskId), index('followup_audits_run_idx').on(table.runId, table.status)],
);

/**
 * Periodic visits (定期回访): one per customer and quarter, planned in a month of the quarter;
 * by phone (an agent) or on site (an outlet; a work order of type inspection when the customer
 * has a ticket to plan it on), done or overdue after the planned month.
 */
export const followupPeriodicVisits = pgTable(
  'followup_periodic_visits',
  {
    id: uuid('id').primaryKey(),
    /** e.g. 2027-Q1 */
    quarter: text('quarter').notNull(),
    /** The first day of the planned month; due by the end of that month (Shanghai). */
    plannedMonth: date('planned_month', { mode: 'string' }).notNull(),
    customerId: uuid('customer_id').notNull(),
    isKeyCustomer: boolean('is_key_customer').notNull(),
    mode: text('mode').$type<'phone' | 'onsite'>().notNull(),
    assignedUserId: uuid('assigned_user_id'),
    outletId: uuid('outlet_id'),
    workOrderId: uuid('work_order_id'),
    status: text('status').$type<'planned' | 'done'>().notNull(),
    note: text('note'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneByUserId: uuid('done_by_user_id'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('followup_periodic_customer_quarter_idx').on(table.customerId, table.quarter),
    index('followup_periodic_month_idx').on(table.plannedMonth, table.status),
    index('followup_periodic_done_idx').on(table.customerId, table.doneAt),
  ],
);
