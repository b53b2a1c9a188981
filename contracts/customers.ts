import { z } from 'zod';
import { ZPageQuery, zPage } from './common';
import { normalizePhone } from './phones';

/** A Chinese phone number, normalized (see phones.ts); invalid numbers are rejected. */
export const ZPhone = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .transform((value, ctx) => {
    const normalized = normalizePhone(value);
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'not a valid mainland mobile (11 digits) or landline with area code (e.g. 021-58881234)' });
      return z.NEVER;
    }
    return normalized.phone;
  });

export const CUSTOMER_KINDS = ['person', 'organisation'] as const;
export const PHONE_LABELS = ['mobile', 'home', 'work', 'other'] as const;

/** A date without time, YYYY-MM-DD. */
export const ZDate = z.iso.date();

export const ZRegion = z.object({
  provinceCode: z.string().regex(/^\d{6}$/, 'a 6-digit division code'),
  cityCode: z.string().regex(/^\d{6}$/, 'a 6-digit division code'),
  districtCode: z.string().regex(/^\d{6}$/, 'a 6-digit division code'),
});

export const ZAddressInput = z.strictObject({
  id: z.uuid().optional(),
  label: z.string().trim().max(20).optional(),
  provinceCode: ZRegion.shape.provinceCode,
  cityCode: ZRegion.shape.cityCode,
  districtCode: ZRegion.shape.districtCode,
  detail: z.string().trim().min(1).max(200),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  isDefault: z.boolean().optional(),
});

export const ZPhoneInput = z.strictObject({
  phone: ZPhone,
  label: z.enum(PHONE_LABELS).optional(),
  isPrimary: z.boolean().optional(),
});

export const ZContactInput = z.strictObject({
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(50),
  title: z.string().trim().max(50).nullable().optional(),
  phone: ZPhone.nullable().optional(),
  email: z.email().max(120).nullable().optional(),
});

const customerFields = {
  kind: z.enum(CUSTOMER_KINDS),
  name: z.string().trim().min(1).max(100),
  phones: z.array(ZPhoneInput).min(1, 'at least one phone number').max(10),
  addresses: z.array(ZAddressInput).max(20).optional(),
  contacts: z.array(ZContactInput).max(50).optional(),
  tags: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
};

export const ZCreateCustomerBody = z.strictObject({
  ...customerFields,
  /** Set after the agent saw the duplicate warning and still wants a new customer. */
  allowDuplicatePhone: z.boolean().optional(),
});
export type TCreateCustomerBody = z.infer<typeof ZCreateCustomerBody>;

/** Replaces the lists that are given (phones, addresses, contacts, tags). */
export const ZUpdateCustomerBody = z.strictObject({
  kind: customerFields.kind.optional(),
  name: customerFields.name.optional(),
  phones: customerFields.phones.optional(),
  addresses: customerFields.addresses,
  contacts: customerFields.contacts,
  tags: customerFields.tags,
  notes: customerFields.notes,
});
export type TUpdateCustomerBody = z.infer<typeof ZUpdateCustomerBody>;

export const ZSetKeyCustomerBody = z.strictObject({
  isKey: z.boolean(),
  reason: z.string().trim().min(2, 'say why').max(200),
});

export const ZMergeCustomersBody = z.strictObject({
  /** The customer that disappears; its phones, addresses, contacts and assets move to the target. */
  sourceId: z.uuid(),
  targetId: z.uuid(),
});

export const ZRevenueBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  amountFen: z.number().int().min(0).max(1e15),
});

export const ZPhoneView = z.object({ id: z.uuid(), phone: z.string(), isMasked: z.boolean(), label: z.string(), isPrimary: z.boolean() });
export const ZAddressView = z.object({
  id: z.uuid(),
  label: z.string().nullable(),
  provinceCode: z.string(),
  cityCode: z.string(),
  districtCode: z.string(),
  regionLabel: z.string(),
  detail: z.string(),
  fullAddress: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  isDefault: z.boolean(),
});
export const ZContactView = z.object({ id: z.uuid(), name: z.string(), title: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() });

export const ZCustomerSummary = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  name: z.string(),
  primaryPhone: z.string().nullable(),
  phonesMasked: z.boolean(),
  defaultAddress: z.string().nullable(),
  isKey: z.boolean(),
  tags: z.array(z.string()),
  assetCount: z.number().int(),
  createdAt: z.string(),
});
export type TCustomerSummary = z.infer<typeof ZCustomerSummary>;

export const ZCustomerDetail = ZCustomerSummary.extend({
  phones: z.array(ZPhoneView),
  addresses: z.array(ZAddressView),
  contacts: z.array(ZContactView),
  notes: z.string().nullable(),
  keySource: z.enum(['rule', 'manual']).nullable(),
  keyReason: z.string().nullable(),
  revenues: z.array(z.object({ year: z.number().int(), amountFen: z.number().int() })),
  updatedAt: z.string(),
});
export type TCustomerDetail = z.infer<typeof ZCustomerDetail>;

export const ZListCustomersQuery = ZPageQuery.extend({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  isKey: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  tag: z.string().trim().max(20).optional(),
  provinceCode: z.string().regex(/^\d{6}$/).optional(),
  cityCode: z.string().regex(/^\d{6}$/).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  sort: z.enum(['name', '-name', 'createdAt', '-createdAt']).default('-createdAt'),
});

export const ZCustomerPage = zPage(ZCustomerSummary);

/** Answer to a create that found the phone on another customer (409 duplicate_phone). */
export const ZDuplicatePhoneDetails = z.object({ existing: z.array(ZCustomerSummary) });

export const ZSearchQuery = z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(50).default(10) });

export const ZSearchHit = z.object({
  type: z.enum(['customer', 'asset']),
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string(),
  customerId: z.uuid().nullable(),
  score: z.number(),
});

export const ZKeyReviewBody = z.strictObject({ year: z.number().int().min(2000).max(2100) });
