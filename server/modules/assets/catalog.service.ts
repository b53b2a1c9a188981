import type { z } from 'zod';
import type { TWarrantyPolicy, ZCreateCategoryBody, ZCreateModelBody, ZUpdateCategoryBody, ZUpdateModelBody } from '../../../contracts/products';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { recordAudit } from '../audit';
import * as repo from './assets.repository';
import type { CategoryRow, ModelRow } from './assets.repository';
import { computeWarrantyEnd, DEFAULT_POLICY } from './warranty';

/** The policy in force for a category: its own, else the nearest ancestor's, else the default. */
export function effectivePolicy(categoryId: string, categories: Map<string, CategoryRow>): TWarrantyPolicy {
  const seen = new Set<string>();
  let current = categories.get(categoryId);
  while (current && !seen.has(current.id)) {
    if (current.policy) return current.policy;
    seen.add(current.id);
    current = current.parentId ? categories.get(current.parentId) : undefined;
  }
  return DEFAULT_POLICY;
}

/** The nearest non-null value of a category field up the tree. */
function inherited<T>(categoryId: string, categories: Map<string, CategoryRow>, pick: (row: CategoryRow) => T | null): T | null {
  const seen = new Set<string>();
  let current = categories.get(categoryId);
  while (current && !seen.has(current.id)) {
    const value = pick(current);
    if (value !== null && value !== undefined) return value;
    seen.add(current.id);
    current = current.parentId ? categories.get(current.parentId) : undefined;
  }
  return null;
}

/** Fault codes of a category (its own or inherited). */
export function effectiveFaultCodes(categoryId: string, categories: Map<string, CategoryRow>) {
  return inherited(categoryId, categories, (row) => row.faultCodes) ?? [];
}

/** Ticket types a category allows (own or inherited); null = all. */
export function effectiveAllowedTicketTypes(categoryId: string, categories: Map<string, CategoryRow>) {
  return inherited(categoryId, categories, (row) => row.allowedTicketTypes);
}

/** A category and every category below it. */
export function subtreeIds(categoryId: string, categories: CategoryRow[]): string[] {
  const result = [categoryId];
  for (let index = 0; index < result.length; index += 1) {
    for (const category of categories) if (category.parentId === result[index]) result.push(category.id);
  }
  return result;
}

export async function loadCategoryMap(executor: Executor): Promise<Map<string, CategoryRow>> {
  return new Map((await repo.findCategories(executor)).map((row) => [row.id, row]));
}

export async function listCategories(ctx: AppContext) {
  const [categories, modelCounts] = await Promise.all([loadCategoryMap(ctx.db), repo.countModelsByCategory(ctx.db)]);
  return {
    items: [...categories.values()].map((row) => ({
      id: row.id,
      parentId: row.parentId,
      code: row.code,
      name: row.name,
      policy: row.policy ?? null,
      effectivePolicy: effectivePolicy(row.id, categories),
      faultCodes: row.faultCodes ?? null,
      effectiveFaultCodes: effectiveFaultCodes(row.id, categories),
      allowedTicketTypes: row.allowedTicketTypes ?? null,
      effectiveAllowedTicketTypes: effectiveAllowedTicketTypes(row.id, categories),
      modelCount: modelCounts.get(row.id) ?? 0,
    })),
  };
}

async function checkParent(executor: Executor, id: string | null, parentId: string | null | undefined) {
  if (!parentId) return;
  const categories = await repo.findCategories(executor);
  if (!categories.some((category) => category.id === parentId)) throw invalidField(['parentId'], 'no such category');
  if (id && subtreeIds(id, categories).includes(parentId)) throw invalidField(['parentId'], 'a category cannot move under itself');
}

export async function createCategory(ctx: AppContext, actor: Actor, input: z.infer<typeof ZCreateCategoryBody>, executor?: Executor) {
  const run = async (tx: Executor) => {
    if (await repo.findCategoryByCode(tx, input.code)) throw conflict('This category code is taken', [{ path: ['code'], message: 'already taken' }]);
    await checkParent(tx, null, input.parentId);
    const row = await repo.insertCategory(tx, {
      id: newId(),
      parentId: input.parentId ?? null,
      code: input.code,
      name: input.name,
      policy: input.policy ?? null,
      faultCodes: input.faultCodes ?? null,
      allowedTicketTypes: input.allowedTicketTypes ?? null,
    });
    await recordAudit(tx, actor, { entity: 'product_category', entityId: row.id, action: 'created', after: { code: row.code, name: row.name, parentId: row.parentId, policy: row.policy, faultCodes: row.faultCodes, allowedTicketTypes: row.allowedTicketTypes } });
    return row;
  };
  return executor ? run(executor) : ctx.db.transaction(run);
}

