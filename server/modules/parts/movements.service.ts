/**
 * Use cases that move stock: receipts, scrap, transfers, returns of unused parts, requisitions
 * (reserve, issue, shortage, cancel), old parts, and the consumption on a work order. Each is
 * one transaction with its ledger rows (stock.core) and its audit row; the tx-taking ones
 * (`consumePartsForWorkOrder`, `recordOldParts`, `reservePartsForRequisition`) run inside the
 * caller's transaction.
 */
import type { z } from 'zod';
import type {
  PartsReadiness,
  StockCondition,
  ZDispatchOldPartsBody,
  ZHandInOldPartBody,
  ZIssueRequisitionBody,
  ZListOldPartsQuery,
  ZListRequisitionsQuery,
  ZListTransfersQuery,
  ZReceiptBody,
  ZReturnBody,
  ZScrapBody,
  ZTransferBody,
} from '../../../contracts/parts';
import { readinessOf } from '../../../contracts/parts';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { publishEvent } from '../../platform/seam';
import { recordAudit, recordAuditBatch } from '../audit';
import { RequisitionIssued, RequisitionShort } from './parts.events';
import * as repo from './parts.repository';
import type { OldPartRow, PartRow, RequisitionRow, TransferRow, WarehouseRow } from './parts.repository';
import { canSeeWarehouse, loadNames, warehouseScope, type Names } from './parts.service';
import { applyMovements, assertNotFrozen, checkLines, movementsOfLine, receiveSerials, roundQuantity, takeSerials, type CheckedLine, type Movement, type Path } from './stock.core';

type Result = { documentType: string; documentId: string; ledgerRows: number };

function missingWarehouse(path: Path) {
  return new AppError('not_found', 'Warehouse not found', { details: [{ path, message: 'no such warehouse' }] });
}

/**
 * The warehouses of a movement, share-locked (a count cannot freeze them meanwhile): each must
 * exist, be active and not frozen; those marked `mustSee` must be within the principal's scope.
 */
async function lockWarehouses(tx: Executor, principal: Principal | null, wanted: { id: string; path: Path; mustSee: boolean }[], allowCountId?: string): Promise<WarehouseRow[]> {
  const found = await repo.lockWarehousesForShare(tx, [...new Set(wanted.map((entry) => entry.id))]);
  return wanted.map((entry) => {
    const warehouse = found.get(entry.id);
    if (!warehouse || (entry.mustSee && principal && !canSeeWarehouse(principal, warehouse))) throw missingWarehouse(entry.path);
    return assertUsable(warehouse, entry.path, allowCountId);
  });
}

/** A warehouse that takes movements: active and not frozen by a count. */
function assertUsable(warehouse: WarehouseRow, path: Path, allowCountId?: string): WarehouseRow {
  if (!warehouse.isActive) throw invalidField(path, 'the warehouse is closed');
  assertNotFrozen(warehouse, path, allowCountId);
  return warehouse;
}

async function checkModelFit(tx: Executor, lines: CheckedLine[], modelId: string | null | undefined, base = 'lines'): Promise<void> {
  if (!modelId) return;
  const fitting = await repo.findFittingPartIds(tx, lines.map((line) => line.part.id), modelId);
  for (const line of lines) {
    if (!fitting.has(line.part.id)) throw invalidField([base, line.index, 'partId'], `part ${line.part.partNumber} does not fit this product model`);
  }
}

function auditLines(lines: CheckedLine[]) {
  return lines.map((line) => ({ partId: line.part.id, partNumber: line.part.partNumber, quantity: line.quantity, ...(line.serials.length ? { serials: line.serials } : {}) }));
}

function storedLines(lines: CheckedLine[]) {
  return lines.map((line) => ({ partId: line.part.id, quantity: line.quantity, ...(line.serials.length ? { serials: line.serials } : {}) }));
}

// ---- receipts and scrap ----

export async function receiveStock(ctx: AppContext, actor: Actor, principal: Principal, input: z.infer<typeof ZReceiptBody>): Promise<Result> {
  return ctx.db.transaction(async (tx) => {
    const [warehouse] = await lockWarehouses(tx, principal, [{ id: input.warehouseId, path: ['warehouseId'], mustSee: true }]);
    const lines = await checkLines(tx, input.lines, { needsSerials: true });
    const now = ctx.clock.now();
    const documentId = newId();
    for (const line of lines) await receiveSerials(tx, warehouse.id, input.condition, line, ['lines', line.index, 'serials'], now);
    const movements = lines.flatMap((line) => movementsOfLine(line, { kind: 'receipt', warehouseId: warehouse.id, condition: input.condition }, { onHand: 1 }));
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'receipt', id: documentId, reason: [input.reference, input.reason].filter(Boolean).join(' · ') || null }, movements);
    await recordAudit(tx, actor, { entity: 'stock_receipt', entityId: documentId, action: 'created', after: { warehouseId: warehouse.id, condition: input.condition, reference: input.reference ?? null, lines: auditLines(lines) } });
    return { documentType: 'receipt', documentId, ledgerRows };
  });
}

