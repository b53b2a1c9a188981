/** Catalogue, warehouses, reorder points and the read side (stock, ledger, rebuild). */
import type { z } from 'zod';
import type { TCreatePartBody, TUpdatePartBody, ZCreateWarehouseBody, ZLedgerQuery, ZReorderPointBody, ZSerialsQuery, ZStockQuery, ZListPartsQuery, ZListWarehousesQuery } from '../../../contracts/parts';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { FOREIGN_KEY_VIOLATION, sqlStateOf } from '../../platform/db-errors';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { recordAudit } from '../audit';
import { findOutlet } from '../org';
import { findTechniciansByIds } from '../technicians';
import * as repo from './parts.repository';
import type { PartRow, WarehouseRow } from './parts.repository';
import { roundQuantity } from './stock.core';

/** Outlet staff see their outlet's warehouse and its technicians' stock; a technician only their own stock. */
export function warehouseScope(principal: Principal) {
  return scopeCondition(principal, { outlet: repo.tables.warehouses.outletId, owner: repo.tables.warehouses.ownerUserId });
}

export function canSeeWarehouse(principal: Principal, warehouse: WarehouseRow): boolean {
  return isInScope(principal, { outletId: warehouse.outletId, ownerId: warehouse.ownerUserId });
}

/** A warehouse the principal may see, or 404. */
export async function visibleWarehouse(executor: Executor, principal: Principal, id: string): Promise<WarehouseRow> {
  const warehouse = await repo.findWarehouseById(executor, id);
  if (!warehouse || !canSeeWarehouse(principal, warehouse)) throw notFound('Warehouse');
  return warehouse;
}

/** Part and warehouse names for the views of documents (transfers, counts, old parts), read in two queries for a whole page. */
export type Names = { partNumber: (id: string) => string; partName: (id: string) => string; warehouseName: (id: string | null) => string };

export async function loadNames(executor: Executor, partIds: string[], warehouseIds: (string | null)[]): Promise<Names> {
  const [found, stores] = await Promise.all([
    repo.findPartsByIds(executor, [...new Set(partIds)]),
    repo.findWarehousesByIds(executor, warehouseIds.filter((id): id is string => Boolean(id))),
  ]);
  return {
    partNumber: (id) => found.get(id)?.partNumber ?? '',
    partName: (id) => found.get(id)?.name ?? '',
    warehouseName: (id) => (id ? (stores.get(id)?.name ?? '') : ''),
  };
}

export function canSeeCost(principal: Principal): boolean {
  return principal.permissions.has('parts.cost.read');
}

