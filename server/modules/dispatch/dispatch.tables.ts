import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Service outlets (网点): the department's own stations and partner outlets. */
export const outlets = pgTable('outlets', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['own', 'partner'] }).notNull(),
  phone: text('phone'),
  address: text('address'),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
