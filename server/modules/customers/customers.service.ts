import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TCreateCustomerBody, TUpdateCustomerBody, ZAddressInput, ZContactInput, ZPhoneInput } from '../../../contracts/customers';
import { maskPhone } from '../../../contracts/phones';
import { checkRegion, regionLabel } from '../../../contracts/regions';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { recordAudit } from '../audit';
import { defineSetting } from '../org';
import { lookup } from '../../platform/seam';
import { CustomerAssetCounts } from './customers.events';
import * as repo from './customers.repository';
import { customers } from './customers.tables';
import type { AddressRow, ContactRow, CustomerRow, PhoneRow } from './customers.repository';

type PhoneInput = z.infer<typeof ZPhoneInput>;
type AddressInput = z.infer<typeof ZAddressInput>;
type ContactInput = z.infer<typeof ZContactInput>;

/** Whether the principal sees full phone numbers without revealing them. */
export function canSeeFullPhones(principal: Principal): boolean {
  return principal.permissions.has('customers.phones.full');
}

/**
 * The scope of customer reads: department roles see all; outlet staff and technicians only
 * customers granted to their outlet or to themselves by their work (see grantCustomerAccess).
 */
export function customerScope(principal: Principal, customerIdColumn: unknown = customers.id) {
  if (principal.scope === 'all') return undefined;
  return repo.grantedCustomersCondition(customerIdColumn, {
    outletId: principal.scope === 'outlet' ? principal.outletId : null,
    userId: principal.kind === 'user' && principal.scope === 'self' ? principal.userId : null,
  });
}

function fullAddress(address: { provinceCode: string; cityCode: string; districtCode: string; detail: string }): string {
  return `${regionLabel(address)}${address.detail}`;
}

/** Everything the search box should find a customer by, lower-cased. */
function buildSearchText(customer: { code: string; name: string; tags: string[] }, phones: string[], addresses: AddressInput[] | AddressRow[], contacts: ContactInput[] | ContactRow[]): string {
  const phoneParts = phones.flatMap((phone) => (phone.includes('-') ? [phone, phone.replace(/-/g, '')] : [phone]));
  const parts = [
    customer.name,
    customer.code,
    ...customer.tags,
    ...phoneParts,
    ...addresses.map((address) => fullAddress(address)),
    ...contacts.flatMap((contact) => [contact.name, contact.phone ?? '']),
  ];
  return parts.filter(Boolean).join(' ').toLowerCase();
}

function validateAddresses(addresses: AddressInput[] | undefined): void {
  addresses?.forEach((address, index) => {
    const wrong = checkRegion(address);
    if (wrong) throw invalidField(['addresses', index, wrong], `unknown division code ${address[wrong]}`);
  });
}

function dedupePhones(phones: PhoneInput[]): PhoneInput[] {
  const seen = new Set<string>();
  return phones.filter((phone) => (seen.has(phone.phone) ? false : (seen.add(phone.phone), true)));
}

function phoneRows(customerId: string, phones: PhoneInput[]) {
  const hasPrimary = phones.some((phone) => phone.isPrimary);
  return phones.map((phone, index) => ({
    id: newId(),
    customerId,
    phone: phone.phone,
    label: phone.label ?? 'mobile',
    isPrimary: hasPrimary ? Boolean(phone.isPrimary) : index === 0,
    position: index,
  }));
}

function addressRows(customerId: string, addresses: AddressInput[]) {
  const hasDefault = addresses.some((address) => address.isDefault);
  return addresses.map((address, index) => ({
    id: address.id ?? newId(),
    customerId,
    label: address.label ?? null,
    provinceCode: address.provinceCode,
    cityCode: address.cityCode,
    districtCode: address.districtCode,
    detail: address.detail,
    latitude: address.latitude ?? null,
    longitude: address.longitude ?? null,
    isDefault: hasDefault ? Boolean(address.isDefault) : index === 0,
    position: index,
  }));
}

function contactRows(customerId: string, contacts: ContactInput[]) {
  return contacts.map((contact, index) => ({
    id: contact.id ?? newId(),
    customerId,
    name: contact.name,
    title: contact.title ?? null,
    phone: contact.phone ?? null,
    email: contact.email ?? null,
    position: index,
  }));
}