export async function scrapStock(ctx: AppContext, actor: Actor, principal: Principal, input: z.infer<typeof ZScrapBody>): Promise<Result> {
  return ctx.db.transaction(async (tx) => {
    const [warehouse] = await lockWarehouses(tx, principal, [{ id: input.warehouseId, path: ['warehouseId'], mustSee: true }]);
    const lines = await checkLines(tx, input.lines, { needsSerials: true });
    const now = ctx.clock.now();
    const documentId = newId();
    for (const line of lines) {
      const units = await takeSerials(tx, warehouse.id, input.condition, line, ['lines', line.index, 'serials']);
      await repo.updateSerialUnits(tx, units.map((unit) => unit.id), { status: 'scrapped', updatedAt: now });
    }
    const movements = lines.flatMap((line) => movementsOfLine(line, { kind: 'scrap', warehouseId: warehouse.id, condition: input.condition }, { onHand: -1 }));
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'scrap', id: documentId, reason: input.reason }, movements);
    await recordAudit(tx, actor, { entity: 'stock_scrap', entityId: documentId, action: 'created', after: { warehouseId: warehouse.id, condition: input.condition, reason: input.reason, lines: auditLines(lines) } });
    return { documentType: 'scrap', documentId, ledgerRows };
  });
}

// ---- transfers ----

export function presentTransfer(row: TransferRow, names: Names) {
  return {
    id: row.id,
    fromWarehouseId: row.fromWarehouseId,
    fromWarehouseName: names.warehouseName(row.fromWarehouseId),
    toWarehouseId: row.toWarehouseId,
    toWarehouseName: names.warehouseName(row.toWarehouseId),
    condition: row.condition,
    status: row.status,
    lines: row.lines.map((line) => ({ partId: line.partId, partNumber: names.partNumber(line.partId), partName: names.partName(line.partId), quantity: line.quantity, serials: line.serials ?? [] })),
    createdAt: row.createdAt.toISOString(),
    receivedAt: row.receivedAt?.toISOString() ?? null,
  };
}

/** Sends stock from a warehouse in the principal's scope to any other: on hand leaves now, arrives as in transit. */
export async function createTransfer(ctx: AppContext, actor: Actor, principal: Principal, input: z.infer<typeof ZTransferBody>) {
  if (input.fromWarehouseId === input.toWarehouseId) throw invalidField(['toWarehouseId'], 'a transfer needs two different warehouses');
  return ctx.db.transaction(async (tx) => {
    const [from, to] = await lockWarehouses(tx, principal, [
      { id: input.fromWarehouseId, path: ['fromWarehouseId'], mustSee: true },
      { id: input.toWarehouseId, path: ['toWarehouseId'], mustSee: false },
    ]);
    const lines = await checkLines(tx, input.lines, { needsSerials: true });
    const now = ctx.clock.now();
    const id = newId();
    for (const line of lines) {
      const units = await takeSerials(tx, from.id, input.condition, line, ['lines', line.index, 'serials']);
      await repo.updateSerialUnits(tx, units.map((unit) => unit.id), { warehouseId: to.id, status: 'in_transit', updatedAt: now });
    }
    const movements = lines.flatMap((line) => [
      ...movementsOfLine(line, { kind: 'transfer_out', warehouseId: from.id, condition: input.condition }, { onHand: -1 }),
      ...movementsOfLine(line, { kind: 'transfer_in_transit', warehouseId: to.id, condition: input.condition }, { onHand: 0, inTransit: 1 }),
    ]);
    const row = await repo.insertTransfer(tx, { id, fromWarehouseId: from.id, toWarehouseId: to.id, condition: input.condition, status: 'in_transit', lines: storedLines(lines), reason: input.reason ?? null, createdById: actor.id, createdAt: now });
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'transfer', id, reason: input.reason }, movements);
    await recordAudit(tx, actor, { entity: 'stock_transfer', entityId: id, action: 'created', after: { fromWarehouseId: from.id, toWarehouseId: to.id, condition: input.condition, lines: auditLines(lines) } });
    const [transfer] = await presentTransfers(tx, [row]);
    return { transfer, ledgerRows };
  });
}

/** Transfers with their warehouses' and parts' names, read in one go for the page. */
async function presentTransfers(executor: Executor, rows: TransferRow[]) {
  const names = await loadNames(
    executor,
    rows.flatMap((row) => row.lines.map((line) => line.partId)),
    rows.flatMap((row) => [row.fromWarehouseId, row.toWarehouseId]),
  );
  return rows.map((row) => presentTransfer(row, names));
}

