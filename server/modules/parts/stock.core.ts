/**
 * The one place that moves stock: every movement is a ledger row and a change of the cached
 * balance in the same transaction (`applyMovements`), and nothing else writes either. Also the
 * checks every document's lines go through (`checkLines`) and the serial bookkeeping.
 */
import { isDivisibleUnit, PART_UNIT_LABELS, type MovementKind, type StockCondition } from '../../../contracts/parts';
import type { Executor } from '../../db/client';
import { AppError, conflict, invalidField } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import * as repo from './parts.repository';
import type { PartRow, WarehouseRow } from './parts.repository';

export type Path = (string | number)[];

/** One change of one balance, with its ledger row. */
export type Movement = {
  kind: MovementKind;
  partId: string;
  warehouseId: string;
  condition: StockCondition;
  /** Change of on hand (the ledger's quantity). */
  onHand: number;
  inTransit?: number;
  reserved?: number;
  serial?: string | null;
  /** Where a refusal points (e.g. `["lines", 0, "quantity"]`). */
  path: Path;
  /** A reservation change only (no ledger row): requisitions reserving or releasing. */
  isReservationOnly?: boolean;
};

export type MovementDocument = { type: string; id: string; reason?: string | null };

/** A checked line: the part and its quantity (and serials, exactly `quantity` of them, for serial-tracked parts). */
export type CheckedLine = { part: PartRow; quantity: number; serials: string[]; index: number };