function presentPhone(row: PhoneRow, isMasked: boolean) {
  return { id: row.id, phone: isMasked ? maskPhone(row.phone) : row.phone, isMasked, label: row.label, isPrimary: row.isPrimary };
}

function presentAddress(row: AddressRow) {
  return {
    id: row.id,
    label: row.label,
    provinceCode: row.provinceCode,
    cityCode: row.cityCode,
    districtCode: row.districtCode,
    regionLabel: regionLabel(row),
    detail: row.detail,
    fullAddress: fullAddress(row),
    latitude: row.latitude,
    longitude: row.longitude,
    isDefault: row.isDefault,
  };
}

export function presentSummary(row: CustomerRow, extras: { phones: PhoneRow[]; addresses: AddressRow[]; assetCount: number }, isMasked: boolean) {
  const primary = extras.phones.find((phone) => phone.isPrimary) ?? extras.phones[0];
  const address = extras.addresses.find((item) => item.isDefault) ?? extras.addresses[0];
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    name: row.name,
    primaryPhone: primary ? (isMasked ? maskPhone(primary.phone) : primary.phone) : null,
    phonesMasked: isMasked,
    defaultAddress: address ? fullAddress(address) : null,
    isKey: row.isKey,
    tags: row.tags,
    assetCount: extras.assetCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The audited shape of a customer with its lists. */
function auditShape(row: CustomerRow, children: { phones: { phone: string }[]; addresses: AddressInput[] | AddressRow[]; contacts: ContactInput[] | ContactRow[] }) {
  return {
    kind: row.kind,
    name: row.name,
    tags: row.tags,
    notes: row.notes,
    isKey: row.isKey,
    keySource: row.keySource,
    keyReason: row.keyReason,
    phones: children.phones.map((phone) => phone.phone),
    addresses: children.addresses.map((address) => fullAddress(address)),
    contacts: children.contacts.map((contact) => `${contact.name}${contact.phone ? ` ${contact.phone}` : ''}`),
  };
}


export async function getCustomerDetail(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findCustomerById(ctx.db, id);
  if (!row || !(await isCustomerVisible(ctx.db, principal, id))) throw notFound('Customer');
  return presentDetail(ctx.db, row, !canSeeFullPhones(principal));
}

async function presentDetail(executor: Executor, row: CustomerRow, isMasked: boolean) {
  const children = await repo.findChildren(executor, row.id);
  const assetCount = (await lookup(executor, CustomerAssetCounts, [row.id])).get(row.id) ?? 0;
  return {
    ...presentSummary(row, { phones: children.phones, addresses: children.addresses, assetCount }, isMasked),
    phones: children.phones.map((phone) => presentPhone(phone, isMasked)),
    addresses: children.addresses.map(presentAddress),
    contacts: children.contacts.map((contact) => ({ ...contact, phone: contact.phone && isMasked ? maskPhone(contact.phone) : contact.phone })).map(({ id, name, title, phone, email }) => ({ id, name, title, phone, email })),
    notes: row.notes,
    keySource: row.keySource,
    keyReason: row.keyReason,
    revenues: children.revenues.map((revenue) => ({ year: revenue.year, amountFen: revenue.amountFen })),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function isCustomerVisible(executor: Executor, principal: Principal, customerId: string): Promise<boolean> {
  const scope = customerScope(principal);
  if (!scope) return true;
  const { total } = await repo.findCustomers(executor, { scope: and(eq(customers.id, customerId), scope) }, { limit: 1, offset: 0, sort: '-createdAt' });
  return total > 0;
}

export async function listCustomers(
  ctx: AppContext,
  principal: Principal,
  query: repo.CustomerFilter & { page: number; pageSize: number; sort: 'name' | '-name' | 'createdAt' | '-createdAt' },
) {
  const { page, pageSize, sort, ...filter } = query;
  const { rows, total } = await repo.findCustomers(ctx.db, { ...filter, scope: customerScope(principal) }, { limit: pageSize, offset: (page - 1) * pageSize, sort });
  return { items: await presentSummaries(ctx.db, rows, !canSeeFullPhones(principal)), total, page, pageSize };
}

export async function presentSummaries(executor: Executor, rows: CustomerRow[], isMasked: boolean) {
  const ids = rows.map((row) => row.id);
  const [extras, assetCounts] = await Promise.all([repo.findListExtras(executor, ids), lookup(executor, CustomerAssetCounts, ids)]);
  return rows.map((row) =>
    presentSummary(
      row,
      {
        phones: extras.phones.filter((phone) => phone.customerId === row.id),
        addresses: extras.addresses.filter((address) => address.customerId === row.id),
        assetCount: assetCounts.get(row.id) ?? 0,
      },
      isMasked,
    ),
  );
}

/** Customers already holding a phone number (the duplicate warning while typing). */
export async function findPhoneMatches(ctx: AppContext, principal: Principal, phone: string) {
  const rows = await repo.findCustomersByPhones(ctx.db, [phone]);
  const visible = [];
  for (const row of rows) if (await isCustomerVisible(ctx.db, principal, row.id)) visible.push(row);
  return presentSummaries(ctx.db, visible, !canSeeFullPhones(principal));
}

/**
 * Creates a customer. A phone that another customer already has is refused with 409
 * `conflict` naming the phone, unless `allowDuplicatePhone` says the agent saw the warning.
 */
export async function createCustomer(ctx: AppContext, actor: Actor, input: TCreateCustomerBody, executor?: Executor) {
  validateAddresses(input.addresses);
  const phones = dedupePhones(input.phones);
  const run = async (tx: Executor) => {
    if (!input.allowDuplicatePhone) {
      const existing = await repo.findCustomersByPhones(tx, phones.map((phone) => phone.phone));
      if (existing.length) {
        const existingPhones = await repo.findListExtras(tx, existing.map((row) => row.id));
        const taken = phones.findIndex((phone) => existingPhones.phones.some((row) => row.phone === phone.phone));
        throw new AppError('conflict', `This phone number belongs to ${existing.map((row) => `${row.name} (${row.code})`).join(', ')}`, {
          details: [{ path: ['phones', Math.max(taken, 0), 'phone'], message: 'duplicate_phone', code: 'duplicate_phone' }],
        });
      }
    }
    const id = newId();
    const code = await repo.nextCustomerCode(tx);
    const tags = [...new Set(input.tags ?? [])];
    const addresses = input.addresses ?? [];
    const contacts = input.contacts ?? [];
    const row = await repo.insertCustomer(tx, {
      id,
      code,
      kind: input.kind,
      name: input.name,
      tags,
      notes: input.notes ?? null,
      searchText: buildSearchText({ code, name: input.name, tags }, phones.map((phone) => phone.phone), addresses, contacts),
    });
    await repo.replacePhones(tx, id, phoneRows(id, phones));
    await repo.replaceAddresses(tx, id, addressRows(id, addresses));
    await repo.replaceContacts(tx, id, contactRows(id, contacts));
    await recordAudit(tx, actor, { entity: 'customer', entityId: id, action: 'created', after: auditShape(row, { phones, addresses, contacts }) });
    return row;
  };
  return executor ? run(executor) : ctx.db.transaction(run);
}

export async function updateCustomer(ctx: AppContext, actor: Actor, id: string, input: TUpdateCustomerBody, executor?: Executor) {
  validateAddresses(input.addresses);
  const run = async (tx: Executor) => {
    const before = await repo.findCustomerById(tx, id, { forUpdate: true });
    if (!before) throw notFound('Customer');
    const children = await repo.findChildren(tx, id);
    const phones = input.phones ? dedupePhones(input.phones) : children.phones.map((phone) => ({ phone: phone.phone, label: phone.label as PhoneInput['label'], isPrimary: phone.isPrimary }));
    const addresses: AddressInput[] = input.addresses ?? children.addresses.map((address) => ({ ...address, label: address.label ?? undefined }));
    const contacts: ContactInput[] = input.contacts ?? children.contacts;
    const tags = input.tags ? [...new Set(input.tags)] : before.tags;
    const name = input.name ?? before.name;
    const after = await repo.updateCustomerRow(tx, id, {
      kind: input.kind ?? before.kind,
      name,
      tags,
      notes: input.notes !== undefined ? input.notes : before.notes,
      searchText: buildSearchText({ code: before.code, name, tags }, phones.map((phone) => phone.phone), addresses, contacts),
      updatedAt: ctx.clock.now(),
    });
    if (input.phones) await repo.replacePhones(tx, id, phoneRows(id, phones));
    if (input.addresses) await repo.replaceAddresses(tx, id, addressRows(id, addresses));
    if (input.contacts) await repo.replaceContacts(tx, id, contactRows(id, contacts));
    await recordAudit(tx, actor, {
      entity: 'customer',
      entityId: id,
      action: 'updated',
      before: auditShape(before, children),
      after: auditShape(after, { phones, addresses, contacts }),
    });
    return after;
  };
  return executor ? run(executor) : ctx.db.transaction(run);
}

/** Full phone numbers of one customer, for roles that see them masked; audited. */
export async function revealPhones(ctx: AppContext, principal: Principal, actor: Actor, id: string) {
  if (!(await isCustomerVisible(ctx.db, principal, id))) throw notFound('Customer');
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findCustomerById(tx, id);
    if (!row) throw notFound('Customer');
    const children = await repo.findChildren(tx, id);
    await recordAudit(tx, actor, { entity: 'customer', entityId: id, action: 'phones_revealed', after: { phones: children.phones.length } });
    return {
      phones: children.phones.map((phone) => presentPhone(phone, false)),
      contacts: children.contacts.map((contact) => ({ id: contact.id, name: contact.name, phone: contact.phone })),
    };
  });
}

export async function setKeyCustomer(ctx: AppContext, actor: Actor, id: string, input: { isKey: boolean; reason: string }) {
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findCustomerById(tx, id, { forUpdate: true });
    if (!before) throw notFound('Customer');
    const after = await repo.updateCustomerRow(tx, id, { isKey: input.isKey, keySource: 'manual', keyReason: input.reason, updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, {
      entity: 'customer',
      entityId: id,
      action: 'key_status_set',
      before: { isKey: before.isKey, keySource: before.keySource, keyReason: before.keyReason },
      after: { isKey: after.isKey, keySource: after.keySource, keyReason: after.keyReason },
    });
    return after;
  });
}

