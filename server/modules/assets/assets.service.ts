import { shanghaiDate } from '../../platform/time';
import type { TCreateAssetBody, TUpdateAssetBody } from '../../../contracts/assets';
import { checkRegion, regionLabel } from '../../../contracts/regions';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { recordAudit } from '../audit';
import { customerScope, findCustomerWithAddress, isCustomerVisible } from '../customers';
import * as repo from './assets.repository';
import { assets } from './assets.tables';
import type { AssetRow, ModelRow } from './assets.repository';
import { effectivePolicy, loadCategoryMap, subtreeIds } from './catalog.service';
import { checkWarranty, computeWarrantyEnd } from './warranty';

type AssetWithModel = { asset: AssetRow; model: ModelRow; categoryName: string; customerName: string };

function installRegion(asset: AssetRow) {
  if (!asset.installProvinceCode || !asset.installCityCode || !asset.installDistrictCode) return null;
  return { provinceCode: asset.installProvinceCode, cityCode: asset.installCityCode, districtCode: asset.installDistrictCode };
}

export function presentAsset(row: AssetWithModel, categories: Awaited<ReturnType<typeof loadCategoryMap>>, today: string) {
  const { asset, model } = row;
  const policy = effectivePolicy(model.categoryId, categories);
  const region = installRegion(asset);
  return {
    id: asset.id,
    modelId: model.id,
    modelName: model.name,
    modelCode: model.modelCode,
    brand: model.brand,
    categoryId: model.categoryId,
    categoryName: row.categoryName,
    serialNumber: asset.serialNumber,
    customerId: asset.customerId,
    customerName: row.customerName,
    installAddress: region ? `${regionLabel(region)}${asset.installDetail ?? ''}` : null,
    installRegion: region,
    installDetail: asset.installDetail,
    purchaseDate: asset.purchaseDate,
    acceptanceDate: asset.acceptanceDate,
    salesChannel: asset.salesChannel,
    invoiceNumber: asset.invoiceNumber,
    computedWarrantyEnd: asset.computedWarrantyEnd,
    warrantyOverrideEnd: asset.warrantyOverrideEnd,
    warrantyOverrideReason: asset.warrantyOverrideReason,
    extendedWarrantyEnd: asset.extendedWarrantyEnd,
    contractEnd: asset.contractEnd,
    status: asset.status,
    notes: asset.notes,
    warranty: checkWarranty(
      {
        salesChannel: asset.salesChannel,
        purchaseDate: asset.purchaseDate,
        acceptanceDate: asset.acceptanceDate,
        overrideEnd: asset.warrantyOverrideEnd,
        overrideReason: asset.warrantyOverrideReason,
        extendedWarrantyEnd: asset.extendedWarrantyEnd,
        contractEnd: asset.contractEnd,
        policy,
        categoryName: row.categoryName,
      },
      today,
    ),
    createdAt: asset.createdAt.toISOString(),
    updatedAt: asset.updatedAt.toISOString(),
  };
}

/** Asset reads follow the customer scope: outlet staff and technicians see assets of their customers. */
function assetScope(principal: Principal) {
  return customerScope(principal, assets.customerId);
}

export async function listAssets(
  ctx: AppContext,
  principal: Principal,
  query: { q?: string; customerId?: string; modelId?: string; categoryId?: string; status?: string; warranty?: 'in_warranty' | 'extended' | 'out_of_warranty'; page: number; pageSize: number; sort: Parameters<typeof repo.findAssets>[2]['sort'] },
) {
  const categories = await loadCategoryMap(ctx.db);
  const today = shanghaiDate(ctx.clock.now());
  const { page, pageSize, sort, categoryId, ...filter } = query;
  const categoryIds = categoryId ? subtreeIds(categoryId, [...categories.values()]) : undefined;
  const { rows, total } = await repo.findAssets(ctx.db, { ...filter, categoryIds, today, scope: assetScope(principal) }, { limit: pageSize, offset: (page - 1) * pageSize, sort });
  return { items: rows.map((row) => presentAsset(row, categories, today)), total, page, pageSize };
}

export async function getAsset(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findAssetWithModel(ctx.db, id);
  if (!row || !(await isCustomerVisible(ctx.db, principal, row.asset.customerId))) throw notFound('Asset');
  return presentAsset(row, await loadCategoryMap(ctx.db), shanghaiDate(ctx.clock.now()));
}

