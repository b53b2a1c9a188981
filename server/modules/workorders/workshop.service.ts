/**
 * The workshop log (带回维修): a unit the technician takes back gets an 'in' entry with a
 * receipt number for the customer (`DH<yyyymmdd>-<seq>`); when it goes back out, one 'out'
 * entry for the same receipt. Outlet staff see their outlet's entries, technicians the entries
 * of their own orders.
 */
import type { z } from 'zod';
import type { ZWorkshopEntry } from '../../../contracts/dispatch';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { scopeCondition } from '../../platform/scope';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { workOrders, workshopLog } from './workorders.tables';
import * as repo from './field.repository';
import type { WorkOrderRow } from './workorders.core';

export type TWorkshopEntry = z.infer<typeof ZWorkshopEntry>;

/** Outlet staff: entries of their outlet; technicians: entries of orders assigned to them. */
export function workshopScope(principal: Principal) {
  return scopeCondition(principal, { outlet: workshopLog.outletId, owner: workOrders.assignedUserId });
}

export function presentWorkshopEntry(row: { entry: repo.WorkshopRow; workOrderNumber: string | null }): TWorkshopEntry {
  const { entry } = row;
  return {
    id: entry.id,
    receiptNumber: entry.receiptNumber,
    workOrderId: entry.workOrderId,
    workOrderNumber: row.workOrderNumber,
    ticketId: entry.ticketId,
    assetId: entry.assetId,
    direction: entry.direction,
    at: entry.at.toISOString(),
    unitDescription: entry.unitDescription,
    condition: entry.condition,
    note: entry.note,
    actorName: entry.actorName,
  };
}

/**
 * Logs a unit taken back to the workshop, inside the caller's transaction (the work order's
 * `not_completed` step): a new receipt number, unique under concurrency, and the audit row.
 */
export async function takeIntoWorkshop(tx: Executor, actor: Actor, row: WorkOrderRow, input: { unitDescription: string; condition?: string | null; note?: string | null }, now: Date) {
  const receiptNumber = await repo.nextReceiptNumber(tx, shanghaiDate(now));
  const entry = await repo.insertWorkshopEntry(tx, {
    id: newId(),
    receiptNumber,
    workOrderId: row.id,
    ticketId: row.ticketId,
    assetId: row.assetId,
    direction: 'in',
    at: now,
    unitDescription: input.unitDescription,
    condition: input.condition ?? null,
    note: input.note ?? null,
    actorName: actor.displayName ?? actor.name,
    outletId: row.outletId,
  });
  await recordAudit(tx, actor, { entity: 'workshop_log', entityId: entry.id, action: 'unit_in', after: { receiptNumber, workOrderId: row.id, unitDescription: entry.unitDescription, condition: entry.condition } });
  return presentWorkshopEntry({ entry, workOrderNumber: row.number });
}

/** The workshop entries of one work order (for its receipt), oldest first. */
export async function listWorkshopOfOrder(executor: Executor, workOrderId: string): Promise<TWorkshopEntry[]> {
  return (await repo.findWorkshopEntriesOfOrder(executor, workOrderId)).map(presentWorkshopEntry);
}

export async function listWorkshop(ctx: AppContext, principal: Principal, query: { direction?: 'in' | 'out'; q?: string; page: number; pageSize: number }) {
  const { rows, total } = await repo.findWorkshopEntries(ctx.db, { scope: workshopScope(principal), direction: query.direction, q: query.q }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: rows.map(presentWorkshopEntry), total, page: query.page, pageSize: query.pageSize };
}

/** The unit of an 'in' entry goes back out: one 'out' entry for the same receipt, only once (409 after). */
export async function returnFromWorkshop(ctx: AppContext, principal: Principal, actor: Actor, entryId: string, input: { note?: string | null }) {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    // The 'in' entry's row lock serializes two clerks returning the same unit.
    const found = await repo.findWorkshopEntry(tx, entryId, { scope: workshopScope(principal), forUpdate: true });
    if (!found) throw notFound('Workshop entry');
    const { entry } = found;
    if (entry.direction !== 'in') throw new AppError('conflict', 'Only a unit taken in can go back out', { details: [{ path: ['entryId'], message: `entry ${entry.receiptNumber} is an 'out' entry` }] });
    const out = await repo.findReceiptEntry(tx, entry.receiptNumber, 'out');
    if (out) throw new AppError('conflict', `The unit of receipt ${entry.receiptNumber} already went out`, { details: [{ path: ['entryId'], message: `already out at ${out.at.toISOString()}`, code: 'already_out' }] });
    const created = await repo.insertWorkshopEntry(tx, {
      id: newId(),
      receiptNumber: entry.receiptNumber,
      workOrderId: entry.workOrderId,
      ticketId: entry.ticketId,
      assetId: entry.assetId,
      direction: 'out',
      at: now,
      unitDescription: entry.unitDescription,
      condition: null,
      note: input.note ?? null,
      actorName: actor.displayName ?? actor.name,
      outletId: entry.outletId,
    });
    await recordAudit(tx, actor, { entity: 'workshop_log', entityId: created.id, action: 'unit_out', after: { receiptNumber: entry.receiptNumber, workOrderId: entry.workOrderId, note: created.note } });
    return presentWorkshopEntry({ entry: created, workOrderNumber: found.workOrderNumber });
  });
}
