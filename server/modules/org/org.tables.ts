/**
 * The organisation the other modules stand on: service outlets (网点) with their service
 * areas, and the department's run-time settings (each module reads its own key through a
 * typed accessor, `defineSetting` in settings.ts).
 */
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { OutletContact } from '../../../contracts/dispatch';

/** Service outlets (网点): the department's own stations and partner outlets. */
export const outlets = pgTable('outlets', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['own', 'partner'] }).notNull(),
  phone: text('phone'),
  address: text('address'),
  isActive: boolean('is_active').notNull().default(true),
  /** Where the outlet is: its district and coordinates (the radius and travel are measured from here). */
  districtCode: text('district_code'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  /** Service area: districts (division codes) and/or a radius around the outlet. */
  serviceDistricts: text('service_districts').array().notNull().default(sql`'{}'::text[]`),
  serviceRadiusKm: doublePrecision('service_radius_km'),
  /** Daily capacity per work type (orders per day); a type not listed is not limited. */
  dailyCapacity: jsonb('daily_capacity').$type<Record<string, number>>().notNull().default({}),
  /** Working hours, minutes after midnight Asia/Shanghai. */
  workStartMinute: integer('work_start_minute').notNull().default(480),
  workEndMinute: integer('work_end_minute').notNull().default(1080),
  contacts: jsonb('contacts').$type<OutletContact[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Settings of the department that admins change at run time (key → JSON value). */
export const systemSettings = pgTable('system_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
