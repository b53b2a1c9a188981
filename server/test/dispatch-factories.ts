/**
 * Factories for the dispatch tests: outlets with service areas, technicians inserted directly
 * (with skills, grade, certifications), and assessed tickets with coordinates on the address.
 */
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { App } from '../app';
import type { Grade, TechnicianSkill } from '../../contracts/dispatch';
import { newId } from '../platform/ids';
import { SYSTEM_ACTOR } from '../platform/principal';
import { buildUser, signIn, type Session } from './harness';
import { buildAsset, buildCustomer, buildModel } from './archive-factories';
import { createOutlet } from '../modules/org';
import { technicianAbsences, technicianCertifications, technicians } from '../db/schema';

let sequence = 0;

/** Pudong (310115), Xuhui (310104). Coordinates around Zhangjiang. */
export const SITE = { latitude: 31.205, longitude: 121.59 };

export async function buildServiceOutlet(app: App, options: { districts?: string[]; latitude?: number; longitude?: number; capacity?: Record<string, number>; radiusKm?: number | null; name?: string } = {}) {
  sequence += 1;
  return createOutlet(app.ctx, SYSTEM_ACTOR, {
    code: `D-${sequence}-${Date.now() % 100000}`,
    name: options.name ?? `网点${sequence}`,
    kind: 'own',
    districtCode: '310115',
    latitude: options.latitude ?? 31.21,
    longitude: options.longitude ?? 121.58,
    serviceDistricts: options.districts ?? ['310115'],
    serviceRadiusKm: options.radiusKm ?? null,
    dailyCapacity: options.capacity ?? {},
  });
}

export type TestTech = { id: string; userId: string; username: string; name: string };

export async function buildTech(
  app: App,
  options: { outletId: string; name?: string; skills: TechnicianSkill[]; grade?: Grade; permitExpires?: string | null; maxOrders?: number; latitude?: number; longitude?: number; workingDays?: number[]; absent?: { startsAt: string; endsAt: string } },
): Promise<TestTech> {
  sequence += 1;
  const user = await buildUser(app, { roles: ['technician'], outletId: options.outletId });
  const id = newId();
  const now = app.ctx.clock.now();
  const name = options.name ?? `技师${sequence}`;
  await app.ctx.db.insert(technicians).values({
    id,
    userId: user.id,
    outletId: options.outletId,
    name,
    grade: options.grade ?? 'senior',
    skills: options.skills,
    maxOrdersPerDay: options.maxOrders ?? 8,
    baseLatitude: options.latitude ?? null,
    baseLongitude: options.longitude ?? null,
    workingDays: options.workingDays ?? [1, 2, 3, 4, 5, 6, 7],
    createdAt: now,
    updatedAt: now,
  });
  if (options.permitExpires !== null) {
    await app.ctx.db.insert(technicianCertifications).values({ id: newId(), technicianId: id, kind: 'work_permit', expiresOn: options.permitExpires ?? '2027-12-31', createdAt: now });
  }
  if (options.absent) {
    await app.ctx.db.insert(technicianAbsences).values({ id: newId(), technicianId: id, kind: 'leave', startsAt: new Date(options.absent.startsAt), endsAt: new Date(options.absent.endsAt), createdAt: now });
  }
  return { id, userId: user.id, username: user.username, name };
}

export async function techSession(app: App, tech: TestTech): Promise<Session> {
  return signIn(app, tech.username);
}

/** A category with a model, and an assessed repair ticket for a customer in Pudong with coordinates. */
export async function buildAssessedTicket(app: App, agent: Session, options: { categoryModel?: Awaited<ReturnType<typeof buildModel>>; type?: string; latitude?: number; longitude?: number } = {}) {
  const categoryModel = options.categoryModel ?? (await buildModel(app, { warrantyMonths: 12 }));
  const customer = await buildCustomer(app);
  await app.ctx.db.execute(sql`update customer_addresses set latitude = ${options.latitude ?? SITE.latitude}, longitude = ${options.longitude ?? SITE.longitude} where customer_id = ${customer.id}`);
  const asset = await buildAsset(app, { customerId: customer.id, modelId: categoryModel.model.id, serialNumber: `DSN-${sequence}-${Date.now() % 1_000_000}` });
  const created = await agent.request('POST', '/api/tickets', { type: options.type ?? 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '不制冷', allowDuplicate: true });
  expect(created.statusCode, created.body).toBe(201);
  const ticket = created.json().ticket as { id: string; number: string; status: string };
  if (ticket.status !== 'assessed') {
    const assessed = await agent.request('PUT', `/api/tickets/${ticket.id}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' });
    expect(assessed.statusCode, assessed.body).toBe(200);
  }
  return { ticket, customer, asset, category: categoryModel.category, model: categoryModel.model };
}

/** Creates a work order on a ticket through the API. */
export async function planVisit(agent: Session, ticketId: string, body: Record<string, unknown> = {}) {
  const response = await agent.request('POST', `/api/tickets/${ticketId}/work-orders`, {
    type: 'repair',
    windowStart: '2026-11-23T09:00:00+08:00',
    windowEnd: '2026-11-23T12:00:00+08:00',
    estimatedMinutes: 60,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string; status: string; version: number; outletId: string | null; technicianId: string | null; explanation: { summary: string } | null };
}

export async function ticketOf(app: App, ticketId: string) {
  const { tickets } = await import('../db/schema');
  const [row] = await app.ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
  return row;
}
