/** The assets module's surface for other modules. */
import type { Executor } from '../../db/client';
import { regionLabel } from '../../../contracts/regions';
import { countAssetsByCustomer, findAssetById, findAssetWithModel, reassignCustomer } from './assets.repository';
import { presentAsset } from './assets.service';
import { effectiveAllowedTicketTypes, effectiveFaultCodes, effectivePolicy, loadCategoryMap as loadCategories } from './catalog.service';

export { assetsRoutes } from './assets.routes';
export { createAsset, updateAsset, getAsset, listAssets } from './assets.service';
export { createCategory, createModel, listModels, loadCategoryMap } from './catalog.service';
export { checkWarranty, computeWarrantyEnd, businessDate } from './warranty';
export { searchAssetRows, findAssetBySerial, findModelByCode, findCategoryByCode } from './assets.repository';

/** Number of assets per customer. */
export function countAssets(executor: Executor, customerIds: string[]) {
  return countAssetsByCustomer(executor, customerIds);
}

/** Moves every asset of one customer to another (customer merge); returns the moved ids. */
export function moveAssetsToCustomer(executor: Executor, fromCustomerId: string, toCustomerId: string) {
  return reassignCustomer(executor, fromCustomerId, toCustomerId);
}
export { findModelIndex, findExistingSerials, insertImportedAssets, type ImportAsset } from './assets.import';

/** The owner and install address of an asset, for intake. */
export async function findAssetOwnerAndAddress(executor: Executor, id: string) {
  const asset = await findAssetById(executor, id);
  if (!asset) return undefined;
  const region = asset.installProvinceCode && asset.installCityCode && asset.installDistrictCode
    ? { provinceCode: asset.installProvinceCode, cityCode: asset.installCityCode, districtCode: asset.installDistrictCode }
    : null;
  return { customerId: asset.customerId, address: region ? `${regionLabel(region)}${asset.installDetail ?? ''}` : null };
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

/** What intake checks against an asset's category: allowed ticket types and the fault taxonomy. */
export async function findCategoryRulesOfAsset(executor: Executor, assetId: string) {
  const row = await findAssetWithModel(executor, assetId);
  if (!row) return undefined;
  const categories = await loadCategories(executor);
  return {
    categoryName: row.categoryName,
    allowedTicketTypes: effectiveAllowedTicketTypes(row.model.categoryId, categories),
    faultCodes: effectiveFaultCodes(row.model.categoryId, categories),
  };
}