export function presentPart(row: PartRow, modelIds: string[], isCostVisible: boolean) {
  return {
    id: row.id,
    partNumber: row.partNumber,
    name: row.name,
    kind: row.kind,
    unit: row.unit,
    isSerialTracked: row.isSerialTracked,
    mustReturnOldPart: row.mustReturnOldPart,
    costFen: isCostVisible ? row.costFen : null,
    salePriceFen: row.salePriceFen,
    modelIds,
    isActive: row.isActive,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function auditPart(row: PartRow, modelIds: string[]) {
  const { createdAt: _created, updatedAt: _updated, ...fields } = row;
  return { ...fields, modelIds };
}

export function presentWarehouse(row: WarehouseRow) {
  return { id: row.id, code: row.code, name: row.name, level: row.level, outletId: row.outletId, technicianId: row.technicianId, frozenByCountId: row.frozenByCountId, isActive: row.isActive };
}

async function replaceModels(tx: Executor, partId: string, modelIds: string[]): Promise<string[]> {
  const unique = [...new Set(modelIds)].sort();
  try {
    await repo.replacePartModels(tx, partId, unique);
  } catch (error) {
    if (sqlStateOf(error) === FOREIGN_KEY_VIOLATION) throw invalidField(['modelIds'], 'unknown product model');
    throw error;
  }
  return unique;
}

// ---- catalogue ----

export async function createPart(ctx: AppContext, actor: Actor, input: TCreatePartBody) {
  return ctx.db.transaction(async (tx) => {
    if (await repo.findPartByNumber(tx, input.partNumber)) throw conflict('This part number exists already', [{ path: ['partNumber'], message: '备件编号已存在' }]);
    const now = ctx.clock.now();
    const { modelIds, ...fields } = input;
    const row = await repo.insertPart(tx, { id: newId(), ...fields, createdAt: now, updatedAt: now });
    const models = await replaceModels(tx, row.id, modelIds);
    await recordAudit(tx, actor, { entity: 'part', entityId: row.id, action: 'created', after: auditPart(row, models) });
    return { row, modelIds: models };
  });
}

export async function updatePart(ctx: AppContext, actor: Actor, id: string, input: TUpdatePartBody) {
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findPartById(tx, id);
    if (!before) throw notFound('Part');
    const beforeModels = (await repo.findModelIdsOfParts(tx, [id])).get(id) ?? [];
    const { version, modelIds, ...patch } = input;
    const row = await repo.updatePartIfVersion(tx, id, version, { ...patch, updatedAt: ctx.clock.now() });
    if (!row) throw conflict('The part was changed by someone else; reload it', [{ path: ['version'], message: '数据已被他人修改，请刷新后重试' }]);
    const models = modelIds ? await replaceModels(tx, id, modelIds) : beforeModels;
    await recordAudit(tx, actor, { entity: 'part', entityId: id, action: 'updated', before: auditPart(before, beforeModels), after: auditPart(row, models) });
    return { row, modelIds: models };
  });
}

export async function getPart(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findPartById(ctx.db, id);
  if (!row) throw notFound('Part');
  const models = (await repo.findModelIdsOfParts(ctx.db, [id])).get(id) ?? [];
  return presentPart(row, models, canSeeCost(principal));
}

export async function listParts(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListPartsQuery>) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.findParts(ctx.db, filter, { limit: pageSize, offset: (page - 1) * pageSize });
  const models = await repo.findModelIdsOfParts(ctx.db, rows.map((row) => row.id));
  const isCostVisible = canSeeCost(principal);
  return { items: rows.map((row) => presentPart(row, models.get(row.id) ?? [], isCostVisible)), total, page, pageSize };
}

// ---- warehouses ----

export async function createWarehouse(ctx: AppContext, actor: Actor, input: z.infer<typeof ZCreateWarehouseBody>) {
  return ctx.db.transaction(async (tx) => {
    const outletId = input.outletId ?? null;
    const technicianId = input.technicianId ?? null;
    let ownerUserId: string | null = null;
    if (input.level === 'central') {
      if (outletId) throw invalidField(['outletId'], 'a central warehouse belongs to no outlet');
      if (technicianId) throw invalidField(['technicianId'], 'a central warehouse belongs to no technician');
    } else {
      if (!outletId) throw invalidField(['outletId'], 'required for an outlet or technician warehouse');
      if (!(await findOutlet(tx, outletId))) throw invalidField(['outletId'], 'no such outlet');
      if (input.level === 'outlet') {
        if (technicianId) throw invalidField(['technicianId'], 'an outlet warehouse belongs to no technician');
        if (await repo.findOutletWarehouse(tx, outletId)) throw conflict('This outlet has a warehouse already', [{ path: ['outletId'], message: '该网点已有网点仓' }]);
      } else {
        if (!technicianId) throw invalidField(['technicianId'], 'required for a technician warehouse');
        const [technician] = await findTechniciansByIds(tx, [technicianId]);
        if (!technician || technician.outletId !== outletId) throw invalidField(['technicianId'], 'not a technician of this outlet');
        if (await repo.findWarehouseOfTechnician(tx, technicianId)) throw conflict('This technician has a stock already', [{ path: ['technicianId'], message: '该技师已有随身库' }]);
        ownerUserId = technician.userId;
      }
    }
    if (await repo.findWarehouseByCode(tx, input.code)) throw conflict('This warehouse code exists already', [{ path: ['code'], message: '仓库编码已存在' }]);
    const now = ctx.clock.now();
    const row = await repo.insertWarehouse(tx, { id: newId(), code: input.code, name: input.name, level: input.level, outletId, technicianId, ownerUserId, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'warehouse', entityId: row.id, action: 'created', after: presentWarehouse(row) });
    return presentWarehouse(row);
  });
}

