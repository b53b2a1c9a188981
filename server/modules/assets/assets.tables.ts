import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { TWarrantyPolicy } from '../../../contracts/products';
import { customers } from '../customers/customers.tables';

/** Product categories (品类), a tree; each may carry a warranty and 三包 policy. */
export const productCategories = pgTable('product_categories', {
  id: uuid('id').primaryKey(),
  parentId: uuid('parent_id'),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  policy: jsonb('policy').$type<TWarrantyPolicy>(),
  /** The fault taxonomy of the category (故障分类); null inherits the parent's. */
  faultCodes: jsonb('fault_codes').$type<{ code: string; name: string }[]>(),
  /** Ticket types this category allows (e.g. tiles: site measurement, installation guidance); null inherits, and none anywhere means all. */
  allowedTicketTypes: jsonb('allowed_ticket_types').$type<string[]>(),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Product models (型号). */
export const productModels = pgTable(
  'product_models',
  {
    id: uuid('id').primaryKey(),
    categoryId: uuid('category_id').notNull().references(() => productCategories.id),
    brand: text('brand').notNull(),
    modelCode: text('model_code').notNull(),
    name: text('name').notNull(),
    specs: jsonb('specs').$type<Record<string, string>>().notNull().default({}),
    isDiscontinued: boolean('is_discontinued').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('product_models_brand_code').on(table.brand, table.modelCode)],
);

/** Sold or installed units (资产): the serial number is unique per model. */
export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey(),
    modelId: uuid('model_id').notNull().references(() => productModels.id),
    serialNumber: text('serial_number').notNull(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    installProvinceCode: text('install_province_code'),
    installCityCode: text('install_city_code'),
    installDistrictCode: text('install_district_code'),
    installDetail: text('install_detail'),
    installLatitude: doublePrecision('install_latitude'),
    installLongitude: doublePrecision('install_longitude'),
    purchaseDate: date('purchase_date'),
    acceptanceDate: date('acceptance_date'),
    salesChannel: text('sales_channel', { enum: ['store', 'dealer', 'online', 'project'] }).notNull(),
    invoiceNumber: text('invoice_number'),
    /** Warranty end from the category policy, kept current when the policy or dates change. */
    computedWarrantyEnd: date('computed_warranty_end'),
    warrantyOverrideEnd: date('warranty_override_end'),
    warrantyOverrideReason: text('warranty_override_reason'),
    extendedWarrantyEnd: date('extended_warranty_end'),
    contractEnd: date('contract_end'),
    status: text('status', { enum: ['in_service', 'returned', 'scrapped'] }).notNull().default('in_service'),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('assets_model_serial').on(table.modelId, table.serialNumber),
    index('assets_customer_idx').on(table.customerId),
    index('assets_serial_trgm').using('gin', sql`${table.serialNumber} gin_trgm_ops`),
  ],
);
