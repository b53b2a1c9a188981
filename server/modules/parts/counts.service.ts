/**
 * Stock counts (盘点): the counter freezes a warehouse (no movement until the count is
 * approved), enters counted quantities, submits; a manager approves, which posts each
 * difference as a `count_adjustment` ledger row and lifts the freeze.
 */
import type { z } from 'zod';
import type { ZCountLinesBody, ZCreateCountBody, ZListCountsQuery } from '../../../contracts/parts';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { recordAudit } from '../audit';
import * as repo from './parts.repository';
import type { CountRow } from './parts.repository';
import { canSeeWarehouse, loadNames, warehouseScope, type Names } from './parts.service';
import { applyMovements, roundQuantity, type Movement } from './stock.core';
import { isDivisibleUnit } from '../../../contracts/parts';
import type { Executor } from '../../db/client';

function presentCountFields(row: CountRow, names: Names) {
  return {
    id: row.id,
    warehouseId: row.warehouseId,
    warehouseName: names.warehouseName(row.warehouseId),
    status: row.status,
    frozenBy: row.frozenByName,
    approvedBy: row.approvedByName,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    approvedAt: row.approvedAt?.toISOString() ?? null,
  };
}

/**
 * A count with its lines' part names. Before approval each line's 账面数 is the frozen
 * warehouse's on hand now (it cannot move until the approval) and the difference counted − that;
 * after approval the numbers that were posted.
 */
async function presentCount(executor: Executor, row: CountRow) {
  const names = await loadNames(executor, row.lines.map((line) => line.partId), [row.warehouseId]);
  const onHand = row.status === 'approved' ? null : new Map((await repo.findBalancesOfWarehouse(executor, row.warehouseId)).map((balance) => [`${balance.partId}|${balance.condition}`, balance.onHand]));
  return {
    ...presentCountFields(row, names),
    lines: row.lines.map((line) => {
      const systemQuantity = onHand ? (onHand.get(`${line.partId}|${line.condition}`) ?? 0) : line.systemQuantity;
      const difference = onHand ? roundQuantity(line.countedQuantity - (systemQuantity ?? 0)) : line.difference;
      return { partId: line.partId, partNumber: names.partNumber(line.partId), partName: names.partName(line.partId), condition: line.condition, countedQuantity: line.countedQuantity, systemQuantity, difference };
    }),
  };
}

/** Counts within the principal's scope (by their warehouse), newest first, without lines. */
/** Submitted counts waiting for approval, in the warehouses the principal may see (the to-do bell). */
export async function countsToApprove(ctx: AppContext, principal: Principal): Promise<number> {
  return (await repo.findCounts(ctx.db, { status: 'submitted', scope: warehouseScope(principal) }, { limit: 0, offset: 0 })).total;
}

export async function listCounts(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListCountsQuery>) {
  const { page, pageSize, from, to, ...filter } = query;
  if (from && to && new Date(from) > new Date(to)) throw invalidField(['to'], 'must not be before from');
  const { rows, total } = await repo.findCounts(ctx.db, { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined, scope: warehouseScope(principal) }, { limit: pageSize, offset: (page - 1) * pageSize });
  const names = await loadNames(ctx.db, [], rows.map((row) => row.warehouseId));
  return {
    items: rows.map((row) => ({
      ...presentCountFields(row, names),
      lineCount: row.lines.length,
      differenceCount: row.status === 'approved' ? row.lines.filter((line) => line.difference !== 0).length : null,
    })),
    total,
    page,
    pageSize,
  };
}

function frozenByOther(name: string | null) {
  return conflict('The warehouse is frozen by another user’s count', [{ path: ['warehouseId'], message: `该仓库正由${name ?? '他人'}盘点，已冻结` }]);
}

/** Opens a count and freezes the warehouse; a warehouse frozen already (by anyone) is a 409. */
export async function openCount(ctx: AppContext, actor: Actor, principal: Principal, input: z.infer<typeof ZCreateCountBody>) {
  return ctx.db.transaction(async (tx) => {
    const warehouse = await repo.findWarehouseById(tx, input.warehouseId, { lock: 'update' });
    if (!warehouse || !canSeeWarehouse(principal, warehouse)) throw invalidField(['warehouseId'], 'no such warehouse');
    if (warehouse.frozenByCountId) {
      const open = await repo.findCountById(tx, warehouse.frozenByCountId);
      throw warehouse.frozenByUserId === actor.id
        ? conflict('You are counting this warehouse already', [{ path: ['warehouseId'], message: '您已在盘点该仓库' }])
        : frozenByOther(open?.frozenByName ?? null);
    }
    const now = ctx.clock.now();
    const row = await repo.insertCount(tx, { id: newId(), warehouseId: warehouse.id, status: 'draft', frozenByUserId: actor.id, frozenByName: actor.displayName ?? actor.name, note: input.note ?? null, createdAt: now });
    await repo.setWarehouseFrozen(tx, warehouse.id, { countId: row.id, userId: actor.id ?? '' }, now);
    await recordAudit(tx, actor, { entity: 'stock_count', entityId: row.id, action: 'opened', after: { warehouseId: warehouse.id } });
    return presentCount(tx, row);
  });
}