function checkDates(input: { purchaseDate?: string | null; acceptanceDate?: string | null; extendedWarrantyEnd?: string | null }, today: string) {
  if (input.purchaseDate && input.purchaseDate > today) throw invalidField(['purchaseDate'], 'cannot be in the future');
  if (input.acceptanceDate && input.acceptanceDate > today) throw invalidField(['acceptanceDate'], 'cannot be in the future');
  if (input.acceptanceDate && input.purchaseDate && input.acceptanceDate < input.purchaseDate) throw invalidField(['acceptanceDate'], 'cannot be before the purchase date');
}

function checkInstallAddress(address: TCreateAssetBody['installAddress']) {
  if (!address) return;
  const wrong = checkRegion(address);
  if (wrong) throw invalidField(['installAddress', wrong], `unknown division code ${address[wrong]}`);
}

/** Registers a sold or installed unit; the serial number must be new for its model. */
export async function createAsset(ctx: AppContext, actor: Actor, input: TCreateAssetBody, executor?: Executor) {
  const today = shanghaiDate(ctx.clock.now());
  checkDates(input, today);
  checkInstallAddress(input.installAddress);
  const run = async (tx: Executor) => {
    const model = await repo.findModelById(tx, input.modelId);
    if (!model) throw invalidField(['modelId'], 'no such model');
    const owner = await findCustomerWithAddress(tx, input.customerId);
    if (!owner) throw invalidField(['customerId'], 'no such customer');
    if (await repo.findAssetBySerial(tx, input.modelId, input.serialNumber)) {
      throw conflict(`Serial number ${input.serialNumber} is already registered for this model`, [{ path: ['serialNumber'], message: 'already registered for this model' }]);
    }
    const categories = await loadCategoryMap(tx);
    const policy = effectivePolicy(model.categoryId, categories);
    const row = await repo.insertAsset(tx, {
      id: newId(),
      modelId: input.modelId,
      serialNumber: input.serialNumber,
      customerId: input.customerId,
      ...installFields(input.installAddress ?? owner.defaultAddress),
      purchaseDate: input.purchaseDate ?? null,
      acceptanceDate: input.acceptanceDate ?? null,
      salesChannel: input.salesChannel,
      invoiceNumber: input.invoiceNumber ?? null,
      computedWarrantyEnd: computeWarrantyEnd({ salesChannel: input.salesChannel, purchaseDate: input.purchaseDate ?? null, acceptanceDate: input.acceptanceDate ?? null, policy }),
      extendedWarrantyEnd: input.extendedWarrantyEnd ?? null,
      contractEnd: input.contractEnd ?? null,
      notes: input.notes ?? null,
    });
    await recordAudit(tx, actor, { entity: 'asset', entityId: row.id, action: 'created', after: auditShape(row) });
    return row;
  };
  return executor ? run(executor) : ctx.db.transaction(run);
}

type InstallAddress = { provinceCode: string; cityCode: string; districtCode: string; detail: string; latitude?: number | null; longitude?: number | null } | null;

/** The install-address columns of an asset from an address (or all null). */
function installFields(address: InstallAddress | undefined) {
  return {
    installProvinceCode: address?.provinceCode ?? null,
    installCityCode: address?.cityCode ?? null,
    installDistrictCode: address?.districtCode ?? null,
    installDetail: address?.detail ?? null,
    installLatitude: address?.latitude ?? null,
    installLongitude: address?.longitude ?? null,
  };
}

function auditShape(row: AssetRow) {
  const { createdAt: _created, updatedAt: _updated, ...rest } = row;
  return rest;
}

