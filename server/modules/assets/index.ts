/** The assets module's surface for other modules. */
import type { Executor } from '../../db/client';
import { regionLabel } from '../../../contracts/regions';
import { countAssetsByCustomer, findAssetWithModel, findModelById, reassignCustomer } from './assets.repository';
import { presentAsset } from './assets.service';
import { effectiveAllowedTicketTypes, effectiveFaultCodes, effectivePolicy, loadCategoryMap as loadCategories } from './catalog.service';

export { assetsRoutes } from './assets.routes';
export { createAsset, updateAsset, getAsset, listAssets } from './assets.service';
export { createCategory, createModel, listModels, loadCategoryMap } from './catalog.service';
export { checkWarranty, computeWarrantyEnd } from './warranty';
export { searchAssetRows, findAssetBySerial, findModelByCode, findCategoryByCode } from './assets.repository';

/** Number of assets per customer. */
export function countAssets(executor: Executor, customerIds: string[]) {
  return countAssetsByCustomer(executor, customerIds);
}

/** Moves every asset of one customer to another (customer merge); returns the moved ids. */
export function moveAssetsToCustomer(executor: Executor, fromCustomerId: string, toCustomerId: string) {
  return reassignCustomer(executor, fromCustomerId, toCustomerId);
}
export { insertImportedAssets, type ImportAsset } from './assets.import';
export { findModelIndex, findExistingSerials } from './assets.import.repository';

/**
 * What intake needs of an asset in one read: its owner, install address, and its category's
 * allowed request types and fault taxonomy.
 */
export async function findAssetForIntake(executor: Executor, id: string) {
  const row = await findAssetWithModel(executor, id);
  if (!row) return undefined;
  const { asset } = row;
  const region = asset.installProvinceCode && asset.installCityCode && asset.installDistrictCode
    ? { provinceCode: asset.installProvinceCode, cityCode: asset.installCityCode, districtCode: asset.installDistrictCode }
    : null;
  const categories = await loadCategories(executor);
  return {
    customerId: asset.customerId,
    address: region ? `${regionLabel(region)}${asset.installDetail ?? ''}` : null,
    categoryName: row.categoryName,
    allowedTicketTypes: effectiveAllowedTicketTypes(row.model.categoryId, categories),
    faultCodes: effectiveFaultCodes(row.model.categoryId, categories),
  };
}

/** What triage needs of an asset on a date: dates, warranty, the category's 三包 policy, discontinued. */
export async function findAssetForTriage(executor: Executor, assetId: string, date: string) {
  const row = await findAssetWithModel(executor, assetId);
  if (!row) return undefined;
  const categories = await loadCategories(executor);
  const view = presentAsset(row, categories, date);
  const policy = effectivePolicy(row.model.categoryId, categories);
  return { purchaseDate: view.warranty.startDate, warranty: view.warranty, sanbaoPolicy: policy.sanbao, isDiscontinued: row.model.isDiscontinued, categoryName: row.categoryName };
}


/** The product category of an asset's model (dispatch matches technicians' skills on it), or null. */
export async function findAssetCategoryId(executor: Executor, assetId: string): Promise<string | null> {
  const row = await findAssetWithModel(executor, assetId);
  return row?.model.categoryId ?? null;
}

/** The product model of an asset (parts must fit it), or null. */
export async function findAssetModelId(executor: Executor, assetId: string): Promise<string | null> {
  const row = await findAssetWithModel(executor, assetId);
  return row?.model.id ?? null;
}

/** The name of a fault code in a category's fault list (own or inherited), or the code itself. */
export async function faultName(executor: Executor, categoryId: string | null, code: string | null): Promise<string | null> {
  if (!code) return null;
  if (!categoryId) return code;
  const categories = await loadCategories(executor);
  return effectiveFaultCodes(categoryId, categories).find((fault) => fault.code === code)?.name ?? code;
}

/** What returns and maker claims need of an asset: the unit, its owner, its model's brand and name; undefined when unknown. */
export async function findAssetFacts(executor: Executor, id: string) {
  const row = await findAssetWithModel(executor, id);
  if (!row) return undefined;
  const { asset, model } = row;
  return { id: asset.id, customerId: asset.customerId, modelId: model.id, brand: model.brand, modelName: model.name, serialNumber: asset.serialNumber, status: asset.status, purchaseDate: asset.purchaseDate, salesChannel: asset.salesChannel };
}

/** A product model's brand and name, or undefined. */
export async function findModelFacts(executor: Executor, id: string) {
  const model = await findModelById(executor, id);
  return model ? { id: model.id, brand: model.brand, modelCode: model.modelCode, name: model.name } : undefined;
}

/** Names of product models by id (brand and name). */
export async function findModelNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const model = await findModelById(executor, id);
    if (model) names.set(id, `${model.brand} ${model.name}`);
  }
  return names;
}
