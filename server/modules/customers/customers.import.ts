import { regionLabel } from '../../../contracts/regions';
import type { Executor } from '../../db/client';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { recordAuditBatch } from '../audit';
import * as importRepo from './customers.import.repository';

export type ImportCustomer = {
  kind: 'person' | 'organisation';
  name: string;
  phones: string[];
  address: { provinceCode: string; cityCode: string; districtCode: string; detail: string; latitude?: number | null; longitude?: number | null } | null;
  tags: string[];
  notes: string | null;
};

const CHUNK = 500;

/**
 * Inserts new customers in bulk inside the caller's transaction (Excel import): multi-row
 * inserts of 500, one audit row per customer. Returns phone → new customer id.
 */
export async function insertImportedCustomers(tx: Executor, actor: Actor, rows: ImportCustomer[], at: Date): Promise<Map<string, string>> {
  const byPhone = new Map<string, string>();
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const codes = await importRepo.nextCustomerCodes(tx, chunk.length);
    const customerRows = chunk.map((row, index) => {
      const code = codes[index];
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
    await importRepo.insertCustomers(tx, customerRows);
    const phoneRows = chunk.flatMap((row, index) =>
      row.phones.map((phone, position) => ({ id: newId(), customerId: customerRows[index].id, phone, label: /^1\d{10}$/.test(phone) ? 'mobile' : 'home', isPrimary: position === 0, position })),
    );
    await importRepo.insertCustomerPhones(tx, phoneRows);
    const addressRows = chunk.flatMap((row, index) => (row.address ? [{ id: newId(), customerId: customerRows[index].id, ...row.address, isDefault: true, position: 0 }] : []));
    await importRepo.insertCustomerAddresses(tx, addressRows);
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