function canSeeTransfer(principal: Principal, transfer: TransferRow, warehouses: Map<string, WarehouseRow>): boolean {
  return [transfer.fromWarehouseId, transfer.toWarehouseId].some((id) => {
    const warehouse = warehouses.get(id);
    return warehouse ? canSeeWarehouse(principal, warehouse) : false;
  });
}

/** The destination receives a transfer: in transit becomes on hand. */
export async function receiveTransfer(ctx: AppContext, actor: Actor, principal: Principal, id: string) {
  return ctx.db.transaction(async (tx) => {
    const transfer = await repo.findTransferById(tx, id, { forUpdate: true });
    if (!transfer) throw notFound('Transfer');
    // One read of the destination, share-locked as lockWarehouses would, checked in the same order as before: scope (404), status (409), closed or frozen.
    const destination = (await repo.lockWarehousesForShare(tx, [transfer.toWarehouseId])).get(transfer.toWarehouseId);
    if (!destination || !canSeeWarehouse(principal, destination)) throw notFound('Transfer');
    if (transfer.status !== 'in_transit') throw conflict('The transfer was received already', [{ path: ['status'], message: '调拨单已收货' }]);
    const to = assertUsable(destination, ['toWarehouseId']);
    const lines = await checkLines(tx, transfer.lines, { needsSerials: true });
    const now = ctx.clock.now();
    for (const line of lines) {
      const units = await repo.lockSerialUnits(tx, line.part.id, line.serials);
      await repo.updateSerialUnits(tx, [...units.values()].filter((unit) => unit.status === 'in_transit' && unit.warehouseId === to.id).map((unit) => unit.id), { status: 'in_stock', updatedAt: now });
    }
    const movements = lines.flatMap((line) => movementsOfLine(line, { kind: 'transfer_in', warehouseId: to.id, condition: transfer.condition }, { onHand: 1, inTransit: -1 }));
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'transfer', id, reason: transfer.reason }, movements);
    await repo.updateTransfer(tx, id, { status: 'received', receivedAt: now, receivedById: actor.id });
    await recordAudit(tx, actor, { entity: 'stock_transfer', entityId: id, action: 'received', before: { status: 'in_transit' }, after: { status: 'received' } });
    const [view] = await presentTransfers(tx, [{ ...transfer, status: 'received', receivedAt: now }]);
    return { transfer: view, ledgerRows };
  });
}

export async function listTransfers(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListTransfersQuery>) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.findTransfers(ctx.db, { ...filter, scope: warehouseScope(principal) }, { limit: pageSize, offset: (page - 1) * pageSize });
  return { items: await presentTransfers(ctx.db, rows), total, page, pageSize };
}

export async function getTransfer(ctx: AppContext, principal: Principal, id: string) {
  const transfer = await repo.findTransferById(ctx.db, id);
  if (!transfer) throw notFound('Transfer');
  const [from, to] = await Promise.all([repo.findWarehouseById(ctx.db, transfer.fromWarehouseId), repo.findWarehouseById(ctx.db, transfer.toWarehouseId)]);
  const warehouses = new Map([from, to].filter((row): row is WarehouseRow => Boolean(row)).map((row) => [row.id, row]));
  if (!canSeeTransfer(principal, transfer, warehouses)) throw notFound('Transfer');
  const [view] = await presentTransfers(ctx.db, [transfer]);
  return view;
}

// ---- returns of unused parts ----

/** Whether a technician's stock (or an old part it held) may go to this warehouse: the technician's outlet warehouse or a central one. */
function isReturnTarget(technicianSide: Pick<WarehouseRow, 'outletId'>, target: WarehouseRow): boolean {
  return target.level === 'central' || (target.level === 'outlet' && target.outletId === technicianSide.outletId);
}

export async function returnUnusedParts(ctx: AppContext, actor: Actor, principal: Principal, input: z.infer<typeof ZReturnBody>): Promise<Result> {
  if (input.fromWarehouseId === input.toWarehouseId) throw invalidField(['toWarehouseId'], 'a return needs two different warehouses');
  return ctx.db.transaction(async (tx) => {
    const [from, to] = await lockWarehouses(tx, principal, [
      { id: input.fromWarehouseId, path: ['fromWarehouseId'], mustSee: true },
      { id: input.toWarehouseId, path: ['toWarehouseId'], mustSee: false },
    ]);
    if (from.level !== 'technician') throw invalidField(['fromWarehouseId'], 'returns come from a technician’s stock');
    if (!isReturnTarget(from, to)) throw invalidField(['toWarehouseId'], 'return to the technician’s outlet warehouse or a central warehouse');
    const lines = await checkLines(tx, input.lines, { needsSerials: true });
    const now = ctx.clock.now();
    const documentId = newId();
    for (const line of lines) {
      const units = await takeSerials(tx, from.id, 'good', line, ['lines', line.index, 'serials']);
      await repo.updateSerialUnits(tx, units.map((unit) => unit.id), { warehouseId: to.id, updatedAt: now });
    }
    const movements = lines.flatMap((line) => [
      ...movementsOfLine(line, { kind: 'return', warehouseId: from.id, condition: 'good' }, { onHand: -1 }),
      ...movementsOfLine(line, { kind: 'return', warehouseId: to.id, condition: 'good' }, { onHand: 1 }),
    ]);
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'return', id: documentId, reason: input.reason }, movements);
    await recordAudit(tx, actor, { entity: 'stock_return', entityId: documentId, action: 'created', after: { fromWarehouseId: from.id, toWarehouseId: to.id, lines: auditLines(lines) } });
    return { documentType: 'return', documentId, ledgerRows };
  });
}

