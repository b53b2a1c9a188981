import { and, inArray, isNull, eq, sql } from 'drizzle-orm';
import { regionLabel } from '../../../contracts/regions';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/client';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { recordAuditBatch } from '../audit';
import { customerAddresses, customerPhones, customers } from './customers.tables';

export type ImportCustomer = {
  kind: 'person' | 'organisation';
  name: string;
  phones: string[];
  address: { provinceCode: string; cityCode: string; districtCode: string; detail: string; latitude?: number | null; longitude?: number | null } | null;
  tags: string[];
  notes: string | null;
};

const CHUNK = 500;

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

/**
 * Inserts new customers in bulk inside the caller's transaction (Excel import): multi-row
 * inserts of 500, one audit row per customer. Returns phone → new customer id.
 */
export async function insertImportedCustomers(tx: Executor, actor: Actor, rows: ImportCustomer[], at: Date): Promise<Map<string, string>> {
  const byPhone = new Map<string, string>();
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const codes = await queryRows<{ n: string }>(tx, sql`select nextval('customer_code_seq')::text as n from generate_series(1, ${chunk.length})`);
    const customerRows = chunk.map((row, index) => {
      const code = `KH${codes[index].n.padStart(8, '0')}`;
      const addressText = row.address ? `${regionLabel(row.address)}${row.address.detail}` : '';
      return {
        id: newId(),
        code,
        kind: row.kind,
        name: row.name,
        tags: row.tags,
        notes: row.notes,
        searchText: [row.name, code, ...row.tags, ...row.phones.flatMap((phone) => (phone.includes('-') ? [phone, phone.replace(/-/g, '')] : [phone])), addressText].filter(Boolean).join(' ').toLowerCase(),
        createdAt: at,
        updatedAt: at,
      };
    });
    await tx.insert(customers).values(customerRows);
    const phoneRows = chunk.flatMap((row, index) =>
      row.phones.map((phone, position) => ({ id: newId(), customerId: customerRows[index].id, phone, label: /^1\d{10}$/.test(phone) ? 'mobile' : 'home', isPrimary: position === 0, position })),
    );
    if (phoneRows.length) await tx.insert(customerPhones).values(phoneRows);
    const addressRows = chunk.flatMap((row, index) => (row.address ? [{ id: newId(), customerId: customerRows[index].id, ...row.address, isDefault: true, position: 0 }] : []));
    if (addressRows.length) await tx.insert(customerAddresses).values(addressRows);
    await recordAuditBatch(
      tx,
      actor,
      chunk.map((row, index) => ({
        entity: 'customer',
        entityId: customerRows[index].id,
        action: 'imported',
        after: { kind: row.kind, name: row.name, phones: row.phones, address: row.address ? `${regionLabel(row.address)}${row.address.detail}` : null, tags: row.tags },
      })),
    );
    chunk.forEach((row, index) => row.phones.forEach((phone) => byPhone.set(phone, customerRows[index].id)));
  }
  return byPhone;
}

/** Customers matching a list filter, with all phones and the default address, for Excel export. */
export async function findCustomersForExport(executor: Executor, where: ReturnType<typeof import('./customers.repository').customerFilterCondition>, limit: number) {
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
