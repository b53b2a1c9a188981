import { z } from 'zod';
import { ZPageQuery, zPage } from './common';
import { ZAddressInput, ZDate } from './customers';

export const SALES_CHANNELS = ['store', 'dealer', 'online', 'project'] as const;
export const ASSET_STATUSES = ['in_service', 'returned', 'scrapped'] as const;
export const WARRANTY_STATES = ['in_warranty', 'extended', 'out_of_warranty', 'unknown'] as const;

const assetFields = {
  modelId: z.uuid(),
  serialNumber: z.string().trim().toUpperCase().min(3).max(64).regex(/^[A-Z0-9][A-Z0-9\-_/.]*$/, 'letters, digits and - _ / . only'),
  customerId: z.uuid(),
  /** Installation address; defaults to the customer's default address. */
  installAddress: ZAddressInput.omit({ id: true, isDefault: true, label: true }).nullable().optional(),
  purchaseDate: ZDate.nullable().optional(),
  /** Final acceptance of a project: the warranty starts here for projects. */
  acceptanceDate: ZDate.nullable().optional(),
  salesChannel: z.enum(SALES_CHANNELS),
  invoiceNumber: z.string().trim().max(50).nullable().optional(),
  extendedWarrantyEnd: ZDate.nullable().optional(),
  contractEnd: ZDate.nullable().optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
};

export const ZCreateAssetBody = z.strictObject(assetFields);
export type TCreateAssetBody = z.infer<typeof ZCreateAssetBody>;

export const ZUpdateAssetBody = z.strictObject({
  ...Object.fromEntries(Object.entries(assetFields).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof typeof assetFields]: z.ZodOptional<(typeof assetFields)[K]>;
  },
  status: z.enum(ASSET_STATUSES).optional(),
});
export type TUpdateAssetBody = z.infer<typeof ZUpdateAssetBody>;

export const ZWarrantyOverrideBody = z.strictObject({
  /** The new warranty end, or null to go back to the computed one. */
  warrantyEnd: ZDate.nullable(),
  reason: z.string().trim().min(2, 'say why').max(200),
});

export const ZWarrantyCheck = z.object({
  state: z.enum(WARRANTY_STATES),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  extendedEnd: z.string().nullable(),
  isOverridden: z.boolean(),
  coversParts: z.boolean(),
  coversLabour: z.boolean(),
  coversOnSite: z.boolean(),
  basis: z.object({ zh: z.string(), en: z.string() }),
});
export type TWarrantyCheck = z.infer<typeof ZWarrantyCheck>;

export const ZAssetView = z.object({
  id: z.uuid(),
  modelId: z.uuid(),
  modelName: z.string(),
  modelCode: z.string(),
  brand: z.string(),
  categoryId: z.uuid(),
  categoryName: z.string(),
  serialNumber: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  installAddress: z.string().nullable(),
  installRegion: z.object({ provinceCode: z.string(), cityCode: z.string(), districtCode: z.string() }).nullable(),
  installDetail: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  acceptanceDate: z.string().nullable(),
  salesChannel: z.enum(SALES_CHANNELS),
  invoiceNumber: z.string().nullable(),
  computedWarrantyEnd: z.string().nullable(),
  warrantyOverrideEnd: z.string().nullable(),
  warrantyOverrideReason: z.string().nullable(),
  extendedWarrantyEnd: z.string().nullable(),
  contractEnd: z.string().nullable(),
  status: z.enum(ASSET_STATUSES),
  notes: z.string().nullable(),
  warranty: ZWarrantyCheck,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAssetView = z.infer<typeof ZAssetView>;

export const ZListAssetsQuery = ZPageQuery.extend({
  q: z.string().trim().max(100).optional(),
  customerId: z.uuid().optional(),
  modelId: z.uuid().optional(),
  categoryId: z.uuid().optional(),
  status: z.enum(ASSET_STATUSES).optional(),
  warranty: z.enum(['in_warranty', 'extended', 'out_of_warranty']).optional(),
  sort: z.enum(['serialNumber', '-serialNumber', 'purchaseDate', '-purchaseDate', 'createdAt', '-createdAt']).default('-createdAt'),
});
export const ZAssetPage = zPage(ZAssetView);

export const ZWarrantyCheckQuery = z.object({
  serialNumber: z.string().trim().toUpperCase().min(1).max(64).optional(),
  assetId: z.uuid().optional(),
  date: ZDate.optional(),
});