// ---- requisitions ----

/** A requisition with its lines' part numbers and names (`parts`: the catalogue rows of its lines). */
export function presentRequisition(row: RequisitionRow, names: Names) {
  return {
    id: row.id,
    workOrderId: row.workOrderId,
    technicianId: row.technicianId,
    technicianWarehouseId: row.technicianWarehouseId,
    technicianWarehouseName: names.warehouseName(row.technicianWarehouseId),
    warehouseId: row.warehouseId,
    warehouseName: names.warehouseName(row.warehouseId),
    status: row.status,
    isReserved: row.isReserved,
    note: row.note,
    lines: row.lines.map((line) => ({ partId: line.partId, partNumber: names.partNumber(line.partId), partName: names.partName(line.partId), quantity: line.quantity })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Requisitions presented with their parts' and warehouses' names, read in one go for all of them. */
async function presentRequisitions(executor: Executor, rows: RequisitionRow[]) {
  const names = await loadNames(executor, rows.flatMap((row) => row.lines.map((line) => line.partId)), rows.flatMap((row) => [row.warehouseId, row.technicianWarehouseId]));
  return rows.map((row) => presentRequisition(row, names));
}

export function requisitionScope(principal: Principal) {
  return scopeCondition(principal, { outlet: repo.tables.requisitions.outletId, owner: repo.tables.requisitions.ownerUserId });
}

function canSeeRequisition(principal: Principal, row: RequisitionRow): boolean {
  return isInScope(principal, { outletId: row.outletId, ownerId: row.ownerUserId });
}

export type RequisitionInput = {
  workOrderId?: string | null;
  technicianId: string;
  warehouseId: string;
  modelId?: string | null;
  allowShortage?: boolean;
  note?: string;
  lines: { partId: string; quantity: number }[];
};

function reservationMovements(lines: CheckedLine[], warehouseId: string, sign: 1 | -1): Movement[] {
  return lines.map((line) => ({ kind: 'requisition_issue', partId: line.part.id, warehouseId, condition: 'good', onHand: 0, reserved: sign * line.quantity, path: ['lines', line.index, 'quantity'], isReservationOnly: true }));
}

/**
 * Requests parts for a technician (派工前预审), in the caller's transaction: from the central
 * warehouse or the technician's outlet warehouse, every part fitting the model when one is
 * given. The quantities are reserved at the source; when stock does not cover them the answer
 * is a 409 naming the line's quantity, or — with `allowShortage` — a requisition in status
 * `shortage` without reservation. `principal` (null for system callers) must see the
 * technician's stock.
 */
export async function reservePartsForRequisition(tx: Executor, actor: Actor, principal: Principal | null, input: RequisitionInput, now: Date = new Date()) {
  const technicianWarehouse = await repo.findWarehouseOfTechnician(tx, input.technicianId);
  if (!technicianWarehouse || (principal && !canSeeWarehouse(principal, technicianWarehouse))) throw invalidField(['technicianId'], 'no such technician with a personal stock');
  const [source] = await lockWarehouses(tx, principal, [{ id: input.warehouseId, path: ['warehouseId'], mustSee: false }]);
  if (!isReturnTarget(technicianWarehouse, source)) throw invalidField(['warehouseId'], 'request from the central warehouse or the technician’s outlet warehouse');
  const lines = await checkLines(tx, input.lines, { needsSerials: false });
  await checkModelFit(tx, lines, input.modelId);
  const id = newId();
  let isReserved = true;
  try {
    await tx.transaction((savepoint) => applyMovements(savepoint, actor, now, { type: 'requisition', id }, reservationMovements(lines, source.id, 1)));
  } catch (error) {
    if (!(input.allowShortage && error instanceof AppError && error.code === 'conflict')) throw error;
    isReserved = false;
  }
  const row = await repo.insertRequisition(tx, {
    id,
    workOrderId: input.workOrderId ?? null,
    technicianId: input.technicianId,
    technicianWarehouseId: technicianWarehouse.id,
    warehouseId: source.id,
    outletId: technicianWarehouse.outletId,
    ownerUserId: technicianWarehouse.ownerUserId,
    status: isReserved ? 'requested' : 'shortage',
    isReserved,
    lines: storedLines(lines),
    note: input.note ?? null,
    createdById: actor.id,
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(tx, actor, { entity: 'part_requisition', entityId: id, action: 'created', after: { workOrderId: row.workOrderId, technicianId: row.technicianId, warehouseId: row.warehouseId, status: row.status, lines: auditLines(lines) } });
  if (row.status === 'shortage') await publishShortage(tx, actor, now, row);
  return row;
}

/** Tells the work order that its requisition is short ("缺料：压缩机 × 1"). */
async function publishShortage(tx: Executor, actor: Actor, now: Date, row: RequisitionRow) {
  if (!row.workOrderId) return;
  const parts = await repo.findPartsByIds(tx, row.lines.map((line) => line.partId));
  const text = `缺料：${row.lines.map((line) => `${parts.get(line.partId)?.name ?? line.partId} × ${line.quantity}`).join('、')}`;
  await publishEvent(tx, RequisitionShort, { requisitionId: row.id, workOrderId: row.workOrderId, technicianId: row.technicianId, text }, { actor, now });
}

export async function createRequisition(ctx: AppContext, actor: Actor, principal: Principal, input: RequisitionInput) {
  return ctx.db.transaction(async (tx) => {
    const row = await reservePartsForRequisition(tx, actor, principal, input, ctx.clock.now());
    const [view] = await presentRequisitions(tx, [row]);
    return view;
  });
}

async function lockVisibleRequisition(tx: Executor, principal: Principal, id: string) {
  const row = await repo.findRequisitionById(tx, id, { forUpdate: true });
  if (!row || !canSeeRequisition(principal, row)) throw notFound('Requisition');
  return row;
}

/**
 * The parts keeper (or the outlet, for its own warehouse) issues a requisition to the
 * technician's stock: out of the source (releasing the reservation), into the technician's.
 */
export async function issueRequisition(ctx: AppContext, actor: Actor, principal: Principal, id: string, input: z.infer<typeof ZIssueRequisitionBody>) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockVisibleRequisition(tx, principal, id);
    if (row.status !== 'requested' && row.status !== 'shortage') throw conflict(`The requisition is ${row.status}`, [{ path: ['status'], message: '领料单状态不允许发放' }]);
    const [source, target] = await lockWarehouses(tx, principal, [
      { id: row.warehouseId, path: ['warehouseId'], mustSee: true },
      { id: row.technicianWarehouseId, path: ['technicianWarehouseId'], mustSee: false },
    ]);
    const lines = await checkLines(tx, row.lines.map((line) => ({ ...line, serials: input.serials?.[line.partId] })), { needsSerials: true });
    const now = ctx.clock.now();
    for (const line of lines) {
      const units = await takeSerials(tx, source.id, 'good', line, ['serials', line.part.id]);
      await repo.updateSerialUnits(tx, units.map((unit) => unit.id), { warehouseId: target.id, updatedAt: now });
    }
    const movements = lines.flatMap((line) => [
      ...movementsOfLine(line, { kind: 'requisition_issue', warehouseId: source.id, condition: 'good' }, { onHand: -1, reserved: row.isReserved ? -1 : 0 }),
      ...movementsOfLine(line, { kind: 'requisition_issue', warehouseId: target.id, condition: 'good' }, { onHand: 1 }),
    ]);
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'requisition', id, reason: row.note }, movements);
    const updated = await repo.updateRequisition(tx, id, { status: 'issued', isReserved: false, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'part_requisition', entityId: id, action: 'issued', before: { status: row.status }, after: { status: 'issued', lines: auditLines(lines) } });
    if (row.workOrderId) {
      const readiness = (await partsReadiness(tx, [row.workOrderId])).get(row.workOrderId);
      await publishEvent(tx, RequisitionIssued, { requisitionId: id, workOrderId: row.workOrderId, technicianId: row.technicianId, isEveryPartReady: readiness === 'ready' }, { actor, now });
    }
    const [requisition] = await presentRequisitions(tx, [updated]);
    return { requisition, ledgerRows };
  });
}

