import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { containsPattern } from '../../db/like';
import { queryRows } from '../../db/client';
import { customerNameMatches, customerNameOf } from '../customers';
import { assets, productCategories, productModels } from './assets.tables';

export type CategoryRow = typeof productCategories.$inferSelect;
export type ModelRow = typeof productModels.$inferSelect;
export type AssetRow = typeof assets.$inferSelect;

export async function findCategories(executor: Executor): Promise<CategoryRow[]> {
  return executor.select().from(productCategories).orderBy(asc(productCategories.position), asc(productCategories.code));
}

export async function findCategoryById(executor: Executor, id: string): Promise<CategoryRow | undefined> {
  const [row] = await executor.select().from(productCategories).where(eq(productCategories.id, id));
  return row;
}

export async function findCategoryByCode(executor: Executor, code: string): Promise<CategoryRow | undefined> {
  const [row] = await executor.select().from(productCategories).where(eq(productCategories.code, code));
  return row;
}

export async function insertCategory(executor: Executor, row: typeof productCategories.$inferInsert): Promise<CategoryRow> {
  const [created] = await executor.insert(productCategories).values(row).returning();
  return created;
}

export async function updateCategory(executor: Executor, id: string, patch: Partial<typeof productCategories.$inferInsert>): Promise<CategoryRow> {
  const [updated] = await executor.update(productCategories).set(patch).where(eq(productCategories.id, id)).returning();
  return updated;
}

export async function countModelsByCategory(executor: Executor): Promise<Map<string, number>> {
  const rows = await executor.select({ categoryId: productModels.categoryId, total: count() }).from(productModels).groupBy(productModels.categoryId);
  return new Map(rows.map((row) => [row.categoryId, Number(row.total)]));
}

export async function findModels(executor: Executor, filter: { categoryIds?: string[]; q?: string }) {
  const conditions: SQL[] = [];
  if (filter.categoryIds) conditions.push(filter.categoryIds.length ? inArray(productModels.categoryId, filter.categoryIds) : sql`false`);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(sql`(${productModels.brand} ilike ${pattern} or ${productModels.modelCode} ilike ${pattern} or ${productModels.name} ilike ${pattern})`);
  }
  return executor
    .select({ model: productModels, categoryName: productCategories.name })
    .from(productModels)
    .innerJoin(productCategories, eq(productModels.categoryId, productCategories.id))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(productModels.brand), asc(productModels.modelCode));
}

export async function findModelById(executor: Executor, id: string): Promise<ModelRow | undefined> {
  const [row] = await executor.select().from(productModels).where(eq(productModels.id, id));
  return row;
}

export async function findModelByCode(executor: Executor, brand: string, modelCode: string): Promise<ModelRow | undefined> {
  const [row] = await executor.select().from(productModels).where(and(eq(productModels.brand, brand), eq(productModels.modelCode, modelCode)));
  return row;
}

export async function insertModel(executor: Executor, row: typeof productModels.$inferInsert): Promise<ModelRow> {
  const [created] = await executor.insert(productModels).values(row).returning();
  return created;
}

export async function updateModel(executor: Executor, id: string, patch: Partial<typeof productModels.$inferInsert>): Promise<ModelRow> {
  const [updated] = await executor.update(productModels).set(patch).where(eq(productModels.id, id)).returning();
  return updated;
}

export async function countAssetsByModel(executor: Executor): Promise<Map<string, number>> {
  const rows = await executor.select({ modelId: assets.modelId, total: count() }).from(assets).groupBy(assets.modelId);
  return new Map(rows.map((row) => [row.modelId, Number(row.total)]));
}

export async function countAssetsByCustomer(executor: Executor, customerIds: string[]): Promise<Map<string, number>> {
  if (!customerIds.length) return new Map();
  const rows = await executor
    .select({ customerId: assets.customerId, total: count() })
    .from(assets)
    .where(inArray(assets.customerId, customerIds))
    .groupBy(assets.customerId);
  return new Map(rows.map((row) => [row.customerId, Number(row.total)]));
}

export async function insertAsset(executor: Executor, row: typeof assets.$inferInsert): Promise<AssetRow> {
  const [created] = await executor.insert(assets).values(row).returning();
  return created;
}

export async function updateAsset(executor: Executor, id: string, patch: Partial<typeof assets.$inferInsert>): Promise<AssetRow> {
  const [updated] = await executor.update(assets).set(patch).where(eq(assets.id, id)).returning();
  return updated;
}

