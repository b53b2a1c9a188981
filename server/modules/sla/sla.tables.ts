import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The working-day calendar: statutory holidays and make-up working days (调休) seeded from
 * chinese-days, plus admins' own days. `kind` holiday = rest day, workday = working day,
 * normal = plain weekday rule for that date (an admin undoing a statutory entry).
 */
export const calendarDays = pgTable('calendar_days', {
  date: date('date').primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday', 'normal'] }).notNull(),
  name: text('name'),
  source: text('source', { enum: ['statutory', 'admin'] }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Years whose arrangement is complete; dates in other years are "unknown", never plain weekdays. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source', { enum: ['statutory', 'admin'] }).notNull(),
});

/**
 * SLA policies (时限): targets by ticket type, urgency and customer class. The most specific
 * matching policy (highest priority) applies. Minutes are counted in the policy's service hours.
 */
export const slaPolicies = pgTable('sla_policies', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  ticketType: text('ticket_type'),
  urgency: text('urgency'),
  customerClass: text('customer_class', { enum: ['key', 'normal'] }),
  priority: integer('priority').notNull().default(0),
  responseMinutes: integer('response_minutes').notNull(),
  /** Response clock in service hours every day (hotline); default 9:00–22:00 (Asia/Shanghai). */
  responseHours: jsonb('response_hours').$type<{ start: string; end: string }>().notNull().default({ start: '09:00', end: '22:00' }),
  onsiteWorkingDays: integer('onsite_working_days'),
  resolutionWorkingDays: integer('resolution_working_days'),
  /** A clock is "at risk" once this share of its target is used (default 80 %). */
  atRiskPercent: integer('at_risk_percent').notNull().default(80),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One SLA clock of a ticket (response, on site, resolution) with its pauses. */
export const ticketClocks = pgTable(
  'ticket_clocks',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id').notNull(),
    kind: text('kind', { enum: ['response', 'onsite', 'resolution'] }).notNull(),
    policyId: uuid('policy_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    targetMinutes: integer('target_minutes').notNull(),
    hours: jsonb('hours').$type<{ start: string; end: string }>().notNull(),
    workingDaysOnly: boolean('working_days_only').notNull(),
    /** Copied from the policy when the clock starts. */
    atRiskPercent: integer('at_risk_percent').notNull().default(80),
    pauses: jsonb('pauses').$type<{ from: string; to: string | null }[]>().notNull().default([]),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    /** Cached by the SLA scan for lists and filters. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['running', 'paused', 'met', 'breached'] }).notNull().default('running'),
    isAtRisk: boolean('is_at_risk').notNull().default(false),
    atRiskNotifiedAt: timestamp('at_risk_notified_at', { withTimezone: true }),
    breachEscalatedAt: timestamp('breach_escalated_at', { withTimezone: true }),
  },
  (table) => [
    index('ticket_clocks_ticket_idx').on(table.ticketId),
    index('ticket_clocks_open_idx').on(table.status, table.dueAt),
    // The queue filters "at risk" and "breached" look only at running clocks.
    index('ticket_clocks_running_idx').on(table.ticketId).where(sql`stopped_at is null and (status = 'breached' or is_at_risk)`),
  ],
);