/** Marks a requested requisition as a shortage (releases its reservation) or cancels it. */
export async function closeRequisition(ctx: AppContext, actor: Actor, principal: Principal, id: string, status: 'shortage' | 'cancelled', reason?: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockVisibleRequisition(tx, principal, id);
    const allowed = status === 'shortage' ? row.status === 'requested' : row.status === 'requested' || row.status === 'shortage';
    if (!allowed) throw conflict(`The requisition is ${row.status}`, [{ path: ['status'], message: '领料单状态不允许此操作' }]);
    if (status === 'shortage') {
      const source = await repo.findWarehouseById(tx, row.warehouseId);
      if (!source || !canSeeWarehouse(principal, source)) throw notFound('Requisition');
    }
    const now = ctx.clock.now();
    if (row.isReserved) {
      const lines = await checkLines(tx, row.lines, { needsSerials: false });
      await applyMovements(tx, actor, now, { type: 'requisition', id }, reservationMovements(lines, row.warehouseId, -1));
    }
    const updated = await repo.updateRequisition(tx, id, { status, isReserved: false, updatedAt: now, note: reason ? [row.note, reason].filter(Boolean).join(' · ') : row.note });
    await recordAudit(tx, actor, { entity: 'part_requisition', entityId: id, action: status, before: { status: row.status }, after: { status, reason: reason ?? null } });
    if (status === 'shortage') await publishShortage(tx, actor, now, updated);
    const [view] = await presentRequisitions(tx, [updated]);
    return view;
  });
}

