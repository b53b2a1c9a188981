import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { deliverDomainEvents } from '../../platform/event-outbox';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { FollowupOutcomeRecorded, seam, type FollowupOutcomePayload } from '../../platform/seam';
import { buildDispatchedOrder, buildTechnician, fieldStep, pngDataUrl, useFieldSuite, type TestTechnician } from '../../test/field-factories';
import { signInAs, type Session } from '../../test/harness';
import { scanClocks } from '../sla';
import { isTopRated, responsibleVisitForBreach } from './triggers.service';

const DAY = 86_400_000;

function expectOk(response: { statusCode: number; body: string; json: () => any }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

describe('responsibleVisitForBreach (whose late visit breached the clock)', () => {
  const due = new Date('2026-11-25T02:00:00Z');
  const before = new Date('2026-11-23T02:00:00Z');
  const after = new Date('2026-11-26T02:00:00Z');
  const visit = (overrides: Record<string, unknown> = {}) => ({
    id: 'a',
    status: 'assigned',
    technicianId: 't1',
    assignedUserId: 'u1',
    dispatchedAt: before,
    windowStart: before,
    arrivedAt: null as Date | null,
    finishedAt: null as Date | null,
    ...overrides,
  }) as Parameters<typeof responsibleVisitForBreach>[2][number];

  it('never blames a technician for the response clock', () => {
    expect(responsibleVisitForBreach('response', due, [visit()])).toBeNull();
  });

  it('blames the technician who held the visit by the due time and had not arrived (on-site) or finished (resolution)', () => {
    expect(responsibleVisitForBreach('onsite', due, [visit()])?.id).toBe('a');
    expect(responsibleVisitForBreach('onsite', due, [visit({ status: 'in_progress', arrivedAt: after })])?.id).toBe('a');
    expect(responsibleVisitForBreach('onsite', due, [visit({ status: 'in_progress', arrivedAt: before })])).toBeNull();
    expect(responsibleVisitForBreach('resolution', due, [visit({ status: 'in_progress', arrivedAt: before })])?.id).toBe('a');
    expect(responsibleVisitForBreach('resolution', due, [visit({ status: 'completed', arrivedAt: before, finishedAt: before })])).toBeNull();
    expect(responsibleVisitForBreach('resolution', due, [visit({ status: 'completed', arrivedAt: before, finishedAt: after })])?.id).toBe('a');
  });

  it('blames nobody for a late dispatch, an appointment after the due time, no technician, or a visit waiting, cancelled or not completed', () => {
    expect(responsibleVisitForBreach('onsite', due, [visit({ dispatchedAt: after })])).toBeNull();
    expect(responsibleVisitForBreach('onsite', due, [visit({ windowStart: after })])).toBeNull();
    expect(responsibleVisitForBreach('onsite', due, [visit({ technicianId: null, assignedUserId: null })])).toBeNull();
    for (const status of ['waiting', 'cancelled', 'not_completed']) expect(responsibleVisitForBreach('onsite', due, [visit({ status })])).toBeNull();
  });

  it('takes the newest visit the ticket had by the due time', () => {
    const older = visit({ id: 'old', status: 'not_completed', dispatchedAt: new Date('2026-11-22T02:00:00Z') });
    const newer = visit({ id: 'new', dispatchedAt: before });
    const other = visit({ id: 'other', assignedUserId: 'u2', dispatchedAt: new Date('2026-11-22T06:00:00Z') });
    expect(responsibleVisitForBreach('onsite', due, [other, older, newer])?.id).toBe('new');
  });
});

describe('isTopRated (a follow-up praise by its ratings)', () => {
  it('needs every rating at 5 and no dissatisfaction', () => {
    expect(isTopRated({ overall: 5, attitude: 5, skill: 5, timeliness: 5, categories: [] })).toBe(true);
    expect(isTopRated({ overall: 5, attitude: 5, skill: 5, timeliness: 4, categories: [] })).toBe(false);
    expect(isTopRated({ overall: 5, attitude: 5, skill: 5, timeliness: 5, categories: ['乱收费'] })).toBe(false);
  });
});

describe('ledger triggers: first-time fix streak, praise, SLA breach', () => {
  const suite = useFieldSuite(); // fixed clock: Sun 2026-11-22 10:00 Shanghai
  const { clock } = suite;
  const db = () => suite.t.app.ctx.db;
  let manager: Session;
  let streaker: TestTechnician;

  type Entry = { id: string; rule_code: string; amount_fen: number; multiplier: number; status: string; source_key: string; reason: string; decision_reason: string | null; technician_id: string | null; outlet_id: string | null };
  const entries = async (userId: string, sourceType: string) =>
    queryRows<Entry>(db(), sql`select id, rule_code, amount_fen, multiplier, status, source_key, reason, decision_reason, technician_id, outlet_id from quality_ledger_entries where user_id = ${userId} and source_type = ${sourceType} order by proposed_at, source_key`);

  async function setup() {
    if (manager) return;
    manager = (await signInAs(suite.t.app, ['manager'])).session;
    streaker = await buildTechnician(suite.t.app, suite.outletId);
  }

  /** The phone's whole visit: accept … signature, complete — ten minutes after the one before. */
  async function completeVisit(technician: TestTechnician, options: { type?: 'installation' } = {}) {
    clock.advance(10 * 60_000);
    const order = await buildDispatchedOrder(suite.t.app, { agent: suite.agent, outletId: suite.outletId, technician, withAsset: true });
    if (options.type) await db().execute(sql`update work_orders set type = ${options.type} where id = ${order.id}`);
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expectOk(await fieldStep(technician.session, order.id, path));
    expectOk(await fieldStep(technician.session, order.id, 'report', { workDone: '更换电容' }));
    expectOk(await fieldStep(technician.session, order.id, 'signature', { dataUrl: pngDataUrl(200) }));
    expectOk(await fieldStep(technician.session, order.id, 'complete'));
    return order;
  }

  const visits: Awaited<ReturnType<typeof completeVisit>>[] = [];

  it('proposes a first-time fix streak reward at the N-th consecutive first-time fix (N from the settings), not before, and not again for the same visits', async () => {
    await setup();
    const { version } = expectOk(await manager.request('GET', '/api/quality/settings'));
    expectOk(await manager.request('PATCH', '/api/quality/settings', { firstTimeFixStreak: 3, version }));
    expectOk(await manager.request('POST', '/api/quality/rules', { code: 'streak_bonus', name: '连续一次修复奖', kind: 'reward', amountFen: 10_000, points: 3, trigger: 'first_time_fix_streak', repeatMultiplier: 1 }), 201);

    for (let i = 0; i < 2; i += 1) visits.push(await completeVisit(streaker));
    expect(await entries(streaker.userId, 'first_time_fix_streak')).toEqual([]);
    visits.push(await completeVisit(streaker));
    const [first] = await entries(streaker.userId, 'first_time_fix_streak');
    expect(first).toMatchObject({ rule_code: 'streak_bonus', amount_fen: 10_000, multiplier: 1, status: 'proposed', source_key: `first_time_fix_streak:${visits[2].id}:3#streak_bonus`, technician_id: streaker.id, outlet_id: suite.outletId });
    expect(first.reason).toBe(`连续 3 次一次修复（${visits[0].number} 至 ${visits[2].number}）`);
    expectOk(await manager.request('POST', `/api/quality/ledger/${first.id}/decision`, { action: 'approve' }));

    // The 4th and 5th visits overlap the rewarded run: nothing; the 6th ends the next run of 3.
    for (let i = 0; i < 2; i += 1) visits.push(await completeVisit(streaker));
    expect(await entries(streaker.userId, 'first_time_fix_streak')).toHaveLength(1);
    visits.push(await completeVisit(streaker));
    const second = (await entries(streaker.userId, 'first_time_fix_streak'))[1];
    expect(second).toMatchObject({ status: 'proposed', source_key: `first_time_fix_streak:${visits[5].id}:3#streak_bonus` });
    // The suite's other technician has no streak of his.
    expect(await entries(suite.tech.userId, 'first_time_fix_streak')).toEqual([]);
  });

  it('a repeat repair of a visit in a proposed streak withdraws that streak; the approved one stays; the repeated visit breaks the run', async () => {
    const repeated = visits[4];
    const ticket = await suite.agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: repeated.customerId, assetId: repeated.assetId, description: '又不制冷了', contactPhone: repeated.phone, faultCategory: 'no_cooling', allowDuplicate: true });
    expectOk(ticket, 201);
    const [first, second] = await entries(streaker.userId, 'first_time_fix_streak');
    expect(first.status).toBe('approved');
    expect(second.status).toBe('rejected');
    expect(second.decision_reason).toContain('连续一次修复已中断：返修：上次 2026-11-22');
    const audits = await queryRows<{ action: string }>(db(), sql`select action from audit_log where entity = 'quality_ledger_entry' and entity_id = ${second.id} order by at`);
    expect(audits.map((row) => row.action)).toEqual(['proposed', 'withdrawn']);
    // The 7th visit: the newest three hold the repeated 5th — no streak.
    visits.push(await completeVisit(streaker));
    expect(await entries(streaker.userId, 'first_time_fix_streak')).toHaveLength(2);
  });

  /** Publishes a follow-up outcome through the seam, as followups' recordOutcome will (server/wiring.ts hears it). */
  async function publishOutcome(payload: Partial<FollowupOutcomePayload> & { workOrderId: string }) {
    const full: FollowupOutcomePayload = { taskId: crypto.randomUUID(), round: 1, overall: 5, attitude: 5, skill: 5, timeliness: 5, categories: [], comment: null, ...payload };
    await db().transaction((tx) => seam.publishEvent(tx, FollowupOutcomeRecorded, full, { actor: SYSTEM_ACTOR, now: clock.now() }));
  }

  it('a follow-up with every rating at 5 and no complaint, or a recorded praise, proposes a praise reward for the visit’s technician, once per visit', async () => {
    expect(seam.describe().events['followup.outcomeRecorded']).toEqual(['quality.praise']);
    // Without a praise rule nothing is proposed.
    await publishOutcome({ workOrderId: visits[0].id });
    expect(await entries(streaker.userId, 'praise')).toEqual([]);
    expectOk(await manager.request('POST', '/api/quality/rules', { code: 'praise_bonus', name: '客户表扬奖', kind: 'reward', amountFen: 5_000, trigger: 'praise', repeatMultiplier: 1 }), 201);

    await publishOutcome({ workOrderId: visits[1].id, timeliness: 4 });
    await publishOutcome({ workOrderId: visits[1].id, categories: ['服务态度'] });
    expect(await entries(streaker.userId, 'praise')).toEqual([]);

    await publishOutcome({ workOrderId: visits[1].id });
    await publishOutcome({ workOrderId: visits[1].id, round: 2 });
    await publishOutcome({ workOrderId: visits[2].id, overall: 4, attitude: 4, skill: 4, timeliness: 3, isPraise: true, comment: '师傅很耐心' });
    const praised = (await entries(streaker.userId, 'praise')).sort((a, b) => (a.reason < b.reason ? -1 : 1)); // by code point: 回访满分 before 客户表扬
    expect(praised.map((entry) => [entry.source_key, entry.amount_fen, entry.status, entry.reason])).toEqual([
      [`praise:${visits[1].id}#praise_bonus`, 5_000, 'proposed', `回访满分（总体、态度、技能、及时均 5 分）（${visits[1].number}）`],
      [`praise:${visits[2].id}#praise_bonus`, 5_000, 'proposed', `客户表扬：师傅很耐心（${visits[2].number}）`],
    ]);
    // A work order quality never saw completed proposes nothing.
    await publishOutcome({ workOrderId: crypto.randomUUID() });
    expect(await entries(streaker.userId, 'praise')).toHaveLength(2);
  });

  it('a failed final inspection (rework) of a visit in a proposed streak withdraws it', async () => {
    const installer = await buildTechnician(suite.t.app, suite.outletId);
    const supervisor = (await signInAs(suite.t.app, ['supervisor'])).session;
    const { version } = expectOk(await manager.request('GET', '/api/quality/settings'));
    expectOk(await manager.request('PATCH', '/api/quality/settings', { inspectInstallations: true, version }));
    const installs: Awaited<ReturnType<typeof completeVisit>>[] = [];
    for (let i = 0; i < 3; i += 1) installs.push(await completeVisit(installer, { type: 'installation' }));
    const [streak] = await entries(installer.userId, 'first_time_fix_streak');
    expect(streak).toMatchObject({ status: 'proposed', source_key: `first_time_fix_streak:${installs[2].id}:3#streak_bonus` });
    expectOk(await supervisor.request('POST', `/api/quality/visits/${installs[1].id}/inspection`, { result: 'failed', reason: '排水管漏水' }));
    const [after] = await entries(installer.userId, 'first_time_fix_streak');
    expect(after.status).toBe('rejected');
    expect(after.decision_reason).toBe(`连续一次修复已中断：终检返工 ${installs[1].number}：排水管漏水`);
  });

  it('an SLA breach of a visit the technician held proposes one sla_breach penalty for him after the scan commits; a late dispatch blames no technician', async () => {
    expectOk(await manager.request('POST', '/api/quality/rules', { code: 'sla_late', name: '技师原因超时', kind: 'penalty', amountFen: 2_000, trigger: 'sla_breach' }), 201);
    const held = await buildDispatchedOrder(suite.t.app, { agent: suite.agent, outletId: suite.outletId, technician: suite.tech });
    const late = await buildDispatchedOrder(suite.t.app, { agent: suite.agent, outletId: suite.outletId, technician: streaker });
    // The late one reached its technician 11 days after registration (past the on-site and the resolution due times).
    await db().execute(sql`update work_orders set dispatched_at = ${new Date(clock.now().getTime() + 11 * DAY).toISOString()}::timestamptz where id = ${late.id}`);
    const events = async (ticketId: string) => (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from domain_event_outbox where event = 'sla.clockBreached' and payload->>'ticketId' = ${ticketId}`))[0].n;

    clock.advance(12 * DAY);
    await scanClocks(suite.t.app.ctx);
    // On site and resolution breached (the response clock was met at triage): one event each.
    expect(await events(held.ticketId)).toBe(2);
    expect(await events(late.ticketId)).toBe(2);
    expect(await entries(suite.tech.userId, 'sla_breach')).toEqual([]); // after commit, not in the scan
    await deliverDomainEvents(db(), clock, seam);
    await deliverDomainEvents(db(), clock, seam);

    const penalties = await entries(suite.tech.userId, 'sla_breach');
    expect(penalties).toEqual([expect.objectContaining({ rule_code: 'sla_late', amount_fen: 2_000, multiplier: 1, status: 'proposed', source_key: `sla_breach:${held.ticketId}:${suite.tech.userId}#sla_late`, technician_id: suite.tech.id })]);
    expect(penalties[0].reason).toMatch(new RegExp(`^上门时限超时（到期 2026-11-2\\d \\d\\d:\\d\\d），派工单 ${held.number}$`));
    expect(await entries(streaker.userId, 'sla_breach')).toEqual([]);

    // The next scan reports nothing again.
    clock.advance(60_000);
    await scanClocks(suite.t.app.ctx);
    expect(await events(held.ticketId)).toBe(2);
  });
});
