/** The only SQL of the parts module. */
import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { LEDGER_TOTAL_CAP, type StockCondition } from '../../../contracts/parts';
import { queryRows, type Executor } from '../../db/client';
import { containsPattern } from '../../db/like';
import {
  oldParts,
  partModelFits,
  parts,
  reorderPoints,
  requisitions,
  serialUnits,
  stockBalances,
  stockCounts,
  stockLedger,
  stockTransfers,
  warehouses,
} from './parts.tables';

export type PartRow = typeof parts.$inferSelect;
export type WarehouseRow = typeof warehouses.$inferSelect;
export type LedgerInsert = typeof stockLedger.$inferInsert;
export type TransferRow = typeof stockTransfers.$inferSelect;
export type RequisitionRow = typeof requisitions.$inferSelect;
export type CountRow = typeof stockCounts.$inferSelect;
export type OldPartRow = typeof oldParts.$inferSelect;
export type SerialUnitRow = typeof serialUnits.$inferSelect;

type Page = { limit: number; offset: number };

// ---- catalogue ----

export async function insertPart(executor: Executor, row: typeof parts.$inferInsert): Promise<PartRow> {
  const [created] = await executor.insert(parts).values(row).returning();
  return created;
}

export async function findPartById(executor: Executor, id: string): Promise<PartRow | undefined> {
  const [row] = await executor.select().from(parts).where(eq(parts.id, id));
  return row;
}

export async function findPartByNumber(executor: Executor, partNumber: string): Promise<PartRow | undefined> {
  const [row] = await executor.select().from(parts).where(eq(parts.partNumber, partNumber));
  return row;
}