export async function findAssetById(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<AssetRow | undefined> {
  const query = executor.select().from(assets).where(eq(assets.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findAssetBySerial(executor: Executor, modelId: string, serialNumber: string): Promise<AssetRow | undefined> {
  const [row] = await executor.select().from(assets).where(and(eq(assets.modelId, modelId), eq(assets.serialNumber, serialNumber)));
  return row;
}

export async function findAssetsBySerial(executor: Executor, serialNumber: string): Promise<AssetRow[]> {
  return executor.select().from(assets).where(eq(assets.serialNumber, serialNumber));
}

/** The effective warranty end in SQL: the override, else the computed end. */
const effectiveEnd = sql`coalesce(${assets.warrantyOverrideEnd}, ${assets.computedWarrantyEnd})`;
const extendedEnd = sql`greatest(${assets.extendedWarrantyEnd}, ${assets.contractEnd})`;

export type AssetFilter = {
  q?: string;
  customerId?: string;
  modelId?: string;
  categoryIds?: string[];
  status?: string;
  warranty?: 'in_warranty' | 'extended' | 'out_of_warranty';
  today: string;
  scope?: SQL;
};

const SORTS = {
  serialNumber: asc(assets.serialNumber),
  '-serialNumber': desc(assets.serialNumber),
  purchaseDate: asc(assets.purchaseDate),
  '-purchaseDate': desc(assets.purchaseDate),
  createdAt: asc(assets.createdAt),
  '-createdAt': desc(assets.createdAt),
} as const;

export function assetFilterCondition(filter: AssetFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [filter.scope];
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(sql`(${assets.serialNumber} ilike ${pattern} or ${assets.invoiceNumber} ilike ${pattern} or ${productModels.modelCode} ilike ${pattern} or ${productModels.name} ilike ${pattern} or ${customerNameMatches(assets.customerId, pattern)})`);
  }
  if (filter.customerId) conditions.push(eq(assets.customerId, filter.customerId));
  if (filter.modelId) conditions.push(eq(assets.modelId, filter.modelId));
  if (filter.categoryIds) conditions.push(filter.categoryIds.length ? inArray(productModels.categoryId, filter.categoryIds) : sql`false`);
  if (filter.status) conditions.push(eq(assets.status, filter.status as AssetRow['status']));
  if (filter.warranty === 'in_warranty') conditions.push(sql`${effectiveEnd} >= ${filter.today}::date`);
  if (filter.warranty === 'extended') conditions.push(sql`(${effectiveEnd} is null or ${effectiveEnd} < ${filter.today}::date) and ${extendedEnd} >= ${filter.today}::date`);
  if (filter.warranty === 'out_of_warranty') {
    conditions.push(sql`${effectiveEnd} < ${filter.today}::date and (${extendedEnd} is null or ${extendedEnd} < ${filter.today}::date)`);
  }
  return and(...conditions.filter((condition): condition is SQL => condition !== undefined));
}

export async function findAssets(executor: Executor, filter: AssetFilter, page: { limit: number; offset: number; sort: keyof typeof SORTS }) {
  const where = assetFilterCondition(filter);
  const [rows, [{ total }]] = await Promise.all([
    executor
      .select({ asset: assets, model: productModels, categoryName: productCategories.name, customerName: customerNameOf(assets.customerId) })
      .from(assets)
      .innerJoin(productModels, eq(assets.modelId, productModels.id))
      .innerJoin(productCategories, eq(productModels.categoryId, productCategories.id))
      .where(where)
      .orderBy(SORTS[page.sort], asc(assets.id))
      .limit(page.limit)
      .offset(page.offset),
    executor
      .select({ total: count() })
      .from(assets)
      .innerJoin(productModels, eq(assets.modelId, productModels.id))
      .where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function findAssetWithModel(executor: Executor, id: string) {
  const [row] = await executor
    .select({ asset: assets, model: productModels, categoryName: productCategories.name, customerName: customerNameOf(assets.customerId) })
    .from(assets)
    .innerJoin(productModels, eq(assets.modelId, productModels.id))
    .innerJoin(productCategories, eq(productModels.categoryId, productCategories.id))
    .where(eq(assets.id, id));
  return row;
}

/** Serial numbers containing the text (trigram index), else similar ones (a mistyped serial). */
export async function searchAssetRows(executor: Executor, q: string, limit: number, scope?: SQL) {
  type Row = { id: string; serial_number: string; customer_id: string; customer_name: string; model_name: string; model_code: string; score: number };
  const needle = q.toUpperCase();
  if (needle.length < 3) return [];
  const pattern = containsPattern(needle);
  const scoped = scope ? sql`and ${scope}` : sql``;
  const select = (where: SQL, score: SQL, max: number) =>
    queryRows<Row>(
      executor,
      sql`select a.id, a.serial_number, a.customer_id, ${customerNameOf(sql`a.customer_id`)} as customer_name, m.name as model_name, m.model_code, ${score}::float8 as score
          from (select * from ${assets} a where ${where} ${scoped} limit 200) a
          join ${productModels} m on m.id = a.model_id
          order by score desc, a.serial_number
          limit ${max}`,
    );
  const exact = await select(sql`a.serial_number ilike ${pattern}`, sql`(1 + similarity(a.serial_number, ${needle}) + case when a.serial_number = ${needle} then 1 else 0 end)`, limit);
  if (exact.length > 0) return exact;
  return select(sql`a.serial_number % ${needle}`, sql`similarity(a.serial_number, ${needle})`, limit);
}

export async function reassignCustomer(executor: Executor, fromCustomerId: string, toCustomerId: string): Promise<string[]> {
  const rows = await executor.update(assets).set({ customerId: toCustomerId }).where(eq(assets.customerId, fromCustomerId)).returning({ id: assets.id });
  return rows.map((row) => row.id);
}

export async function findAssetsOfModels(executor: Executor, modelIds: string[]): Promise<AssetRow[]> {
  if (!modelIds.length) return [];
  return executor.select().from(assets).where(inArray(assets.modelId, modelIds));
}
