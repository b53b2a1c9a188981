import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import type { ModelRow } from './assets.repository';
import { assets, productModels } from './assets.tables';

/** Bulk reads and writes of the Excel import (and the demo loader), chunked so parameter lists stay small. */

/** Every product model, unordered. */
export async function findAllModels(executor: Executor): Promise<ModelRow[]> {
  return executor.select().from(productModels);
}

/** brand + model code (upper-cased) → model id and category. */
export async function findModelIndex(executor: Executor) {
  const rows = await findAllModels(executor);
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

/** Several assets in one multi-row insert. */
export async function insertAssets(executor: Executor, rows: (typeof assets.$inferInsert)[]): Promise<void> {
  await executor.insert(assets).values(rows);
}