export async function listWarehouses(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListWarehousesQuery>) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.findWarehouses(ctx.db, { ...filter, scope: warehouseScope(principal) }, { limit: pageSize, offset: (page - 1) * pageSize });
  return { items: rows.map(presentWarehouse), total, page, pageSize };
}

export async function getWarehouse(ctx: AppContext, principal: Principal, id: string) {
  return presentWarehouse(await visibleWarehouse(ctx.db, principal, id));
}

export async function setReorderPoint(ctx: AppContext, actor: Actor, principal: Principal, warehouseId: string, input: z.infer<typeof ZReorderPointBody>) {
  return ctx.db.transaction(async (tx) => {
    await visibleWarehouse(tx, principal, warehouseId);
    if (!(await repo.findPartById(tx, input.partId))) throw invalidField(['partId'], 'unknown part');
    const row = { warehouseId, partId: input.partId, reorderPoint: roundQuantity(input.reorderPoint), reorderQuantity: roundQuantity(input.reorderQuantity), updatedAt: ctx.clock.now() };
    await repo.upsertReorderPoint(tx, row);
    // A zero balance row, so a part never stocked here still shows up below its reorder point.
    await repo.ensureBalanceRow(tx, { warehouseId, partId: input.partId, condition: 'good' }, row.updatedAt);
    await recordAudit(tx, actor, { entity: 'warehouse', entityId: warehouseId, action: 'reorder_point_set', after: { partId: row.partId, reorderPoint: row.reorderPoint, reorderQuantity: row.reorderQuantity } });
  });
}

// ---- stock and ledger ----

function presentStock(row: repo.StockRow) {
  const available = roundQuantity(row.onHand - row.reserved);
  const isBelowReorderPoint = row.condition === 'good' && row.reorderPoint !== null && roundQuantity(row.onHand + row.inTransit - row.reserved) < row.reorderPoint;
  return { ...row, available, isBelowReorderPoint };
}

export async function getWarehouseStock(ctx: AppContext, principal: Principal, warehouseId: string, query: z.infer<typeof ZStockQuery> & { modelId?: string }) {
  const { page, pageSize, ...filter } = query;
  // The scope check and the page side by side (one round trip less); nothing is answered before the check passed.
  const [, { rows, total }] = await Promise.all([visibleWarehouse(ctx.db, principal, warehouseId), repo.findStock(ctx.db, { ...filter, warehouseId }, { limit: pageSize, offset: (page - 1) * pageSize })]);
  return { items: rows.map(presentStock), total, page, pageSize };
}

/** Shortages below this many lines are all listed; a shortage list longer than this is a reorder-point problem. */
const SHORTAGE_LIST_MAX = 1000;

/** The warehouse's shortage list with a suggested transfer from a central warehouse or a purchase. */
export async function getShortages(ctx: AppContext, principal: Principal, warehouseId: string) {
  const warehouse = await visibleWarehouse(ctx.db, principal, warehouseId);
  const { rows } = await repo.findStock(ctx.db, { warehouseId, condition: 'good', belowReorderPoint: true }, { limit: SHORTAGE_LIST_MAX, offset: 0 });
  const central = warehouse.level === 'central' ? new Map() : await repo.findCentralAvailability(ctx.db, rows.map((row) => row.partId));
  const items = rows.map((row) => {
    const projected = roundQuantity(row.onHand + row.inTransit - row.reserved);
    const reorderPoint = row.reorderPoint ?? 0;
    const suggestedQuantity = Math.max(row.reorderQuantity ?? 0, roundQuantity(reorderPoint - projected));
    const source = central.get(row.partId) as { warehouseId: string; available: number } | undefined;
    const canTransfer = Boolean(source && source.available >= suggestedQuantity);
    return {
      partId: row.partId,
      partNumber: row.partNumber,
      partName: row.partName,
      unit: row.unit,
      projected,
      reorderPoint,
      reorderQuantity: row.reorderQuantity ?? 0,
      suggestedQuantity,
      suggestion: canTransfer ? ('transfer' as const) : ('purchase' as const),
      fromWarehouseId: canTransfer ? source!.warehouseId : null,
      centralAvailable: source?.available ?? 0,
    };
  });
  return { warehouseId, items };
}

