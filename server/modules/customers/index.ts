/** The customers module's surface for other modules. */
import type { Executor } from '../../db/client';
import { findCustomerAddresses, findCustomerById, findCustomerPhones, insertGrants } from './customers.repository';

export { reviewKeyCustomers, setKeyCustomer, setRevenue } from './customers.service';
export { customerScope, isCustomerVisible, grantCustomerAccess, createCustomer, updateCustomer, mergeCustomerRecords, presentSummaries, canSeeFullPhones } from './customers.service';
export { CustomerAssetCounts } from './customers.events';
export { searchCustomerRows, findCustomersByPhones } from './customers.repository';
export { customersRoutes } from './customers.routes';

/** A live customer with its default address, or undefined. */
export async function findCustomerWithAddress(executor: Executor, id: string) {
  const customer = await findCustomerById(executor, id);
  if (!customer) return undefined;
  // Only phones and addresses: contacts and revenues are not needed here (intake hot path).
  const phones = await findCustomerPhones(executor, id);
  const addresses = await findCustomerAddresses(executor, id);
  return { customer, defaultAddress: addresses.find((address) => address.isDefault) ?? addresses[0] ?? null, addresses, phones };
}
export { insertImportedCustomers, type ImportCustomer } from './customers.import';
export { findCustomerIdsByPhones, findDefaultAddresses, findCustomersForExport, findPrimaryPhones } from './customers.import.repository';
export { customerFilterCondition, findCustomerNames, customerNameOf, customerNameMatches, findCustomerClasses, findKeyCustomerIds } from './customers.repository';


/** Several access grants in one statement (automatic dispatch of a batch); existing ones are kept. */
export async function grantCustomerAccessMany(executor: Executor, grants: { customerId: string; outletId?: string | null; userId?: string | null; source: string }[]): Promise<void> {
  for (let start = 0; start < grants.length; start += 500) {
    const part = grants.slice(start, start + 500);
    await insertGrants(
      executor,
      part.map((grant) => ({ customerId: grant.customerId, outletId: grant.outletId ?? null, userId: grant.userId ?? null, source: grant.source })),
    );
  }
}
