import type { z } from 'zod';
import type { ZCreateOutletBody, ZUpdateOutletBody } from '../../../contracts/outlets';
import { conflict, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { AppContext } from '../../platform/context';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { recordAudit } from '../audit';
import * as repo from './dispatch.repository';
import { outlets } from './dispatch.tables';
import type { OutletRow } from './dispatch.repository';

export function presentOutlet(row: OutletRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    phone: row.phone,
    address: row.address,
    isActive: row.isActive,
    districtCode: row.districtCode,
    latitude: row.latitude,
    longitude: row.longitude,
    serviceDistricts: row.serviceDistricts,
    serviceRadiusKm: row.serviceRadiusKm,
    dailyCapacity: row.dailyCapacity,
    workStartMinute: row.workStartMinute,
    workEndMinute: row.workEndMinute,
    contacts: row.contacts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Outlets the principal may see: everyone's for department roles, only their own for outlet staff. */
export async function listOutlets(ctx: AppContext, principal: Principal, query: { q?: string; page: number; pageSize: number }) {
  const scope = scopeCondition(principal, { outlet: outlets.id });
  const { rows, total } = await repo.findOutlets(ctx.db, { q: query.q, scope }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: rows.map(presentOutlet), total, page: query.page, pageSize: query.pageSize };
}

export async function getOutlet(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findOutletById(ctx.db, id);
  if (!row || !isInScope(principal, { outletId: row.id })) throw notFound('Outlet');
  return presentOutlet(row);
}

export async function createOutlet(ctx: AppContext, actor: Actor, input: z.infer<typeof ZCreateOutletBody>) {
  const row = await ctx.db.transaction(async (tx) => {
    if (await repo.findOutletByCode(tx, input.code)) throw conflict('This outlet code is taken', [{ path: ['code'], message: 'already taken' }]);
    const created = await repo.insertOutlet(tx, { id: newId(), ...input, phone: input.phone ?? null, address: input.address ?? null });
    await recordAudit(tx, actor, { entity: 'outlet', entityId: created.id, action: 'created', after: presentOutlet(created) });
    return created;
  });
  return presentOutlet(row);
}

export async function updateOutletDetails(ctx: AppContext, actor: Actor, id: string, input: z.infer<typeof ZUpdateOutletBody>) {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await repo.findOutletById(tx, id);
    if (!before) throw notFound('Outlet');
    const after = await repo.updateOutlet(tx, id, { ...input, updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'outlet', entityId: id, action: 'updated', before: presentOutlet(before), after: presentOutlet(after) });
    return after;
  });
  return presentOutlet(row);
}