export async function setRevenue(ctx: AppContext, actor: Actor, id: string, input: { year: number; amountFen: number }) {
  await ctx.db.transaction(async (tx) => {
    const customer = await repo.findCustomerById(tx, id);
    if (!customer) throw notFound('Customer');
    await repo.upsertRevenue(tx, id, input.year, input.amountFen);
    await recordAudit(tx, actor, { entity: 'customer', entityId: id, action: 'revenue_set', after: { year: input.year, amountFen: input.amountFen } });
  });
}

export const KEY_THRESHOLD_SETTING = 'customers.keyRevenueThresholdFen';
/** Default key-customer threshold: 5,000,000 CNY a year, in fen. */
export const DEFAULT_KEY_THRESHOLD_FEN = 5_000_000 * 100;

const keyThresholdSetting = defineSetting(KEY_THRESHOLD_SETTING, z.number().int().nonnegative(), DEFAULT_KEY_THRESHOLD_FEN);

export async function keyThresholdFen(executor: Executor): Promise<number> {
  return keyThresholdSetting.read(executor);
}

export async function setKeyThreshold(ctx: AppContext, actor: Actor, amountFen: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await keyThresholdFen(tx);
    await keyThresholdSetting.write(tx, amountFen, ctx.clock.now());
    await recordAudit(tx, actor, { entity: 'setting', entityId: KEY_THRESHOLD_SETTING, action: 'updated', before: { value: before }, after: { value: amountFen } });
  });
}

