import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** Customers (客户): persons or organisations. A merged customer points at the one it became. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    kind: text('kind', { enum: ['person', 'organisation'] }).notNull(),
    name: text('name').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    notes: text('notes'),
    isKey: boolean('is_key').notNull().default(false),
    keySource: text('key_source', { enum: ['rule', 'manual'] }),
    keyReason: text('key_reason'),
    /** Name, phones (also without area code) and addresses in one text for trigram search. */
    searchText: text('search_text').notNull().default(''),
    mergedIntoId: uuid('merged_into_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('customers_search_trgm').using('gin', sql`${table.searchText} gin_trgm_ops`),
    index('customers_created_idx').on(table.createdAt),
    index('customers_name_prefix_idx').on(table.name.op('text_pattern_ops')),
  ],
);

export const customerPhones = pgTable(
  'customer_phones',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    phone: text('phone').notNull(),
    label: text('label').notNull().default('mobile'),
    isPrimary: boolean('is_primary').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (table) => [index('customer_phones_phone_idx').on(table.phone), index('customer_phones_customer_idx').on(table.customerId)],
);

export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    label: text('label'),
    provinceCode: text('province_code').notNull(),
    cityCode: text('city_code').notNull(),
    districtCode: text('district_code').notNull(),
    detail: text('detail').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    isDefault: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (table) => [index('customer_addresses_customer_idx').on(table.customerId), index('customer_addresses_district_idx').on(table.districtCode)],
);

export const customerContacts = pgTable(
  'customer_contacts',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    name: text('name').notNull(),
    title: text('title'),
    phone: text('phone'),
    email: text('email'),
    position: integer('position').notNull().default(0),
  },
  (table) => [index('customer_contacts_customer_idx').on(table.customerId)],
);

/** Yearly revenue per customer, in fen: the basis of the key-customer rule. */
export const customerRevenues = pgTable(
  'customer_revenues',
  {
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    year: integer('year').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.year] })],
);

/**
 * Which outlets and technicians may see a customer: written by the work that brings them
 * to the customer (dispatch). Outlet and technician users see only customers granted here.
 */
export const customerAccessGrants = pgTable(
  'customer_access_grants',
  {
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    outletId: uuid('outlet_id'),
    userId: uuid('user_id'),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('customer_access_grants_unique').on(table.customerId, table.outletId, table.userId, table.source),
    index('customer_access_grants_outlet_idx').on(table.outletId),
    index('customer_access_grants_user_idx').on(table.userId),
  ],
);
