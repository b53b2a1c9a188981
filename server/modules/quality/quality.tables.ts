/**
 * Quality (质量管理): checklists and self-checks, the completed visits quality keeps for its
 * own figures, final inspections and rework, repeat-repair links, the rule catalogue and the
 * rewards and penalties ledger. Work orders and tickets are referred to by id only: quality
 * learns about them from their events (server/wiring.ts) and never reads their tables.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { InspectionState, LedgerKind, LedgerStatus, LedgerTrigger, TChecklistItem } from '../../../contracts/quality';
import type { WorkType } from '../../../contracts/dispatch';

/** Checklists (自检项目) per work type and (optionally) product category. */
export const qualityChecklists = pgTable(
  'quality_checklists',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    workType: text('work_type').$type<WorkType>().notNull(),
    categoryId: uuid('category_id'),
    items: jsonb('items').$type<TChecklistItem[]>().notNull(),
    isActive: boolean('is_active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('quality_checklists_type_idx').on(table.workType, table.categoryId)],
);

export type SelfCheckAnswer = { code: string; label: string; passed: boolean | null; value: number | null; photoId: string | null; note: string | null; isOk: boolean; isRequired: boolean };

/** The technician's self-check of one work order (the latest submission). */
export const qualitySelfChecks = pgTable('quality_self_checks', {
  workOrderId: uuid('work_order_id').primaryKey(),
  checklistId: uuid('checklist_id').notNull(),
  checklistVersion: integer('checklist_version').notNull(),
  answers: jsonb('answers').$type<SelfCheckAnswer[]>().notNull(),
  isPassed: boolean('is_passed').notNull(),
  failedItems: jsonb('failed_items').$type<string[]>().notNull(),
  technicianUserId: uuid('technician_user_id').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  /** A failed inspection sent the order back: the self-check must be done again. */
  staleAt: timestamp('stale_at', { withTimezone: true }),
});

/** Completed visits as quality knows them (written on `workOrder.completed`, or by the back-fill). */
export const qualityVisits = pgTable(
  'quality_visits',
  {
    workOrderId: uuid('work_order_id').primaryKey(),
    workOrderNumber: text('work_order_number').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    assetId: uuid('asset_id'),
    type: text('type').$type<WorkType>().notNull(),
    /** The ticket's fault code when the visit was completed (intake or triage). */
    faultCode: text('fault_code'),
    workDone: text('work_done'),
    technicianId: uuid('technician_id'),
    technicianUserId: uuid('technician_user_id'),
    outletId: uuid('outlet_id'),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    /** Fixed at the first visit of its ticket (no earlier visit ended not completed). */
    isFirstVisit: boolean('is_first_visit').notNull(),
    isWorkshop: boolean('is_workshop').notNull().default(false),
    inspection: text('inspection').$type<InspectionState>().notNull(),
    reworkCount: integer('rework_count').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('quality_visits_asset_idx').on(table.assetId, table.finishedAt),
    index('quality_visits_technician_idx').on(table.technicianId, table.finishedAt),
    index('quality_visits_outlet_idx').on(table.outletId, table.finishedAt),
    index('quality_visits_pending_idx').on(table.finishedAt).where(sql`inspection = 'pending'`),
  ],
);

/** Visits that ended not completed (带回维修 among them): first-time fix and the workshop mark read these. */
export const qualityIncompleteVisits = pgTable(
  'quality_incomplete_visits',
  {
    workOrderId: uuid('work_order_id').primaryKey(),
    ticketId: uuid('ticket_id').notNull(),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('quality_incomplete_visits_ticket_idx').on(table.ticketId)],
);

/** Final inspections (终检) by a supervisor. */
export const qualityInspections = pgTable(
  'quality_inspections',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    result: text('result', { enum: ['passed', 'failed'] }).notNull(),
    reason: text('reason'),
    technicianId: uuid('technician_id'),
    outletId: uuid('outlet_id'),
    inspectorUserId: text('inspector_user_id'),
    inspectorName: text('inspector_name'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('quality_inspections_order_idx').on(table.workOrderId), index('quality_inspections_at_idx').on(table.at)],
);

/** Rework (返工): a unit sent back after a failed inspection, with the reason and the technician. */
export const qualityRework = pgTable(
  'quality_rework',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    inspectionId: uuid('inspection_id').notNull(),
    reason: text('reason').notNull(),
    technicianId: uuid('technician_id'),
    outletId: uuid('outlet_id'),
    /** Whether the work order itself went back to in progress (false: it was already verified). */
    isOrderReopened: boolean('is_order_reopened').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('quality_rework_order_idx').on(table.workOrderId), index('quality_rework_at_idx').on(table.at)],
);