/**
 * The yearly key-customer review (重点顾客评定), run at the start of `year` on the revenue
 * of the year before: customers at or above the threshold become key customers by rule;
 * rule-made key customers below it lose the status. Customers set by hand stay as they are.
 */
export async function reviewKeyCustomers(ctx: AppContext, actor: Actor, year: number) {
  return ctx.db.transaction(async (tx) => {
    const threshold = await keyThresholdFen(tx);
    const revenues = await repo.findRevenuesOfYear(tx, year - 1);
    const qualifying = new Set(revenues.filter((revenue) => revenue.amountFen >= threshold).map((revenue) => revenue.customerId));
    const candidates = await repo.findCustomersByIds(tx, [...qualifying]);
    const ruleKeys = await repo.findRuleKeyCustomers(tx);
    let promoted = 0;
    let demoted = 0;
    const now = ctx.clock.now();
    for (const customer of candidates) {
      if (customer.keySource === 'manual' || customer.isKey) continue;
      const reason = `${year - 1} 年营收达到 ${threshold / 100} 元`;
      await repo.updateCustomerRow(tx, customer.id, { isKey: true, keySource: 'rule', keyReason: reason, updatedAt: now });
      await recordAudit(tx, actor, { entity: 'customer', entityId: customer.id, action: 'key_status_reviewed', before: { isKey: false }, after: { isKey: true, keySource: 'rule', keyReason: reason } });
      promoted += 1;
    }
    for (const customer of ruleKeys) {
      if (qualifying.has(customer.id)) continue;
      const reason = `${year - 1} 年营收低于 ${threshold / 100} 元`;
      await repo.updateCustomerRow(tx, customer.id, { isKey: false, keySource: 'rule', keyReason: reason, updatedAt: now });
      await recordAudit(tx, actor, { entity: 'customer', entityId: customer.id, action: 'key_status_reviewed', before: { isKey: true }, after: { isKey: false, keyReason: reason } });
      demoted += 1;
    }
    return { year, thresholdFen: threshold, promoted, demoted };
  });
}

