import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import type { Principal } from '../../platform/principal';
import { newId } from '../../platform/ids';
import { buildOutlet, buildUser, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildCustomer } from '../../test/archive-factories';
import { runJobIfDue } from '../../jobs';
import { dayPlanJob } from '../../jobs/day-plan';
import { dayPlanRoutes, dayPlans, outlets, technicianAbsences, technicianCertifications, technicians, vehicles, workOrders } from '../../db/schema';
import { getDayPlan } from './plan.service';
import type { TechnicianSkill } from '../../../contracts/dispatch';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { createCategory } from '../assets';

// Monday 2026-11-23 10:00 in Shanghai; plans are made for Tuesday 2026-11-24.
const clock = createFakeClock('2026-11-23T02:00:00Z');
const DATE = '2026-11-24';
const MISSING = '00000000-0000-4000-8000-000000000000';
const BASE = { lat: 31.23, lng: 121.47 };

/** An instant of the plan date at HH:MM Shanghai time. */
const at = (hhmm: string, date = DATE) => new Date(`${date}T${hhmm}:00+08:00`);
const fieldPaths = (response: { json: () => { error: { details?: { path: unknown[] }[] } } }) => (response.json().error.details ?? []).map((detail) => detail.path.join('.'));

type PlanView = {
  id: string;
  status: string;
  unplaced: { workOrderId: string; number: string; reason: string }[];
  routes: { id: string; technicianId: string; vehicleId: string | null; travelMinutes: number; distanceKm: number; stops: { workOrderId: string; number: string; arrival: string; start: string; end: string; travelMinutes: number; windowStart: string; windowEnd: string }[] }[];
};

