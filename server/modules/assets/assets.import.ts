import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { recordAuditBatch } from '../audit';
import { assets, productModels } from './assets.tables';
import { effectivePolicy, loadCategoryMap } from './catalog.service';
import { computeWarrantyEnd } from './warranty';

export type ImportAsset = {
  modelId: string;
  serialNumber: string;
  customerId: string;
  purchaseDate: string | null;
  acceptanceDate: string | null;
  salesChannel: 'store' | 'dealer' | 'online' | 'project';
  invoiceNumber: string | null;
  extendedWarrantyEnd: string | null;
  notes: string | null;
  address: { provinceCode: string; cityCode: string; districtCode: string; detail: string; latitude: number | null; longitude: number | null } | null;
};

/** brand + model code (upper-cased) → model id and category. */
export async function findModelIndex(executor: Executor) {
  const rows = await executor.select().from(productModels);
  return new Map(rows.map((row) => [`${row.brand.toUpperCase()}|${row.modelCode.toUpperCase()}`, row]));
}

/** `modelId|serial` → customer id of assets that exist already. */
export async function findExistingSerials(executor: Executor, serials: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (let start = 0; start < serials.length; start += 1000) {
    const rows = await executor
      .select({ modelId: assets.modelId, serialNumber: assets.serialNumber, customerId: assets.customerId })
      .from(assets)
      .where(inArray(assets.serialNumber, serials.slice(start, start + 1000)));
    for (const row of rows) result.set(`${row.modelId}|${row.serialNumber}`, row.customerId);
  }
  return result;
}

/** Inserts imported assets in bulk in the caller's transaction, computing warranty ends. */
export async function insertImportedAssets(tx: Executor, actor: Actor, rows: ImportAsset[], at: Date): Promise<number> {
  const categories = await loadCategoryMap(tx);
  const models = new Map((await tx.select().from(productModels)).map((model) => [model.id, model]));
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500).map((row) => {
      const policy = effectivePolicy(models.get(row.modelId)!.categoryId, categories);
      return {
        id: newId(),
        modelId: row.modelId,
        serialNumber: row.serialNumber,
        customerId: row.customerId,
        installProvinceCode: row.address?.provinceCode ?? null,
        installCityCode: row.address?.cityCode ?? null,
        installDistrictCode: row.address?.districtCode ?? null,
        installDetail: row.address?.detail ?? null,
        installLatitude: row.address?.latitude ?? null,
        installLongitude: row.address?.longitude ?? null,
        purchaseDate: row.purchaseDate,
        acceptanceDate: row.acceptanceDate,
        salesChannel: row.salesChannel,
        invoiceNumber: row.invoiceNumber,
        computedWarrantyEnd: computeWarrantyEnd({ ...row, policy }),
        extendedWarrantyEnd: row.extendedWarrantyEnd,
        notes: row.notes,
        createdAt: at,
        updatedAt: at,
      };
    });
    await tx.insert(assets).values(chunk);
    await recordAuditBatch(
      tx,
      actor,
      chunk.map((row) => ({ entity: 'asset', entityId: row.id, action: 'imported', after: { modelId: row.modelId, serialNumber: row.serialNumber, customerId: row.customerId, purchaseDate: row.purchaseDate } })),
    );
  }
  return rows.length;
}