/**
 * Merges `sourceId` into `targetId` inside the caller's transaction: phones, addresses,
 * contacts, revenues and access grants move; the source is kept as a tombstone pointing
 * at the target. Assets move through the assets module (see workflows/merge-customers.ts).
 */
export async function mergeCustomerRecords(tx: Executor, ctx: AppContext, actor: Actor, sourceId: string, targetId: string) {
  if (sourceId === targetId) throw invalidField(['sourceId'], 'must differ from targetId');
  const source = await repo.findCustomerById(tx, sourceId, { forUpdate: true });
  if (!source) throw invalidField(['sourceId'], 'no such customer');
  const target = await repo.findCustomerById(tx, targetId, { forUpdate: true });
  if (!target) throw invalidField(['targetId'], 'no such customer');
  const sourceChildren = await repo.findChildren(tx, sourceId);
  const targetChildren = await repo.findChildren(tx, targetId);
  await repo.moveChildren(tx, sourceId, targetId);
  const merged = await repo.findChildren(tx, targetId);
  // Drop phone numbers the target already had.
  const seen = new Set<string>();
  const phones = merged.phones.filter((phone) => (seen.has(phone.phone) ? false : (seen.add(phone.phone), true)));
  await repo.replacePhones(tx, targetId, phones.map((phone, index) => ({ ...phone, position: index })));
  const tags = [...new Set([...target.tags, ...source.tags])];
  const now = ctx.clock.now();
  const isKey = target.isKey || source.isKey;
  await repo.updateCustomerRow(tx, targetId, {
    tags,
    isKey,
    keySource: target.isKey ? target.keySource : source.isKey ? source.keySource : target.keySource,
    keyReason: target.isKey ? target.keyReason : source.isKey ? source.keyReason : target.keyReason,
    notes: [target.notes, source.notes].filter(Boolean).join('\n') || null,
    searchText: buildSearchText({ code: target.code, name: target.name, tags }, phones.map((phone) => phone.phone), merged.addresses, merged.contacts),
    updatedAt: now,
  });
  await repo.updateCustomerRow(tx, sourceId, { mergedIntoId: targetId, searchText: '', updatedAt: now });
  await recordAudit(tx, actor, { entity: 'customer', entityId: sourceId, action: 'merged_away', before: auditShape(source, sourceChildren), after: { mergedIntoId: targetId } });
  await recordAudit(tx, actor, {
    entity: 'customer',
    entityId: targetId,
    action: 'merged_into',
    before: auditShape(target, targetChildren),
    after: { ...auditShape({ ...target, tags, isKey }, { phones, addresses: merged.addresses, contacts: merged.contacts }), mergedFromId: sourceId },
  });
}

/** Lets an outlet or a technician see a customer (written by dispatch when work is assigned). */
export async function grantCustomerAccess(tx: Executor, grant: { customerId: string; outletId?: string | null; userId?: string | null; source: string }) {
  await repo.insertGrant(tx, { customerId: grant.customerId, outletId: grant.outletId ?? null, userId: grant.userId ?? null, source: grant.source });
}
