import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { WORK_ORDER_STATUSES } from '../../../contracts/dispatch';
import { createFakeClock } from '../../platform/clock';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { createSiblingApp, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildModel } from '../../test/archive-factories';
import { workOrderEvents, workOrders } from '../../db/schema';
import { autoDispatch } from './auto-dispatch.service';
import { findWorkOrderRow, moveWorkOrder } from '../workorders';
import { fitIntoDay } from './dispatch-rules';
import { buildAssessedTicket, buildServiceOutlet, buildTech, planVisit } from '../../test/dispatch-factories';

const clock = createFakeClock('2026-11-23T00:00:00Z');

describe('dispatch under concurrency', () => {
  let t: TestApp;
  let sibling: TestApp | undefined;
  let agent: Session;
  let categoryModel: Awaited<ReturnType<typeof buildModel>>;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    sibling = await createSiblingApp(t, { clock });
    agent = (await signInAs(t.app, ['agent'])).session;
    categoryModel = await buildModel(t.app, { warrantyMonths: 12, categoryName: '空调' });
  });
  afterAll(async () => {
    await sibling?.close();
    await t.close();
  });

  it('every pair of the state table is enforced by the service, refused moves change nothing', async () => {
    const { ticket } = await buildAssessedTicket(t.app, agent, { categoryModel });
    const order = await planVisit(agent, ticket.id);
    for (const from of WORK_ORDER_STATUSES) {
      for (const to of WORK_ORDER_STATUSES) {
        await t.app.ctx.db.update(workOrders).set({ status: from }).where(eq(workOrders.id, order.id));
        const outcome = await t.app.ctx.db
          .transaction(async (tx) => {
            const row = (await findWorkOrderRow(tx, order.id, { forUpdate: true }))!;
            await moveWorkOrder(tx, SYSTEM_ACTOR, row, to, clock.now());
            throw new Error('rollback');
          })
          .then(
            () => 'committed',
            (error: Error) => (error.message === 'rollback' ? 'allowed' : (error as { code?: string }).code),
          );
        expect(`${from}→${to}:${outcome}`).toBe(`${from}→${to}:${(await import('../../../contracts/dispatch')).canMoveWorkOrder(from, to) ? 'allowed' : 'conflict'}`);
        expect((await findWorkOrderRow(t.app.ctx.db, order.id))!.status).toBe(from);
      }
    }
  });

  it('parallel automatic runs (two processes on PostgreSQL) assign each order once and overbook nobody', async () => {
    const outlet = await buildServiceOutlet(t.app);
    const technicians = await Promise.all([0, 1, 2].map((index) => buildTech(t.app, { outletId: outlet.id, name: `并行${index}`, skills: [{ categoryId: categoryModel.category.id, workType: 'repair' }], maxOrders: 3 })));
    const orders = [];
    for (let index = 0; index < 12; index += 1) {
      const { ticket } = await buildAssessedTicket(t.app, agent, { categoryModel });
      orders.push(await planVisit(agent, ticket.id, { windowStart: '2026-11-26T09:00:00+08:00', windowEnd: '2026-11-26T17:00:00+08:00', estimatedMinutes: 60 }));
    }
    const ids = orders.map((order) => order.id);
    const second = sibling?.app ?? t.app;
    const runs = await Promise.all([autoDispatch(t.app.ctx, SYSTEM_ACTOR, { ids }), autoDispatch(second.ctx, SYSTEM_ACTOR, { ids }), autoDispatch(t.app.ctx, SYSTEM_ACTOR, { ids })]);
    const total = runs.reduce((sum, run) => sum + run.assigned + run.outletOnly, 0);
    expect(total).toBe(12);
    const events = await t.app.ctx.db.select({ id: workOrderEvents.workOrderId, n: sql<number>`count(*)::int` }).from(workOrderEvents).where(and(inArray(workOrderEvents.workOrderId, ids), eq(workOrderEvents.kind, 'dispatched'))).groupBy(workOrderEvents.workOrderId);
    expect(events).toHaveLength(12);
    expect(events.every((row) => Number(row.n) === 1)).toBe(true);
    const rows = await t.app.ctx.db.select().from(workOrders).where(inArray(workOrders.id, ids));
    for (const technician of technicians) {
      const mine = rows.filter((row) => row.technicianId === technician.id);
      expect(mine.length).toBeLessThanOrEqual(3);
      // The technician's booked day still fits: no overlapping jobs.
      const sorted = mine.sort((a, b) => a.plannedStart!.getTime() - b.plannedStart!.getTime());
      for (let index = 1; index < sorted.length; index += 1) {
        expect(sorted[index].plannedStart!.getTime()).toBeGreaterThanOrEqual(sorted[index - 1].plannedStart!.getTime() + sorted[index - 1].estimatedMinutes * 60_000);
      }
    }
    // 3 technicians × 3 = 9 booked with a technician; the rest went to the outlet to confirm.
    expect(rows.filter((row) => row.technicianId).length).toBe(9);
  });

  it('parallel manual dispatches of different orders to one technician with room for one: one succeeds', async () => {
    const outlet = await buildServiceOutlet(t.app);
    const tech = await buildTech(t.app, { outletId: outlet.id, skills: [{ categoryId: categoryModel.category.id, workType: 'repair' }], maxOrders: 1 });
    const dispatchers = [(await signInAs(t.app, ['dispatcher'])).session, sibling ? (await signInAs(sibling.app, ['dispatcher'])).session : (await signInAs(t.app, ['dispatcher'])).session];
    const orders = [];
    for (let index = 0; index < 4; index += 1) {
      const { ticket } = await buildAssessedTicket(t.app, agent, { categoryModel });
      orders.push(await planVisit(agent, ticket.id, { windowStart: '2026-11-27T09:00:00+08:00', windowEnd: '2026-11-27T17:00:00+08:00' }));
    }
    const responses = await Promise.all(orders.map((order, index) => dispatchers[index % 2].request('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: outlet.id, technicianId: tech.id })));
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.statusCode === 400).every((response) => response.json().error.details[0].message.includes('当日已满'))).toBe(true);
    const booked = await t.app.ctx.db.select().from(workOrders).where(eq(workOrders.technicianId, tech.id));
    expect(booked).toHaveLength(1);
  });

  it('fitIntoDay keeps travel between sites and the shift end', () => {
    const technician = { id: 't', userId: 'u', outletId: 'o', name: 'x', grade: 'senior' as const, skills: [], workingDays: [1], workStartMinute: 480, workEndMinute: 600, maxOrdersPerDay: 8, isActive: true, certifications: [], absences: [], latitude: 31.2, longitude: 121.5 };
    const base = { type: 'repair', categoryId: null, requiredGrade: 'junior' as const, serviceDate: '2026-11-23', districtCode: null };
    const first = { ...base, id: 'a', estimatedMinutes: 60, windowStart: new Date('2026-11-23T00:00:00Z'), windowEnd: new Date('2026-11-23T01:00:00Z'), latitude: 31.2, longitude: 121.5 };
    const fit = fitIntoDay(technician, first, []);
    expect(fit).toMatchObject({ ok: true, plannedStart: new Date('2026-11-23T00:00:00Z'), travelMinutes: 0 });
    // 10 km away: ~26 minutes of driving after the first job; 60 minutes more passes 10:00.
    const second = { ...base, id: 'b', estimatedMinutes: 60, windowStart: new Date('2026-11-23T00:00:00Z'), windowEnd: new Date('2026-11-23T02:00:00Z'), latitude: 31.29, longitude: 121.5 };
    const booked = [{ ...first, plannedStart: new Date('2026-11-23T00:00:00Z') }];
    expect(fitIntoDay(technician, second, booked)).toMatchObject({ ok: false, reason: '超出工作时间' });
    expect(fitIntoDay({ ...technician, workEndMinute: 720 }, second, booked)).toMatchObject({ ok: true, travelMinutes: 27 });
  });
});
