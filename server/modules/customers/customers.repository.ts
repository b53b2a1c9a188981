import { and, asc, count, desc, eq, gt, inArray, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { escapeLike } from '../../db/like';
import { queryRows } from '../../db/client';
import {
  customerAccessGrants,
  customerAddresses,
  customerContacts,
  customerPhones,
  customerRevenues,
  customers,
} from './customers.tables';

export type CustomerRow = typeof customers.$inferSelect;
export type PhoneRow = typeof customerPhones.$inferSelect;
export type AddressRow = typeof customerAddresses.$inferSelect;
export type ContactRow = typeof customerContacts.$inferSelect;

export async function nextCustomerCode(executor: Executor): Promise<string> {
  const [row] = await queryRows<{ n: string }>(executor, sql`select nextval('customer_code_seq')::text as n`);
  return `KH${row.n.padStart(8, '0')}`;
}

export async function insertCustomer(executor: Executor, row: typeof customers.$inferInsert): Promise<CustomerRow> {
  const [created] = await executor.insert(customers).values(row).returning();
  return created;
}

export async function updateCustomerRow(executor: Executor, id: string, patch: Partial<typeof customers.$inferInsert>): Promise<CustomerRow> {
  const [updated] = await executor.update(customers).set(patch).where(eq(customers.id, id)).returning();
  return updated;
}

/** A live (not merged) customer. */
export async function findCustomerById(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<CustomerRow | undefined> {
  const query = executor.select().from(customers).where(and(eq(customers.id, id), isNull(customers.mergedIntoId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** A customer's phones in their order. */
export async function findCustomerPhones(executor: Executor, customerId: string): Promise<PhoneRow[]> {
  return executor.select().from(customerPhones).where(eq(customerPhones.customerId, customerId)).orderBy(asc(customerPhones.position));
}

/** A customer's addresses in their order. */
export async function findCustomerAddresses(executor: Executor, customerId: string): Promise<AddressRow[]> {
  return executor.select().from(customerAddresses).where(eq(customerAddresses.customerId, customerId)).orderBy(asc(customerAddresses.position));
}

export async function findChildren(executor: Executor, customerId: string) {
  const [phones, addresses, contacts, revenues] = await Promise.all([
    findCustomerPhones(executor, customerId),
    findCustomerAddresses(executor, customerId),
    executor.select().from(customerContacts).where(eq(customerContacts.customerId, customerId)).orderBy(asc(customerContacts.position)),
    executor.select().from(customerRevenues).where(eq(customerRevenues.customerId, customerId)).orderBy(desc(customerRevenues.year)),
  ]);
  return { phones, addresses, contacts, revenues };
}

export async function replacePhones(executor: Executor, customerId: string, rows: (typeof customerPhones.$inferInsert)[]): Promise<void> {
  await executor.delete(customerPhones).where(eq(customerPhones.customerId, customerId));
  if (rows.length) await executor.insert(customerPhones).values(rows);
}

export async function replaceAddresses(executor: Executor, customerId: string, rows: (typeof customerAddresses.$inferInsert)[]): Promise<void> {
  await executor.delete(customerAddresses).where(eq(customerAddresses.customerId, customerId));
  if (rows.length) await executor.insert(customerAddresses).values(rows);
}

export async function replaceContacts(executor: Executor, customerId: string, rows: (typeof customerContacts.$inferInsert)[]): Promise<void> {
  await executor.delete(customerContacts).where(eq(customerContacts.customerId, customerId));
  if (rows.length) await executor.insert(customerContacts).values(rows);
}

/** Live customers that have any of these phone numbers. */
export async function findCustomersByPhones(executor: Executor, phones: string[], exceptId?: string): Promise<CustomerRow[]> {
  if (!phones.length) return [];
  return executor
    .selectDistinct({ customer: customers })
    .from(customers)
    .innerJoin(customerPhones, eq(customerPhones.customerId, customers.id))
    .where(and(inArray(customerPhones.phone, phones), isNull(customers.mergedIntoId), exceptId ? sql`${customers.id} <> ${exceptId}` : undefined))
    .then((rows) => rows.map((row) => row.customer));
}

export type CustomerFilter = {
  q?: string;
  kind?: 'person' | 'organisation';
  isKey?: boolean;
  tag?: string;
  provinceCode?: string;
  cityCode?: string;
  districtCode?: string;
  scope?: SQL;
};

const SORTS = {
  name: asc(customers.name),
  '-name': desc(customers.name),
  createdAt: asc(customers.createdAt),
  '-createdAt': desc(customers.createdAt),
} as const;

export function customerFilterCondition(filter: CustomerFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [isNull(customers.mergedIntoId), filter.scope];
  if (filter.q) conditions.push(sql`${customers.searchText} ilike ${`%${escapeLike(filter.q.toLowerCase())}%`}`);
  if (filter.kind) conditions.push(eq(customers.kind, filter.kind));
  if (filter.isKey !== undefined) conditions.push(eq(customers.isKey, filter.isKey));
  if (filter.tag) conditions.push(sql`${customers.tags} @> ${JSON.stringify([filter.tag])}::jsonb`);
  const region = filter.districtCode
    ? eq(customerAddresses.districtCode, filter.districtCode)
    : filter.cityCode
      ? eq(customerAddresses.cityCode, filter.cityCode)
      : filter.provinceCode
        ? eq(customerAddresses.provinceCode, filter.provinceCode)
        : undefined;
  if (region) {
    conditions.push(sql`exists (select 1 from ${customerAddresses} where ${customerAddresses.customerId} = ${customers.id} and ${region})`);
  }
  return and(...conditions);
}

export async function findCustomers(executor: Executor, filter: CustomerFilter, page: { limit: number; offset: number; sort: keyof typeof SORTS }) {
  const where = customerFilterCondition(filter);
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(customers).where(where).orderBy(SORTS[page.sort], asc(customers.id)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(customers).where(where),
  ]);
  return { rows, total: Number(total) };
}

/** Primary phone and default address of each customer, for list rows. */
export async function findListExtras(executor: Executor, customerIds: string[]) {
  if (!customerIds.length) return { phones: [] as PhoneRow[], addresses: [] as AddressRow[] };
  const [phones, addresses] = await Promise.all([
    executor.select().from(customerPhones).where(inArray(customerPhones.customerId, customerIds)).orderBy(asc(customerPhones.position)),
    executor.select().from(customerAddresses).where(inArray(customerAddresses.customerId, customerIds)).orderBy(asc(customerAddresses.position)),
  ]);
  return { phones, addresses };
}

/**
 * Search in two steps so both use an index: substring matches first (any fragment of a
 * name, phone, code or address; trigram GIN index), ranked by similarity among at most 200
 * candidates; then, only when none was found and the text is not a number or a code,
 * fuzzy matches by word similarity (also indexed) when nothing matched as typed. One- and two-character texts (a surname)
 * match name prefixes through a btree index instead.
 */
export async function searchCustomerRows(executor: Executor, q: string, limit: number, scope?: SQL) {
  type Row = { id: string; code: string; name: string; kind: string; search_text: string; score: number };
  const needle = q.toLowerCase();
  const scoped = scope ? sql`and ${scope}` : sql``;
  if ([...needle].length < 3) {
    return queryRows<Row>(
      executor,
      sql`select id, code, name, kind, search_text, 1::float8 as score from ${customers}
          where merged_into_id is null and name like ${`${escapeLike(q)}%`} ${scoped}
          order by name limit ${limit}`,
    );
  }
  const pattern = `%${escapeLike(needle)}%`;
  const exact = await queryRows<Row>(
    executor,
    sql`select * from (
          select id, code, name, kind, search_text, (1 + similarity(search_text, ${needle}))::float8 as score
          from ${customers}
          where merged_into_id is null and search_text ilike ${pattern} ${scoped}
          limit 200) candidates
        order by score desc, name limit ${limit}`,
  );
  // Fuzzy matching is for misspelt names and addresses: only when nothing matched as typed,
  // and never for numbers and codes (digits are similar to too many phones and codes).
  if (exact.length > 0 || /^[a-z]{0,3}[\d\s-]+$/.test(needle)) return exact;
  return queryRows<Row>(
    executor,
    sql`select id, code, name, kind, search_text, word_similarity(${needle}, search_text)::float8 as score
        from ${customers}
        where merged_into_id is null and ${needle} <% search_text ${scoped}
        order by score desc, name limit ${limit}`,
  );
}

export async function upsertRevenue(executor: Executor, customerId: string, year: number, amountFen: number) {
  await executor
    .insert(customerRevenues)
    .values({ customerId, year, amountFen })
    .onConflictDoUpdate({ target: [customerRevenues.customerId, customerRevenues.year], set: { amountFen } });
}

export async function findRevenuesOfYear(executor: Executor, year: number) {
  return executor.select().from(customerRevenues).where(eq(customerRevenues.year, year));
}

export async function findRuleKeyCustomers(executor: Executor): Promise<CustomerRow[]> {
  return executor.select().from(customers).where(and(eq(customers.keySource, 'rule'), isNull(customers.mergedIntoId)));
}

export async function findCustomersByIds(executor: Executor, ids: string[]): Promise<CustomerRow[]> {
  if (!ids.length) return [];
  return executor.select().from(customers).where(and(inArray(customers.id, ids), isNull(customers.mergedIntoId)));
}

/** id → name of customers (merged ones included, so old tickets keep their name). */
export async function findCustomerNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await executor.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** SQL that limits a customer id column to customers granted to an outlet or a user. */
export function grantedCustomersCondition(customerIdColumn: SQL | unknown, grantee: { outletId: string | null; userId: string | null }): SQL {
  const byOutlet = grantee.outletId ? sql`${customerAccessGrants.outletId} = ${grantee.outletId}` : undefined;
  const byUser = grantee.userId ? sql`${customerAccessGrants.userId} = ${grantee.userId}` : undefined;
  const who = or(byOutlet, byUser) ?? sql`false`;
  return sql`${customerIdColumn} in (select ${customerAccessGrants.customerId} from ${customerAccessGrants} where ${who})`;
}

export async function insertGrant(executor: Executor, row: typeof customerAccessGrants.$inferInsert): Promise<void> {
  await executor.insert(customerAccessGrants).values(row).onConflictDoNothing();
}

/** Several grants in one multi-row insert; existing ones are kept. */
export async function insertGrants(executor: Executor, rows: (typeof customerAccessGrants.$inferInsert)[]): Promise<void> {
  await executor.insert(customerAccessGrants).values(rows).onConflictDoNothing();
}

export async function moveChildren(executor: Executor, fromId: string, toId: string): Promise<void> {
  await executor.update(customerPhones).set({ customerId: toId, isPrimary: false, position: sql`${customerPhones.position} + 100` }).where(eq(customerPhones.customerId, fromId));
  await executor.update(customerAddresses).set({ customerId: toId, isDefault: false, position: sql`${customerAddresses.position} + 100` }).where(eq(customerAddresses.customerId, fromId));
  await executor.update(customerContacts).set({ customerId: toId }).where(eq(customerContacts.customerId, fromId));
  await executor.execute(sql`update ${customerAccessGrants} set customer_id = ${toId} where customer_id = ${fromId}
    and not exists (select 1 from ${customerAccessGrants} g2 where g2.customer_id = ${toId} and g2.outlet_id is not distinct from ${customerAccessGrants.outletId} and g2.user_id is not distinct from ${customerAccessGrants.userId} and g2.source = ${customerAccessGrants.source})`);
  await executor.execute(sql`insert into ${customerRevenues} (customer_id, year, amount_fen)
      select ${toId}, year, amount_fen from ${customerRevenues} where customer_id = ${fromId}
      on conflict (customer_id, year) do update set amount_fen = ${customerRevenues}.amount_fen + excluded.amount_fen`);
  await executor.delete(customerRevenues).where(eq(customerRevenues.customerId, fromId));
}

/**
 * SQL fragments for other modules' queries that filter or show customers in one statement
 * (the asset list): the customers module keeps its SQL, the caller gets a fragment.
 */
export function customerNameOf(customerId: SQL | AnyColumn): SQL<string> {
  return sql<string>`(select ${customers.name} from ${customers} where ${customers.id} = ${customerId})`;
}

/** `customerId in (customers whose name matches the ilike pattern)`. */
export function customerNameMatches(customerId: SQL | AnyColumn, pattern: string): SQL {
  return sql`${customerId} in (select ${customers.id} from ${customers} where ${customers.name} ilike ${pattern})`;
}

/** Live customers' ids and class (key customer or not), in id order after `afterId` (periodic visit planning). */
export async function findCustomerClasses(executor: Executor, afterId: string | null, limit: number): Promise<{ id: string; isKey: boolean }[]> {
  return executor
    .select({ id: customers.id, isKey: customers.isKey })
    .from(customers)
    .where(and(isNull(customers.mergedIntoId), afterId ? gt(customers.id, afterId) : undefined))
    .orderBy(customers.id)
    .limit(limit);
}

/** Which of the given (live) customers are key customers. */
export async function findKeyCustomerIds(executor: Executor, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < ids.length; start += 1000) {
    const rows = await executor.select({ id: customers.id }).from(customers).where(and(inArray(customers.id, ids.slice(start, start + 1000)), isNull(customers.mergedIntoId), eq(customers.isKey, true)));
    for (const row of rows) found.add(row.id);
  }
  return found;
}