/** Repeat repairs (返修): a new ticket linked to the earlier completed visit on the same asset and fault. */
export const qualityRepeatLinks = pgTable(
  'quality_repeat_links',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id').notNull(),
    ticketNumber: text('ticket_number').notNull(),
    ticketCreatedAt: timestamp('ticket_created_at', { withTimezone: true }).notNull(),
    assetId: uuid('asset_id').notNull(),
    faultCode: text('fault_code').notNull(),
    earlierFaultCode: text('earlier_fault_code').notNull(),
    matchedBy: text('matched_by', { enum: ['code', 'group'] }).notNull(),
    earlierWorkOrderId: uuid('earlier_work_order_id').notNull(),
    earlierTicketId: uuid('earlier_ticket_id').notNull(),
    earlierFinishedAt: timestamp('earlier_finished_at', { withTimezone: true }).notNull(),
    technicianId: uuid('technician_id'),
    outletId: uuid('outlet_id'),
    summary: text('summary').notNull(),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull(),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    clearedBy: text('cleared_by'),
    clearReason: text('clear_reason'),
  },
  (table) => [
    // One link per new ticket: detection on intake, on triage and in the back-fill is idempotent.
    uniqueIndex('quality_repeat_links_ticket_idx').on(table.ticketId),
    index('quality_repeat_links_earlier_idx').on(table.earlierWorkOrderId),
    index('quality_repeat_links_technician_idx').on(table.technicianId, table.earlierFinishedAt),
  ],
);

/** The rule catalogue of the rewards and penalties ledger. */
export const qualityRules = pgTable('quality_rules', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').$type<LedgerKind>().notNull(),
  amountFen: integer('amount_fen').notNull().default(0),
  points: integer('points').notNull().default(0),
  trigger: text('trigger').$type<LedgerTrigger>().notNull(),
  repeatWindowDays: integer('repeat_window_days').notNull().default(90),
  repeatMultiplier: integer('repeat_multiplier').notNull().default(2),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** The rewards and penalties ledger (奖惩台账): one row per proposal, decided by a manager. */
export const qualityLedgerEntries = pgTable(
  'quality_ledger_entries',
  {
    id: uuid('id').primaryKey(),
    /** What proposed it (`repeat_repair:<ticket id>`, `rework:<rework id>`, `manual:<id>`): one event, one entry. */
    sourceKey: text('source_key').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id'),
    ruleId: uuid('rule_id').notNull(),
    ruleCode: text('rule_code').notNull(),
    kind: text('kind').$type<LedgerKind>().notNull(),
    /** The person (a user); technicians also by their technician id. */
    userId: uuid('user_id').notNull(),
    technicianId: uuid('technician_id'),
    outletId: uuid('outlet_id'),
    baseAmountFen: integer('base_amount_fen').notNull(),
    multiplier: integer('multiplier').notNull().default(1),
    amountFen: integer('amount_fen').notNull(),
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<LedgerStatus>().notNull(),
    proposedById: text('proposed_by_id'),
    proposedBy: text('proposed_by'),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
    decidedById: text('decided_by_id'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    appealText: text('appeal_text'),
    appealedAt: timestamp('appealed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('quality_ledger_source_idx').on(table.sourceKey),
    index('quality_ledger_user_idx').on(table.userId, table.proposedAt),
    index('quality_ledger_outlet_idx').on(table.outletId, table.proposedAt),
    index('quality_ledger_status_idx').on(table.status, table.proposedAt),
  ],
);
