/**
 * The unit stock: whole units in a parts warehouse (parts' warehouses hold parts, not units).
 * New units are received for exchanges; returned units come in through the inspection with a
 * grade; units the outlet cannot repair (to repair / scrap) go back to the maker (返厂) with a
 * shipment note.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZListUnitsQuery, ZReceiveUnitBody } from '../../../contracts/returns';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { FOREIGN_KEY_VIOLATION, sqlStateOf, UNIQUE_VIOLATION } from '../../platform/db-errors';
import { conflict, invalidField } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { findModelNames } from '../assets';
import { recordAudit } from '../audit';
import * as repo from './returns.repository';

async function presentUnits(executor: Executor, rows: repo.StockUnitRow[]) {
  const names = await findModelNames(executor, rows.map((row) => row.modelId));
  return rows.map((row) => ({
    id: row.id,
    warehouseId: row.warehouseId,
    modelId: row.modelId,
    modelName: names.get(row.modelId) ?? row.modelId,
    serialNumber: row.serialNumber,
    grade: row.grade,
    status: row.status,
    returnId: row.returnId,
    shipmentNote: row.shipmentNote,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  }));
}

/** Receives a new unit (for exchanges) into a warehouse; a serial already in stock for the model is a 409. */
export async function receiveUnit(ctx: AppContext, actor: Actor, input: z.infer<typeof ZReceiveUnitBody>) {
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const unit = await repo.insertStockUnit(tx, { id: newId(), warehouseId: input.warehouseId, modelId: input.modelId, serialNumber: input.serialNumber, grade: 'new', status: 'in_stock', note: input.note ?? null, createdAt: now, updatedAt: now });
      await recordAudit(tx, actor, { entity: 'stock_unit', entityId: unit.id, action: 'received', after: { warehouseId: unit.warehouseId, modelId: unit.modelId, serialNumber: unit.serialNumber, grade: unit.grade } });
      return unit;
    });
    const [view] = await presentUnits(ctx.db, [row]);
    return view;
  } catch (error) {
    const state = sqlStateOf(error);
    if (state === UNIQUE_VIOLATION) throw conflict('该序列号的整机已在库', [{ path: ['serialNumber'], message: 'already in stock for this model' }]);
    if (state === FOREIGN_KEY_VIOLATION) throw invalidField(['warehouseId'], 'no such warehouse or model');
    throw error;
  }
}

export async function listUnits(ctx: AppContext, query: z.infer<typeof ZListUnitsQuery>) {
  const c = repo.stockUnitColumns;
  const where = and(
    query.warehouseId ? eq(c.warehouseId, query.warehouseId) : undefined,
    query.modelId ? eq(c.modelId, query.modelId) : undefined,
    query.grade ? eq(c.grade, query.grade) : undefined,
    query.status ? eq(c.status, query.status) : undefined,
  );
  const { items, total } = await repo.listStockUnits(ctx.db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: await presentUnits(ctx.db, items), total, page: query.page, pageSize: query.pageSize };
}

/** Ships returned units graded to repair or scrap back to the maker (返厂) with one shipment note. */
export async function shipUnitsToMaker(ctx: AppContext, actor: Actor, input: { unitIds: string[]; shipmentNote: string }) {
  const ids = [...new Set(input.unitIds)];
  await ctx.db.transaction(async (tx) => {
    const units = await repo.findStockUnitsForUpdate(tx, ids);
    ids.forEach((id, index) => {
      const unit = units.find((item) => item.id === id);
      if (!unit) throw invalidField(['unitIds', index], 'no such unit');
      if (unit.status !== 'in_stock') throw invalidField(['unitIds', index], `the unit is ${unit.status}`);
      if (unit.grade !== 'to_repair' && unit.grade !== 'scrap') throw invalidField(['unitIds', index], `a ${unit.grade} unit does not go back to the maker`);
    });
    const now = ctx.clock.now();
    for (const id of ids) {
      await repo.updateStockUnit(tx, id, { status: 'returned_to_maker', shipmentNote: input.shipmentNote, updatedAt: now });
      await recordAudit(tx, actor, { entity: 'stock_unit', entityId: id, action: 'shipped_to_maker', before: { status: 'in_stock' }, after: { status: 'returned_to_maker', shipmentNote: input.shipmentNote } });
    }
  });
  const { items } = await repo.listStockUnits(ctx.db, inArray(repo.stockUnitColumns.id, ids), { limit: ids.length, offset: 0 });
  return { items: await presentUnits(ctx.db, items) };
}
