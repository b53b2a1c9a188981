/**
 * Test factories for the field work tests: a technician (user + technicians row) and a work
 * order dispatched to them, inserted directly (dispatch itself is tested elsewhere), on a real
 * ticket registered and assessed through the API.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { App } from '../app';
import { createFakeClock } from '../platform/clock';
import { newId } from '../platform/ids';
import { buildOutlet, buildUser, createTestApp, signIn, signInAs, type Session, type TestApp } from './harness';
import { buildAsset, buildCustomer, buildModel, uniqueMobile } from './archive-factories';
import { grantCustomerAccess } from '../modules/customers';
import { technicians, workOrders } from '../db/schema';

let sequence = 0;

export type TestTechnician = { id: string; userId: string; name: string; session: Session };

export async function buildTechnician(app: App, outletId: string): Promise<TestTechnician> {
  sequence += 1;
  const user = await buildUser(app, { roles: ['technician'], outletId });
  const id = newId();
  const name = `王师傅${sequence}`;
  const now = app.ctx.clock.now();
  await app.ctx.db.insert(technicians).values({ id, userId: user.id, outletId, name, phone: '13800000000', grade: 'senior', createdAt: now, updatedAt: now });
  return { id, userId: user.id, name, session: await signIn(app, user.username) };
}

/**
 * A repair ticket (registered by the agent, assessed) and a work order `dispatched` to the
 * outlet with the technician proposed; the technician and the outlet may see the customer.
 */
export async function buildDispatchedOrder(app: App, options: { agent: Session; outletId: string; technician: TestTechnician; withAsset?: boolean }) {
  sequence += 1;
  const phone = uniqueMobile();
  const customer = await buildCustomer(app, { phone });
  let assetId: string | null = null;
  if (options.withAsset) {
    const { model } = await buildModel(app, { warrantyMonths: 12 });
    assetId = (await buildAsset(app, { customerId: customer.id, modelId: model.id, serialNumber: `FIELD-SN-${sequence}-${Date.now() % 100000}` })).id;
  }
  const created = await options.agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, assetId, description: '空调不制冷', contactPhone: phone, allowDuplicate: true });
  expect(created.statusCode, created.body).toBe(201);
  const ticket = created.json().ticket as { id: string; number: string; status: string };
  if (ticket.status === 'accepted') {
    const assessed = await options.agent.request('PUT', `/api/tickets/${ticket.id}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' });
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect(assessed.json().status).toBe('assessed');
  }
  const now = app.ctx.clock.now();
  const id = newId();
  const number = `PD-T${sequence}-${Date.now() % 1_000_000}`;
  await app.ctx.db.insert(workOrders).values({
    id,
    number,
    ticketId: ticket.id,
    customerId: customer.id,
    assetId,
    type: 'repair',
    status: 'dispatched',
    priority: 'normal',
    requiredGrade: 'junior',
    estimatedMinutes: 60,
    windowStart: new Date('2026-11-22T06:00:00Z'),
    windowEnd: new Date('2026-11-22T08:00:00Z'),
    serviceDate: '2026-11-22',
    address: '上海市浦东新区张江路 100 号',
    districtCode: '310115',
    contactName: customer.name,
    contactPhone: phone,
    outletId: options.outletId,
    technicianId: options.technician.id,
    assignedUserId: options.technician.userId,
    dispatchMode: 'manual',
    dispatchedAt: now,
    plannedStart: new Date('2026-11-22T06:00:00Z'),
    createdAt: now,
    updatedAt: now,
  });
  await app.ctx.db.transaction(async (tx) => {
    await grantCustomerAccess(tx, { customerId: customer.id, outletId: options.outletId, source: 'work_order' });
    await grantCustomerAccess(tx, { customerId: customer.id, userId: options.technician.userId, source: 'work_order' });
  });
  return { id, number, ticketId: ticket.id, ticketNumber: ticket.number, customerId: customer.id, customerName: customer.name, phone, assetId };
}

/** A fresh step id, as the phone makes one per step. */
export function stepId(label = 'step'): string {
  sequence += 1;
  return `${label}-${sequence}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A tiny real PNG (signature pad output) as a data URL, padded to `size` bytes. */
export function pngBytes(size = 200): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(Math.max(0, size - 8), 7)]);
}
export const pngDataUrl = (size = 200) => `data:image/png;base64,${pngBytes(size).toString('base64')}`;

/** What a field work test file shares: an app on a fake clock, an agent, an outlet and its technician. */
export type FieldSuite = { t: TestApp; agent: Session; outletId: string; tech: TestTechnician; clock: ReturnType<typeof createFakeClock> };

/**
 * Registers the `beforeAll`/`afterAll` of a field work test file and returns the suite; its
 * fields other than `clock` are filled in `beforeAll`, so read them inside the tests only.
 */
export function useFieldSuite(): FieldSuite {
  const suite = { clock: createFakeClock('2026-11-22T02:00:00Z') } as FieldSuite;
  beforeAll(async () => {
    suite.t = await createTestApp({ clock: suite.clock });
    suite.agent = (await signInAs(suite.t.app, ['agent'])).session;
    suite.outletId = (await buildOutlet(suite.t.app)).id;
    suite.tech = await buildTechnician(suite.t.app, suite.outletId);
  });
  afterAll(() => suite.t.close());
  return suite;
}

/** An order of the suite's outlet dispatched to the suite's technician. */
export function buildSuiteOrder(suite: FieldSuite, options: { withAsset?: boolean } = {}) {
  return buildDispatchedOrder(suite.t.app, { agent: suite.agent, outletId: suite.outletId, technician: suite.tech, ...options });
}

/** A phone step (POST /api/m/work-orders/:id/:path) with a fresh client step id. */
export function fieldStep(session: Session, workOrderId: string, path: string, body: Record<string, unknown> = {}) {
  return session.request('POST', `/api/m/work-orders/${workOrderId}/${path}`, { clientStepId: stepId(path), ...body });
}
