import type { z } from 'zod';
import type { ZAbsenceBody, ZCertificationBody, ZCreateTechnicianBody, ZUpdateTechnicianBody, ZVehicleBody } from '../../../contracts/dispatch';
import type { ABSENCE_KINDS, CERTIFICATION_KINDS, Grade, TechnicianSkill } from '../../../contracts/dispatch';
import type { Executor } from '../../db/client';
import { conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { AppContext } from '../../platform/context';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { findUserAccounts } from '../auth';
import { loadCategoryMap } from '../assets';
import { findOutlet as findOutletById, findOutletNames } from '../org';
import { technicians, vehicles } from './technicians.tables';
import * as repo from './technicians.repository';
import type { AbsenceRow, CertificationRow, TechnicianRow, VehicleRow } from './technicians.repository';

export { findTechniciansOfOutlets } from './technicians.repository';

/** How far back finished absences are still shown on a technician (recent history). */
const ABSENCE_HISTORY_DAYS = 30;

type CreateBody = z.infer<typeof ZCreateTechnicianBody>;
type UpdateBody = z.infer<typeof ZUpdateTechnicianBody>;

/**
 * A technician as the API shows it. `today` is the business date (Asia/Shanghai): a
 * certification is valid through its expiry date; a technician is dispatchable when active
 * and holding a valid 上岗证 (`work_permit`).
 */
export function presentTechnician(
  row: TechnicianRow,
  related: { outletName: string | null; username: string | null; certifications: CertificationRow[]; absences: AbsenceRow[] },
  today: string,
) {
  const certifications = related.certifications.map((certification) => ({
    id: certification.id,
    kind: certification.kind as (typeof CERTIFICATION_KINDS)[number],
    number: certification.number,
    issuedOn: certification.issuedOn,
    expiresOn: certification.expiresOn,
    isValid: certification.expiresOn >= today,
  }));
  return {
    id: row.id,
    userId: row.userId,
    username: related.username,
    outletId: row.outletId,
    outletName: related.outletName,
    name: row.name,
    phone: row.phone,
    grade: row.grade as Grade,
    skills: row.skills,
    workingDays: row.workingDays,
    workStartMinute: row.workStartMinute,
    workEndMinute: row.workEndMinute,
    maxOrdersPerDay: row.maxOrdersPerDay,
    baseLatitude: row.baseLatitude,
    baseLongitude: row.baseLongitude,
    baseAddress: row.baseAddress,
    vehicleId: row.vehicleId,
    isActive: row.isActive,
    certifications,
    absences: related.absences.map((absence) => ({
      id: absence.id,
      kind: absence.kind as (typeof ABSENCE_KINDS)[number],
      startsAt: absence.startsAt.toISOString(),
      endsAt: absence.endsAt.toISOString(),
      note: absence.note,
    })),
    isDispatchable: row.isActive && certifications.some((certification) => certification.kind === 'work_permit' && certification.isValid),
  };
}

export type TechnicianView = ReturnType<typeof presentTechnician>;

/** Presents technician rows with their outlet names, usernames, certifications and recent absences (four queries). */
async function presentTechnicians(ctx: AppContext, executor: Executor, rows: { technician: TechnicianRow }[]) {
  const ids = rows.map((row) => row.technician.id);
  const now = ctx.clock.now();
  const [outletNames, accounts, certifications, absences] = await Promise.all([
    findOutletNames(executor, rows.map((row) => row.technician.outletId)),
    findUserAccounts(executor, rows.map((row) => row.technician.userId)),
    repo.findCertificationsOf(executor, ids),
    repo.findAbsencesOf(executor, ids, new Date(now.getTime() - ABSENCE_HISTORY_DAYS * 86_400_000)),
  ]);
  const certificationsOf = repo.groupBy(certifications, (row) => row.technicianId);
  const absencesOf = repo.groupBy(absences, (row) => row.technicianId);
  const today = shanghaiDate(now);
  return rows.map(({ technician }) =>
    presentTechnician(
      technician,
      {
        outletName: outletNames.get(technician.outletId) ?? null,
        username: accounts.get(technician.userId)?.username ?? null,
        certifications: certificationsOf.get(technician.id) ?? [],
        absences: absencesOf.get(technician.id) ?? [],
      },
      today,
    ),
  );
}

async function presentOne(ctx: AppContext, executor: Executor, id: string) {
  const row = await repo.findTechnicianById(executor, id);
  if (!row) throw notFound('Technician');
  const [view] = await presentTechnicians(ctx, executor, [row]);
  return view;
}

/** Outlet staff see their outlet's technicians; a technician only their own record. */
function technicianScope(principal: Principal) {
  return scopeCondition(principal, { outlet: technicians.outletId, owner: technicians.userId });
}

export async function listTechnicians(
  ctx: AppContext,
  principal: Principal,
  query: { q?: string; outletId?: string; isActive?: boolean; page: number; pageSize: number },
) {
  const { rows, total } = await repo.findTechnicians(
    ctx.db,
    { q: query.q, outletId: query.outletId, isActive: query.isActive, scope: technicianScope(principal) },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return { items: await presentTechnicians(ctx, ctx.db, rows), total, page: query.page, pageSize: query.pageSize };
}

export async function getTechnician(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findTechnicianById(ctx.db, id);
  if (!row || !isInScope(principal, { outletId: row.technician.outletId, ownerId: row.technician.userId })) throw notFound('Technician');
  const [view] = await presentTechnicians(ctx, ctx.db, [row]);
  return view;
}

/** The signed-in technician's own record. */
export async function getMyTechnician(ctx: AppContext, principal: Principal) {
  if (principal.kind !== 'user') throw notFound('Technician');
  const row = await repo.findTechnicianByUserId(ctx.db, principal.userId);
  if (!row) throw notFound('Technician');
  const [view] = await presentTechnicians(ctx, ctx.db, [row]);
  return view;
}

/** The audited fields of a technician row (no timestamps). */
function auditView(row: TechnicianRow) {
  const { createdAt: _created, updatedAt: _updated, ...rest } = row;
  return rest;
}

/** Checks the parts of a technician that refer to other records or depend on each other. */
async function checkTechnicianFields(
  executor: Executor,
  fields: { outletId: string; skills: TechnicianSkill[]; workStartMinute: number; workEndMinute: number; vehicleId: string | null; baseLatitude: number | null; baseLongitude: number | null },
  changed: { outletId: boolean; skills: boolean; vehicleId: boolean },
) {
  if (changed.outletId && !(await findOutletById(executor, fields.outletId))) throw invalidField(['outletId'], 'no such outlet');
  if (changed.skills && fields.skills.some((skill) => skill.categoryId)) {
    const categories = await loadCategoryMap(executor);
    const index = fields.skills.findIndex((skill) => skill.categoryId && !categories.has(skill.categoryId));
    if (index >= 0) throw invalidField(['skills', index, 'categoryId'], 'no such product category');
  }
  if (fields.workStartMinute >= fields.workEndMinute) throw invalidField(['workEndMinute'], 'must be after workStartMinute');
  if ((fields.baseLatitude === null) !== (fields.baseLongitude === null)) {
    throw invalidField([fields.baseLatitude === null ? 'baseLatitude' : 'baseLongitude'], 'latitude and longitude are given together');
  }
  if (fields.vehicleId && (changed.vehicleId || changed.outletId)) {
    const vehicle = await repo.findVehicleById(executor, fields.vehicleId);
    if (!vehicle) throw invalidField(['vehicleId'], 'no such vehicle');
    if (vehicle.outletId !== fields.outletId) throw invalidField(['vehicleId'], 'the vehicle belongs to another outlet');
  }
}

/** Skills without repeats; weekdays sorted without repeats. */
const uniqueSkills = (skills: TechnicianSkill[]) => [...new Map(skills.map((skill) => [`${skill.categoryId ?? '*'}:${skill.workType}`, skill])).values()];
const uniqueDays = (days: number[]) => [...new Set(days)].sort((a, b) => a - b);

/** Makes an active user with the technician role a technician of an outlet. */
export async function createTechnician(ctx: AppContext, actor: Actor, input: CreateBody) {
  const id = await ctx.db.transaction(async (tx) => {
    const account = (await findUserAccounts(tx, [input.userId])).get(input.userId);
    if (!account) throw invalidField(['userId'], 'no such user');
    if (account.isDisabled) throw invalidField(['userId'], 'the user is disabled');
    if (!account.roles.includes('technician')) throw invalidField(['userId'], 'the user does not have the technician role');
    if (await repo.findTechnicianByUserId(tx, input.userId)) throw conflict('This user is a technician already', [{ path: ['userId'], message: 'already a technician' }]);
    const fields = {
      outletId: input.outletId,
      skills: uniqueSkills(input.skills),
      workStartMinute: input.workStartMinute ?? 480,
      workEndMinute: input.workEndMinute ?? 1080,
      vehicleId: input.vehicleId ?? null,
      baseLatitude: input.baseLatitude ?? null,
      baseLongitude: input.baseLongitude ?? null,
    };
    await checkTechnicianFields(tx, fields, { outletId: true, skills: true, vehicleId: true });
    const now = ctx.clock.now();
    const created = await repo.insertTechnician(tx, {
      id: newId(),
      userId: input.userId,
      name: account.displayName,
      phone: input.phone !== undefined ? input.phone : account.phone,
      grade: input.grade,
      workingDays: input.workingDays ? uniqueDays(input.workingDays) : undefined,
      maxOrdersPerDay: input.maxOrdersPerDay,
      baseAddress: input.baseAddress ?? null,
      ...fields,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, { entity: 'technician', entityId: created.id, action: 'created', after: auditView(created) });
    return created.id;
  });
  return presentOne(ctx, ctx.db, id);
}

export async function updateTechnician(ctx: AppContext, actor: Actor, id: string, input: UpdateBody) {
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findTechnicianForUpdate(tx, id);
    if (!before) throw notFound('Technician');
    const outletChanged = input.outletId !== undefined && input.outletId !== before.outletId;
    // A vehicle stays with its outlet: moving the technician without naming a vehicle drops it.
    const vehicleId = input.vehicleId !== undefined ? input.vehicleId : outletChanged ? null : before.vehicleId;
    const fields = {
      outletId: input.outletId ?? before.outletId,
      skills: input.skills ? uniqueSkills(input.skills) : before.skills,
      workStartMinute: input.workStartMinute ?? before.workStartMinute,
      workEndMinute: input.workEndMinute ?? before.workEndMinute,
      vehicleId,
      baseLatitude: input.baseLatitude !== undefined ? input.baseLatitude : before.baseLatitude,
      baseLongitude: input.baseLongitude !== undefined ? input.baseLongitude : before.baseLongitude,
    };
    await checkTechnicianFields(tx, fields, { outletId: outletChanged, skills: input.skills !== undefined, vehicleId: input.vehicleId !== undefined });
    const account = (await findUserAccounts(tx, [before.userId])).get(before.userId);
    const after = await repo.updateTechnician(tx, id, {
      ...fields,
      name: account?.displayName ?? before.name,
      phone: input.phone !== undefined ? input.phone : before.phone,
      grade: input.grade ?? before.grade,
      workingDays: input.workingDays ? uniqueDays(input.workingDays) : before.workingDays,
      maxOrdersPerDay: input.maxOrdersPerDay ?? before.maxOrdersPerDay,
      baseAddress: input.baseAddress !== undefined ? input.baseAddress : before.baseAddress,
      isActive: input.isActive ?? before.isActive,
      updatedAt: ctx.clock.now(),
    });
    await recordAudit(tx, actor, { entity: 'technician', entityId: id, action: 'updated', before: auditView(before), after: auditView(after) });
  });
  return presentOne(ctx, ctx.db, id);
}

export async function addCertification(ctx: AppContext, actor: Actor, technicianId: string, input: z.infer<typeof ZCertificationBody>) {
  if (input.issuedOn && input.issuedOn > input.expiresOn) throw invalidField(['expiresOn'], 'must not be before issuedOn');
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.findTechnicianForUpdate(tx, technicianId))) throw notFound('Technician');
    const created = await repo.insertCertification(tx, {
      id: newId(),
      technicianId,
      kind: input.kind,
      number: input.number ?? null,
      issuedOn: input.issuedOn ?? null,
      expiresOn: input.expiresOn,
      createdAt: ctx.clock.now(),
    });
    const { createdAt: _created, ...after } = created;
    await recordAudit(tx, actor, { entity: 'technician', entityId: technicianId, action: 'certification_added', after });
  });
  return presentOne(ctx, ctx.db, technicianId);
}

