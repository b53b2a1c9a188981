import { and, inArray, isNull, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/client';
import type { customerFilterCondition } from './customers.repository';
import { customerAddresses, customerPhones, customers } from './customers.tables';

/** Bulk reads and writes of the Excel import and export (and the demo loader), chunked so parameter lists stay small. */

/** phone → customer id of live customers holding any of these numbers. */
export async function findCustomerIdsByPhones(executor: Executor, phones: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (let start = 0; start < phones.length; start += 1000) {
    const chunk = phones.slice(start, start + 1000);
    const rows = await executor
      .select({ phone: customerPhones.phone, customerId: customerPhones.customerId })
      .from(customerPhones)
      .innerJoin(customers, eq(customers.id, customerPhones.customerId))
      .where(and(inArray(customerPhones.phone, chunk), isNull(customers.mergedIntoId)));
    for (const row of rows) if (!result.has(row.phone)) result.set(row.phone, row.customerId);
  }
  return result;
}

/** customer id → default (or first) address. */
export async function findDefaultAddresses(executor: Executor, customerIds: string[]) {
  const result = new Map<string, typeof customerAddresses.$inferSelect>();
  for (let start = 0; start < customerIds.length; start += 1000) {
    const rows = await executor.select().from(customerAddresses).where(inArray(customerAddresses.customerId, customerIds.slice(start, start + 1000)));
    for (const row of rows) {
      const current = result.get(row.customerId);
      if (!current || (row.isDefault && !current.isDefault) || (row.isDefault === current.isDefault && row.position < current.position)) result.set(row.customerId, row);
    }
  }
  return result;
}

/** `count` new customer codes (`KH` + 8 digits) from the sequence, in one query. */
export async function nextCustomerCodes(executor: Executor, count: number): Promise<string[]> {
  const rows = await queryRows<{ n: string }>(executor, sql`select nextval('customer_code_seq')::text as n from generate_series(1, ${count})`);
  return rows.map((row) => `KH${row.n.padStart(8, '0')}`);
}

/** Several customers in one multi-row insert. */
export async function insertCustomers(executor: Executor, rows: (typeof customers.$inferInsert)[]): Promise<void> {
  await executor.insert(customers).values(rows);
}

/** Several phones in one multi-row insert (nothing when the list is empty). */
export async function insertCustomerPhones(executor: Executor, rows: (typeof customerPhones.$inferInsert)[]): Promise<void> {
  if (rows.length) await executor.insert(customerPhones).values(rows);
}

/** Several addresses in one multi-row insert (nothing when the list is empty). */
export async function insertCustomerAddresses(executor: Executor, rows: (typeof customerAddresses.$inferInsert)[]): Promise<void> {
  if (rows.length) await executor.insert(customerAddresses).values(rows);
}

/** Customers matching a list filter, with all phones and the default address, for Excel export. */
export async function findCustomersForExport(executor: Executor, where: ReturnType<typeof customerFilterCondition>, limit: number) {
  const rows = await executor.select().from(customers).where(where).orderBy(customers.code).limit(limit);
  const ids = rows.map((row) => row.id);
  const phones = new Map<string, string[]>();
  for (let start = 0; start < ids.length; start += 1000) {
    const chunk = await executor.select().from(customerPhones).where(inArray(customerPhones.customerId, ids.slice(start, start + 1000))).orderBy(customerPhones.position);
    for (const phone of chunk) phones.set(phone.customerId, [...(phones.get(phone.customerId) ?? []), phone.phone]);
  }
  const addresses = await findDefaultAddresses(executor, ids);
  return rows.map((row) => ({ customer: row, phones: phones.get(row.id) ?? [], address: addresses.get(row.id) ?? null }));
}

/** customer id → first phone number. */
export async function findPrimaryPhones(executor: Executor, customerIds: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (let start = 0; start < customerIds.length; start += 1000) {
    const rows = await executor.select().from(customerPhones).where(inArray(customerPhones.customerId, customerIds.slice(start, start + 1000))).orderBy(customerPhones.position);
    for (const row of rows) if (!result.has(row.customerId)) result.set(row.customerId, row.phone);
  }
  return result;
}
