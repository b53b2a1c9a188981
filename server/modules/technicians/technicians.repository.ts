import { and, asc, count, eq, gt, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { containsPattern } from '../../db/like';
import { technicianAbsences, technicianCertifications, technicians, vehicles } from './technicians.tables';

export type TechnicianRow = typeof technicians.$inferSelect;
export type CertificationRow = typeof technicianCertifications.$inferSelect;
export type AbsenceRow = typeof technicianAbsences.$inferSelect;
export type VehicleRow = typeof vehicles.$inferSelect;

const likePattern = containsPattern;

// ---- technicians ----

export type TechnicianListFilter = { q?: string; outletId?: string; isActive?: boolean; scope?: SQL };

/** A page of technicians with their outlet's name, by name. */
export async function findTechnicians(executor: Executor, filter: TechnicianListFilter, page: { limit: number; offset: number }) {
  const conditions: (SQL | undefined)[] = [filter.scope];
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(or(ilike(technicians.name, pattern), ilike(technicians.phone, pattern)));
  }
  if (filter.outletId) conditions.push(eq(technicians.outletId, filter.outletId));
  if (filter.isActive !== undefined) conditions.push(eq(technicians.isActive, filter.isActive));
  const where = and(...conditions.filter((condition): condition is SQL => condition !== undefined));
  const [rows, [{ total }]] = await Promise.all([
    executor
      .select({ technician: technicians })
      .from(technicians)
      .where(where)
      .orderBy(asc(technicians.name), asc(technicians.id))
      .limit(page.limit)
      .offset(page.offset),
    executor.select({ total: count() }).from(technicians).where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function findTechnicianById(executor: Executor, id: string) {
  const [row] = await executor
    .select({ technician: technicians })
    .from(technicians)
    .where(eq(technicians.id, id));
  return row;
}

/** The technician row locked for update (read-modify-write in a transaction). */
export async function findTechnicianForUpdate(executor: Executor, id: string): Promise<TechnicianRow | undefined> {
  const [row] = await executor.select().from(technicians).where(eq(technicians.id, id)).for('update');
  return row;
}

export async function findTechnicianByUserId(executor: Executor, userId: string) {
  const [row] = await executor
    .select({ technician: technicians })
    .from(technicians)
    .where(eq(technicians.userId, userId));
  return row;
}

export async function insertTechnician(executor: Executor, row: typeof technicians.$inferInsert): Promise<TechnicianRow> {
  const [created] = await executor.insert(technicians).values(row).returning();
  return created;
}

export async function updateTechnician(executor: Executor, id: string, patch: Partial<typeof technicians.$inferInsert>): Promise<TechnicianRow> {
  const [updated] = await executor.update(technicians).set(patch).where(eq(technicians.id, id)).returning();
  return updated;
}

/** Technicians holding a vehicle (to keep a vehicle and its drivers in one outlet). */
export async function countTechniciansWithVehicle(executor: Executor, vehicleId: string): Promise<number> {
  const [{ total }] = await executor.select({ total: count() }).from(technicians).where(eq(technicians.vehicleId, vehicleId));
  return Number(total);
}

// ---- certifications and absences ----

/** Certifications of several technicians (one query), by expiry. */
export async function findCertificationsOf(executor: Executor, technicianIds: string[]): Promise<CertificationRow[]> {
  if (technicianIds.length === 0) return [];
  return executor
    .select()
    .from(technicianCertifications)
    .where(inArray(technicianCertifications.technicianId, technicianIds))
    .orderBy(asc(technicianCertifications.kind), asc(technicianCertifications.expiresOn));
}

/** Absences of several technicians (one query) that end at or after `endsAfter` (all when omitted). */
export async function findAbsencesOf(executor: Executor, technicianIds: string[], endsAfter?: Date): Promise<AbsenceRow[]> {
  if (technicianIds.length === 0) return [];
  const conditions = [inArray(technicianAbsences.technicianId, technicianIds)];
  if (endsAfter) conditions.push(gte(technicianAbsences.endsAt, endsAfter));
  return executor
    .select()
    .from(technicianAbsences)
    .where(and(...conditions))
    .orderBy(asc(technicianAbsences.startsAt));
}

export async function insertCertification(executor: Executor, row: typeof technicianCertifications.$inferInsert): Promise<CertificationRow> {
  const [created] = await executor.insert(technicianCertifications).values(row).returning();
  return created;
}

/** Deletes one certification of one technician; returns it, or undefined when it was not theirs. */
export async function deleteCertification(executor: Executor, technicianId: string, id: string): Promise<CertificationRow | undefined> {
  const [deleted] = await executor
    .delete(technicianCertifications)
    .where(and(eq(technicianCertifications.id, id), eq(technicianCertifications.technicianId, technicianId)))
    .returning();
  return deleted;
}

export async function insertAbsence(executor: Executor, row: typeof technicianAbsences.$inferInsert): Promise<AbsenceRow> {
  const [created] = await executor.insert(technicianAbsences).values(row).returning();
  return created;
}

export async function deleteAbsence(executor: Executor, technicianId: string, id: string): Promise<AbsenceRow | undefined> {
  const [deleted] = await executor
    .delete(technicianAbsences)
    .where(and(eq(technicianAbsences.id, id), eq(technicianAbsences.technicianId, technicianId)))
    .returning();
  return deleted;
}

/**
 * Technicians (of some outlets, by ids, or all) with their certifications and the absences that
 * end at or after `since`: three queries whatever the number of technicians, one after another
 * (this runs inside transactions too). The dispatch rules work on these rows.
 */
export async function findTechniciansWithFacts(executor: Executor, filter: { outletIds?: string[]; ids?: string[]; since?: Date }) {
  const conditions: SQL[] = [];
  if (filter.outletIds) {
    if (!filter.outletIds.length) return [];
    conditions.push(inArray(technicians.outletId, [...new Set(filter.outletIds)]));
  }
  if (filter.ids) {
    if (!filter.ids.length) return [];
    conditions.push(inArray(technicians.id, filter.ids));
  }
  const rows = await executor.select().from(technicians).where(and(...conditions)).orderBy(asc(technicians.name));
  const ids = rows.map((row) => row.id);
  const certificationsOf = groupBy(await findCertificationsOf(executor, ids), (row) => row.technicianId);
  const absencesOf = groupBy(await findAbsencesOf(executor, ids, filter.since), (row) => row.technicianId);
  return rows.map((row) => ({ ...row, certifications: certificationsOf.get(row.id) ?? [], absences: absencesOf.get(row.id) ?? [] }));
}

/** The technicians of the given outlets with their certifications and absences (from `absencesEndingAfter`). */
export async function findTechniciansOfOutlets(executor: Executor, outletIds: string[], options: { absencesEndingAfter?: Date } = {}) {
  const rows = await findTechniciansWithFacts(executor, { outletIds, since: options.absencesEndingAfter });
  return rows.map(({ certifications, absences, ...technician }) => ({ technician, certifications, absences }));
}

export function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

// ---- vehicles ----

export type VehicleListFilter = { q?: string; outletId?: string; isActive?: boolean; scope?: SQL };

export async function findVehicles(executor: Executor, filter: VehicleListFilter, page: { limit: number; offset: number }) {
  const conditions: (SQL | undefined)[] = [filter.scope];
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(or(ilike(vehicles.plate, pattern), ilike(vehicles.name, pattern)));
  }
  if (filter.outletId) conditions.push(eq(vehicles.outletId, filter.outletId));
  if (filter.isActive !== undefined) conditions.push(eq(vehicles.isActive, filter.isActive));
  const where = and(...conditions.filter((condition): condition is SQL => condition !== undefined));
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(vehicles).where(where).orderBy(asc(vehicles.plate)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(vehicles).where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function findVehicleById(executor: Executor, id: string): Promise<VehicleRow | undefined> {
  const [row] = await executor.select().from(vehicles).where(eq(vehicles.id, id));
  return row;
}

export async function findVehicleByPlate(executor: Executor, plate: string): Promise<VehicleRow | undefined> {
  const [row] = await executor.select().from(vehicles).where(eq(vehicles.plate, plate));
  return row;
}

export async function insertVehicle(executor: Executor, row: typeof vehicles.$inferInsert): Promise<VehicleRow> {
  const [created] = await executor.insert(vehicles).values(row).returning();
  return created;
}

export async function updateVehicle(executor: Executor, id: string, patch: Partial<typeof vehicles.$inferInsert>): Promise<VehicleRow> {
  const [updated] = await executor.update(vehicles).set(patch).where(eq(vehicles.id, id)).returning();
  return updated;
}

/** id → name of technicians (for lists: no certifications or absences needed). */
export async function findTechnicianNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await executor.select({ id: technicians.id, name: technicians.name }).from(technicians).where(inArray(technicians.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Locks a technician's row: the one place that serializes bookings of a technician (no overbooking). */
export async function lockTechnician(executor: Executor, id: string): Promise<TechnicianRow | undefined> {
  const [row] = await executor.select().from(technicians).where(eq(technicians.id, id)).for('update');
  return row;
}

/** Locks several technicians in id order (the same order everywhere, so batches never deadlock each other). */
export async function lockTechniciansInOrder(executor: Executor, ids: string[]): Promise<TechnicianRow[]> {
  if (!ids.length) return [];
  return executor.select().from(technicians).where(inArray(technicians.id, ids)).orderBy(asc(technicians.id)).for('update');
}

// ---- for the day plan ----

/** Every technician of the outlet (active or not), by name. */
export async function findOutletTechnicians(executor: Executor, outletId: string): Promise<TechnicianRow[]> {
  return executor.select().from(technicians).where(eq(technicians.outletId, outletId)).orderBy(asc(technicians.name), asc(technicians.id));
}

export async function findTechniciansByIds(executor: Executor, ids: string[]): Promise<TechnicianRow[]> {
  if (!ids.length) return [];
  return executor.select().from(technicians).where(inArray(technicians.id, ids));
}

/** Ids of the technicians holding a 上岗证 valid on the date (issued by then, not expired). */
export async function findPermittedTechnicianIds(executor: Executor, technicianIds: string[], date: string): Promise<Set<string>> {
  if (!technicianIds.length) return new Set();
  const rows = await executor
    .select({ technicianId: technicianCertifications.technicianId })
    .from(technicianCertifications)
    .where(
      and(
        inArray(technicianCertifications.technicianId, technicianIds),
        eq(technicianCertifications.kind, 'work_permit'),
        sql`${technicianCertifications.expiresOn} >= ${date}::date`,
        sql`(${technicianCertifications.issuedOn} is null or ${technicianCertifications.issuedOn} <= ${date}::date)`,
      ),
    );
  return new Set(rows.map((row) => row.technicianId));
}

/** Absences of the technicians overlapping [from, to). */
export async function findAbsencesOverlapping(executor: Executor, technicianIds: string[], from: Date, to: Date) {
  if (!technicianIds.length) return [];
  return executor
    .select()
    .from(technicianAbsences)
    .where(and(inArray(technicianAbsences.technicianId, technicianIds), lt(technicianAbsences.startsAt, to), gt(technicianAbsences.endsAt, from)));
}

export async function findOutletVehicles(executor: Executor, outletId: string): Promise<VehicleRow[]> {
  return executor.select().from(vehicles).where(eq(vehicles.outletId, outletId)).orderBy(asc(vehicles.plate));
}

export async function findVehiclesByIds(executor: Executor, ids: string[]): Promise<VehicleRow[]> {
  if (!ids.length) return [];
  return executor.select().from(vehicles).where(inArray(vehicles.id, ids));
}
