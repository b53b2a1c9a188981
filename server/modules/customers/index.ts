/** The customers module's surface for other modules. */
import type { Executor } from '../../db/client';
import { asc, eq, inArray } from 'drizzle-orm';
import { findCustomerById } from './customers.repository';
import { customerAccessGrants, customerAddresses, customerPhones, customers } from './customers.tables';

export { reviewKeyCustomers } from './customers.service';
export { customerScope, isCustomerVisible, grantCustomerAccess, createCustomer, updateCustomer, mergeCustomerRecords, presentSummaries, canSeeFullPhones } from './customers.service';
export { CustomerAssetCounts } from './customers.events';
export { searchCustomerRows, findCustomersByPhones } from './customers.repository';
export { customersRoutes } from './customers.routes';

/** A live customer with its default address, or undefined. */
export async function findCustomerWithAddress(executor: Executor, id: string) {
  const customer = await findCustomerById(executor, id);
  if (!customer) return undefined;
  // Only phones and addresses: contacts and revenues are not needed here (intake hot path).
  const phones = await executor.select().from(customerPhones).where(eq(customerPhones.customerId, id)).orderBy(asc(customerPhones.position));
  const addresses = await executor.select().from(customerAddresses).where(eq(customerAddresses.customerId, id)).orderBy(asc(customerAddresses.position));
  return { customer, defaultAddress: addresses.find((address) => address.isDefault) ?? addresses[0] ?? null, addresses, phones };
}
export { findCustomerIdsByPhones, findDefaultAddresses, insertImportedCustomers, findCustomersForExport, findPrimaryPhones, type ImportCustomer } from './customers.import';
export { customerFilterCondition } from './customers.repository';

/** id → name of customers (merged ones included, so old tickets keep their name). */
export async function findCustomerNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await executor.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}


/** Several access grants in one statement (automatic dispatch of a batch); existing ones are kept. */
export async function grantCustomerAccessMany(executor: Executor, grants: { customerId: string; outletId?: string | null; userId?: string | null; source: string }[]): Promise<void> {
  for (let start = 0; start < grants.length; start += 500) {
    const part = grants.slice(start, start + 500);
    await executor
      .insert(customerAccessGrants)
      .values(part.map((grant) => ({ customerId: grant.customerId, outletId: grant.outletId ?? null, userId: grant.userId ?? null, source: grant.source })))
      .onConflictDoNothing();
  }
}