describe('day plans (次日计划) and vehicle plans (用车计划)', () => {
  let t: TestApp;
  let dispatcher: Session;
  let customerId: string;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
    customerId = (await buildCustomer(t.app)).id;
  });
  afterAll(() => t.close());

  // ---- small local factories (the technician and work order APIs are built alongside) ----

  async function makeOutlet(coordinates: { lat: number; lng: number } | null = BASE) {
    const outlet = await buildOutlet(t.app);
    if (coordinates) await t.app.ctx.db.update(outlets).set({ latitude: coordinates.lat, longitude: coordinates.lng }).where(eq(outlets.id, outlet.id));
    return outlet;
  }

  async function makeVehicle(outletId: string, options: { isActive?: boolean } = {}) {
    sequence += 1;
    const [row] = await t.app.ctx.db
      .insert(vehicles)
      .values({ id: newId(), outletId, plate: `沪T${String(Date.now() % 100000)}${sequence}`, name: null, isActive: options.isActive ?? true, createdAt: clock.now() })
      .returning();
    return row;
  }

  async function makeTechnician(
    outletId: string,
    options: {
      name?: string;
      grade?: string;
      skills?: TechnicianSkill[];
      workingDays?: number[];
      start?: number;
      end?: number;
      base?: { lat: number; lng: number } | null;
      permitExpires?: string | null;
      vehicleId?: string | null;
      maxOrdersPerDay?: number;
    } = {},
  ) {
    sequence += 1;
    const user = await buildUser(t.app, { roles: ['technician'], outletId });
    const base = options.base === undefined ? BASE : options.base;
    const [row] = await t.app.ctx.db
      .insert(technicians)
      .values({
        id: newId(),
        userId: user.id,
        outletId,
        name: options.name ?? `技师${sequence}`,
        grade: options.grade ?? 'intermediate',
        skills: options.skills ?? [{ categoryId: null, workType: 'repair' }, { categoryId: null, workType: 'installation' }],
        workingDays: options.workingDays ?? [1, 2, 3, 4, 5, 6],
        workStartMinute: options.start ?? 8 * 60,
        workEndMinute: options.end ?? 18 * 60,
        maxOrdersPerDay: options.maxOrdersPerDay ?? 8,
        baseLatitude: base?.lat ?? null,
        baseLongitude: base?.lng ?? null,
        vehicleId: options.vehicleId ?? null,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      })
      .returning();
    const expires = options.permitExpires === undefined ? '2027-12-31' : options.permitExpires;
    if (expires) await t.app.ctx.db.insert(technicianCertifications).values({ id: newId(), technicianId: row.id, kind: 'work_permit', expiresOn: expires, createdAt: clock.now() });
    return row;
  }

  async function makeOrder(
    outletId: string,
    options: {
      window?: [string, string];
      date?: string;
      minutes?: number;
      point?: { lat: number; lng: number } | null;
      status?: 'dispatched' | 'assigned' | 'waiting';
      technician?: { id: string; userId: string } | null;
      type?: string;
      categoryId?: string | null;
      grade?: string;
      priority?: string;
    } = {},
  ) {
    sequence += 1;
    const date = options.date ?? DATE;
    const [from, to] = options.window ?? ['09:00', '17:00'];
    const point = options.point === undefined ? { lat: BASE.lat + 0.01 * ((sequence % 5) - 2), lng: BASE.lng + 0.01 * ((sequence % 3) - 1) } : options.point;
    const [row] = await t.app.ctx.db
      .insert(workOrders)
      .values({
        id: newId(),
        number: `WO${date.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}-${Date.now() % 10000}`,
        ticketId: newId(),
        customerId,
        categoryId: options.categoryId ?? null,
        type: options.type ?? 'repair',
        status: options.status ?? 'dispatched',
        priority: options.priority ?? 'normal',
        requiredGrade: options.grade ?? 'junior',
        estimatedMinutes: options.minutes ?? 60,
        windowStart: at(from, date),
        windowEnd: at(to, date),
        serviceDate: date,
        address: `测试路 ${sequence} 号`,
        latitude: point?.lat ?? null,
        longitude: point?.lng ?? null,
        outletId,
        technicianId: options.technician?.id ?? null,
        assignedUserId: options.technician?.userId ?? null,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      })
      .returning();
    return row;
  }

  async function generate(outletId: string, extra: Record<string, unknown> = {}) {
    const response = await dispatcher.request('POST', '/api/day-plans/generate', { outletId, date: DATE, ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as PlanView;
  }

  const routeOf = (plan: PlanView, technicianId: string) => plan.routes.find((route) => route.technicianId === technicianId);
  const stopIds = (plan: PlanView, technicianId: string) => routeOf(plan, technicianId)?.stops.map((stop) => stop.workOrderId) ?? [];

  it('plans every order inside its window; technicians without a valid 上岗证, absent or off that weekday get no route', async () => {
    const outlet = await makeOutlet();
    const ok = await makeTechnician(outlet.id);
    const expired = await makeTechnician(outlet.id, { permitExpires: '2026-11-23' });
    const noPermit = await makeTechnician(outlet.id, { permitExpires: null });
    const absent = await makeTechnician(outlet.id);
    await t.app.ctx.db.insert(technicianAbsences).values({ id: newId(), technicianId: absent.id, kind: 'leave', startsAt: at('13:00'), endsAt: at('15:00'), createdAt: clock.now() });
    const offTuesday = await makeTechnician(outlet.id, { workingDays: [1, 3, 4, 5] });
    const orders = [
      await makeOrder(outlet.id, { window: ['14:00', '15:00'] }),
      await makeOrder(outlet.id, { window: ['09:00', '10:00'] }),
      await makeOrder(outlet.id, { window: ['11:00', '12:00'] }),
      await makeOrder(outlet.id, { window: ['09:00', '17:00'], status: 'waiting' }), // not the outlet's yet: not planned
    ];

    const plan = await generate(outlet.id);
    expect(plan.status).toBe('draft');
    expect(plan.routes.map((route) => route.technicianId)).toEqual([ok.id]);
    for (const other of [expired, noPermit, absent, offTuesday]) expect(routeOf(plan, other.id)).toBeUndefined();
    const route = routeOf(plan, ok.id)!;
    expect(route.stops.map((stop) => stop.workOrderId)).toEqual([orders[1].id, orders[2].id, orders[0].id]);
    for (const stop of route.stops) {
      expect(Date.parse(stop.start)).toBeGreaterThanOrEqual(Date.parse(stop.windowStart));
      expect(Date.parse(stop.start)).toBeLessThanOrEqual(Date.parse(stop.windowEnd));
      expect(Date.parse(stop.start)).toBeGreaterThanOrEqual(Date.parse(stop.arrival));
      expect(Date.parse(stop.end) - Date.parse(stop.start)).toBe(60 * 60_000);
    }
    expect(route.travelMinutes).toBeGreaterThan(0);
    expect(route.distanceKm).toBeGreaterThan(0);
    expect(plan.unplaced).toEqual([]);

    const [stored] = await t.app.ctx.db.select().from(dayPlans).where(eq(dayPlans.id, plan.id));
    expect(stored).toMatchObject({ outletId: outlet.id, planDate: DATE, status: 'draft' });
    const storedRoutes = await t.app.ctx.db.select().from(dayPlanRoutes).where(eq(dayPlanRoutes.planId, plan.id));
    expect(storedRoutes[0].stops.map((stop) => stop.workOrderId)).toEqual(route.stops.map((stop) => stop.workOrderId));
    const audit = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity = 'day_plan' and entity_id = ${plan.id}`);
    expect(audit.map((row) => row.action)).toEqual(['generated']);

    // Same input, same plan; the earlier draft is replaced.
    const again = await generate(outlet.id);
    expect(again.routes[0].stops).toEqual(route.stops);
    expect(await t.app.ctx.db.select().from(dayPlans).where(eq(dayPlans.id, plan.id))).toEqual([]);
  });

  it('respects skills (a skill without a category covers every category) and grades; an order without coordinates is unplaced with its reason', async () => {
    const outlet = await makeOutlet();
    const categoryX = newId();
    const categoryY = newId();
    const junior = await makeTechnician(outlet.id, { name: '初级技师', grade: 'junior', skills: [{ categoryId: null, workType: 'repair' }] });
    const senior = await makeTechnician(outlet.id, { name: '高级技师', grade: 'senior', skills: [{ categoryId: categoryX, workType: 'installation' }] });
    const seniorInstall = await makeOrder(outlet.id, { type: 'installation', categoryId: categoryX, grade: 'senior' });
    const anyRepair = await makeOrder(outlet.id, { type: 'repair', categoryId: categoryY });
    const wrongCategory = await makeOrder(outlet.id, { type: 'installation', categoryId: categoryY });
    const tooHighGrade = await makeOrder(outlet.id, { type: 'repair', categoryId: categoryY, grade: 'master' });
    const noCoordinates = await makeOrder(outlet.id, { point: null });

    const plan = await generate(outlet.id);
    expect(stopIds(plan, senior.id)).toEqual([seniorInstall.id]);
    expect(stopIds(plan, junior.id)).toEqual([anyRepair.id]);
    const reasons = new Map(plan.unplaced.map((item) => [item.workOrderId, item.reason]));
    expect(reasons.get(wrongCategory.id)).toBe('无具备技能与等级的技师');
    expect(reasons.get(tooHighGrade.id)).toBe('无具备技能与等级的技师');
    expect(reasons.get(noCoordinates.id)).toBe('地址缺少坐标');
    expect(plan.unplaced).toHaveLength(3);
  });

  it('a skill on a parent category covers its child categories, as in automatic dispatch', async () => {
    const outlet = await makeOutlet();
    const parent = await createCategory(t.app.ctx, SYSTEM_ACTOR, { code: `PARENT-${Date.now() % 100000}`, name: '空调', policy: null });
    const child = await createCategory(t.app.ctx, SYSTEM_ACTOR, { code: `CHILD-${Date.now() % 100000}`, name: '分体空调', parentId: parent.id, policy: null });
    const sibling = await createCategory(t.app.ctx, SYSTEM_ACTOR, { code: `OTHER-${Date.now() % 100000}`, name: '热水器', policy: null });
    const technician = await makeTechnician(outlet.id, { name: '空调师傅', skills: [{ categoryId: parent.id, workType: 'repair' }] });
    const childOrder = await makeOrder(outlet.id, { type: 'repair', categoryId: child.id });
    const otherOrder = await makeOrder(outlet.id, { type: 'repair', categoryId: sibling.id });
    const plan = await generate(outlet.id);
    expect(stopIds(plan, technician.id)).toEqual([childOrder.id]);
    expect(plan.unplaced.map((item: { workOrderId: string }) => item.workOrderId)).toEqual([otherOrder.id]);
  });

  it('keeps accepted orders with the technician who accepted them, and says why when that technician cannot work', async () => {
    const outlet = await makeOutlet();
    const near = await makeTechnician(outlet.id, { base: BASE });
    const far = await makeTechnician(outlet.id, { base: { lat: BASE.lat + 0.2, lng: BASE.lng + 0.2 } });
    const off = await makeTechnician(outlet.id, { workingDays: [1] });
    const acceptedByFar = await makeOrder(outlet.id, { status: 'assigned', technician: far, point: { lat: BASE.lat + 0.001, lng: BASE.lng } });
    // Near the far technician's home: the free order goes there; the accepted one, next to the near technician, still rides with far.
    const free = await makeOrder(outlet.id, { point: { lat: BASE.lat + 0.2, lng: BASE.lng + 0.201 } });
    const acceptedByOff = await makeOrder(outlet.id, { status: 'assigned', technician: off });

    const plan = await generate(outlet.id);
    expect(new Set(stopIds(plan, far.id))).toEqual(new Set([acceptedByFar.id, free.id]));
    expect(stopIds(plan, near.id)).toEqual([]);
    expect(plan.unplaced).toEqual([{ workOrderId: acceptedByOff.id, number: acceptedByOff.number, reason: '接单技师当日不可出工（休息、请假或无有效上岗证）' }]);
  });

  it('tells when the day is full and when a window lies outside every shift', async () => {
    const outlet = await makeOutlet();
    await makeTechnician(outlet.id, { start: 9 * 60, end: 12 * 60 });
    const first = await makeOrder(outlet.id, { window: ['09:30', '10:00'], minutes: 90, priority: 'urgent' });
    const clash = await makeOrder(outlet.id, { window: ['09:30', '10:00'], minutes: 90 });
    const evening = await makeOrder(outlet.id, { window: ['19:00', '20:00'] });
    const plan = await generate(outlet.id);
    expect(plan.routes[0].stops.map((stop) => stop.workOrderId)).toEqual([first.id]);
    const reasons = new Map(plan.unplaced.map((item) => [item.workOrderId, item.reason]));
    expect(reasons.get(clash.id)).toBe('技师当日已排满');
    expect(reasons.get(evening.id)).toBe('预约时间不在技师工作时间内');
  });

  it('adjusts a draft: a move re-times both routes; an infeasible move or a vehicle used twice is refused and nothing changes', async () => {
    const outlet = await makeOutlet();
    const van1 = await makeVehicle(outlet.id);
    const van2 = await makeVehicle(outlet.id);
    const elsewhere = await makeVehicle((await makeOutlet()).id);
    const a = await makeTechnician(outlet.id, { name: '甲', vehicleId: van1.id, skills: [{ categoryId: null, workType: 'repair' }] });
    const b = await makeTechnician(outlet.id, { name: '乙', vehicleId: van2.id, start: 12 * 60, end: 18 * 60, base: { lat: BASE.lat + 0.05, lng: BASE.lng } });
    const early = await makeOrder(outlet.id, { window: ['09:00', '09:30'], type: 'repair' });
    const late = await makeOrder(outlet.id, { window: ['13:00', '16:00'], type: 'installation', point: { lat: BASE.lat + 0.05, lng: BASE.lng + 0.001 } });
    const flexible = await makeOrder(outlet.id, { window: ['09:00', '17:00'], type: 'repair' });

    const plan = await generate(outlet.id);
    expect(stopIds(plan, b.id)).toEqual([late.id]);
    expect(new Set(stopIds(plan, a.id))).toEqual(new Set([early.id, flexible.id]));
    expect(routeOf(plan, a.id)!.vehicleId).toBe(van1.id);
    expect(routeOf(plan, b.id)!.vehicleId).toBe(van2.id);

    const snapshot = async () => (await t.app.ctx.db.select().from(dayPlanRoutes).where(eq(dayPlanRoutes.planId, plan.id))).map((route) => ({ ...route })).sort((x, y) => x.id.localeCompare(y.id));
    const before = await snapshot();

    // The early order cannot start by 09:30 on a route that starts at 12:00.
    const infeasible = await dispatcher.request('POST', `/api/day-plans/${plan.id}/adjust`, { moves: [{ workOrderId: flexible.id, technicianId: b.id, position: 0 }, { workOrderId: early.id, technicianId: b.id, position: 0 }] });
    expect(infeasible.statusCode).toBe(409);
    expect(fieldPaths(infeasible)).toEqual(['moves.1']);
    expect(infeasible.json().error.details[0].message).toContain('无法在预约时间内开始');
    // Skills: b's installation order cannot go to a (repair only).
    const unskilled = await dispatcher.request('POST', `/api/day-plans/${plan.id}/adjust`, { moves: [{ workOrderId: late.id, technicianId: a.id, position: 0 }] });
    expect(unskilled.statusCode).toBe(409);
    expect(unskilled.json().error.details[0]).toMatchObject({ path: ['moves', 0], message: '无具备技能与等级的技师' });
    const twice = await dispatcher.request('POST', `/api/day-plans/${plan.id}/adjust`, { vehicles: [{ technicianId: b.id, vehicleId: van1.id }] });
    expect(twice.statusCode).toBe(409);
    expect(fieldPaths(twice)).toEqual(['vehicles.0.vehicleId']);
    const foreign = await dispatcher.request('POST', `/api/day-plans/${plan.id}/adjust`, { vehicles: [{ technicianId: b.id, vehicleId: elsewhere.id }] });
    expect(foreign.statusCode).toBe(400);
    expect(fieldPaths(foreign)).toEqual(['vehicles.0.vehicleId']);
    const stranger = await dispatcher.request('POST', `/api/day-plans/${plan.id}/adjust`, { moves: [{ workOrderId: MISSING, technicianId: b.id, position: 0 }] });
    expect(fieldPaths(stranger)).toEqual(['moves.0.workOrderId']);
    expect(await snapshot()).toEqual(before);

    // A feasible move: the flexible order goes first on b's route (b leaves at 12:00).
    const moved = await dispatcher.request('POST', `/api/day-plans/${plan.id}/adjust`, {
      moves: [{ workOrderId: flexible.id, technicianId: b.id, position: 0 }],
      vehicles: [{ technicianId: a.id, vehicleId: null }, { technicianId: b.id, vehicleId: van1.id }],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const adjusted = moved.json() as PlanView;
    expect(stopIds(adjusted, b.id)).toEqual([flexible.id, late.id]);
    expect(stopIds(adjusted, a.id)).toEqual([early.id]);
    const [first, second] = routeOf(adjusted, b.id)!.stops;
    expect(Date.parse(first.arrival)).toBeGreaterThan(Date.parse(at('12:00').toISOString()));
    expect(first.start).toBe(first.arrival);
    expect(Date.parse(second.start)).toBeGreaterThanOrEqual(Date.parse(first.end));
    expect(Date.parse(second.start)).toBeGreaterThanOrEqual(Date.parse(at('13:00').toISOString()));
    expect(routeOf(adjusted, b.id)!.vehicleId).toBe(van1.id);
    expect(routeOf(adjusted, a.id)!.vehicleId).toBeNull();
    const storedB = (await snapshot()).find((route) => route.technicianId === b.id)!;
    expect(storedB.stops.map((stop) => stop.start)).toEqual([first.start, second.start]);
    const audit = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity = 'day_plan' and entity_id = ${plan.id} order by id`);
    expect(audit.map((row) => row.action)).toEqual(['generated', 'adjusted']);
  });

  it('publishes: sequence, planned start and plan id on each order; a moved order changes technician; a published plan is not adjusted or silently replaced', async () => {
    const outlet = await makeOutlet();
    const a = await makeTechnician(outlet.id, { name: '甲' });
    const b = await makeTechnician(outlet.id, { name: '乙' });
    const proposedToA = await makeOrder(outlet.id, { technician: a, window: ['09:00', '12:00'] });
    const second = await makeOrder(outlet.id, { technician: a, window: ['13:00', '17:00'] });
    const plan = await generate(outlet.id);
    const moved = await dispatcher.request('POST', `/api/day-plans/${plan.id}/adjust`, { moves: [{ workOrderId: proposedToA.id, technicianId: b.id, position: 0 }] });
    expect(moved.statusCode, moved.body).toBe(200);
    const draft = moved.json() as PlanView;

    const published = await dispatcher.request('POST', `/api/day-plans/${plan.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedAt: clock.now().toISOString() });
    const rows = new Map((await t.app.ctx.db.select().from(workOrders).where(sql`${workOrders.id} in (${proposedToA.id}, ${second.id})`)).map((row) => [row.id, row]));
    for (const route of draft.routes) {
      for (const [index, stop] of route.stops.entries()) {
        const row = rows.get(stop.workOrderId)!;
        expect(row).toMatchObject({ planId: plan.id, routeSeq: index + 1, technicianId: route.technicianId, status: 'dispatched' });
        expect(row.plannedStart?.toISOString()).toBe(stop.start);
      }
    }
    expect(rows.get(proposedToA.id)!.technicianId).toBe(b.id);
    expect(rows.get(proposedToA.id)!.assignedUserId).toBe(b.userId);
    const events = await queryRows<{ kind: string }>(t.app.ctx.db, sql`select kind from work_order_events where work_order_id = ${proposedToA.id}`);
    expect(events.map((event) => event.kind)).toContain('reassigned');

    const late = await dispatcher.request('POST', `/api/day-plans/${plan.id}/adjust`, { vehicles: [] });
    expect(late.statusCode).toBe(409);
    expect((await dispatcher.request('POST', `/api/day-plans/${plan.id}/publish`)).statusCode).toBe(409);
    const replace = await dispatcher.request('POST', '/api/day-plans/generate', { outletId: outlet.id, date: DATE });
    expect(replace.statusCode).toBe(409);
    expect(fieldPaths(replace)).toEqual(['force']);
    // The second order loses its coordinates: the forced new draft leaves it unplaced, and
    // publishing that draft clears the sequence the first plan gave it.
    await t.app.ctx.db.update(workOrders).set({ latitude: null, longitude: null }).where(eq(workOrders.id, second.id));
    const forced = await generate(outlet.id, { force: true });
    expect(forced.status).toBe('draft');
    expect(forced.unplaced.map((item) => item.workOrderId)).toEqual([second.id]);
    const got = await dispatcher.request('GET', `/api/day-plans?outletId=${outlet.id}&date=${DATE}`);
    expect(got.json().id).toBe(forced.id);
    expect((await dispatcher.request('POST', `/api/day-plans/${forced.id}/publish`)).statusCode).toBe(200);
    const [cleared] = await t.app.ctx.db.select().from(workOrders).where(eq(workOrders.id, second.id));
    expect(cleared).toMatchObject({ planId: null, routeSeq: null, plannedStart: null });
    const [kept] = await t.app.ctx.db.select().from(workOrders).where(eq(workOrders.id, proposedToA.id));
    expect(kept.planId).toBe(forced.id);
  });

  it("scopes plans to the outlet: another outlet's plan is not found, nor can it be generated", async () => {
    const mine = await makeOutlet();
    const theirs = await makeOutlet();
    await makeTechnician(theirs.id);
    await makeOrder(theirs.id);
    const plan = await generate(theirs.id);
    const outletUser: Principal = {
      kind: 'user', userId: newId(), username: 'outlet-planner', displayName: '网点调度', roles: ['outlet'], permissions: new Set(['dispatch.plan']),
      scope: 'outlet', outletId: mine.id, locale: 'zh-CN', mustChangePassword: false, sessionId: 's', csrfToken: 'c',
    };
    await expect(getDayPlan(t.app.ctx, outletUser, { outletId: theirs.id, date: DATE })).rejects.toMatchObject({ code: 'not_found' });
    const sameOutlet = { ...outletUser, outletId: theirs.id };
    expect((await getDayPlan(t.app.ctx, sameOutlet, { outletId: theirs.id, date: DATE })).id).toBe(plan.id);
    // Outlet staff have no dispatch.plan by default: the route refuses them.
    const staff = (await signInAs(t.app, ['outlet'], { outletId: theirs.id })).session;
    expect((await staff.request('GET', `/api/day-plans?outletId=${theirs.id}&date=${DATE}`)).statusCode).toBe(403);
  });

  it('answers bad input with the field: unknown outlet, bad date, unknown fields, no plan', async () => {
    const unknown = await dispatcher.request('POST', '/api/day-plans/generate', { outletId: MISSING, date: DATE });
    expect(unknown.statusCode).toBe(400);
    expect(fieldPaths(unknown)).toEqual(['outletId']);
    const badDate = await dispatcher.request('POST', '/api/day-plans/generate', { outletId: MISSING, date: '2026-13-40' });
    expect(badDate.statusCode).toBe(400);
    expect(fieldPaths(badDate).join()).toContain('date');
    const extra = await dispatcher.request('POST', '/api/day-plans/generate', { outletId: MISSING, date: DATE, everything: true });
    expect(extra.statusCode).toBe(400);
    const outlet = await makeOutlet();
    expect((await dispatcher.request('GET', `/api/day-plans?outletId=${outlet.id}&date=${DATE}`)).statusCode).toBe(404);
    expect((await dispatcher.request('GET', `/api/day-plans?outletId=${outlet.id}&date=tomorrow`)).statusCode).toBe(400);
    expect((await dispatcher.request('POST', `/api/day-plans/${MISSING}/publish`)).statusCode).toBe(404);
    const badMove = await dispatcher.request('POST', `/api/day-plans/${MISSING}/adjust`, { moves: [{ workOrderId: MISSING, technicianId: MISSING, position: -1 }] });
    expect(badMove.statusCode).toBe(400);
    expect(fieldPaths(badMove).join()).toContain('position');
  });

  it('plans 40 orders on 6 technicians within the time budget, all placed', async () => {
    const outlet = await makeOutlet();
    for (let index = 0; index < 6; index += 1) await makeTechnician(outlet.id, { base: { lat: BASE.lat + 0.02 * (index - 3), lng: BASE.lng + 0.015 * ((index % 3) - 1) } });
    const windows: [string, string][] = [['08:00', '12:00'], ['12:00', '17:00'], ['09:00', '17:00'], ['10:00', '14:00']];
    for (let index = 0; index < 40; index += 1) {
      await makeOrder(outlet.id, { window: windows[index % 4], minutes: 45, point: { lat: BASE.lat + 0.08 * Math.sin(index * 1.7), lng: BASE.lng + 0.08 * Math.cos(index * 2.3) } });
    }
    const started = performance.now();
    const plan = await generate(outlet.id);
    const elapsed = performance.now() - started;
    const [audit] = await queryRows<{ after: { solver: { elapsedMs: number; iterations: number } } }>(t.app.ctx.db, sql`select after from audit_log where entity = 'day_plan' and entity_id = ${plan.id}`);
    console.log(`day plan: 40 orders, 6 technicians: request ${Math.round(elapsed)} ms, solver ${Math.round(audit.after.solver.elapsedMs)} ms, ${audit.after.solver.iterations} iterations, travel ${plan.routes.reduce((sum, route) => sum + route.travelMinutes, 0)} min`);
    expect(plan.unplaced).toEqual([]);
    expect(plan.routes.flatMap((route) => route.stops)).toHaveLength(40);
    expect(audit.after.solver.elapsedMs).toBeLessThan(2100);
  });

  it('the job drafts tomorrow’s plans once a day at the configured time', async () => {
    // Thursday 2026-11-26; tomorrow is Friday 2026-11-27 (no other test plans that day).
    clock.set('2026-11-26T09:00:00Z'); // 17:00 in Shanghai
    await queryRows(t.app.ctx.db, sql`insert into system_settings (key, value, updated_at) values ('dispatch.settings', ${JSON.stringify({ dayPlanAt: '18:00' })}::jsonb, now())`);
    const outlet = await makeOutlet();
    const technician = await makeTechnician(outlet.id);
    const order = await makeOrder(outlet.id, { date: '2026-11-27' });
    const planOf = async () => (await t.app.ctx.db.select().from(dayPlans).where(sql`${dayPlans.outletId} = ${outlet.id} and ${dayPlans.planDate} = '2026-11-27'`))[0];

    clock.set('2026-11-26T09:45:00Z'); // 17:45: the default 17:30 has passed, the setting says 18:00
    expect(await runJobIfDue(t.app.ctx, dayPlanJob)).toMatchObject({ status: 'ran', result: { due: false, at: '18:00' } });
    expect(await planOf()).toBeUndefined();

    clock.set('2026-11-26T10:01:00Z'); // 18:01
    const ran = await runJobIfDue(t.app.ctx, dayPlanJob);
    expect(ran).toMatchObject({ status: 'ran', result: { due: true, status: 'ran', result: { date: '2026-11-27', generated: 1 } } });
    const plan = await planOf();
    expect(plan.status).toBe('draft');
    const [route] = await t.app.ctx.db.select().from(dayPlanRoutes).where(eq(dayPlanRoutes.planId, plan.id));
    expect(route).toMatchObject({ technicianId: technician.id });
    expect(route.stops.map((stop) => stop.workOrderId)).toEqual([order.id]);

    clock.set('2026-11-26T12:00:00Z'); // 20:00: already done today
    expect(await runJobIfDue(t.app.ctx, dayPlanJob)).toMatchObject({ status: 'ran', result: { due: true, status: 'skipped' } });
    expect((await planOf()).id).toBe(plan.id);
  });
});