/** Updates a category; a changed policy recomputes the warranty end of every asset below it. */
export async function updateCategory(ctx: AppContext, actor: Actor, id: string, input: z.infer<typeof ZUpdateCategoryBody>) {
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findCategoryById(tx, id);
    if (!before) throw notFound('Category');
    await checkParent(tx, id, input.parentId);
    const after = await repo.updateCategory(tx, id, {
      name: input.name ?? before.name,
      parentId: input.parentId !== undefined ? input.parentId : before.parentId,
      policy: input.policy !== undefined ? input.policy : before.policy,
      faultCodes: input.faultCodes !== undefined ? input.faultCodes : before.faultCodes,
      allowedTicketTypes: input.allowedTicketTypes !== undefined ? input.allowedTicketTypes : before.allowedTicketTypes,
      updatedAt: ctx.clock.now(),
    });
    const recomputed = await recomputeWarrantyEnds(tx, id);
    await recordAudit(tx, actor, {
      entity: 'product_category',
      entityId: id,
      action: 'updated',
      before: { name: before.name, parentId: before.parentId, policy: before.policy, faultCodes: before.faultCodes, allowedTicketTypes: before.allowedTicketTypes },
      after: { name: after.name, parentId: after.parentId, policy: after.policy, faultCodes: after.faultCodes, allowedTicketTypes: after.allowedTicketTypes, assetsRecomputed: recomputed },
    });
    return after;
  });
}

/** Recomputes the stored warranty end of every asset in a category's subtree. */
async function recomputeWarrantyEnds(tx: Executor, categoryId: string): Promise<number> {
  const categories = await loadCategoryMap(tx);
  const ids = subtreeIds(categoryId, [...categories.values()]);
  const models = (await repo.findModels(tx, { categoryIds: ids })).map((row) => row.model);
  const modelCategory = new Map(models.map((model) => [model.id, model.categoryId]));
  let changed = 0;
  for (const asset of await repo.findAssetsOfModels(tx, models.map((model) => model.id))) {
    const policy = effectivePolicy(modelCategory.get(asset.modelId)!, categories);
    const end = computeWarrantyEnd({ ...asset, policy });
    if (end !== asset.computedWarrantyEnd) {
      await repo.updateAsset(tx, asset.id, { computedWarrantyEnd: end });
      changed += 1;
    }
  }
  return changed;
}

export function presentModel(row: ModelRow, categoryName: string, assetCount: number) {
  return {
    id: row.id,
    categoryId: row.categoryId,
    categoryName,
    brand: row.brand,
    modelCode: row.modelCode,
    name: row.name,
    specs: row.specs,
    isDiscontinued: row.isDiscontinued,
    assetCount,
  };
}

export async function listModels(ctx: AppContext, query: { categoryId?: string; q?: string }) {
  const categoryIds = query.categoryId ? subtreeIds(query.categoryId, await repo.findCategories(ctx.db)) : undefined;
  const [rows, counts] = await Promise.all([repo.findModels(ctx.db, { categoryIds, q: query.q }), repo.countAssetsByModel(ctx.db)]);
  return { items: rows.map((row) => presentModel(row.model, row.categoryName, counts.get(row.model.id) ?? 0)) };
}

export async function createModel(ctx: AppContext, actor: Actor, input: z.infer<typeof ZCreateModelBody>, executor?: Executor) {
  const run = async (tx: Executor) => {
    const category = await repo.findCategoryById(tx, input.categoryId);
    if (!category) throw invalidField(['categoryId'], 'no such category');
    if (await repo.findModelByCode(tx, input.brand, input.modelCode)) {
      throw conflict('This brand already has this model code', [{ path: ['modelCode'], message: 'already exists for this brand' }]);
    }
    const row = await repo.insertModel(tx, { id: newId(), ...input, specs: input.specs ?? {}, isDiscontinued: input.isDiscontinued ?? false });
    await recordAudit(tx, actor, { entity: 'product_model', entityId: row.id, action: 'created', after: presentModel(row, category.name, 0) });
    return presentModel(row, category.name, 0);
  };
  return executor ? run(executor) : ctx.db.transaction(run);
}

export async function updateModel(ctx: AppContext, actor: Actor, id: string, input: z.infer<typeof ZUpdateModelBody>) {
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findModelById(tx, id);
    if (!before) throw notFound('Model');
    const categoryId = input.categoryId ?? before.categoryId;
    const category = await repo.findCategoryById(tx, categoryId);
    if (!category) throw invalidField(['categoryId'], 'no such category');
    const brand = input.brand ?? before.brand;
    const modelCode = input.modelCode ?? before.modelCode;
    const clash = await repo.findModelByCode(tx, brand, modelCode);
    if (clash && clash.id !== id) throw conflict('This brand already has this model code', [{ path: ['modelCode'], message: 'already exists for this brand' }]);
    const after = await repo.updateModel(tx, id, { ...input, updatedAt: ctx.clock.now() });
    if (categoryId !== before.categoryId) await recomputeWarrantyEnds(tx, categoryId);
    await recordAudit(tx, actor, { entity: 'product_model', entityId: id, action: 'updated', before: presentModel(before, '', 0), after: presentModel(after, '', 0) });
    const counts = await repo.countAssetsByModel(tx);
    return presentModel(after, category.name, counts.get(id) ?? 0);
  });
}
