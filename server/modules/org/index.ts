/** The org module's surface: outlets (网点) with service areas, and typed settings. */
import type { Executor } from '../../db/client';
import { findAllOutlets, findOutletByCode, findOutletById, findOutletsByIds, type OutletRow } from './org.repository';

export type { OutletRow };
export { orgRoutes } from './org.routes';
export { createOutlet, updateOutletDetails } from './outlets.service';
export { defineSetting, type SettingAccessor } from './settings';

/** An outlet by id, or undefined. */
export async function findOutlet(executor: Executor, id: string): Promise<OutletRow | undefined> {
  return findOutletById(executor, id);
}

/** An outlet by its code, or undefined. */
export async function findOutletWithCode(executor: Executor, code: string): Promise<OutletRow | undefined> {
  return findOutletByCode(executor, code);
}

/** Outlets by id (unknown ids are left out). */
export async function findOutlets(executor: Executor, ids: string[]): Promise<OutletRow[]> {
  return findOutletsByIds(executor, [...new Set(ids)]);
}

/** id → name of outlets. */
export async function findOutletNames(executor: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const rows = await findOutletsByIds(executor, [...new Set(ids.filter((id): id is string => Boolean(id)))]);
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Every outlet, active or not (automatic dispatch filters). */
export async function listAllOutlets(executor: Executor): Promise<OutletRow[]> {
  return findAllOutlets(executor);
}
