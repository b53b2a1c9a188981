/**
 * The fee schedule (收费标准) and the piece rates (计件单价), both versioned by the Asia/Shanghai
 * day they apply from. A version already in force is never changed (a quote keeps the version
 * it used; settlement its rates): the change is a new version with a later date. A version not
 * yet in force may be edited (with its version number).
 */
import type { z } from 'zod';
import type { ZFeeScheduleBody, ZPieceRateBody } from '../../../contracts/billing';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../../platform/principal';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import * as repo from './billing.repository';

function presentSchedule(row: repo.ScheduleRow, today: string, current: string | undefined) {
  return {
    id: row.id, name: row.name, effectiveFrom: row.effectiveFrom, labour: row.labour, visit: row.visit, consumablesAtCost: row.consumablesAtCost, note: row.note, version: row.version,
    state: row.id === current ? ('in_force' as const) : row.effectiveFrom > today ? ('future' as const) : ('past' as const),
    createdBy: row.createdBy, createdAt: row.createdAt.toISOString(),
  };
}

function duplicateRates(body: z.infer<typeof ZFeeScheduleBody>): void {
  const seen = new Map<string, number>();
  body.labour.forEach((rate, index) => {
    const key = `${rate.workType}|${rate.categoryId}|${rate.grade}`;
    if (seen.has(key)) throw invalidField(['labour', index], `the same work type, category and grade as line ${seen.get(key)! + 1}`);
    seen.set(key, index);
  });
}

export async function listSchedules(ctx: AppContext) {
  const today = shanghaiDate(ctx.clock.now());
  const [rows, current] = await Promise.all([repo.listSchedules(ctx.db), repo.scheduleInForce(ctx.db, today)]);
  return { items: rows.map((row) => presentSchedule(row, today, current?.id)) };
}

export async function createSchedule(ctx: AppContext, actor: Actor, body: z.infer<typeof ZFeeScheduleBody>) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  duplicateRates(body);
  return ctx.db.transaction(async (tx) => {
    if (await repo.scheduleWithDate(tx, body.effectiveFrom)) throw conflict('A version with this date exists', [{ path: ['effectiveFrom'], message: 'taken' }]);
    const current = await repo.scheduleInForce(tx, today);
    if (current && body.effectiveFrom < current.effectiveFrom) throw invalidField(['effectiveFrom'], `before the version in force (${current.effectiveFrom})`);
    const row = await repo.insertSchedule(tx, { id: newId(), ...body, note: body.note ?? null, createdBy: actor.displayName ?? actor.name, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'billing_fee_schedule', entityId: row.id, action: 'create', after: { name: row.name, effectiveFrom: row.effectiveFrom, labour: row.labour.length, visit: row.visit.length } });
    return presentSchedule(row, today, (await repo.scheduleInForce(tx, today))?.id);
  });
}

export async function updateSchedule(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof ZFeeScheduleBody> & { version: number }) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  duplicateRates(body);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findSchedule(tx, id, { forUpdate: true });
    if (!row) throw notFound('Fee schedule');
    if (row.effectiveFrom <= today) throw conflict('This version is in force or past: add a new version instead', [{ path: ['effectiveFrom'], message: row.effectiveFrom }]);
    if (body.effectiveFrom <= today) throw invalidField(['effectiveFrom'], 'a version not yet in force starts after today');
    if (await repo.scheduleWithDate(tx, body.effectiveFrom, id)) throw conflict('A version with this date exists', [{ path: ['effectiveFrom'], message: 'taken' }]);
    const { version, ...fields } = body;
    const updated = await repo.updateSchedule(tx, id, version, { ...fields, note: fields.note ?? null, updatedAt: now });
    if (!updated) throw conflict('The version was changed; reload it', [{ path: ['version'], message: 'stale version' }]);
    await recordAudit(tx, actor, { entity: 'billing_fee_schedule', entityId: id, action: 'update', before: { effectiveFrom: row.effectiveFrom, labour: row.labour, visit: row.visit }, after: { effectiveFrom: updated.effectiveFrom, labour: updated.labour, visit: updated.visit } });
    return presentSchedule(updated, today, (await repo.scheduleInForce(tx, today))?.id);
  });
}

export async function listPieceRates(ctx: AppContext) {
  const today = shanghaiDate(ctx.clock.now());
  const [rows, current] = await Promise.all([repo.listPieceRates(ctx.db), repo.pieceRateInForce(ctx.db, today)]);
  return { items: rows.map((row) => ({ id: row.id, name: row.name, effectiveFrom: row.effectiveFrom, rates: row.rates, extras: row.extras, version: row.version, state: row.id === current?.id ? 'in_force' : row.effectiveFrom > today ? 'future' : 'past' })) };
}

export async function createPieceRates(ctx: AppContext, actor: Actor, body: z.infer<typeof ZPieceRateBody>) {
  const now = ctx.clock.now();
  const seen = new Map<string, number>();
  body.rates.forEach((rate, index) => {
    const key = `${rate.party}|${rate.workType}|${rate.categoryId}`;
    if (seen.has(key)) throw invalidField(['rates', index], `the same party, work type and category as line ${seen.get(key)! + 1}`);
    seen.set(key, index);
  });
  return ctx.db.transaction(async (tx) => {
    if (await repo.pieceRateWithDate(tx, body.effectiveFrom)) throw conflict('A version with this date exists', [{ path: ['effectiveFrom'], message: 'taken' }]);
    const row = await repo.insertPieceRate(tx, { id: newId(), ...body, createdBy: actor.displayName ?? actor.name, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'billing_piece_rates', entityId: row.id, action: 'create', after: { name: row.name, effectiveFrom: row.effectiveFrom, rates: row.rates.length } });
    return { id: row.id, name: row.name, effectiveFrom: row.effectiveFrom, rates: row.rates, extras: row.extras, version: row.version };
  });
}