/** Rounds to the three decimals the database keeps (avoids 0.1 + 0.2 drift in sums). */
export function roundQuantity(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Checks a document's lines: known parts, each once, whole quantities for whole units and
 * serial-tracked parts, serials (distinct, exactly one per unit) where the part needs them.
 */
export async function checkLines(
  executor: Executor,
  lines: { partId: string; quantity: number; serials?: string[] }[],
  options: { needsSerials: boolean; path?: string },
): Promise<CheckedLine[]> {
  const base = options.path ?? 'lines';
  const found = await repo.findPartsByIds(executor, [...new Set(lines.map((line) => line.partId))]);
  const seen = new Set<string>();
  return lines.map((line, index) => {
    const part = found.get(line.partId);
    if (!part) throw invalidField([base, index, 'partId'], 'unknown part');
    if (seen.has(line.partId)) throw invalidField([base, index, 'partId'], 'this part is listed twice');
    seen.add(line.partId);
    if (!(line.quantity > 0)) throw invalidField([base, index, 'quantity'], 'must be more than 0');
    if ((!isDivisibleUnit(part.unit) || part.isSerialTracked) && !Number.isInteger(line.quantity)) {
      throw invalidField([base, index, 'quantity'], `whole numbers only (unit ${PART_UNIT_LABELS[part.unit].zh})`);
    }
    const serials = line.serials ?? [];
    if (part.isSerialTracked && options.needsSerials) {
      if (serials.length !== line.quantity) throw invalidField([base, index, 'serials'], `a serial-tracked part needs exactly ${line.quantity} serial(s)`);
      if (new Set(serials).size !== serials.length) throw invalidField([base, index, 'serials'], 'a serial is listed twice');
    } else if (serials.length) {
      throw invalidField([base, index, 'serials'], part.isSerialTracked ? 'serials are given when the parts are issued' : 'this part is not serial-tracked');
    }
    return { part, quantity: roundQuantity(line.quantity), serials, index };
  });
}

/** Refuses movements on a warehouse frozen by a stock count (except the count's own adjustments). */
export function assertNotFrozen(warehouse: WarehouseRow, path: Path, allowCountId?: string): void {
  if (warehouse.frozenByCountId && warehouse.frozenByCountId !== allowCountId) {
    throw conflict('The warehouse is frozen by a stock count', [{ path, message: '该仓库正在盘点，已冻结' }]);
  }
}

/**
 * Applies the movements: balances change in a fixed order (warehouse, part, condition) so
 * concurrent documents never deadlock, each with the conditional UPDATE that keeps stock from
 * going negative; a refused change is a 409 naming the line's quantity, and the whole
 * transaction rolls back. Then one ledger row per movement in the document's order
 * (reservations have none).
 */
export async function applyMovements(tx: Executor, actor: Actor, now: Date, document: MovementDocument, movements: Movement[]): Promise<number> {
  const order = (movement: Movement) => `${movement.warehouseId}|${movement.partId}|${movement.condition}`;
  const sorted = movements.map((movement, position) => ({ movement, position })).sort((a, b) => (order(a.movement) < order(b.movement) ? -1 : order(a.movement) > order(b.movement) ? 1 : a.position - b.position));
  const ledger: { position: number; row: repo.LedgerInsert }[] = [];
  for (const { movement, position } of sorted) {
    const key = { warehouseId: movement.warehouseId, partId: movement.partId, condition: movement.condition };
    const change = { onHand: roundQuantity(movement.onHand), inTransit: roundQuantity(movement.inTransit ?? 0), reserved: roundQuantity(movement.reserved ?? 0) };
    const after = await repo.changeBalance(tx, key, change, now);
    if (!after) {
      const current = await repo.findBalance(tx, key);
      const available = current ? roundQuantity(current.onHand - current.reserved) : 0;
      const needed = roundQuantity(-(change.onHand - change.reserved));
      throw new AppError('conflict', `Not enough stock: ${available} available, ${needed} needed`, { details: [{ path: movement.path, message: `库存不足：可用 ${available}，需要 ${needed}` }] });
    }
    if (movement.isReservationOnly) continue;
    const row: repo.LedgerInsert = {
      id: newId(),
      kind: movement.kind,
      partId: movement.partId,
      warehouseId: movement.warehouseId,
      condition: movement.condition,
      quantity: change.onHand,
      inTransitChange: change.inTransit,
      serial: movement.serial ?? null,
      documentType: document.type,
      documentId: document.id,
      reason: document.reason ?? null,
      actorId: actor.id,
      actorName: actor.displayName ?? actor.name,
      at: now,
      balanceAfter: after.onHand,
    };
    ledger.push({ position, row });
  }
  // Ledger rows keep the document's order (the balances changed in lock order).
  await repo.insertLedgerRows(tx, ledger.sort((a, b) => a.position - b.position).map((entry) => entry.row));
  return ledger.length;
}

/** Signs of a movement per unit: −1 leaves, +1 arrives, 0 unchanged. */
export type Signs = { onHand: -1 | 0 | 1; inTransit?: -1 | 0 | 1; reserved?: -1 | 0 | 1 };

/**
 * The movements of one line: one per unit for a serial-tracked line with serials (each ledger
 * row names its serial), one for the whole quantity otherwise.
 */
export function movementsOfLine(line: CheckedLine, base: { kind: MovementKind; warehouseId: string; condition: StockCondition }, signs: Signs, path: Path = ['lines', line.index, 'quantity']): Movement[] {
  const scaled = (amount: number) => ({ ...base, partId: line.part.id, onHand: signs.onHand * amount, inTransit: (signs.inTransit ?? 0) * amount, reserved: (signs.reserved ?? 0) * amount, path });
  if (line.part.isSerialTracked && line.serials.length) return line.serials.map((serial) => ({ ...scaled(1), serial }));
  return [scaled(line.quantity)];
}

/**
 * Takes serial units out of a warehouse: each must be in stock there, in that condition;
 * a serial that is not is a 400 naming it. Returns the locked units.
 */
export async function takeSerials(tx: Executor, warehouseId: string, condition: StockCondition, line: CheckedLine, path: Path) {
  if (!line.part.isSerialTracked) return [];
  const units = await repo.lockSerialUnits(tx, line.part.id, line.serials);
  return line.serials.map((serial, index) => {
    const unit = units.get(serial);
    if (!unit || unit.warehouseId !== warehouseId || unit.status !== 'in_stock' || unit.condition !== condition) {
      throw invalidField([...path, index], `serial ${serial} is not in stock in this warehouse`);
    }
    return unit;
  });
}

/**
 * Puts received serial units into a warehouse: new serials are created; a serial known before
 * may come back only when it left stock (consumed or scrapped), never while it is in stock or
 * in transit somewhere.
 */
export async function receiveSerials(tx: Executor, warehouseId: string, condition: StockCondition, line: CheckedLine, path: Path, now: Date): Promise<void> {
  if (!line.part.isSerialTracked) return;
  const units = await repo.lockSerialUnits(tx, line.part.id, line.serials);
  const fresh: string[] = [];
  const returning: string[] = [];
  line.serials.forEach((serial, index) => {
    const unit = units.get(serial);
    if (!unit) fresh.push(serial);
    else if (unit.status === 'in_stock' || unit.status === 'in_transit') throw conflict(`Serial ${serial} is already in stock`, [{ path: [...path, index], message: '该序列号已在库' }]);
    else returning.push(unit.id);
  });
  await repo.insertSerialUnits(tx, fresh.map((serial) => ({ id: newId(), partId: line.part.id, serial, warehouseId, condition, status: 'in_stock' as const, updatedAt: now })));
  await repo.updateSerialUnits(tx, returning, { warehouseId, condition, status: 'in_stock', updatedAt: now });
}
