/** Work orders (派工单): the visits of a ticket, their timeline, site photos and the workshop log (带回维修). */
import { date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { WorkOrderMaterial, WorkOrderResult, WorkOrderStatus, DispatchExplanation } from '../../../contracts/dispatch';

/** Work orders (派工单): one visit of a ticket, from waiting for dispatch to verified. */
export const workOrders = pgTable(
  'work_orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    assetId: uuid('asset_id'),
    categoryId: uuid('category_id'),
    type: text('type').notNull(),
    status: text('status').$type<WorkOrderStatus>().notNull(),
    priority: text('priority').notNull(),
    requiredGrade: text('required_grade').notNull(),
    estimatedMinutes: integer('estimated_minutes').notNull(),
    /** The appointment window agreed with the customer. */
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
    /** The service date (Asia/Shanghai) of the window, for day counts and plans. */
    serviceDate: date('service_date', { mode: 'string' }).notNull(),
    /** The site: address, district and coordinates (copied from the customer's address). */
    address: text('address').notNull(),
    districtCode: text('district_code'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** 派工前预审: materials and parts to prepare before the visit. */
    materials: jsonb('materials').$type<WorkOrderMaterial[]>().notNull().default([]),
    note: text('note'),
    outletId: uuid('outlet_id'),
    technicianId: uuid('technician_id'),
    /** The technician's user id (scopes technician reads). */
    assignedUserId: uuid('assigned_user_id'),
    dispatchMode: text('dispatch_mode'),
    explanation: jsonb('explanation').$type<DispatchExplanation>(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    onTheWayAt: timestamp('on_the_way_at', { withTimezone: true }),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    arrivedLatitude: doublePrecision('arrived_latitude'),
    arrivedLongitude: doublePrecision('arrived_longitude'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    notCompletedReason: text('not_completed_reason'),
    notCompletedNote: text('not_completed_note'),
    declineReason: text('decline_reason'),
    /** Diagnosis, actual fault, parts, labour, fees, work done. */
    result: jsonb('result').$type<WorkOrderResult>(),
    signatureKey: text('signature_key'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** Outlet feedback (派工反馈): flagged when no technician confirmed in time. */
    feedbackOverdueAt: timestamp('feedback_overdue_at', { withTimezone: true }),
    /** The published day plan's order of the stop and its planned start. */
    planId: uuid('plan_id'),
    routeSeq: integer('route_seq'),
    plannedStart: timestamp('planned_start', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('work_orders_ticket_idx').on(table.ticketId),
    index('work_orders_status_idx').on(table.status, table.priority, table.windowStart),
    index('work_orders_outlet_date_idx').on(table.outletId, table.serviceDate),
    index('work_orders_technician_date_idx').on(table.technicianId, table.serviceDate),
    index('work_orders_assigned_idx').on(table.assignedUserId),
  ],
);

/** The work order's timeline; phone steps carry the client's step id so a retry is applied once. */
export const workOrderEvents = pgTable(
  'work_order_events',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    text: text('text'),
    data: jsonb('data'),
    clientStepId: text('client_step_id'),
  },
  (table) => [
    index('work_order_events_order_idx').on(table.workOrderId, table.at),
    uniqueIndex('work_order_events_step_idx').on(table.workOrderId, table.clientStepId),
  ],
);

/** Photos taken on site (the signature is stored on the order itself). */
export const workOrderPhotos = pgTable(
  'work_order_photos',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    caption: text('caption'),
    clientStepId: text('client_step_id'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('work_order_photos_order_idx').on(table.workOrderId), uniqueIndex('work_order_photos_step_idx').on(table.workOrderId, table.clientStepId)],
);

/** Workshop log (带回维修): units taken back in and returned out. */
export const workshopLog = pgTable(
  'workshop_log',
  {
    id: uuid('id').primaryKey(),
    receiptNumber: text('receipt_number').notNull(),
    workOrderId: uuid('work_order_id').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    assetId: uuid('asset_id'),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    unitDescription: text('unit_description').notNull(),
    condition: text('condition'),
    note: text('note'),
    actorName: text('actor_name'),
    outletId: uuid('outlet_id'),
  },
  (table) => [index('workshop_log_order_idx').on(table.workOrderId), index('workshop_log_at_idx').on(table.at)],
);