export async function listRequisitions(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListRequisitionsQuery>) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.findRequisitions(ctx.db, { ...filter, scope: requisitionScope(principal) }, { limit: pageSize, offset: (page - 1) * pageSize });
  return { items: await presentRequisitions(ctx.db, rows), total, page, pageSize };
}

export async function getRequisition(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findRequisitionById(ctx.db, id);
  if (!row || !canSeeRequisition(principal, row)) throw notFound('Requisition');
  const [view] = await presentRequisitions(ctx.db, [row]);
  return view;
}

// ---- consumption on a work order ----

export type ConsumptionInput = {
  workOrderId: string;
  technicianId: string;
  /** The product model of the unit serviced: every part must fit it. */
  modelId?: string | null;
  lines: { partId: string; quantity: number; serials?: string[] }[];
  at?: Date;
};

/**
 * Deducts the parts a technician used on a work order from the technician's stock, in the
 * caller's transaction (the visit's completion). A part not in stock is a 409 naming the
 * line's quantity; a part that does not fit the model a 400. Returns each line with its sale
 * price and amount (fen) for the visit's fees; in-warranty lines are the caller's decision.
 */
export async function consumePartsForWorkOrder(tx: Executor, actor: Actor, input: ConsumptionInput) {
  const now = input.at ?? new Date();
  const technicianWarehouse = await repo.findWarehouseOfTechnician(tx, input.technicianId);
  if (!technicianWarehouse) throw invalidField(['technicianId'], 'the technician has no personal stock');
  const [warehouse] = await lockWarehouses(tx, null, [{ id: technicianWarehouse.id, path: ['technicianId'], mustSee: false }]);
  const lines = await checkLines(tx, input.lines, { needsSerials: true });
  await checkModelFit(tx, lines, input.modelId);
  for (const line of lines) {
    const units = await takeSerials(tx, warehouse.id, 'good', line, ['lines', line.index, 'serials']);
    await repo.updateSerialUnits(tx, units.map((unit) => unit.id), { status: 'consumed', updatedAt: now });
  }
  const movements = lines.flatMap((line) => movementsOfLine(line, { kind: 'consumption', warehouseId: warehouse.id, condition: 'good' }, { onHand: -1 }));
  const ledgerRows = await applyMovements(tx, actor, now, { type: 'work_order', id: input.workOrderId }, movements);
  await recordAudit(tx, actor, { entity: 'work_order', entityId: input.workOrderId, action: 'parts_consumed', after: { technicianId: input.technicianId, warehouseId: warehouse.id, lines: auditLines(lines) } });
  return {
    ledgerRows,
    lines: lines.map((line) => ({
      partId: line.part.id,
      partNumber: line.part.partNumber,
      name: line.part.name,
      unit: line.part.unit,
      quantity: line.quantity,
      serials: line.serials,
      salePriceFen: line.part.salePriceFen,
      amountFen: Math.round(line.part.salePriceFen * line.quantity),
      mustReturnOldPart: line.part.mustReturnOldPart,
    })),
  };
}

/**
 * What a completed visit tells parts: the work order's facts plus the parts used, by part id
 * (free-text lines without a part id are not stock and are skipped). `isWarranty` lines of a
 * part that must come back are recorded as old parts (with `oldPartSerial`, the serial taken out).
 */
export type CompletedVisitParts = {
  workOrderId: string;
  technicianId: string | null;
  assetId: string | null;
  /** The serviced unit's product model: every part used must fit it. */
  modelId?: string | null;
  partsUsed?: { partId?: string | null; quantity: number; serials?: string[]; isWarranty?: boolean; oldPartSerial?: string | null }[];
};

/**
 * The work order's completion, in its transaction (a subscriber of `workOrder.completed` that
 * is not after-commit, so a part not in stock refuses the completion with a 409 naming the
 * line): deducts the parts used from the technician's stock and records the old parts to
 * hand in. Returns the priced lines (empty when no part was used).
 */