async function lockVisibleCount(tx: Executor, principal: Principal, id: string) {
  const row = await repo.findCountById(tx, id, { forUpdate: true });
  if (!row) throw notFound('Stock count');
  const warehouse = await repo.findWarehouseById(tx, row.warehouseId);
  if (!warehouse || !canSeeWarehouse(principal, warehouse)) throw notFound('Stock count');
  return row;
}

/** Enters counted quantities (a line given again replaces the earlier one). Only the user who froze the warehouse. */
export async function enterCountLines(ctx: AppContext, actor: Actor, principal: Principal, id: string, input: z.infer<typeof ZCountLinesBody>) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockVisibleCount(tx, principal, id);
    if (row.status !== 'draft') throw conflict('The count was submitted already', [{ path: ['status'], message: '盘点单已提交' }]);
    if (row.frozenByUserId !== actor.id) throw frozenByOther(row.frozenByName);
    const found = await repo.findPartsByIds(tx, [...new Set(input.lines.map((line) => line.partId))]);
    const seen = new Set<string>();
    input.lines.forEach((line, index) => {
      const part = found.get(line.partId);
      if (!part) throw invalidField(['lines', index, 'partId'], 'unknown part');
      if (part.isSerialTracked) throw invalidField(['lines', index, 'partId'], 'serial-tracked parts are counted by serial (not in quantity counts)');
      if (!isDivisibleUnit(part.unit) && !Number.isInteger(line.countedQuantity)) throw invalidField(['lines', index, 'countedQuantity'], 'whole numbers only for this unit');
      const key = `${line.partId}|${line.condition}`;
      if (seen.has(key)) throw invalidField(['lines', index, 'partId'], 'this part is listed twice');
      seen.add(key);
    });
    const merged = new Map(row.lines.map((line) => [`${line.partId}|${line.condition}`, line]));
    for (const line of input.lines) merged.set(`${line.partId}|${line.condition}`, { partId: line.partId, condition: line.condition, countedQuantity: roundQuantity(line.countedQuantity), systemQuantity: null, difference: null });
    const updated = await repo.updateCount(tx, id, { lines: [...merged.values()] });
    await recordAudit(tx, actor, { entity: 'stock_count', entityId: id, action: 'counted', after: { lines: input.lines } });
    return presentCount(tx, updated);
  });
}

export async function submitCount(ctx: AppContext, actor: Actor, principal: Principal, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockVisibleCount(tx, principal, id);
    if (row.status !== 'draft') throw conflict('The count was submitted already', [{ path: ['status'], message: '盘点单已提交' }]);
    if (row.frozenByUserId !== actor.id) throw frozenByOther(row.frozenByName);
    if (!row.lines.length) throw invalidField(['lines'], 'enter at least one counted quantity first');
    const updated = await repo.updateCount(tx, id, { status: 'submitted', submittedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'stock_count', entityId: id, action: 'submitted', before: { status: 'draft' }, after: { status: 'submitted' } });
    return presentCount(tx, updated);
  });
}

/**
 * A manager approves a submitted count (not their own): each counted line's difference to the
 * balance at this moment is posted as an adjustment, and the warehouse is unfrozen.
 */
export async function approveCount(ctx: AppContext, actor: Actor, principal: Principal, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockVisibleCount(tx, principal, id);
    if (row.status !== 'submitted') throw conflict(`The count is ${row.status}`, [{ path: ['status'], message: '盘点单未提交或已审批' }]);
    if (row.frozenByUserId === actor.id) throw forbidden('A count is approved by someone else than the counter');
    await repo.findWarehouseById(tx, row.warehouseId, { lock: 'update' });
    // Read after the lock: the frozen warehouse's balances cannot change until the approval commits.
    const onHand = new Map((await repo.findBalancesOfWarehouse(tx, row.warehouseId)).map((balance) => [`${balance.partId}|${balance.condition}`, balance.onHand]));
    const lines = [];
    const movements: Movement[] = [];
    for (const [index, line] of row.lines.entries()) {
      const systemQuantity = onHand.get(`${line.partId}|${line.condition}`) ?? 0;
      const difference = roundQuantity(line.countedQuantity - systemQuantity);
      lines.push({ ...line, systemQuantity, difference });
      if (difference !== 0) movements.push({ kind: 'count_adjustment', partId: line.partId, warehouseId: row.warehouseId, condition: line.condition, onHand: difference, path: ['lines', index, 'countedQuantity'] });
    }
    const now = ctx.clock.now();
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'stock_count', id, reason: row.note }, movements);
    const updated = await repo.updateCount(tx, id, { status: 'approved', lines, approvedById: actor.id, approvedByName: actor.displayName ?? actor.name, approvedAt: now });
    await repo.setWarehouseFrozen(tx, row.warehouseId, null, now);
    await recordAudit(tx, actor, { entity: 'stock_count', entityId: id, action: 'approved', before: { status: 'submitted' }, after: { status: 'approved', adjustments: lines.filter((line) => line.difference !== 0) } });
    return { count: await presentCount(tx, updated), ledgerRows };
  });
}

export async function getCount(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findCountById(ctx.db, id);
  if (!row) throw notFound('Stock count');
  const warehouse = await repo.findWarehouseById(ctx.db, row.warehouseId);
  if (!warehouse || !canSeeWarehouse(principal, warehouse)) throw notFound('Stock count');
  return presentCount(ctx.db, row);
}
