import { z } from 'zod';
import { TICKET_TYPES } from './tickets';

/** 三包 parameters of a category (China's rules for household goods by default). */
export const ZSanbaoPolicy = z.object({
  /** Days after purchase in which a performance fault allows a refund. */
  refundDays: z.number().int().min(0).max(365),
  /** Days after purchase in which a performance fault allows an exchange. */
  exchangeDays: z.number().int().min(0).max(365),
  /** Repairs in warranty of the same fault after which exchange or refund is allowed. */
  maxRepairsSameFault: z.number().int().min(1).max(10),
});
export type TSanbaoPolicy = z.infer<typeof ZSanbaoPolicy>;

export const DEFAULT_SANBAO: TSanbaoPolicy = { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 };

export const ZWarrantyPolicy = z.object({
  warrantyMonths: z.number().int().min(0).max(240),
  coversParts: z.boolean(),
  coversLabour: z.boolean(),
  coversOnSite: z.boolean(),
  maintenanceIntervalMonths: z.number().int().min(1).max(120).nullable(),
  sanbao: ZSanbaoPolicy,
});
export type TWarrantyPolicy = z.infer<typeof ZWarrantyPolicy>;

export const ZFaultCode = z.object({
  code: z.string().trim().min(1).max(50).regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _'),
  name: z.string().trim().min(1).max(50),
});

export const ZCategoryView = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  code: z.string(),
  name: z.string(),
  /** The category's own policy, null where it inherits from its parent. */
  policy: ZWarrantyPolicy.nullable(),
  /** The policy in force: its own, else the nearest ancestor's, else the default. */
  effectivePolicy: ZWarrantyPolicy,
  faultCodes: z.array(ZFaultCode).nullable(),
  effectiveFaultCodes: z.array(ZFaultCode),
  allowedTicketTypes: z.array(z.string()).nullable(),
  /** null: every type. */
  effectiveAllowedTicketTypes: z.array(z.string()).nullable(),
  modelCount: z.number().int(),
});

export const ZCreateCategoryBody = z.strictObject({
  parentId: z.uuid().nullable().optional(),
  code: z.string().trim().toUpperCase().min(1).max(20).regex(/^[A-Z0-9_-]+$/),
  name: z.string().trim().min(1).max(50),
  policy: ZWarrantyPolicy.nullable().optional(),
  faultCodes: z.array(ZFaultCode).max(100).nullable().optional(),
  allowedTicketTypes: z.array(z.enum(TICKET_TYPES)).min(1).nullable().optional(),
});

export const ZUpdateCategoryBody = z.strictObject({
  parentId: z.uuid().nullable().optional(),
  name: z.string().trim().min(1).max(50).optional(),
  policy: ZWarrantyPolicy.nullable().optional(),
  faultCodes: z.array(ZFaultCode).max(100).nullable().optional(),
  allowedTicketTypes: z.array(z.enum(TICKET_TYPES)).min(1).nullable().optional(),
});

export const ZModelView = z.object({
  id: z.uuid(),
  categoryId: z.uuid(),
  categoryName: z.string(),
  brand: z.string(),
  modelCode: z.string(),
  name: z.string(),
  specs: z.record(z.string(), z.string()),
  isDiscontinued: z.boolean(),
  assetCount: z.number().int(),
});

export const ZCreateModelBody = z.strictObject({
  categoryId: z.uuid(),
  brand: z.string().trim().min(1).max(50),
  modelCode: z.string().trim().min(1).max(50),
  name: z.string().trim().min(1).max(100),
  specs: z.record(z.string().max(50), z.string().max(200)).optional(),
  isDiscontinued: z.boolean().optional(),
});

export const ZUpdateModelBody = ZCreateModelBody.partial().strict();