export async function findPartsByIds(executor: Executor, ids: string[]): Promise<Map<string, PartRow>> {
  if (!ids.length) return new Map();
  const rows = await executor.select().from(parts).where(inArray(parts.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Updates a part only when its version is still `version`; undefined when stale (or gone). */
export async function updatePartIfVersion(executor: Executor, id: string, version: number, patch: Partial<typeof parts.$inferInsert>): Promise<PartRow | undefined> {
  const [row] = await executor
    .update(parts)
    .set({ ...patch, version: sql`${parts.version} + 1` })
    .where(and(eq(parts.id, id), eq(parts.version, version)))
    .returning();
  return row;
}

export type PartFilter = { q?: string; kind?: PartRow['kind']; modelId?: string; isActive?: boolean };

export async function findParts(executor: Executor, filter: PartFilter, page: Page) {
  const conditions: (SQL | undefined)[] = [
    filter.kind ? eq(parts.kind, filter.kind) : undefined,
    filter.isActive === undefined ? undefined : eq(parts.isActive, filter.isActive),
    filter.q ? or(ilike(parts.partNumber, containsPattern(filter.q)), ilike(parts.name, containsPattern(filter.q))) : undefined,
    filter.modelId ? sql`exists (select 1 from ${partModelFits} where ${partModelFits.partId} = ${parts.id} and ${partModelFits.modelId} = ${filter.modelId})` : undefined,
  ];
  const where = and(...conditions);
  const rows = await executor.select().from(parts).where(where).orderBy(asc(parts.partNumber)).limit(page.limit).offset(page.offset);
  const [{ total }] = await executor.select({ total: count() }).from(parts).where(where);
  return { rows, total };
}

export async function findPartsByNumbers(executor: Executor, partNumbers: string[]): Promise<PartRow[]> {
  if (!partNumbers.length) return [];
  return executor.select().from(parts).where(inArray(parts.partNumber, [...new Set(partNumbers)]));
}

/** Which of these part numbers exist already. */
export async function findExistingPartNumbers(executor: Executor, partNumbers: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < partNumbers.length; start += 1000) {
    const rows = await executor.select({ partNumber: parts.partNumber }).from(parts).where(inArray(parts.partNumber, partNumbers.slice(start, start + 1000)));
    for (const row of rows) found.add(row.partNumber);
  }
  return found;
}

/** Imported parts and their model fits, 500 rows a statement. */
export async function insertPartsBulk(executor: Executor, rows: (typeof parts.$inferInsert)[], fits: { partId: string; modelId: string }[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) await executor.insert(parts).values(rows.slice(start, start + 500));
  for (let start = 0; start < fits.length; start += 500) await executor.insert(partModelFits).values(fits.slice(start, start + 500));
}

export async function replacePartModels(executor: Executor, partId: string, modelIds: string[]): Promise<void> {
  await executor.delete(partModelFits).where(eq(partModelFits.partId, partId));
  if (modelIds.length) await executor.insert(partModelFits).values(modelIds.map((modelId) => ({ partId, modelId })));
}

export async function findModelIdsOfParts(executor: Executor, partIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(partIds.map((id) => [id, []]));
  if (!partIds.length) return result;
  const rows = await executor.select().from(partModelFits).where(inArray(partModelFits.partId, partIds)).orderBy(asc(partModelFits.modelId));
  for (const row of rows) result.get(row.partId)?.push(row.modelId);
  return result;
}

/** Of these parts, the ones that fit the model. */
export async function findFittingPartIds(executor: Executor, partIds: string[], modelId: string): Promise<Set<string>> {
  if (!partIds.length) return new Set();
  const rows = await executor.select({ partId: partModelFits.partId }).from(partModelFits).where(and(inArray(partModelFits.partId, partIds), eq(partModelFits.modelId, modelId)));
  return new Set(rows.map((row) => row.partId));
}

// ---- warehouses ----

export async function insertWarehouse(executor: Executor, row: typeof warehouses.$inferInsert): Promise<WarehouseRow> {
  const [created] = await executor.insert(warehouses).values(row).returning();
  return created;
}

export async function findWarehouseById(executor: Executor, id: string, options: { lock?: 'update' | 'share' } = {}): Promise<WarehouseRow | undefined> {
  const query = executor.select().from(warehouses).where(eq(warehouses.id, id));
  const [row] = options.lock ? await query.for(options.lock) : await query;
  return row;
}

/** The warehouses of a movement, locked for share (a count freezing one of them waits, and vice versa). */
export async function lockWarehousesForShare(executor: Executor, ids: string[]): Promise<Map<string, WarehouseRow>> {
  if (!ids.length) return new Map();
  const rows = await executor.select().from(warehouses).where(inArray(warehouses.id, ids)).orderBy(asc(warehouses.id)).for('share');
  return new Map(rows.map((row) => [row.id, row]));
}

/** Warehouses by id (names for the views of documents). */
export async function findWarehousesByIds(executor: Executor, ids: string[]): Promise<Map<string, WarehouseRow>> {
  if (!ids.length) return new Map();
  const rows = await executor.select().from(warehouses).where(inArray(warehouses.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row]));
}

export async function findWarehouseOfTechnician(executor: Executor, technicianId: string): Promise<WarehouseRow | undefined> {
  const [row] = await executor.select().from(warehouses).where(eq(warehouses.technicianId, technicianId));
  return row;
}

export async function findWarehouseByCode(executor: Executor, code: string): Promise<WarehouseRow | undefined> {
  const [row] = await executor.select().from(warehouses).where(eq(warehouses.code, code));
  return row;
}

export async function findOutletWarehouse(executor: Executor, outletId: string): Promise<WarehouseRow | undefined> {
  const [row] = await executor.select().from(warehouses).where(and(eq(warehouses.outletId, outletId), eq(warehouses.level, 'outlet')));
  return row;
}

/** The active central warehouses, by code (a technician's sources besides the outlet's warehouse). */
export async function findActiveCentralWarehouses(executor: Executor): Promise<WarehouseRow[]> {
  return executor.select().from(warehouses).where(and(eq(warehouses.level, 'central'), eq(warehouses.isActive, true))).orderBy(asc(warehouses.code));
}

export async function setWarehouseFrozen(executor: Executor, id: string, frozen: { countId: string; userId: string } | null, now: Date): Promise<void> {
  await executor
    .update(warehouses)
    .set({ frozenByCountId: frozen?.countId ?? null, frozenByUserId: frozen?.userId ?? null, updatedAt: now })
    .where(eq(warehouses.id, id));
}

export async function findWarehouses(executor: Executor, filter: { level?: WarehouseRow['level']; outletId?: string; q?: string; scope?: SQL }, page: Page) {
  const where = and(
    filter.level ? eq(warehouses.level, filter.level) : undefined,
    filter.outletId ? eq(warehouses.outletId, filter.outletId) : undefined,
    filter.q ? or(ilike(warehouses.code, containsPattern(filter.q)), ilike(warehouses.name, containsPattern(filter.q))) : undefined,
    filter.scope,
  );
  const rows = await executor.select().from(warehouses).where(where).orderBy(asc(warehouses.level), asc(warehouses.code)).limit(page.limit).offset(page.offset);
  const [{ total }] = await executor.select({ total: count() }).from(warehouses).where(where);
  return { rows, total };
}

export async function upsertReorderPoint(executor: Executor, row: typeof reorderPoints.$inferInsert): Promise<void> {
  await executor
    .insert(reorderPoints)
    .values(row)
    .onConflictDoUpdate({ target: [reorderPoints.warehouseId, reorderPoints.partId], set: { reorderPoint: row.reorderPoint, reorderQuantity: row.reorderQuantity, updatedAt: row.updatedAt } });
}

// ---- balances ----

export type BalanceKey = { warehouseId: string; partId: string; condition: StockCondition };
export type BalanceChange = { onHand: number; inTransit: number; reserved: number };
export type BalanceNumbers = { onHand: number; inTransit: number; reserved: number };

/**
 * Applies a change to one cached balance, only if the result keeps on hand ≥ reserved ≥ 0 and
 * in transit ≥ 0 (checked by the UPDATE itself, so concurrent writers cannot overdraw: the
 * second waits for the first's row lock and re-checks). Undefined when refused.
 */
export async function changeBalance(executor: Executor, key: BalanceKey, change: BalanceChange, now: Date): Promise<BalanceNumbers | undefined> {
  if (change.onHand > 0 || change.inTransit > 0 || change.reserved > 0) {
    await executor
      .insert(stockBalances)
      .values({ warehouseId: key.warehouseId, partId: key.partId, condition: key.condition, updatedAt: now })
      .onConflictDoNothing();
  }
  const rows = await queryRows<{ on_hand: string; in_transit: string; reserved: string }>(
    executor,
    sql`update stock_balances
        set on_hand = on_hand + ${change.onHand}::numeric, in_transit = in_transit + ${change.inTransit}::numeric,
            reserved = reserved + ${change.reserved}::numeric, updated_at = ${now}
        where warehouse_id = ${key.warehouseId} and part_id = ${key.partId} and condition = ${key.condition}
          and on_hand + ${change.onHand}::numeric >= reserved + ${change.reserved}::numeric
          and reserved + ${change.reserved}::numeric >= 0
          and in_transit + ${change.inTransit}::numeric >= 0
        returning on_hand::text, in_transit::text, reserved::text`,
  );
  const [row] = rows;
  return row ? { onHand: Number(row.on_hand), inTransit: Number(row.in_transit), reserved: Number(row.reserved) } : undefined;
}

export async function ensureBalanceRow(executor: Executor, key: BalanceKey, now: Date): Promise<void> {
  await executor.insert(stockBalances).values({ ...key, updatedAt: now }).onConflictDoNothing();
}

export async function findBalance(executor: Executor, key: BalanceKey): Promise<BalanceNumbers | undefined> {
  const [row] = await executor
    .select({ onHand: stockBalances.onHand, inTransit: stockBalances.inTransit, reserved: stockBalances.reserved })
    .from(stockBalances)
    .where(and(eq(stockBalances.warehouseId, key.warehouseId), eq(stockBalances.partId, key.partId), eq(stockBalances.condition, key.condition)));
  return row;
}

export async function findBalancesOfWarehouse(executor: Executor, warehouseId: string): Promise<(BalanceNumbers & BalanceKey)[]> {
  return executor
    .select({ warehouseId: stockBalances.warehouseId, partId: stockBalances.partId, condition: stockBalances.condition, onHand: stockBalances.onHand, inTransit: stockBalances.inTransit, reserved: stockBalances.reserved })
    .from(stockBalances)
    .where(eq(stockBalances.warehouseId, warehouseId));
}

export type StockFilter = {
  warehouseId?: string;
  partId?: string;
  kind?: PartRow['kind'];
  condition?: StockCondition;
  q?: string;
  modelId?: string;
  belowReorderPoint?: boolean;
  /** A condition on `warehouses` (data scope). */
  scope?: SQL;
};

export type StockRow = {
  warehouseId: string;
  warehouseName: string;
  partId: string;
  partNumber: string;
  partName: string;
  kind: PartRow['kind'];
  unit: PartRow['unit'];
  isSerialTracked: boolean;
  condition: StockCondition;
  onHand: number;
  inTransit: number;
  reserved: number;
  reorderPoint: number | null;
  reorderQuantity: number | null;
};

/**
 * Balances with part and warehouse names, and the reorder point of good stock. One statement:
 * the page and its total (`count(*) over ()`) together, instead of a second statement that
 * plans and joins the same rows again.
 */
export async function findStock(executor: Executor, filter: StockFilter, page: Page): Promise<{ rows: StockRow[]; total: number }> {
  const below = sql`(${stockBalances.condition} = 'good' and ${reorderPoints.reorderPoint} is not null
    and ${stockBalances.onHand} + ${stockBalances.inTransit} - ${stockBalances.reserved} < ${reorderPoints.reorderPoint})`;
  const where = and(
    filter.warehouseId ? eq(stockBalances.warehouseId, filter.warehouseId) : undefined,
    filter.partId ? eq(stockBalances.partId, filter.partId) : undefined,
    filter.condition ? eq(stockBalances.condition, filter.condition) : undefined,
    filter.kind ? eq(parts.kind, filter.kind) : undefined,
    filter.q ? or(ilike(parts.partNumber, containsPattern(filter.q)), ilike(parts.name, containsPattern(filter.q))) : undefined,
    filter.modelId ? sql`exists (select 1 from ${partModelFits} where ${partModelFits.partId} = ${stockBalances.partId} and ${partModelFits.modelId} = ${filter.modelId})` : undefined,
    filter.belowReorderPoint === undefined ? undefined : filter.belowReorderPoint ? below : sql`not ${below}`,
    filter.scope,
  );
  const found = await executor
    .select({
      warehouseId: stockBalances.warehouseId,
      warehouseName: warehouses.name,
      partId: stockBalances.partId,
      partNumber: parts.partNumber,
      partName: parts.name,
      kind: parts.kind,
      unit: parts.unit,
      isSerialTracked: parts.isSerialTracked,
      condition: stockBalances.condition,
      onHand: stockBalances.onHand,
      inTransit: stockBalances.inTransit,
      reserved: stockBalances.reserved,
      reorderPoint: reorderPoints.reorderPoint,
      reorderQuantity: reorderPoints.reorderQuantity,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(stockBalances)
    .innerJoin(parts, eq(parts.id, stockBalances.partId))
    .innerJoin(warehouses, eq(warehouses.id, stockBalances.warehouseId))
    .leftJoin(reorderPoints, and(eq(reorderPoints.warehouseId, stockBalances.warehouseId), eq(reorderPoints.partId, stockBalances.partId)))
    .where(where)
    // By warehouse code first even for one warehouse: ordered by part number alone the planner walks the
    // part-number index and probes every part's balances (500 of 2,000 parts held: 110 ms instead of 5).
    .orderBy(asc(warehouses.code), asc(parts.partNumber), asc(stockBalances.condition))
    .limit(page.limit)
    .offset(page.offset);
  const rows = found.map(({ total: _total, ...row }) => row);
  if (found.length) return { rows, total: found[0].total };
  if (!page.offset) return { rows, total: 0 };
  // A page past the end carries no total: count once.
  const [{ total }] = await executor
    .select({ total: count() })
    .from(stockBalances)
    .innerJoin(parts, eq(parts.id, stockBalances.partId))
    .innerJoin(warehouses, eq(warehouses.id, stockBalances.warehouseId))
    .leftJoin(reorderPoints, and(eq(reorderPoints.warehouseId, stockBalances.warehouseId), eq(reorderPoints.partId, stockBalances.partId)))
    .where(where);
  return { rows, total };
}

/** For each part, the central warehouse with the most available good stock (on hand − reserved), if any has some. */
export async function findCentralAvailability(executor: Executor, partIds: string[]): Promise<Map<string, { warehouseId: string; available: number }>> {
  const result = new Map<string, { warehouseId: string; available: number }>();
  if (!partIds.length) return result;
  const rows = await queryRows<{ part_id: string; warehouse_id: string; available: string }>(
    executor,
    sql`select distinct on (b.part_id) b.part_id, b.warehouse_id, (b.on_hand - b.reserved)::text as available
        from stock_balances b join warehouses w on w.id = b.warehouse_id
        where w.level = 'central' and w.is_active and w.frozen_by_count_id is null and b.condition = 'good'
          and b.on_hand > b.reserved and b.part_id in ${sql`(${sql.join(partIds.map((id) => sql`${id}`), sql`, `)})`}
        order by b.part_id, b.on_hand - b.reserved desc`,
  );
  for (const row of rows) result.set(row.part_id, { warehouseId: row.warehouse_id, available: Number(row.available) });
  return result;
}

/** The statuses of each work order's requisitions (within `scope` when given). */
export async function findRequisitionStatuses(executor: Executor, workOrderIds: string[], scope?: SQL): Promise<Map<string, RequisitionRow['status'][]>> {
  const result = new Map<string, RequisitionRow['status'][]>();
  if (!workOrderIds.length) return result;
  const rows = await executor.select({ workOrderId: requisitions.workOrderId, status: requisitions.status }).from(requisitions).where(and(inArray(requisitions.workOrderId, workOrderIds), scope));
  for (const row of rows) {
    if (!row.workOrderId) continue;
    const list = result.get(row.workOrderId) ?? [];
    list.push(row.status);
    result.set(row.workOrderId, list);
  }
  return result;
}

// ---- ledger ----

export async function insertLedgerRows(executor: Executor, rows: LedgerInsert[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) await executor.insert(stockLedger).values(rows.slice(start, start + 500));
}

export type LedgerFilter = { warehouseId?: string; partId?: string; kind?: LedgerInsert['kind']; documentId?: string; from?: Date; to?: Date; scope?: SQL };

export async function findLedger(executor: Executor, filter: LedgerFilter, page: Page) {
  const where = and(
    filter.warehouseId ? eq(stockLedger.warehouseId, filter.warehouseId) : undefined,
    filter.partId ? eq(stockLedger.partId, filter.partId) : undefined,
    filter.kind ? eq(stockLedger.kind, filter.kind) : undefined,
    filter.documentId ? eq(stockLedger.documentId, filter.documentId) : undefined,
    filter.from ? gte(stockLedger.at, filter.from) : undefined,
    filter.to ? lte(stockLedger.at, filter.to) : undefined,
    filter.scope ? sql`${stockLedger.warehouseId} in (select ${warehouses.id} from ${warehouses} where ${filter.scope})` : undefined,
  );
  // The page first, then its parts' and warehouses' names: joined in one statement the planner may hash-join the whole ledger.
  // Counting a million rows for a page total costs more than the page: count up to the cap, beside the page (another connection on PostgreSQL).
  const [ledgerRows, [{ total }]] = await Promise.all([
    executor.select().from(stockLedger).where(where).orderBy(desc(stockLedger.at), desc(stockLedger.seq)).limit(page.limit).offset(page.offset),
    queryRows<{ total: number }>(executor, sql`select count(*)::int as total from (select 1 from ${stockLedger} where ${where ?? sql`true`} limit ${LEDGER_TOTAL_CAP + 1}) capped`),
  ]);
  const [names, warehouseNames] = await Promise.all([
    findPartsByIds(executor, [...new Set(ledgerRows.map((row) => row.partId))]),
    findWarehousesByIds(executor, ledgerRows.map((row) => row.warehouseId)),
  ]);
  const rows = ledgerRows.map((row) => ({ row, partNumber: names.get(row.partId)?.partNumber ?? '', partName: names.get(row.partId)?.name ?? '', warehouseName: warehouseNames.get(row.warehouseId)?.name ?? '' }));
  return { rows, total: Math.min(total, LEDGER_TOTAL_CAP), isTotalCapped: total > LEDGER_TOTAL_CAP };
}

/**
 * The balances recomputed from the ledger (on hand, in transit) and the open reservations,
 * next to the cached ones: every key where any of them differ.
 */
export async function findBalanceDifferences(executor: Executor) {
  return queryRows<{ warehouse_id: string; part_id: string; condition: StockCondition; on_hand: string; in_transit: string; reserved: string; cached_on_hand: string | null; cached_in_transit: string | null; cached_reserved: string | null }>(
    executor,
    sql`with ledger as (
          select warehouse_id, part_id, condition, sum(quantity) as on_hand, sum(in_transit_change) as in_transit
          from stock_ledger group by warehouse_id, part_id, condition
        ), reservations as (
          select r.warehouse_id, (line->>'partId')::uuid as part_id, 'good'::text as condition, sum((line->>'quantity')::numeric) as reserved
          from part_requisitions r cross join lateral jsonb_array_elements(r.lines) as line
          where r.status = 'requested' and r.is_reserved
          group by r.warehouse_id, (line->>'partId')::uuid
        ), rebuilt as (
          select coalesce(l.warehouse_id, r.warehouse_id) as warehouse_id, coalesce(l.part_id, r.part_id) as part_id, coalesce(l.condition, r.condition) as condition,
                 coalesce(l.on_hand, 0) as on_hand, coalesce(l.in_transit, 0) as in_transit, coalesce(r.reserved, 0) as reserved
          from ledger l full join reservations r on r.warehouse_id = l.warehouse_id and r.part_id = l.part_id and r.condition = l.condition
        )
        select coalesce(b.warehouse_id, x.warehouse_id) as warehouse_id, coalesce(b.part_id, x.part_id) as part_id, coalesce(b.condition, x.condition) as condition,
               coalesce(x.on_hand, 0)::text as on_hand, coalesce(x.in_transit, 0)::text as in_transit, coalesce(x.reserved, 0)::text as reserved,
               b.on_hand::text as cached_on_hand, b.in_transit::text as cached_in_transit, b.reserved::text as cached_reserved
        from stock_balances b full join rebuilt x on x.warehouse_id = b.warehouse_id and x.part_id = b.part_id and x.condition = b.condition
        where coalesce(b.on_hand, 0) <> coalesce(x.on_hand, 0) or coalesce(b.in_transit, 0) <> coalesce(x.in_transit, 0) or coalesce(b.reserved, 0) <> coalesce(x.reserved, 0)`,
  );
}

export async function countBalances(executor: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number }>(executor, sql`select count(*)::int as n from stock_balances`);
  return row.n;
}

/** Overwrites one cached balance with rebuilt numbers. */
export async function writeBalance(executor: Executor, key: BalanceKey, numbers: BalanceNumbers, now: Date): Promise<void> {
  await executor
    .insert(stockBalances)
    .values({ ...key, ...numbers, updatedAt: now })
    .onConflictDoUpdate({ target: [stockBalances.warehouseId, stockBalances.partId, stockBalances.condition], set: { ...numbers, updatedAt: now } });
}

// ---- serial units ----

/** The units with these serials of one part, locked. */
export async function lockSerialUnits(executor: Executor, partId: string, serials: string[]): Promise<Map<string, SerialUnitRow>> {
  if (!serials.length) return new Map();
  const rows = await executor.select().from(serialUnits).where(and(eq(serialUnits.partId, partId), inArray(serialUnits.serial, serials))).orderBy(asc(serialUnits.serial)).for('update');
  return new Map(rows.map((row) => [row.serial, row]));
}

/** Serials in stock in one warehouse and condition, by part number and serial, with their part's number and name. */
export async function findSerialsInStock(executor: Executor, filter: { warehouseId: string; partId?: string; condition: StockCondition; q?: string }, page: Page) {
  const where = and(
    eq(serialUnits.warehouseId, filter.warehouseId),
    eq(serialUnits.status, 'in_stock'),
    eq(serialUnits.condition, filter.condition),
    filter.partId ? eq(serialUnits.partId, filter.partId) : undefined,
    filter.q ? ilike(serialUnits.serial, containsPattern(filter.q)) : undefined,
  );
  const rows = await executor
    .select({ partId: serialUnits.partId, partNumber: parts.partNumber, partName: parts.name, serial: serialUnits.serial, condition: serialUnits.condition })
    .from(serialUnits)
    .innerJoin(parts, eq(parts.id, serialUnits.partId))
    .where(where)
    .orderBy(asc(parts.partNumber), asc(serialUnits.serial))
    .limit(page.limit)
    .offset(page.offset);
  const [{ total }] = await executor.select({ total: count() }).from(serialUnits).where(where);
  return { rows, total };
}

export async function insertSerialUnits(executor: Executor, rows: (typeof serialUnits.$inferInsert)[]): Promise<void> {
  if (rows.length) await executor.insert(serialUnits).values(rows);
}

export async function updateSerialUnits(executor: Executor, ids: string[], patch: Partial<typeof serialUnits.$inferInsert>): Promise<void> {
  if (ids.length) await executor.update(serialUnits).set(patch).where(inArray(serialUnits.id, ids));
}

// ---- documents ----

export async function insertTransfer(executor: Executor, row: typeof stockTransfers.$inferInsert): Promise<TransferRow> {
  const [created] = await executor.insert(stockTransfers).values(row).returning();
  return created;
}

export async function findTransferById(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<TransferRow | undefined> {
  const query = executor.select().from(stockTransfers).where(eq(stockTransfers.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateTransfer(executor: Executor, id: string, patch: Partial<typeof stockTransfers.$inferInsert>): Promise<void> {
  await executor.update(stockTransfers).set(patch).where(eq(stockTransfers.id, id));
}

export async function findTransfers(executor: Executor, filter: { status?: TransferRow['status']; warehouseId?: string; scope?: SQL }, page: Page) {
  const visible = filter.scope ? sql`(${stockTransfers.fromWarehouseId} in (select ${warehouses.id} from ${warehouses} where ${filter.scope}) or ${stockTransfers.toWarehouseId} in (select ${warehouses.id} from ${warehouses} where ${filter.scope}))` : undefined;
  const where = and(
    filter.status ? eq(stockTransfers.status, filter.status) : undefined,
    filter.warehouseId ? or(eq(stockTransfers.fromWarehouseId, filter.warehouseId), eq(stockTransfers.toWarehouseId, filter.warehouseId)) : undefined,
    visible,
  );
  const rows = await executor.select().from(stockTransfers).where(where).orderBy(desc(stockTransfers.createdAt)).limit(page.limit).offset(page.offset);
  const [{ total }] = await executor.select({ total: count() }).from(stockTransfers).where(where);
  return { rows, total };
}

export async function insertRequisition(executor: Executor, row: typeof requisitions.$inferInsert): Promise<RequisitionRow> {
  const [created] = await executor.insert(requisitions).values(row).returning();
  return created;
}

export async function findRequisitionById(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<RequisitionRow | undefined> {
  const query = executor.select().from(requisitions).where(eq(requisitions.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateRequisition(executor: Executor, id: string, patch: Partial<typeof requisitions.$inferInsert>): Promise<RequisitionRow> {
  const [row] = await executor.update(requisitions).set(patch).where(eq(requisitions.id, id)).returning();
  return row;
}

export async function findRequisitions(executor: Executor, filter: { status?: RequisitionRow['status']; workOrderId?: string; warehouseId?: string; scope?: SQL }, page: Page) {
  const where = and(
    filter.status ? eq(requisitions.status, filter.status) : undefined,
    filter.workOrderId ? eq(requisitions.workOrderId, filter.workOrderId) : undefined,
    filter.warehouseId ? eq(requisitions.warehouseId, filter.warehouseId) : undefined,
    filter.scope,
  );
  const rows = await executor.select().from(requisitions).where(where).orderBy(desc(requisitions.createdAt)).limit(page.limit).offset(page.offset);
  const [{ total }] = await executor.select({ total: count() }).from(requisitions).where(where);
  return { rows, total };
}

export async function insertCount(executor: Executor, row: typeof stockCounts.$inferInsert): Promise<CountRow> {
  const [created] = await executor.insert(stockCounts).values(row).returning();
  return created;
}

export async function findCountById(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<CountRow | undefined> {
  const query = executor.select().from(stockCounts).where(eq(stockCounts.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateCount(executor: Executor, id: string, patch: Partial<typeof stockCounts.$inferInsert>): Promise<CountRow> {
  const [row] = await executor.update(stockCounts).set(patch).where(eq(stockCounts.id, id)).returning();
  return row;
}

export type CountFilter = { warehouseId?: string; status?: CountRow['status']; from?: Date; to?: Date; scope?: SQL };

/** Counts newest first; `scope` is a condition on `warehouses`. */
export async function findCounts(executor: Executor, filter: CountFilter, page: Page) {
  const where = and(
    filter.warehouseId ? eq(stockCounts.warehouseId, filter.warehouseId) : undefined,
    filter.status ? eq(stockCounts.status, filter.status) : undefined,
    filter.from ? gte(stockCounts.createdAt, filter.from) : undefined,
    filter.to ? lte(stockCounts.createdAt, filter.to) : undefined,
    filter.scope ? sql`${stockCounts.warehouseId} in (select ${warehouses.id} from ${warehouses} where ${filter.scope})` : undefined,
  );
  const rows = await executor.select().from(stockCounts).where(where).orderBy(desc(stockCounts.createdAt), desc(stockCounts.id)).limit(page.limit).offset(page.offset);
  const [{ total }] = await executor.select({ total: count() }).from(stockCounts).where(where);
  return { rows, total };
}

export async function insertOldParts(executor: Executor, rows: (typeof oldParts.$inferInsert)[]): Promise<OldPartRow[]> {
  if (!rows.length) return [];
  return executor.insert(oldParts).values(rows).returning();
}

export async function findOldPartsByIds(executor: Executor, ids: string[], options: { forUpdate?: boolean } = {}): Promise<OldPartRow[]> {
  if (!ids.length) return [];
  const query = executor.select().from(oldParts).where(inArray(oldParts.id, ids)).orderBy(asc(oldParts.id));
  return options.forUpdate ? query.for('update') : query;
}

export async function updateOldParts(executor: Executor, ids: string[], patch: Partial<typeof oldParts.$inferInsert>): Promise<void> {
  if (ids.length) await executor.update(oldParts).set(patch).where(inArray(oldParts.id, ids));
}

export async function findOldParts(executor: Executor, filter: { status?: OldPartRow['status']; technicianId?: string; scope?: SQL }, page: Page) {
  const where = and(filter.status ? eq(oldParts.status, filter.status) : undefined, filter.technicianId ? eq(oldParts.technicianId, filter.technicianId) : undefined, filter.scope);
  const rows = await executor.select().from(oldParts).where(where).orderBy(desc(oldParts.createdAt)).limit(page.limit).offset(page.offset);
  const [{ total }] = await executor.select({ total: count() }).from(oldParts).where(where);
  return { rows, total };
}

export const tables = { warehouses, requisitions, oldParts };