export async function removeCertification(ctx: AppContext, actor: Actor, technicianId: string, certificationId: string) {
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.findTechnicianForUpdate(tx, technicianId))) throw notFound('Technician');
    const deleted = await repo.deleteCertification(tx, technicianId, certificationId);
    if (!deleted) throw notFound('Certification');
    const { createdAt: _created, ...before } = deleted;
    await recordAudit(tx, actor, { entity: 'technician', entityId: technicianId, action: 'certification_removed', before });
  });
  return presentOne(ctx, ctx.db, technicianId);
}

export async function addAbsence(ctx: AppContext, actor: Actor, technicianId: string, input: z.infer<typeof ZAbsenceBody>) {
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.findTechnicianForUpdate(tx, technicianId))) throw notFound('Technician');
    const created = await repo.insertAbsence(tx, {
      id: newId(),
      technicianId,
      kind: input.kind,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      note: input.note ?? null,
      createdAt: ctx.clock.now(),
    });
    const { createdAt: _created, ...after } = created;
    await recordAudit(tx, actor, { entity: 'technician', entityId: technicianId, action: 'absence_added', after });
  });
  return presentOne(ctx, ctx.db, technicianId);
}

export async function removeAbsence(ctx: AppContext, actor: Actor, technicianId: string, absenceId: string) {
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.findTechnicianForUpdate(tx, technicianId))) throw notFound('Technician');
    const deleted = await repo.deleteAbsence(tx, technicianId, absenceId);
    if (!deleted) throw notFound('Absence');
    const { createdAt: _created, ...before } = deleted;
    await recordAudit(tx, actor, { entity: 'technician', entityId: technicianId, action: 'absence_removed', before });
  });
  return presentOne(ctx, ctx.db, technicianId);
}

