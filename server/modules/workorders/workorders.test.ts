import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createFakeClock } from '../../platform/clock';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildModel } from '../../test/archive-factories';
import { dispatchBatchJob, runJobIfDue } from '../../jobs';
import { workOrderEvents, workOrders } from './workorders.tables';
import { flagFeedbackOverdue } from './feedback.service';
import { buildAssessedTicket, buildServiceOutlet, buildTech, planVisit, techSession, ticketOf } from '../../test/dispatch-factories';

// Monday 2026-11-23 08:00 in Shanghai.
const clock = createFakeClock('2026-11-23T00:00:00Z');

describe('work orders and dispatch', () => {
  let t: TestApp;
  let agent: Session;
  let dispatcher: Session;
  let categoryModel: Awaited<ReturnType<typeof buildModel>>;
  let otherCategory: Awaited<ReturnType<typeof buildModel>>;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    agent = (await signInAs(t.app, ['agent'])).session;
    dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
    categoryModel = await buildModel(t.app, { warrantyMonths: 12, categoryName: '空调' });
    otherCategory = await buildModel(t.app, { warrantyMonths: 12, categoryName: '热水器' });
  });
  afterAll(() => t.close());

  const repairSkill = () => [{ categoryId: categoryModel.category.id, workType: 'repair' as const }];

  it('plans a visit only for an assessed ticket, with the site copied from the customer and clear errors', async () => {
    const { ticket, customer } = await buildAssessedTicket(t.app, agent, { categoryModel });
    const order = await planVisit(agent, ticket.id, { materials: [{ name: '冷媒 R32', quantity: 1 }] });
    expect(order).toMatchObject({ number: `${ticket.number}-1`, status: 'waiting', districtCode: '310115', categoryId: categoryModel.category.id, customerId: customer.id, materials: [{ name: '冷媒 R32', quantity: 1 }] });
    expect((await planVisit(agent, ticket.id)).number).toBe(`${ticket.number}-2`);

    const fresh = await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description: '新报修', allowDuplicate: true });
    const notAssessed = await agent.request('POST', `/api/tickets/${fresh.json().ticket.id}/work-orders`, { type: 'repair', windowStart: '2026-11-23T09:00:00+08:00', windowEnd: '2026-11-23T12:00:00+08:00' });
    expect(notAssessed.statusCode).toBe(409);
    expect(notAssessed.json().error.details[0].path).toEqual(['ticketId']);

    const badWindow = await agent.request('POST', `/api/tickets/${ticket.id}/work-orders`, { type: 'repair', windowStart: '2026-11-23T12:00:00+08:00', windowEnd: '2026-11-23T09:00:00+08:00' });
    expect(badWindow.statusCode).toBe(400);
    expect(badWindow.json().error.details[0].path).toEqual(['windowEnd']);
    const badAddress = await agent.request('POST', `/api/tickets/${ticket.id}/work-orders`, { type: 'repair', windowStart: '2026-11-23T09:00:00+08:00', windowEnd: '2026-11-23T12:00:00+08:00', addressId: '00000000-0000-4000-8000-000000000000' });
    expect(badAddress.statusCode).toBe(400);
    expect(badAddress.json().error.details[0].path).toEqual(['addressId']);
    const count = await t.app.ctx.db.select({ n: sql<number>`count(*)::int` }).from(workOrders).where(eq(workOrders.ticketId, ticket.id));
    expect(count[0].n).toBe(2);
  });

  it('dispatches automatically to the nearest skilled technician with a valid 上岗证 and explains the choice', async () => {
    const near = await buildServiceOutlet(t.app, { name: '张江站', latitude: 31.21, longitude: 121.59 });
    const far = await buildServiceOutlet(t.app, { name: '外高桥站', latitude: 31.33, longitude: 121.6 });
    const chosen = await buildTech(t.app, { outletId: near.id, name: '王强', skills: repairSkill(), latitude: 31.2, longitude: 121.58 });
    await buildTech(t.app, { outletId: near.id, name: '李四', skills: repairSkill(), permitExpires: '2026-10-01', latitude: 31.205, longitude: 121.59 });
    await buildTech(t.app, { outletId: near.id, name: '赵六', skills: [{ categoryId: otherCategory.category.id, workType: 'repair' }] });
    await buildTech(t.app, { outletId: far.id, name: '周七', skills: repairSkill() });
    const { ticket, customer } = await buildAssessedTicket(t.app, agent, { categoryModel });
    const order = await planVisit(agent, ticket.id);

    const result = await dispatcher.request('POST', '/api/work-orders/auto-dispatch', { workOrderIds: [order.id] });
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json()).toMatchObject({ assigned: 1, outletOnly: 0, unassigned: 0 });
    const summary: string = result.json().items[0].summary;
    expect(summary).toContain('张江站 · 王强');
    expect(summary).toContain('技能 空调维修');
    expect(summary).toContain('李四 上岗证 2026-10-01 已过期');
    expect(summary).toContain('赵六 无技能 空调维修');

    const detail = (await dispatcher.request('GET', `/api/work-orders/${order.id}`)).json();
    expect(detail).toMatchObject({ status: 'dispatched', outletId: near.id, technicianId: chosen.id, technicianName: '王强', dispatchMode: 'auto' });
    expect(detail.explanation.technician.excluded.map((item: { name: string }) => item.name)).toEqual(expect.arrayContaining(['李四', '赵六']));
    expect(detail.plannedStart).toBe('2026-11-23T01:00:00.000Z');
    const ticketRow = await ticketOf(t.app, ticket.id);
    expect(ticketRow).toMatchObject({ status: 'dispatched', outletId: near.id, assignedUserId: chosen.userId });

    // The technician now sees the order and the customer; another technician sees neither.
    const mine = await techSession(t.app, chosen);
    const asTechnician = await mine.request('GET', `/api/work-orders/${order.id}`);
    expect(asTechnician.statusCode).toBe(200);
    // The technician is not shown why colleagues were passed over.
    expect(asTechnician.json().explanation).toBeNull();
    const dispatchedEvent = asTechnician.json().events.find((event: { kind: string }) => event.kind === 'dispatched');
    expect(dispatchedEvent.text).toContain('王强');
    expect(dispatchedEvent.text).not.toContain('李四');
    expect(detail.events.find((event: { kind: string }) => event.kind === 'dispatched').text).toContain('李四');
    expect((await mine.request('GET', `/api/customers/${customer.id}`)).statusCode).toBe(200);
    const stranger = await techSession(t.app, await buildTech(t.app, { outletId: far.id, skills: repairSkill() }));
    expect((await stranger.request('GET', `/api/work-orders/${order.id}`)).statusCode).toBe(404);
    const outletStaff = (await signInAs(t.app, ['outlet'], { outletId: far.id })).session;
    expect((await outletStaff.request('GET', `/api/work-orders/${order.id}`)).statusCode).toBe(404);
  });

  it('refuses manual dispatch that breaks a rule, naming the field, and changes nothing', async () => {
    const outlet = await buildServiceOutlet(t.app, { name: '川沙站' });
    const xuhui = await buildServiceOutlet(t.app, { name: '徐汇站', districts: ['310104'], latitude: 31.18, longitude: 121.43 });
    const expired = await buildTech(t.app, { outletId: outlet.id, name: '钱八', skills: repairSkill(), permitExpires: '2026-10-01' });
    const unskilled = await buildTech(t.app, { outletId: outlet.id, name: '孙九', skills: [{ categoryId: categoryModel.category.id, workType: 'installation' }] });
    const junior = await buildTech(t.app, { outletId: outlet.id, name: '吴十', skills: repairSkill(), grade: 'junior' });
    const good = await buildTech(t.app, { outletId: outlet.id, name: '郑一', skills: repairSkill() });
    const { ticket } = await buildAssessedTicket(t.app, agent, { categoryModel });
    const order = await planVisit(agent, ticket.id, { requiredGrade: 'intermediate' });
    const auditBefore = (await t.app.ctx.db.execute(sql`select count(*)::int as n from audit_log where entity_id = ${order.id}`)) as unknown as { rows: { n: number }[] };

    const attempt = (body: Record<string, unknown>) => dispatcher.request('POST', `/api/work-orders/${order.id}/dispatch`, body);
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ outletId: xuhui.id }, ['outletId'], '不服务该区域'],
      [{ outletId: outlet.id, technicianId: expired.id }, ['technicianId'], '上岗证 2026-10-01 已过期'],
      [{ outletId: outlet.id, technicianId: unskilled.id }, ['technicianId'], '无技能 空调维修'],
      [{ outletId: outlet.id, technicianId: junior.id }, ['technicianId'], '等级初级低于要求的中级'],
      [{ outletId: outlet.id, technicianId: good.id, plannedStart: '2026-11-23T14:00:00+08:00' }, ['plannedStart'], '超出预约时段'],
      [{ outletId: xuhui.id, technicianId: good.id }, ['outletId'], '不服务该区域'],
    ];
    for (const [body, path, reason] of cases) {
      const response = await attempt(body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.details[0].path).toEqual(path);
      expect(response.json().error.details[0].message).toContain(reason);
    }
    const unchanged = (await dispatcher.request('GET', `/api/work-orders/${order.id}`)).json();
    expect(unchanged).toMatchObject({ status: 'waiting', outletId: null, technicianId: null, version: order.version });
    const auditAfter = (await t.app.ctx.db.execute(sql`select count(*)::int as n from audit_log where entity_id = ${order.id}`)) as unknown as { rows: { n: number }[] };
    expect(auditAfter.rows[0].n).toBe(auditBefore.rows[0].n);

    const ok = await attempt({ outletId: outlet.id, technicianId: good.id, plannedStart: '2026-11-23T10:00:00+08:00', version: order.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'dispatched', technicianId: good.id, plannedStart: '2026-11-23T02:00:00.000Z', dispatchMode: 'manual' });
    // A stale version is refused.
    const stale = await attempt({ outletId: outlet.id, technicianId: good.id, version: order.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0].path).toEqual(['version']);
  });

  it('never overbooks a technician: a full day or an overlapping window is refused', async () => {
    const outlet = await buildServiceOutlet(t.app);
    const busy = await buildTech(t.app, { outletId: outlet.id, name: '冯二', skills: repairSkill(), maxOrders: 2 });
    const tight = { windowStart: '2026-11-23T09:00:00+08:00', windowEnd: '2026-11-23T09:30:00+08:00', estimatedMinutes: 90 };
    const first = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id, tight);
    const second = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id, tight);
    expect((await dispatcher.request('POST', `/api/work-orders/${first.id}/dispatch`, { outletId: outlet.id, technicianId: busy.id })).statusCode).toBe(200);
    const overlap = await dispatcher.request('POST', `/api/work-orders/${second.id}/dispatch`, { outletId: outlet.id, technicianId: busy.id });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.details[0]).toMatchObject({ path: ['technicianId'], code: 'overbooked' });

    const later = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id, { windowStart: '2026-11-23T14:00:00+08:00', windowEnd: '2026-11-23T17:00:00+08:00' });
    const third = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id, { windowStart: '2026-11-23T14:00:00+08:00', windowEnd: '2026-11-23T17:00:00+08:00' });
    expect((await dispatcher.request('POST', `/api/work-orders/${later.id}/dispatch`, { outletId: outlet.id, technicianId: busy.id })).statusCode).toBe(200);
    const full = await dispatcher.request('POST', `/api/work-orders/${third.id}/dispatch`, { outletId: outlet.id, technicianId: busy.id });
    expect(full.statusCode).toBe(400);
    expect(full.json().error.details[0].message).toContain('当日已满 2 单');
  });

  it('parallel dispatches of one order with the same version: exactly one wins', async () => {
    const outlet = await buildServiceOutlet(t.app);
    const techs = await Promise.all([0, 1, 2, 3].map((index) => buildTech(t.app, { outletId: outlet.id, name: `并发${index}`, skills: repairSkill() })));
    const order = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id);
    const responses = await Promise.all(techs.map((tech) => dispatcher.request('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: outlet.id, technicianId: tech.id, version: order.version })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const events = await t.app.ctx.db.select().from(workOrderEvents).where(and(eq(workOrderEvents.workOrderId, order.id), eq(workOrderEvents.kind, 'dispatched')));
    expect(events).toHaveLength(1);
  });

  it('dispatches to an outlet without a technician when none qualifies; flags missing outlet feedback for chasing', async () => {
    const outlet = await buildServiceOutlet(t.app, { name: '合作网点', districts: ['310115'] });
    await t.app.ctx.db.execute(sql`update outlets set service_districts = '{}' where id <> ${outlet.id}`);
    await buildTech(t.app, { outletId: outlet.id, name: '褚三', skills: repairSkill(), permitExpires: null });
    const order = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id);
    const result = (await dispatcher.request('POST', '/api/work-orders/auto-dispatch', { workOrderIds: [order.id] })).json();
    expect(result).toMatchObject({ assigned: 0, outletOnly: 1, unassigned: 0 });
    expect(result.items[0].summary).toContain('派至网点：合作网点');
    expect(result.items[0].summary).toContain('褚三 无上岗证');
    // the outlet it falls back to is the chosen one, and not also listed among the excluded
    const fellBack = (await dispatcher.request('GET', `/api/work-orders/${order.id}`)).json().explanation;
    expect(fellBack.outlet.chosen.id).toBe(outlet.id);
    expect(fellBack.outlet.excluded.map((item: { id: string }) => item.id)).not.toContain(outlet.id);

    expect((await flagFeedbackOverdue(t.app.ctx)).flagged).toBe(0);
    clock.advance(121 * 60_000);
    const overdue = (await dispatcher.request('GET', '/api/work-orders?feedbackOverdue=true')).json();
    expect(overdue.items.map((item: { id: string }) => item.id)).toContain(order.id);
    expect((await flagFeedbackOverdue(t.app.ctx)).flagged).toBeGreaterThanOrEqual(1);
    expect((await flagFeedbackOverdue(t.app.ctx)).flagged).toBe(0);
    const detail = (await dispatcher.request('GET', `/api/work-orders/${order.id}`)).json();
    expect(detail.feedbackOverdue).toBe(true);
    expect(detail.events.map((event: { kind: string }) => event.kind)).toContain('feedback_overdue');
    clock.set('2026-11-23T00:00:00Z');

    // No outlet serves the district at all: stays waiting, with the reason.
    await t.app.ctx.db.execute(sql`update outlets set service_districts = '{}'`);
    const lonely = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id);
    const none = (await dispatcher.request('POST', '/api/work-orders/auto-dispatch', { workOrderIds: [lonely.id] })).json();
    expect(none).toMatchObject({ assigned: 0, outletOnly: 0, unassigned: 1 });
    expect(none.items[0].summary).toContain('无网点服务该区域');
    await t.app.ctx.db.execute(sql`update outlets set service_districts = '{310115}'`);
  });

  it('outlet staff read their own outlet’s part of the explanation: no other outlet passed over, no other outlet’s technician named', async () => {
    const near = await buildServiceOutlet(t.app, { name: '近处站', latitude: 31.206, longitude: 121.591 });
    const far = await buildServiceOutlet(t.app, { name: '远处站', latitude: 31.3, longitude: 121.62 });
    await t.app.ctx.db.execute(sql`update outlets set service_districts = '{}' where id not in (${near.id}, ${far.id})`);
    await buildTech(t.app, { outletId: near.id, name: '近处无证', skills: repairSkill(), permitExpires: null });
    await buildTech(t.app, { outletId: far.id, name: '远处无技能', skills: [{ categoryId: otherCategory.category.id, workType: 'repair' }] });
    const chosen = await buildTech(t.app, { outletId: far.id, name: '远处师傅', skills: repairSkill() });
    const order = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id);
    expect((await dispatcher.request('POST', '/api/work-orders/auto-dispatch', { workOrderIds: [order.id] })).json()).toMatchObject({ assigned: 1 });

    const full = (await dispatcher.request('GET', `/api/work-orders/${order.id}`)).json();
    expect(full.technicianId).toBe(chosen.id);
    expect(full.explanation.summary).toContain('近处无证 无上岗证');
    expect(full.explanation.outlet.excluded.map((item: { name: string }) => item.name)).toContain('近处站');

    const farStaff = (await signInAs(t.app, ['outlet'], { outletId: far.id })).session;
    const seen = (await farStaff.request('GET', `/api/work-orders/${order.id}`)).json();
    expect(seen.explanation.technician.chosen.name).toBe('远处师傅');
    expect(seen.explanation.technician.excluded.map((item: { name: string }) => item.name)).toEqual(['远处无技能']);
    expect(seen.explanation.outlet.excluded).toEqual([]);
    expect(seen.explanation.summary).toContain('远处站 · 远处师傅');
    expect(seen.explanation.summary).toContain('远处无技能');
    expect(seen.explanation.summary).not.toContain('近处');
    const event = seen.events.find((item: { kind: string }) => item.kind === 'dispatched');
    expect(event.text).not.toContain('近处');
    await t.app.ctx.db.execute(sql`update outlets set service_districts = '{310115}'`);
  });

  it('recall returns an order to waiting; verify needs a finished visit; cancel ends it', async () => {
    const outlet = await buildServiceOutlet(t.app);
    const tech = await buildTech(t.app, { outletId: outlet.id, skills: repairSkill() });
    const order = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id);
    expect((await dispatcher.request('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: outlet.id, technicianId: tech.id })).statusCode).toBe(200);
    const recalled = await dispatcher.request('POST', `/api/work-orders/${order.id}/recall`, { reason: '客户改约' });
    expect(recalled.statusCode).toBe(200);
    expect(recalled.json()).toMatchObject({ status: 'waiting', technicianId: null, outletId: null });
    // Its only visit went back to waiting: the ticket is assessed again, with no outlet or technician.
    expect(await ticketOf(t.app, recalled.json().ticketId)).toMatchObject({ status: 'assessed', outletId: null, assignedUserId: null });
    const supervisor = (await signInAs(t.app, ['supervisor'])).session;
    const verify = await supervisor.request('POST', `/api/work-orders/${order.id}/verify`, {});
    expect(verify.statusCode).toBe(409);
    expect(verify.json().error.details[0].code).toBe('invalid_transition');
    // The ticket follows its work orders: while one is open the ticket is not cancelled or resolved by hand.
    const ticketId = (await dispatcher.request('GET', `/api/work-orders/${order.id}`)).json().ticketId;
    for (const to of ['cancelled', 'resolved'] as const) {
      const refused = await agent.request('POST', `/api/tickets/${ticketId}/transitions`, { to });
      expect(refused.statusCode, to).toBe(409);
      expect(refused.json().error.details[0]).toMatchObject({ path: ['to'], code: 'work_orders_open' });
    }
    expect((await dispatcher.request('POST', `/api/work-orders/${order.id}/cancel`, { reason: '客户取消' })).json().status).toBe('cancelled');
    expect((await agent.request('POST', `/api/tickets/${ticketId}/transitions`, { to: 'cancelled' })).statusCode).toBe(200);
    expect((await dispatcher.request('POST', `/api/work-orders/${order.id}/cancel`, { reason: '再取消' })).statusCode).toBe(409);
  });

  it('urgent orders are dispatched at once; the batch job dispatches installations at batch times and repairs every hour', async () => {
    const outlet = await buildServiceOutlet(t.app);
    await buildTech(t.app, { outletId: outlet.id, skills: [...repairSkill(), { categoryId: null, workType: 'installation' }], maxOrders: 20 });
    const urgent = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id, { priority: 'urgent' });
    expect(urgent.status).toBe('dispatched');
    expect(urgent.explanation?.summary).toContain('选择');

    clock.set('2026-11-23T02:30:00Z'); // 10:30 in Shanghai, off-season: no installation batch yet
    const install = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel, type: 'installation' })).ticket.id, { type: 'installation', windowStart: '2026-11-24T09:00:00+08:00', windowEnd: '2026-11-24T18:00:00+08:00' });
    const repair = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id, { windowStart: '2026-11-24T09:00:00+08:00', windowEnd: '2026-11-24T18:00:00+08:00' });
    expect((await runJobIfDue(t.app.ctx, dispatchBatchJob)).status).toBe('ran');
    const statusOf = async (id: string) => (await dispatcher.request('GET', `/api/work-orders/${id}`)).json().status;
    expect(await statusOf(repair.id)).toBe('dispatched');
    expect(await statusOf(install.id)).toBe('waiting');
    clock.set('2026-11-23T04:00:00Z'); // 12:00: the first installation batch
    expect((await runJobIfDue(t.app.ctx, dispatchBatchJob)).status).toBe('ran');
    expect(await statusOf(install.id)).toBe('dispatched');
    clock.set('2026-11-23T00:00:00Z');
  });

  it('partner outlet staff confirm a technician only for their own outlet’s orders (派工反馈)', async () => {
    const partner = await buildServiceOutlet(t.app, { name: '合作网点乙' });
    const other = await buildServiceOutlet(t.app, { name: '合作网点丙' });
    const ownTech = await buildTech(t.app, { outletId: partner.id, name: '蒋五', skills: repairSkill() });
    const otherTech = await buildTech(t.app, { outletId: other.id, name: '沈六', skills: repairSkill() });
    const order = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id);
    const staff = (await signInAs(t.app, ['outlet'], { outletId: partner.id })).session;
    // Not yet theirs: invisible.
    expect((await staff.request('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: partner.id, technicianId: ownTech.id })).statusCode).toBe(404);
    expect((await dispatcher.request('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: partner.id })).statusCode).toBe(200);
    expect((await staff.request('GET', '/api/work-orders?status=dispatched')).json().items.map((item: { id: string }) => item.id)).toEqual([order.id]);
    expect((await staff.request('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: other.id, technicianId: otherTech.id })).statusCode).toBe(403);
    expect((await staff.request('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: partner.id, technicianId: otherTech.id })).statusCode).toBe(400);
    const confirmed = await staff.request('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: partner.id, technicianId: ownTech.id });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'dispatched', technicianId: ownTech.id, feedbackOverdue: false });
  });

  it('the board shows technicians’ days with travel and the unassigned orders', async () => {
    const outlet = await buildServiceOutlet(t.app, { name: '看板站' });
    const tech = await buildTech(t.app, { outletId: outlet.id, name: '看板师傅', skills: repairSkill(), latitude: 31.2, longitude: 121.5 });
    const planned = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id, { windowStart: '2026-11-25T09:00:00+08:00', windowEnd: '2026-11-25T12:00:00+08:00' });
    const open = await planVisit(agent, (await buildAssessedTicket(t.app, agent, { categoryModel })).ticket.id, { windowStart: '2026-11-25T13:00:00+08:00', windowEnd: '2026-11-25T15:00:00+08:00' });
    expect((await dispatcher.request('POST', `/api/work-orders/${planned.id}/dispatch`, { outletId: outlet.id, technicianId: tech.id })).statusCode).toBe(200);
    const board = (await dispatcher.request('GET', `/api/dispatch/board?date=2026-11-25&outletId=${outlet.id}`)).json();
    const row = board.technicians.find((item: { id: string }) => item.id === tech.id);
    expect(row.jobs).toHaveLength(1);
    expect(row.jobs[0].travelMinutes).toBeGreaterThan(10);
    expect(row.jobs[0].start).toBe('2026-11-25T01:00:00.000Z');
    expect(board.unassigned.map((item: { id: string }) => item.id)).toContain(open.id);
    const candidates = (await dispatcher.request('GET', `/api/work-orders/${open.id}/candidates`)).json();
    expect(candidates.technicians.find((item: { id: string }) => item.id === tech.id)).toMatchObject({ ok: true, load: 1 });
  });
});