/** One part's stock in every warehouse the principal sees. */
export async function getPartStock(ctx: AppContext, principal: Principal, partId: string, query: { page: number; pageSize: number; condition?: 'good' | 'defective' }) {
  const [part, { rows, total }] = await Promise.all([
    repo.findPartById(ctx.db, partId),
    repo.findStock(ctx.db, { partId, condition: query.condition, scope: warehouseScope(principal) }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
  ]);
  if (!part) throw notFound('Part');
  return { items: rows.map(presentStock), total, page: query.page, pageSize: query.pageSize };
}

/** Serials in stock in a warehouse the principal sees (a technician: only their own stock; else 404). */
export async function listSerials(ctx: AppContext, principal: Principal, warehouseId: string, query: z.infer<typeof ZSerialsQuery>) {
  await visibleWarehouse(ctx.db, principal, warehouseId);
  const { page, pageSize, ...filter } = query;
  if (filter.partId && !(await repo.findPartById(ctx.db, filter.partId))) throw invalidField(['partId'], 'unknown part');
  const { rows, total } = await repo.findSerialsInStock(ctx.db, { ...filter, warehouseId }, { limit: pageSize, offset: (page - 1) * pageSize });
  return { items: rows, total, page, pageSize };
}

export async function listLedger(ctx: AppContext, principal: Principal, query: z.infer<typeof ZLedgerQuery>) {
  const { page, pageSize, from, to, ...filter } = query;
  // With a warehouse: its scope check beside the page (nothing is answered before the check passed).
  const [, { rows, total, isTotalCapped }] = await Promise.all([
    filter.warehouseId ? visibleWarehouse(ctx.db, principal, filter.warehouseId) : undefined,
    repo.findLedger(
      ctx.db,
      { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined, scope: filter.warehouseId ? undefined : warehouseScope(principal) },
      { limit: pageSize, offset: (page - 1) * pageSize },
    ),
  ]);
  return {
    items: rows.map(({ row, partNumber, partName, warehouseName }) => ({
      id: row.id,
      kind: row.kind,
      partId: row.partId,
      partNumber,
      partName,
      warehouseId: row.warehouseId,
      warehouseName,
      condition: row.condition,
      quantity: row.quantity,
      inTransitChange: row.inTransitChange,
      serial: row.serial,
      documentType: row.documentType,
      documentId: row.documentId,
      reason: row.reason,
      actorId: row.actorId,
      actorName: row.actorName,
      at: row.at.toISOString(),
      balanceAfter: row.balanceAfter,
    })),
    total,
    isTotalCapped,
    page,
    pageSize,
  };
}

/**
 * Recomputes every balance from the ledger (on hand, in transit) and the open reservations.
 * Reports how many cached balances differed; with `apply` it overwrites them (audited).
 */
export async function rebuildBalances(executor: Executor, options: { apply: boolean; actor?: Actor; now?: Date }) {
  const differences = await repo.findBalanceDifferences(executor);
  if (options.apply) {
    const now = options.now ?? new Date();
    for (const row of differences) {
      await repo.writeBalance(executor, { warehouseId: row.warehouse_id, partId: row.part_id, condition: row.condition }, { onHand: Number(row.on_hand), inTransit: Number(row.in_transit), reserved: Number(row.reserved) }, now);
    }
    if (differences.length && options.actor) {
      await recordAudit(executor, options.actor, { entity: 'stock_balances', action: 'rebuilt', after: { differences: differences.length } });
    }
  }
  return { balances: await repo.countBalances(executor), differences: differences.length };
}
