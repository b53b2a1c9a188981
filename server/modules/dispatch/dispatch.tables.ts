/** Day plans (次日路线): the routes the optimizer planned for an outlet's technicians and vehicles. */
import { date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { PlanStop, PlanUnplaced } from '../../../contracts/dispatch';

/** Day plans (次日计划): one per outlet and date, drafted by the optimizer, published by the dispatcher. */
export const dayPlans = pgTable(
  'day_plans',
  {
    id: uuid('id').primaryKey(),
    outletId: uuid('outlet_id').notNull(),
    planDate: date('plan_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull(),
    unplaced: jsonb('unplaced').$type<PlanUnplaced[]>().notNull().default([]),
    totalTravelMinutes: integer('total_travel_minutes').notNull().default(0),
    totalDistanceKm: doublePrecision('total_distance_km').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by'),
  },
  (table) => [uniqueIndex('day_plans_outlet_date_idx').on(table.outletId, table.planDate)],
);

/** One technician's route in a day plan, with the vehicle assigned to it. */
export const dayPlanRoutes = pgTable(
  'day_plan_routes',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id').notNull(),
    technicianId: uuid('technician_id').notNull(),
    vehicleId: uuid('vehicle_id'),
    stops: jsonb('stops').$type<PlanStop[]>().notNull().default([]),
    travelMinutes: integer('travel_minutes').notNull().default(0),
    distanceKm: doublePrecision('distance_km').notNull().default(0),
  },
  (table) => [index('day_plan_routes_plan_idx').on(table.planId)],
);
