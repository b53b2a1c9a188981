import type { App } from '../app';
import { SYSTEM_ACTOR } from '../platform/principal';
import { createCustomer, grantCustomerAccess } from '../modules/customers';
import { createAsset, createCategory, createModel } from '../modules/assets';

let sequence = 0;

/** A category (default policy unless given) and one model in it. */
export async function buildModel(app: App, options: { warrantyMonths?: number; categoryName?: string } = {}) {
  sequence += 1;
  const category = await createCategory(app.ctx, SYSTEM_ACTOR, {
    code: `CAT${sequence}${Date.now() % 100000}`,
    name: options.categoryName ?? `品类${sequence}`,
    policy:
      options.warrantyMonths === undefined
        ? null
        : { warrantyMonths: options.warrantyMonths, coversParts: true, coversLabour: true, coversOnSite: true, maintenanceIntervalMonths: null, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } },
  });
  const model = await createModel(app.ctx, SYSTEM_ACTOR, { categoryId: category.id, brand: '格力', modelCode: `KFR-${sequence}-${Date.now() % 100000}`, name: `测试空调${sequence}` });
  return { category, model };
}

/** A unique mainland mobile number. */
export function uniqueMobile(): string {
  sequence += 1;
  return `139${String((Date.now() * 7 + sequence * 7919) % 100_000_000).padStart(8, '0')}`;
}

export async function buildCustomer(app: App, options: { name?: string; phone?: string } = {}) {
  return createCustomer(app.ctx, SYSTEM_ACTOR, {
    kind: 'person',
    name: options.name ?? `客户${(sequence += 1)}`,
    phones: [{ phone: options.phone ?? uniqueMobile() }],
    addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '张江路 100 号' }],
  });
}

export async function buildAsset(app: App, options: { customerId: string; modelId: string; serialNumber?: string; purchaseDate?: string }) {
  sequence += 1;
  return createAsset(app.ctx, SYSTEM_ACTOR, {
    customerId: options.customerId,
    modelId: options.modelId,
    serialNumber: options.serialNumber ?? `SN${Date.now() % 1_000_000}${sequence}`,
    purchaseDate: options.purchaseDate ?? '2026-03-02',
    salesChannel: 'store',
  });
}

export async function grantToOutlet(app: App, customerId: string, outletId: string) {
  await app.ctx.db.transaction((tx) => grantCustomerAccess(tx, { customerId, outletId, source: 'test' }));
}
