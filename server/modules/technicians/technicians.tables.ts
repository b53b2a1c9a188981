/** Technicians (技师) of the outlets, their certificates (上岗证), absences and the outlets' vehicles. */
import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TechnicianSkill } from '../../../contracts/dispatch';

/** Vehicles of an outlet (用车计划: each planned route gets one). */
export const vehicles = pgTable('vehicles', {
  id: uuid('id').primaryKey(),
  outletId: uuid('outlet_id').notNull(),
  plate: text('plate').notNull().unique(),
  name: text('name'),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** Technicians (技师): a user working for an outlet, with skills, grade and hours. */
export const technicians = pgTable(
  'technicians',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().unique(),
    outletId: uuid('outlet_id').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    grade: text('grade').notNull(),
    /** Product category (null: any) × work type. */
    skills: jsonb('skills').$type<TechnicianSkill[]>().notNull().default([]),
    /** ISO weekdays worked (1 = Monday … 7 = Sunday). */
    workingDays: integer('working_days').array().notNull().default(sql`'{1,2,3,4,5,6}'::int[]`),
    workStartMinute: integer('work_start_minute').notNull().default(480),
    workEndMinute: integer('work_end_minute').notNull().default(1080),
    maxOrdersPerDay: integer('max_orders_per_day').notNull().default(8),
    baseLatitude: doublePrecision('base_latitude'),
    baseLongitude: doublePrecision('base_longitude'),
    baseAddress: text('base_address'),
    vehicleId: uuid('vehicle_id'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('technicians_outlet_idx').on(table.outletId)],
);

/** Certifications with expiry; without a valid 上岗证 (`work_permit`) a technician is never dispatched. */
export const technicianCertifications = pgTable(
  'technician_certifications',
  {
    id: uuid('id').primaryKey(),
    technicianId: uuid('technician_id').notNull(),
    kind: text('kind').notNull(),
    number: text('number'),
    issuedOn: date('issued_on', { mode: 'string' }),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('technician_certifications_technician_idx').on(table.technicianId)],
);

/** Absences (leave, training): no dispatch overlapping them. */
export const technicianAbsences = pgTable(
  'technician_absences',
  {
    id: uuid('id').primaryKey(),
    technicianId: uuid('technician_id').notNull(),
    kind: text('kind').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('technician_absences_technician_idx').on(table.technicianId, table.startsAt)],
);
