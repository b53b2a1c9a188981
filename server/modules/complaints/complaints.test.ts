import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FOLLOWUP_SETTINGS } from '../../../contracts/followups';
import { queryRows } from '../../db/client';
import { newId } from '../../platform/ids';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { seam } from '../../platform/seam';
import { buildSuiteOrder, buildTechnician, useFieldSuite } from '../../test/field-factories';
import { buildOutlet, buildUser, signIn, signInAs, type Session } from '../../test/harness';
import { buildCustomer } from '../../test/archive-factories';
import { createTasksForVisit } from '../followups';
import { FollowUpForComplaintLookup } from './complaints.events';
import { escalateOverdueComplaints } from './complaints.service';

const HOUR = 3_600_000;

function ok(response: { statusCode: number; body: string; json: () => any }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

function fieldOf(response: { statusCode: number; body: string; json: () => any }) {
  return response.json().error.details?.[0]?.path;
}

/**
 * Complaints over HTTP, the clock fixed at Sun 2026-11-22 10:00 Shanghai (the field suite's):
 * intake, the handling steps, the penalty proposal through quality's ledger (its repeat rule
 * doubles), compensation limits, verification, escalation, scope, statistics and the export.
 */
describe('complaints', () => {
  const suite = useFieldSuite();
  const db = () => suite.t.app.ctx.db;
  const sessions = {} as Record<'agent' | 'supervisor' | 'manager' | 'otherOutlet' | 'admin', Session>;
  const usernames = new Map<string, string>();

  beforeAll(async () => {
    for (const role of ['agent', 'supervisor', 'manager', 'admin'] as const) {
      const { user, session } = await signInAs(suite.t.app, [role]);
      sessions[role] = session;
      usernames.set(role, user.username);
    }
    const other = await buildOutlet(suite.t.app);
    const outletUser = await signInAs(suite.t.app, ['outlet'], { outletId: other.id });
    sessions.otherOutlet = outletUser.session;
    usernames.set('otherOutlet', outletUser.user.username);
    // The follow-ups module answers FollowUpForComplaintLookup (server/wiring.ts): the handover is real.
    expect(seam.describe().lookups).toContain(FollowUpForComplaintLookup.name);
    // Two ledger rules: service attitude has its own, every other type falls back to trigger `complaint`.
    ok(await sessions.manager.request('POST', '/api/quality/rules', { code: 'complaint_attitude', name: '服务态度投诉', kind: 'penalty', amountFen: 10_000, points: 2, trigger: 'manual', repeatWindowDays: 90, repeatMultiplier: 2 }), 201);
    ok(await sessions.manager.request('POST', '/api/quality/rules', { code: 'complaint_general', name: '客户投诉', kind: 'penalty', amountFen: 5_000, points: 1, trigger: 'complaint' }), 201);
    const settings = ok(await sessions.admin.request('GET', '/api/complaints/settings'));
    ok(await sessions.admin.request('PUT', '/api/complaints/settings', { ...settings, penaltyRuleByType: { service_attitude: 'complaint_attitude' } }));
  });

  async function signInAgain() {
    for (const [name, username] of usernames) sessions[name as keyof typeof sessions] = await signIn(suite.t.app, username);
  }

  async function newComplaint(over: Record<string, unknown> = {}) {
    const order = await buildSuiteOrder(suite);
    const created = ok(await sessions.agent.request('POST', '/api/complaints', { channel: 'phone', type: 'service_attitude', severity: 'normal', customerId: order.customerId, account: '师傅态度很差，说话不耐烦', workOrderId: order.id, ...over }), 201);
    return { order, complaint: created as { id: string; version: number; number: string } & Record<string, any> };
  }

  async function investigate(id: string, version: number) {
    return ok(await sessions.agent.request('POST', `/api/complaints/${id}/investigation`, { version, note: '已致电客户致歉' }));
  }

  async function blameTechnician(id: string, version: number) {
    return ok(await sessions.supervisor.request('POST', `/api/complaints/${id}/responsibility`, { version, party: 'technician', technicianId: suite.tech.id, findings: '技师与客户争执，服务用语不规范' }));
  }

  const entriesOf = (userId: string) =>
    queryRows<{ id: string; rule_code: string; amount_fen: number; multiplier: number; status: string; source_id: string }>(db(), sql`select id, rule_code, amount_fen, multiplier, status, source_id from quality_ledger_entries where user_id = ${userId} and source_type = 'complaint' order by proposed_at, id`);

  it('accepts a complaint with the visit’s ticket, technician and outlet filled in, a daily number and a 24 h response due', async () => {
    const { order, complaint } = await newComplaint();
    expect(complaint).toMatchObject({ status: 'accepted', channel: 'phone', ticketId: order.ticketId, workOrderId: order.id, technicianId: suite.tech.id, outletId: suite.outletId, technicianName: suite.tech.name, responseDueAt: '2026-11-23T02:00:00.000Z', isOverdue: false, version: 1 });
    expect(complaint.number).toMatch(/^TS20261122-\d{4}$/);
    expect(complaint.events.map((event: { kind: string }) => event.kind)).toEqual(['accepted']);
    const [audit] = await queryRows<{ action: string }>(db(), sql`select action from audit_log where entity = 'complaint' and entity_id = ${complaint.id}`);
    expect(audit.action).toBe('created');
  });

  it('refuses bad input naming the field and stores nothing', async () => {
    const order = await buildSuiteOrder(suite);
    const base = { channel: 'phone', type: 'quality', severity: 'normal', customerId: order.customerId, account: '瓷砖开裂' };
    const before = (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from complaints`))[0].n;
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'rudeness' }, 'type'],
      [{ severity: 'huge' }, 'severity'],
      [{ account: '  ' }, 'account'],
      [{ customerId: newId() }, 'customerId'],
      [{ workOrderId: newId() }, 'workOrderId'],
      [{ channel: 'other_department' }, 'sourceDepartment'],
      [{ ticketId: (await buildSuiteOrder(suite)).ticketId }, 'ticketId'],
      [{ channel: 'follow_up' }, 'channel'],
    ];
    for (const [over, field] of cases) {
      const response = await sessions.agent.request('POST', '/api/complaints', { ...base, ...over });
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(fieldOf(response)).toEqual([field]);
    }
    expect((await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from complaints`))[0].n).toBe(before);
  });

  it('goes through investigation, responsibility (penalty proposed), plan, compensation, resolution and a confirmed call-back to closed', async () => {
    const { complaint } = await newComplaint();
    let current = await investigate(complaint.id, complaint.version);
    expect(current).toMatchObject({ status: 'investigating', respondedAt: '2026-11-22T02:00:00.000Z' });

    // A plan needs the analysis first; a technician party needs the technician.
    expect(fieldOf(await sessions.agent.request('POST', `/api/complaints/${current.id}/plan`, { version: current.version, plan: '上门致歉', customerAgreed: true }))).toEqual(['responsibleParty']);
    const noTech = await sessions.supervisor.request('POST', `/api/complaints/${current.id}/responsibility`, { version: current.version, party: 'technician', findings: '态度差' });
    expect(noTech.statusCode).toBe(400);
    expect(fieldOf(noTech)).toEqual(['technicianId']);
    expect((await sessions.agent.request('POST', `/api/complaints/${current.id}/responsibility`, { version: current.version, party: 'customer', findings: 'x' })).statusCode).toBe(403);

    current = await blameTechnician(current.id, current.version);
    expect(current).toMatchObject({ responsibleParty: 'technician', responsibleTechnicianId: suite.tech.id, responsibleOutletId: suite.outletId });
    expect(current.penaltyEntryIds).toHaveLength(1);
    const [entry] = (await entriesOf(suite.tech.userId)).filter((row) => row.source_id === current.id);
    expect(entry).toMatchObject({ id: current.penaltyEntryIds[0], rule_code: 'complaint_attitude', status: 'proposed' });
    const again = await sessions.supervisor.request('POST', `/api/complaints/${current.id}/responsibility`, { version: current.version, party: 'other', findings: '改判' });
    expect(again.statusCode).toBe(409);
    expect(fieldOf(again)).toEqual(['party']);

    const notAgreed = await sessions.agent.request('POST', `/api/complaints/${current.id}/plan`, { version: current.version, plan: '上门致歉并免费复检', customerAgreed: false });
    expect(notAgreed.statusCode).toBe(400);
    expect(fieldOf(notAgreed)).toEqual(['customerAgreed']);
    current = ok(await sessions.agent.request('POST', `/api/complaints/${current.id}/plan`, { version: current.version, plan: '上门致歉并免费复检', customerAgreed: true }));
    // Normal severity: 7 working days after Sun 11-22 → Tue 12-01, due at its end.
    expect(current).toMatchObject({ status: 'resolving', resolutionDueDate: '2026-12-01', resolutionDueAt: '2026-12-01T16:00:00.000Z' });

    current = ok(await sessions.agent.request('POST', `/api/complaints/${current.id}/compensations`, { version: current.version, kind: 'money', amountFen: 50_000, description: '现金补偿 500 元' }));
    const compensation = current.compensations[0];
    expect(compensation).toMatchObject({ kind: 'money', amountFen: 50_000, status: 'proposed' });
    // The supervisor may approve up to 200 yuan (default limits): 500 yuan is above it.
    const above = await sessions.supervisor.request('POST', `/api/complaints/${current.id}/compensations/${compensation.id}/decision`, { version: compensation.version, action: 'approve' });
    expect(above.statusCode).toBe(403);
    expect(fieldOf(above)).toEqual(['amountFen']);
    expect((await queryRows<{ status: string }>(db(), sql`select status from complaint_compensations where id = ${compensation.id}`))[0].status).toBe('proposed');
    const pending = await sessions.agent.request('POST', `/api/complaints/${current.id}/resolved`, { version: current.version, note: '已上门' });
    expect(pending.statusCode).toBe(409);
    expect(fieldOf(pending)).toEqual(['compensations']);
    current = ok(await sessions.manager.request('POST', `/api/complaints/${current.id}/compensations/${compensation.id}/decision`, { version: compensation.version, action: 'approve' }));
    expect(current.compensations[0]).toMatchObject({ status: 'approved' });

    const early = await sessions.supervisor.request('POST', `/api/complaints/${current.id}/close`, { version: current.version });
    expect(early.statusCode).toBe(409);
    expect(fieldOf(early)).toEqual(['verification']);

    current = ok(await sessions.agent.request('POST', `/api/complaints/${current.id}/resolved`, { version: current.version, note: '已上门致歉，补偿已付' }));
    expect(current.status).toBe('verifying');
    current = ok(await sessions.supervisor.request('POST', `/api/complaints/${current.id}/verification`, { version: current.version, outcome: 'not_reached' }));
    const unverified = await sessions.supervisor.request('POST', `/api/complaints/${current.id}/close`, { version: current.version });
    expect(unverified.statusCode).toBe(409);
    expect(fieldOf(unverified)).toEqual(['verification']);
    current = ok(await sessions.supervisor.request('POST', `/api/complaints/${current.id}/verification`, { version: current.version, outcome: 'confirmed', note: '客户表示满意' }));
    const stale = await sessions.supervisor.request('POST', `/api/complaints/${current.id}/close`, { version: current.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(fieldOf(stale)).toEqual(['version']);
    current = ok(await sessions.supervisor.request('POST', `/api/complaints/${current.id}/close`, { version: current.version }));
    expect(current).toMatchObject({ status: 'closed', closedAt: '2026-11-22T02:00:00.000Z', escalatedAt: null });
    expect(current.events.map((event: { kind: string }) => event.kind)).toEqual(['accepted', 'investigating', 'responsibility', 'penalty_proposed', 'plan_agreed', 'compensation_proposed', 'compensation_approved', 'resolved', 'verification', 'verification', 'closed']);
    const audits = await queryRows<{ action: string }>(db(), sql`select action from audit_log where entity = 'complaint' and entity_id = ${current.id} order by id`);
    expect(audits.map((row) => row.action)).toEqual(['created', 'investigation_started', 'responsibility', 'plan_agreed', 'compensation_proposed', 'compensation_approved', 'resolved', 'verification', 'verification', 'closed']);

    // The customer comes back: reopened and escalated to the manager.
    current = ok(await sessions.agent.request('POST', `/api/complaints/${current.id}/reopen`, { version: current.version, reason: '客户称问题再次出现' }));
    expect(current).toMatchObject({ status: 'resolving', reopenCount: 1, escalationReason: 'reopened', closedAt: null, lastVerificationOutcome: null });
    expect(ok(await sessions.manager.request('GET', '/api/complaints?isEscalated=true')).items.map((item: { id: string }) => item.id)).toContain(current.id);
  });

  it('the same complaint type against the same technician again doubles the proposal (quality’s repeat rule); another type does not; the manager approves it', async () => {
    // The ledger counts entries proposed before now: each complaint ten minutes after the last.
    suite.clock.advance(10 * 60_000);
    const earlier = (await entriesOf(suite.tech.userId)).filter((row) => row.rule_code === 'complaint_attitude').length;
    const first = await newComplaint();
    let one = await investigate(first.complaint.id, 1);
    one = await blameTechnician(one.id, one.version);
    suite.clock.advance(10 * 60_000);
    const second = await newComplaint({ account: '又一次态度恶劣' });
    let two = await investigate(second.complaint.id, 1);
    two = await blameTechnician(two.id, two.version);
    suite.clock.advance(10 * 60_000);
    const third = await newComplaint({ type: 'charges', account: '乱收费' });
    let three = await investigate(third.complaint.id, 1);
    three = await blameTechnician(three.id, three.version);

    const entries = await entriesOf(suite.tech.userId);
    const bySource = (id: string) => entries.filter((row) => row.source_id === id);
    expect(bySource(one.id)).toEqual([expect.objectContaining({ rule_code: 'complaint_attitude', multiplier: earlier > 0 ? 2 : 1 })]);
    expect(bySource(two.id)).toEqual([expect.objectContaining({ rule_code: 'complaint_attitude', multiplier: 2, amount_fen: 20_000 })]);
    const chargesEntries = bySource(three.id);
    expect(chargesEntries).toEqual([expect.objectContaining({ rule_code: 'complaint_general', amount_fen: 5_000 })]);
    const [generalBefore] = entries.filter((row) => row.rule_code === 'complaint_general');
    expect(generalBefore.id).toBe(chargesEntries[0].id);
    expect(chargesEntries[0].multiplier).toBe(1);

    const doubled = bySource(two.id)[0];
    const decided = ok(await sessions.manager.request('POST', `/api/quality/ledger/${doubled.id}/decision`, { action: 'approve' }));
    expect(decided).toMatchObject({ status: 'approved', amountFen: 20_000, multiplier: 2, sourceType: 'complaint', sourceId: two.id });
  });

  it('turns a dissatisfied follow-up into a complaint with the visit, ratings, categories and comment carried over, once', async () => {
    const order = await buildSuiteOrder(suite);
    const payload = { workOrderId: order.id, number: order.number, ticketId: order.ticketId, customerId: order.customerId, assetId: null, type: 'repair', outletId: suite.outletId, technicianId: suite.tech.id, finishedAt: '2026-11-22T01:00:00Z', modelId: null, partsUsed: [], assignedUserId: suite.tech.userId, workDone: '更换电容' };
    await db().transaction((tx) => createTasksForVisit(tx, payload, { actor: SYSTEM_ACTOR, now: suite.clock.now() }, { ...DEFAULT_FOLLOWUP_SETTINGS, secondRoundRules: [] }));
    const [task] = await queryRows<{ id: string; version: number }>(db(), sql`select id, version from followup_tasks where work_order_id = ${order.id}`);

    const unreached = await sessions.agent.request('POST', `/api/followups/${task.id}/complaint`, { type: 'service_attitude' });
    expect(unreached.statusCode).toBe(409);
    expect(fieldOf(unreached)).toEqual(['followUpId']);

    const claimed = ok(await sessions.agent.request('POST', `/api/followups/${task.id}/claim`, { version: task.version }));
    ok(await sessions.agent.request('POST', `/api/followups/${task.id}/outcome`, { version: claimed.version, overall: 2, attitude: 1, skill: 3, timeliness: 3, categories: ['服务态度'], comment: '师傅不耐烦', decision: 'closed' }));

    const created = ok(await sessions.agent.request('POST', `/api/followups/${task.id}/complaint`, { type: 'service_attitude' }), 201);
    expect(created).toMatchObject({ channel: 'follow_up', followUpId: task.id, status: 'accepted', severity: 'normal', customerId: order.customerId, ticketId: order.ticketId, workOrderId: order.id, technicianId: suite.tech.id, outletId: suite.outletId, account: '师傅不耐烦', ratings: { overall: 2, attitude: 1, skill: 3, timeliness: 3 }, categories: ['服务态度'] });
    const twice = await sessions.agent.request('POST', `/api/followups/${task.id}/complaint`, { type: 'service_attitude' });
    expect(twice.statusCode).toBe(409);
    expect(fieldOf(twice)).toEqual(['followUpId']);
    expect((await sessions.agent.request('POST', `/api/followups/${newId()}/complaint`, { type: 'quality' })).statusCode).toBe(404);
  });

  it('changes only the given fields; a stale version is a 409 and changes nothing', async () => {
    const { complaint } = await newComplaint();
    const updated = ok(await sessions.agent.request('PATCH', `/api/complaints/${complaint.id}`, { version: 1, severity: 'serious' }));
    expect(updated).toMatchObject({ severity: 'serious', type: 'service_attitude', version: 2 });
    const stale = await sessions.agent.request('PATCH', `/api/complaints/${complaint.id}`, { version: 1, type: 'quality' });
    expect(stale.statusCode).toBe(409);
    expect(fieldOf(stale)).toEqual(['version']);
    expect((await queryRows<{ type: string }>(db(), sql`select type from complaints where id = ${complaint.id}`))[0].type).toBe('service_attitude');
  });

  it('a call-back the customer does not confirm sends it back to resolving, escalated', async () => {
    const { complaint } = await newComplaint({ type: 'timeliness', severity: 'critical' });
    let current = await investigate(complaint.id, 1);
    current = ok(await sessions.supervisor.request('POST', `/api/complaints/${current.id}/responsibility`, { version: current.version, party: 'logistics', findings: '配件物流延误' }));
    expect(current.penaltyEntryIds).toEqual([]);
    current = ok(await sessions.agent.request('POST', `/api/complaints/${current.id}/plan`, { version: current.version, plan: '加急调货', customerAgreed: true }));
    expect(current.resolutionDueDate).toBe('2026-11-23'); // critical: 1 working day
    current = ok(await sessions.agent.request('POST', `/api/complaints/${current.id}/resolved`, { version: current.version, note: '已安装' }));
    current = ok(await sessions.supervisor.request('POST', `/api/complaints/${current.id}/verification`, { version: current.version, outcome: 'not_confirmed', note: '客户仍不满意' }));
    expect(current).toMatchObject({ status: 'resolving', lastVerificationOutcome: 'not_confirmed', escalationReason: 'verification_not_confirmed' });
  });

  it('outlet staff see only their outlet’s complaints; a technician has no access', async () => {
    const { complaint } = await newComplaint();
    const elsewhere = await sessions.otherOutlet.request('GET', `/api/complaints/${complaint.id}`);
    expect(elsewhere.statusCode).toBe(404);
    expect(ok(await sessions.otherOutlet.request('GET', '/api/complaints')).items).toEqual([]);
    const own = await signInAs(suite.t.app, ['outlet'], { outletId: suite.outletId });
    expect(ok(await own.session.request('GET', `/api/complaints/${complaint.id}`)).id).toBe(complaint.id);
    expect((await own.session.request('POST', '/api/complaints', { channel: 'phone', type: 'other', severity: 'minor', customerId: complaint.customerId, account: 'x' })).statusCode).toBe(403);
    expect((await suite.tech.session.request('GET', '/api/complaints')).statusCode).toBe(403);
  });

  it('names the outlet’s person for an outlet responsibility (400 naming userId without one)', async () => {
    const { complaint } = await newComplaint({ type: 'charges' });
    const current = await investigate(complaint.id, 1);
    const missing = await sessions.supervisor.request('POST', `/api/complaints/${current.id}/responsibility`, { version: current.version, party: 'outlet', outletId: suite.outletId, findings: '网点多收费' });
    expect(fieldOf(missing)).toEqual(['userId']);
    const stranger = await buildUser(suite.t.app, { roles: ['outlet'], outletId: (await buildOutlet(suite.t.app)).id });
    expect(fieldOf(await sessions.supervisor.request('POST', `/api/complaints/${current.id}/responsibility`, { version: current.version, party: 'outlet', outletId: suite.outletId, userId: stranger.id, findings: '网点多收费' }))).toEqual(['userId']);
    const head = await buildUser(suite.t.app, { roles: ['outlet'], outletId: suite.outletId });
    const done = ok(await sessions.supervisor.request('POST', `/api/complaints/${current.id}/responsibility`, { version: current.version, party: 'outlet', outletId: suite.outletId, userId: head.id, findings: '网点多收费' }));
    expect(done.penaltyEntryIds).toHaveLength(1);
    expect(await entriesOf(head.id)).toEqual([expect.objectContaining({ rule_code: 'complaint_general', source_id: current.id })]);
  });

  it('counts by type, responsibility, outlet and month and exports them to Excel', async () => {
    const customer = await buildCustomer(suite.t.app);
    const technician = await buildTechnician(suite.t.app, suite.outletId);
    const created = ok(await sessions.agent.request('POST', '/api/complaints', { channel: 'wechat', type: 'product', severity: 'minor', customerId: customer.id, account: '产品质量问题', technicianId: technician.id }), 201);
    const stats = ok(await sessions.manager.request('GET', '/api/complaints/stats?from=2026-11&to=2026-11'));
    const [{ n }] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from complaints`);
    expect(stats.total).toBe(n);
    const [{ product }] = await queryRows<{ product: number }>(db(), sql`select count(*)::int as product from complaints where type = 'product'`);
    expect(stats.byType).toContainEqual({ key: 'product', count: product });
    expect(stats.byMonth).toEqual([{ key: '2026-11', count: n }]);
    expect(stats.byOutlet.find((row: { key: string }) => row.key === suite.outletId).count).toBeGreaterThan(0);
    const [{ tech }] = await queryRows<{ tech: number }>(db(), sql`select count(*)::int as tech from complaints where responsible_party = 'technician'`);
    expect(stats.byResponsibility).toContainEqual({ key: 'technician', count: tech });
    expect(stats.compensationFen).toBe(50_000);
    expect(ok(await sessions.manager.request('GET', '/api/complaints/stats?from=2026-12&to=2026-12')).total).toBe(0);
    const bad = await sessions.manager.request('GET', '/api/complaints/stats?from=2026-13&to=2026-11');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from');

    const file = await sessions.manager.request('GET', '/api/complaints/export.xlsx?from=2026-11&to=2026-11');
    expect(file.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('投诉')!;
    expect(sheet.rowCount).toBe(n + 1);
    const numbers = sheet.getColumn(1).values;
    expect(numbers).toContain(created.number);
    const row = sheet.getRow((numbers as unknown[]).indexOf(created.number));
    expect([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value, row.getCell(8).value]).toEqual(['微信', '产品', '轻微', expect.any(String)]);
    expect(workbook.getWorksheet('统计')!.getRow(1).values).toEqual([undefined, '维度', '项目', '件数']);
  });

  it('escalates a complaint not answered within 24 h, once', async () => {
    const { complaint } = await newComplaint({ type: 'other' });
    const app = suite.t.app;
    const before = await escalateOverdueComplaints(app.ctx, SYSTEM_ACTOR);
    expect((await queryRows<{ escalated_at: Date | null }>(db(), sql`select escalated_at from complaints where id = ${complaint.id}`))[0].escalated_at).toBeNull();
    void before;
    suite.clock.advance(25 * HOUR);
    await signInAgain();
    const run = await escalateOverdueComplaints(app.ctx, SYSTEM_ACTOR);
    expect(run.escalated).toBeGreaterThan(0);
    const detail = ok(await sessions.manager.request('GET', `/api/complaints/${complaint.id}`));
    expect(detail).toMatchObject({ isOverdue: true, escalationReason: 'response_overdue' });
    expect(detail.events.at(-1)).toMatchObject({ kind: 'escalated', data: { reason: 'response_overdue' } });
    expect((await escalateOverdueComplaints(app.ctx, SYSTEM_ACTOR)).escalated).toBe(0);
    expect(ok(await sessions.manager.request('GET', '/api/complaints?isOverdue=true')).items.map((item: { id: string }) => item.id)).toContain(complaint.id);
  });
});
