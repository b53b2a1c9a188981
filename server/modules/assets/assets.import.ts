import type { Executor } from '../../db/client';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { recordAuditBatch } from '../audit';
import * as importRepo from './assets.import.repository';
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

/** Inserts imported assets in bulk in the caller's transaction, computing warranty ends. */
export async function insertImportedAssets(tx: Executor, actor: Actor, rows: ImportAsset[], at: Date): Promise<number> {
  const categories = await loadCategoryMap(tx);
  const models = new Map((await importRepo.findAllModels(tx)).map((model) => [model.id, model]));
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
    await importRepo.insertAssets(tx, chunk);
    await recordAuditBatch(
      tx,
      actor,
      chunk.map((row) => ({ entity: 'asset', entityId: row.id, action: 'imported', after: { modelId: row.modelId, serialNumber: row.serialNumber, customerId: row.customerId, purchaseDate: row.purchaseDate } })),
    );
  }
  return rows.length;
}

