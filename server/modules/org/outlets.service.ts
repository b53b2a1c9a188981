import type { z } from 'zod';
import type { ZCreateOutletBody, ZUpdateOutletBody } from '../../../contracts/outlets';
import { districtName } from '../../../contracts/regions';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { AppContext } from '../../platform/context';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { recordAudit } from '../audit';
import * as repo from './org.repository';
import { outlets } from './org.tables';
import type { OutletRow } from './org.repository';

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

/** Whether a 6-digit code is a real district (county-level division) in china-area-data. */
export function isDistrictCode(code: string): boolean {
  return /^\d{6}$/.test(code) && !code.endsWith('00') && districtName(`${code.slice(0, 4)}00`, code) !== undefined;
}

type AreaFields = Pick<OutletRow, 'districtCode' | 'latitude' | 'longitude' | 'serviceDistricts' | 'workStartMinute' | 'workEndMinute'>;

/**
 * Checks an outlet's service area as it will be stored (the update merged onto the row):
 * real district codes, hours that start before they end, coordinates given together.
 */
function checkArea(area: AreaFields) {
  if (area.districtCode && !isDistrictCode(area.districtCode)) throw invalidField(['districtCode'], 'not a district code');
  const badDistrict = area.serviceDistricts.findIndex((code) => !isDistrictCode(code));
  if (badDistrict >= 0) throw invalidField(['serviceDistricts', badDistrict], 'not a district code');
  if (area.workStartMinute >= area.workEndMinute) throw invalidField(['workEndMinute'], 'must be after workStartMinute');
  if ((area.latitude === null) !== (area.longitude === null)) {
    throw invalidField([area.latitude === null ? 'latitude' : 'longitude'], 'latitude and longitude are given together');
  }
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
    const area = {
      districtCode: input.districtCode ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      serviceDistricts: [...new Set(input.serviceDistricts ?? [])],
      workStartMinute: input.workStartMinute ?? 480,
      workEndMinute: input.workEndMinute ?? 1080,
    };
    checkArea(area);
    const created = await repo.insertOutlet(tx, { id: newId(), ...input, ...area, phone: input.phone ?? null, address: input.address ?? null });
    await recordAudit(tx, actor, { entity: 'outlet', entityId: created.id, action: 'created', after: presentOutlet(created) });
    return created;
  });
  return presentOutlet(row);
}

export async function updateOutletDetails(ctx: AppContext, actor: Actor, id: string, input: z.infer<typeof ZUpdateOutletBody>) {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await repo.findOutletById(tx, id);
    if (!before) throw notFound('Outlet');
    const serviceDistricts = input.serviceDistricts ? [...new Set(input.serviceDistricts)] : undefined;
    checkArea({
      districtCode: input.districtCode !== undefined ? input.districtCode : before.districtCode,
      latitude: input.latitude !== undefined ? input.latitude : before.latitude,
      longitude: input.longitude !== undefined ? input.longitude : before.longitude,
      serviceDistricts: serviceDistricts ?? before.serviceDistricts,
      workStartMinute: input.workStartMinute ?? before.workStartMinute,
      workEndMinute: input.workEndMinute ?? before.workEndMinute,
    });
    const after = await repo.updateOutlet(tx, id, { ...input, ...(serviceDistricts ? { serviceDistricts } : {}), updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'outlet', entityId: id, action: 'updated', before: presentOutlet(before), after: presentOutlet(after) });
    return after;
  });
  return presentOutlet(row);
}