// ---- vehicles ----

export function presentVehicle(row: VehicleRow) {
  return { id: row.id, outletId: row.outletId, plate: row.plate, name: row.name, isActive: row.isActive };
}

/** Plates are compared without spaces or dots and in upper case ("沪A 12345" = "沪A12345"). */
export function normalizePlate(plate: string): string {
  return plate.replace(/[\s·.]/g, '').toUpperCase();
}

export async function listVehicles(ctx: AppContext, principal: Principal, query: { q?: string; outletId?: string; isActive?: boolean; page: number; pageSize: number }) {
  const scope = scopeCondition(principal, { outlet: vehicles.outletId });
  const { rows, total } = await repo.findVehicles(ctx.db, { q: query.q, outletId: query.outletId, isActive: query.isActive, scope }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: rows.map(presentVehicle), total, page: query.page, pageSize: query.pageSize };
}

const plateTaken = () => conflict('This plate is registered already', [{ path: ['plate'], message: 'already registered' }]);

export async function createVehicle(ctx: AppContext, actor: Actor, input: z.infer<typeof ZVehicleBody>) {
  const row = await ctx.db.transaction(async (tx) => {
    if (!(await findOutletById(tx, input.outletId))) throw invalidField(['outletId'], 'no such outlet');
    const plate = normalizePlate(input.plate);
    if (await repo.findVehicleByPlate(tx, plate)) throw plateTaken();
    const created = await repo.insertVehicle(tx, { id: newId(), outletId: input.outletId, plate, name: input.name ?? null, isActive: input.isActive ?? true, createdAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'vehicle', entityId: created.id, action: 'created', after: presentVehicle(created) });
    return created;
  });
  return presentVehicle(row);
}