export async function consumePartsOnCompletion(tx: Executor, payload: CompletedVisitParts, meta: { actor: Actor; now: Date }) {
  const used = (payload.partsUsed ?? []).filter((line): line is typeof line & { partId: string } => Boolean(line.partId));
  if (!used.length) return [];
  if (!payload.technicianId) throw invalidField(['technicianId'], 'a visit with parts used needs its technician');
  const consumed = await consumePartsForWorkOrder(tx, meta.actor, {
    workOrderId: payload.workOrderId,
    technicianId: payload.technicianId,
    modelId: payload.modelId ?? null,
    lines: used.map((line) => ({ partId: line.partId, quantity: line.quantity, serials: line.serials })),
    at: meta.now,
  });
  const toReturn = used.filter((line, index) => line.isWarranty && consumed.lines[index].mustReturnOldPart);
  if (toReturn.length) {
    await recordOldParts(tx, meta.actor, {
      workOrderId: payload.workOrderId,
      technicianId: payload.technicianId,
      assetId: payload.assetId,
      items: toReturn.flatMap((line) => Array.from({ length: Math.max(1, Math.round(line.quantity)) }, (_, unit) => ({ partId: line.partId, serial: unit === 0 ? (line.oldPartSerial ?? null) : null }))),
      at: meta.now,
    });
  }
  return consumed.lines.map((line, index) => ({ ...line, isWarranty: Boolean(used[index].isWarranty), chargedFen: used[index].isWarranty ? 0 : line.amountFen }));
}

// ---- old parts ----

/** What the audit trail keeps of an old part. */
function auditOldPart(row: OldPartRow) {
  return { id: row.id, partId: row.partId, serial: row.serial, assetId: row.assetId, workOrderId: row.workOrderId, technicianId: row.technicianId, warehouseId: row.warehouseId, status: row.status, reference: row.reference };
}

