import { z } from 'zod';
import { LIMITS } from './limits';
import { zText } from './common';
import { WORK_TYPES, ZOutletAreaFields, ZOutletContact } from './dispatch';

export const OUTLET_KINDS = ['own', 'partner'] as const;

export const ZOutletView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(OUTLET_KINDS),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  isActive: z.boolean(),
  districtCode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  serviceDistricts: z.array(z.string()),
  serviceRadiusKm: z.number().nullable(),
  dailyCapacity: z.partialRecord(z.enum(WORK_TYPES), z.number().int()),
  workStartMinute: z.number().int(),
  workEndMinute: z.number().int(),
  contacts: z.array(ZOutletContact),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TOutletView = z.infer<typeof ZOutletView>;

export const ZCreateOutletBody = z.strictObject({
  code: z.string().trim().toUpperCase().min(2).max(LIMITS.outletCodeMax).regex(/^[A-Z0-9-]+$/, 'letters, digits and dash only'),
  name: zText(LIMITS.outletNameMax),
  kind: z.enum(OUTLET_KINDS),
  phone: z.string().trim().max(20).nullable().optional(),
  address: z.string().trim().max(LIMITS.textMax).nullable().optional(),
  ...ZOutletAreaFields,
});

export const ZUpdateOutletBody = z.strictObject({
  name: zText(LIMITS.outletNameMax).optional(),
  kind: z.enum(OUTLET_KINDS).optional(),
  phone: z.string().trim().max(20).nullable().optional(),
  address: z.string().trim().max(LIMITS.textMax).nullable().optional(),
  isActive: z.boolean().optional(),
  ...ZOutletAreaFields,
});