export async function updateVehicle(ctx: AppContext, actor: Actor, id: string, input: Partial<z.infer<typeof ZVehicleBody>>) {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await repo.findVehicleById(tx, id);
    if (!before) throw notFound('Vehicle');
    const plate = input.plate !== undefined ? normalizePlate(input.plate) : before.plate;
    if (plate !== before.plate) {
      const holder = await repo.findVehicleByPlate(tx, plate);
      if (holder && holder.id !== id) throw plateTaken();
    }
    if (input.outletId !== undefined && input.outletId !== before.outletId) {
      if (!(await findOutletById(tx, input.outletId))) throw invalidField(['outletId'], 'no such outlet');
      if ((await repo.countTechniciansWithVehicle(tx, id)) > 0) throw conflict('Technicians of the outlet use this vehicle', [{ path: ['outletId'], message: 'the vehicle is assigned to technicians' }]);
    }
    const after = await repo.updateVehicle(tx, id, {
      plate,
      outletId: input.outletId ?? before.outletId,
      name: input.name !== undefined ? input.name : before.name,
      isActive: input.isActive ?? before.isActive,
    });
    await recordAudit(tx, actor, { entity: 'vehicle', entityId: id, action: 'updated', before: presentVehicle(before), after: presentVehicle(after) });
    return after;
  });
  return presentVehicle(row);
}