export async function updateAsset(ctx: AppContext, actor: Actor, id: string, input: TUpdateAssetBody, executor?: Executor) {
  const today = shanghaiDate(ctx.clock.now());
  checkInstallAddress(input.installAddress);
  const run = async (tx: Executor) => {
    const before = await repo.findAssetById(tx, id, { forUpdate: true });
    if (!before) throw notFound('Asset');
    const merged = {
      modelId: input.modelId ?? before.modelId,
      serialNumber: input.serialNumber ?? before.serialNumber,
      customerId: input.customerId ?? before.customerId,
      purchaseDate: input.purchaseDate !== undefined ? input.purchaseDate : before.purchaseDate,
      acceptanceDate: input.acceptanceDate !== undefined ? input.acceptanceDate : before.acceptanceDate,
      salesChannel: input.salesChannel ?? before.salesChannel,
    };
    checkDates(merged, today);
    const model = await repo.findModelById(tx, merged.modelId);
    if (!model) throw invalidField(['modelId'], 'no such model');
    if (input.customerId && !(await findCustomerWithAddress(tx, input.customerId))) throw invalidField(['customerId'], 'no such customer');
    const clash = await repo.findAssetBySerial(tx, merged.modelId, merged.serialNumber);
    if (clash && clash.id !== id) throw conflict(`Serial number ${merged.serialNumber} is already registered for this model`, [{ path: ['serialNumber'], message: 'already registered for this model' }]);
    const policy = effectivePolicy(model.categoryId, await loadCategoryMap(tx));
    const address = input.installAddress;
    const after = await repo.updateAsset(tx, id, {
      ...merged,
      ...(address !== undefined ? installFields(address) : {}),
      invoiceNumber: input.invoiceNumber !== undefined ? input.invoiceNumber : before.invoiceNumber,
      extendedWarrantyEnd: input.extendedWarrantyEnd !== undefined ? input.extendedWarrantyEnd : before.extendedWarrantyEnd,
      contractEnd: input.contractEnd !== undefined ? input.contractEnd : before.contractEnd,
      notes: input.notes !== undefined ? input.notes : before.notes,
      status: input.status ?? before.status,
      computedWarrantyEnd: computeWarrantyEnd({ ...merged, policy }),
      updatedAt: ctx.clock.now(),
    });
    await recordAudit(tx, actor, { entity: 'asset', entityId: id, action: 'updated', before: auditShape(before), after: auditShape(after) });
    return after;
  };
  return executor ? run(executor) : ctx.db.transaction(run);
}

/** Sets (or clears, with null) a manual warranty end; the reason is required and audited. */
export async function overrideWarranty(ctx: AppContext, actor: Actor, id: string, input: { warrantyEnd: string | null; reason: string }) {
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findAssetById(tx, id, { forUpdate: true });
    if (!before) throw notFound('Asset');
    const after = await repo.updateAsset(tx, id, {
      warrantyOverrideEnd: input.warrantyEnd,
      warrantyOverrideReason: input.warrantyEnd ? input.reason : null,
      updatedAt: ctx.clock.now(),
    });
    await recordAudit(tx, actor, {
      entity: 'asset',
      entityId: id,
      action: 'warranty_overridden',
      before: { warrantyOverrideEnd: before.warrantyOverrideEnd, warrantyOverrideReason: before.warrantyOverrideReason },
      after: { warrantyOverrideEnd: after.warrantyOverrideEnd, warrantyOverrideReason: after.warrantyOverrideReason, reason: input.reason },
    });
  });
}

/** The warranty of an asset (by id or serial number) on a date (default today in Asia/Shanghai). */
export async function checkAssetWarranty(ctx: AppContext, principal: Principal, query: { assetId?: string; serialNumber?: string; date?: string }) {
  let assetId = query.assetId;
  if (!assetId) {
    if (!query.serialNumber) throw invalidField(['serialNumber'], 'give serialNumber or assetId');
    const matches = await repo.findAssetsBySerial(ctx.db, query.serialNumber);
    if (matches.length === 0) throw notFound('Asset');
    if (matches.length > 1) throw invalidField(['serialNumber'], 'several models share this serial number; give assetId');
    assetId = matches[0].id;
  }
  const asset = await getAsset(ctx, principal, assetId);
  if (!query.date) return { asset: { id: asset.id, serialNumber: asset.serialNumber, modelName: asset.modelName, customerName: asset.customerName }, warranty: asset.warranty };
  const row = await repo.findAssetWithModel(ctx.db, assetId);
  const presented = presentAsset(row!, await loadCategoryMap(ctx.db), query.date);
  return { asset: { id: asset.id, serialNumber: asset.serialNumber, modelName: asset.modelName, customerName: asset.customerName }, warranty: presented.warranty };
}