export function presentOldPart(row: OldPartRow, names: Names) {
  return {
    id: row.id,
    partId: row.partId,
    partNumber: names.partNumber(row.partId),
    partName: names.partName(row.partId),
    serial: row.serial,
    assetId: row.assetId,
    workOrderId: row.workOrderId,
    technicianId: row.technicianId,
    warehouseId: row.warehouseId,
    warehouseName: row.warehouseId ? names.warehouseName(row.warehouseId) : null,
    status: row.status,
    reference: row.reference,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type OldPartsInput = {
  workOrderId: string;
  technicianId: string;
  assetId?: string | null;
  items: { partId: string; serial?: string | null }[];
  at?: Date;
};

/**
 * Records replaced parts that must come back (保修旧件) as held by the technician, in the
 * caller's transaction. Unknown parts are a 400 naming the item.
 */
export async function recordOldParts(tx: Executor, actor: Actor, input: OldPartsInput) {
  const now = input.at ?? new Date();
  const technicianWarehouse = await repo.findWarehouseOfTechnician(tx, input.technicianId);
  const found = await repo.findPartsByIds(tx, [...new Set(input.items.map((item) => item.partId))]);
  input.items.forEach((item, index) => {
    if (!found.has(item.partId)) throw invalidField(['items', index, 'partId'], 'unknown part');
  });
  const rows = await repo.insertOldParts(
    tx,
    input.items.map((item) => ({
      id: newId(),
      partId: item.partId,
      serial: item.serial ?? null,
      assetId: input.assetId ?? null,
      workOrderId: input.workOrderId,
      technicianId: input.technicianId,
      outletId: technicianWarehouse?.outletId ?? null,
      ownerUserId: technicianWarehouse?.ownerUserId ?? null,
      status: 'held_by_technician' as const,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await recordAuditBatch(tx, actor, rows.map((row) => ({ entity: 'old_part', entityId: row.id, action: 'recorded', after: auditOldPart(row) })));
  return presentOldParts(tx, rows);
}

async function presentOldParts(executor: Executor, rows: OldPartRow[]) {
  const names = await loadNames(executor, rows.map((row) => row.partId), rows.map((row) => row.warehouseId));
  return rows.map((row) => presentOldPart(row, names));
}

function oldPartScope(principal: Principal) {
  return scopeCondition(principal, { outlet: repo.tables.oldParts.outletId, owner: repo.tables.oldParts.ownerUserId });
}

function canSeeOldPart(principal: Principal, row: OldPartRow): boolean {
  return isInScope(principal, { outletId: row.outletId, ownerId: row.ownerUserId });
}

/** The technician hands an old part in: it enters the warehouse's defective stock. */
export async function handInOldPart(ctx: AppContext, actor: Actor, principal: Principal, id: string, input: z.infer<typeof ZHandInOldPartBody>) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await repo.findOldPartsByIds(tx, [id], { forUpdate: true });
    if (!row || !canSeeOldPart(principal, row)) throw notFound('Old part');
    if (row.status !== 'held_by_technician') throw conflict('The old part was handed in already', [{ path: ['status'], message: '旧件已交回' }]);
    const [warehouse] = await lockWarehouses(tx, principal, [{ id: input.warehouseId, path: ['warehouseId'], mustSee: false }]);
    if (!isReturnTarget(row, warehouse)) throw invalidField(['warehouseId'], 'hand in to the technician’s outlet warehouse or a central warehouse');
    const now = ctx.clock.now();
    const movement: Movement = { kind: 'old_part_receipt', partId: row.partId, warehouseId: warehouse.id, condition: 'defective', onHand: 1, serial: row.serial, path: ['warehouseId'] };
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'old_part', id }, [movement]);
    await repo.updateOldParts(tx, [id], { status: 'handed_in', warehouseId: warehouse.id, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'old_part', entityId: id, action: 'handed_in', before: { status: row.status }, after: { status: 'handed_in', warehouseId: warehouse.id } });
    const [oldPart] = await presentOldParts(tx, [{ ...row, status: 'handed_in', warehouseId: warehouse.id, updatedAt: now }]);
    return { oldPart, ledgerRows };
  });
}

/** Handed-in old parts go back to the maker: they leave the defective stock. */
export async function dispatchOldPartsToMaker(ctx: AppContext, actor: Actor, principal: Principal, input: z.infer<typeof ZDispatchOldPartsBody>): Promise<Result> {
  return ctx.db.transaction(async (tx) => {
    const ids = [...new Set(input.oldPartIds)];
    const rows = new Map((await repo.findOldPartsByIds(tx, ids, { forUpdate: true })).map((row) => [row.id, row]));
    const chosen = input.oldPartIds.map((oldPartId, index) => {
      const row = rows.get(oldPartId);
      if (!row || !canSeeOldPart(principal, row)) throw new AppError('not_found', 'Old part not found', { details: [{ path: ['oldPartIds', index], message: 'no such old part' }] });
      if (row.status !== 'handed_in' || !row.warehouseId) throw conflict('Only handed-in old parts go to the maker', [{ path: ['oldPartIds', index], message: '旧件尚未交回或已返厂' }]);
      return { row, index, warehouseId: row.warehouseId };
    });
    await lockWarehouses(tx, principal, [...new Set(chosen.map((entry) => entry.warehouseId))].map((warehouseId) => ({ id: warehouseId, path: ['oldPartIds'], mustSee: true })));
    const now = ctx.clock.now();
    const documentId = newId();
    const movements: Movement[] = chosen.map(({ row, index, warehouseId }) => ({ kind: 'old_part_dispatch', partId: row.partId, warehouseId, condition: 'defective' as StockCondition, onHand: -1, serial: row.serial, path: ['oldPartIds', index] }));
    const ledgerRows = await applyMovements(tx, actor, now, { type: 'old_part_dispatch', id: documentId, reason: input.reference }, movements);
    await repo.updateOldParts(tx, ids, { status: 'sent_to_maker', reference: input.reference, updatedAt: now });
    await recordAuditBatch(tx, actor, chosen.map(({ row }) => ({ entity: 'old_part', entityId: row.id, action: 'sent_to_maker', before: { status: row.status }, after: { status: 'sent_to_maker', reference: input.reference } })));
    return { documentType: 'old_part_dispatch', documentId, ledgerRows };
  });
}

export async function listOldParts(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListOldPartsQuery>) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.findOldParts(ctx.db, { ...filter, scope: oldPartScope(principal) }, { limit: pageSize, offset: (page - 1) * pageSize });
  return { items: await presentOldParts(ctx.db, rows), total, page, pageSize };
}

/**
 * Whether each work order's parts are ready, for the dispatch board: `none` (no open
 * requisition), `shortage` (any requisition short), `requested` (waiting to be issued) or
 * `ready` (all issued). Cancelled requisitions do not count.
 */
export async function partsReadiness(executor: Executor, workOrderIds: string[]): Promise<Map<string, PartsReadiness>> {
  const statuses = await repo.findRequisitionStatuses(executor, [...new Set(workOrderIds)]);
  return new Map(workOrderIds.map((id) => [id, readinessOf(statuses.get(id) ?? [])]));
}

/** Sale prices (and what the phone shows) of parts, by id; unknown ids are absent. */
export async function partPrices(executor: Executor, partIds: string[]) {
  const found = await repo.findPartsByIds(executor, [...new Set(partIds)]);
  return new Map([...found.values()].map((part) => [part.id, { partNumber: part.partNumber, name: part.name, unit: part.unit, salePriceFen: part.salePriceFen, mustReturnOldPart: part.mustReturnOldPart }]));
}

export { roundQuantity };
