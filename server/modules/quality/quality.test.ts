import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { workOrders } from '../../db/schema';
import { newId } from '../../platform/ids';
import { buildDispatchedOrder, buildTechnician, fieldStep, pngDataUrl, useFieldSuite, type TestTechnician } from '../../test/field-factories';
import { buildOutlet, signIn, signInAs, type Session } from '../../test/harness';

const DAY = 86_400_000;

function expectOk(response: { statusCode: number; body: string; json: () => any }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

describe('quality', () => {
  const suite = useFieldSuite();
  const { clock } = suite;
  const db = () => suite.t.app.ctx.db;
  type Name = 'agent' | 'tech' | 'supervisor' | 'manager' | 'manager2' | 'otherOutlet';
  const sessions = {} as Record<Name, Session> & { manager2Id: string };
  const usernames = new Map<Name, string>();

  async function setup() {
    if (sessions.supervisor) return;
    const add = async (name: Name, user: { username: string }, session: Session) => {
      usernames.set(name, user.username);
      sessions[name] = session;
    };
    for (const [name, role] of [['agent', 'agent'], ['supervisor', 'supervisor'], ['manager', 'manager'], ['manager2', 'manager']] as const) {
      const { user, session } = await signInAs(suite.t.app, [role]);
      await add(name, user, session);
      if (name === 'manager2') sessions.manager2Id = user.id;
    }
    const other = await buildOutlet(suite.t.app);
    const outletUser = await signInAs(suite.t.app, ['outlet'], { outletId: other.id });
    await add('otherOutlet', outletUser.user, outletUser.session);
    const [tech] = await queryRows<{ username: string }>(db(), sql`select username from users where id = ${suite.tech.userId}`);
    await add('tech', tech, suite.tech.session);
  }

  /** Moves the fake clock on; sessions would expire, so everyone signs in again. */
  async function advanceDays(days: number) {
    clock.advance(days * DAY);
    for (const [name, username] of usernames) sessions[name] = await signIn(suite.t.app, username);
    suite.tech.session = sessions.tech;
  }

  /** Accept → on the way → arrived → start → report → signature: the order is in progress and ready to complete. */
  async function bringToWork(session: Session, workOrderId: string, workDone = '更换电容') {
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expectOk(await fieldStep(session, workOrderId, path));
    expectOk(await fieldStep(session, workOrderId, 'report', { workDone }));
    expectOk(await fieldStep(session, workOrderId, 'signature', { dataUrl: pngDataUrl(200) }));
  }

  const status = async (id: string) => (await queryRows<{ status: string }>(db(), sql`select status from work_orders where id = ${id}`))[0].status;
  const entriesOf = async (userId: string) => queryRows<{ rule_code: string; amount_fen: number; multiplier: number; status: string; source_key: string; appeal_text: string | null }>(db(), sql`select rule_code, amount_fen, multiplier, status, source_key, appeal_text from quality_ledger_entries where user_id = ${userId} order by proposed_at, id`);

  const checklist = {
    name: '空调维修自检',
    workType: 'repair',
    items: [
      { code: 'drain_ok', label: '排水通畅', kind: 'yes_no' },
      { code: 'outlet_temp', label: '制冷出风温度', kind: 'measure', unit: '℃', max: 12 },
      { code: 'tidy', label: '现场清洁', kind: 'yes_no', isRequired: false },
    ],
  };

  it('refuses a checklist with a bad item (range on a yes/no item, min above max) and stores nothing; outlets may not manage checklists', async () => {
    await setup();
    const bad = await sessions.supervisor.request('POST', '/api/quality/checklists', { ...checklist, items: [{ code: 'x', label: 'X', kind: 'measure', min: 5, max: 1 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toEqual(['items', 0, 'max']);
    const rangeOnYesNo = await sessions.supervisor.request('POST', '/api/quality/checklists', { ...checklist, items: [{ code: 'x', label: 'X', kind: 'yes_no', max: 1 }] });
    expect(rangeOnYesNo.statusCode).toBe(400);
    expect((await sessions.otherOutlet.request('POST', '/api/quality/checklists', checklist)).statusCode).toBe(403);
    expect((await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from quality_checklists`))[0].n).toBe(0);
    expect((await suite.t.app.inject({ method: 'GET', url: '/api/quality/checklists' })).statusCode).toBe(401);
  });

  let first: Awaited<ReturnType<typeof buildDispatchedOrder>>;

  it('blocks completion without the self-check and with a failed required item (naming it), completes after a passed one', async () => {
    await setup();
    expectOk(await sessions.supervisor.request('POST', '/api/quality/checklists', checklist), 201);
    first = await buildDispatchedOrder(suite.t.app, { agent: sessions.agent, outletId: suite.outletId, technician: suite.tech, withAsset: true });
    await bringToWork(suite.tech.session, first.id);

    const view = expectOk(await suite.tech.session.request('GET', `/api/m/work-orders/${first.id}/self-check`));
    expect(view.checklist.items.map((item: { code: string }) => item.code)).toEqual(['drain_ok', 'outlet_temp', 'tidy']);
    expect(view.selfCheck).toBeNull();

    const missing = await fieldStep(suite.tech.session, first.id, 'complete');
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.details[0].path).toEqual(['selfCheck']);
    expect(await status(first.id)).toBe('in_progress');

    // A value outside its item's type: 400 naming the answer, nothing stored.
    const wrongType = await suite.tech.session.request('POST', `/api/m/work-orders/${first.id}/self-check`, { answers: [{ code: 'drain_ok', value: 3 }] });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details[0].path).toEqual(['answers', 0, 'value']);
    const notNumber = await suite.tech.session.request('POST', `/api/m/work-orders/${first.id}/self-check`, { answers: [{ code: 'outlet_temp', value: 'cold' }] });
    expect(notNumber.statusCode).toBe(400);
    expect(notNumber.json().error.details[0].path).toEqual(['answers', 0, 'value']);
    const unknown = await suite.tech.session.request('POST', `/api/m/work-orders/${first.id}/self-check`, { answers: [{ code: 'nope', passed: true }] });
    expect(unknown.json().error.details[0].path).toEqual(['answers', 0, 'code']);
    expect((await queryRows(db(), sql`select 1 from quality_self_checks where work_order_id = ${first.id}`)).length).toBe(0);

    // Another technician may not do this order's self-check.
    const stranger = await buildTechnician(suite.t.app, suite.outletId);
    expect((await stranger.session.request('POST', `/api/m/work-orders/${first.id}/self-check`, { answers: [] })).statusCode).toBe(404);

    const failed = expectOk(await suite.tech.session.request('POST', `/api/m/work-orders/${first.id}/self-check`, { answers: [{ code: 'drain_ok', passed: true }, { code: 'outlet_temp', value: 15 }] }));
    expect(failed.selfCheck).toMatchObject({ isPassed: false, failedItems: ['outlet_temp'] });
    const refused = await fieldStep(suite.tech.session, first.id, 'complete');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toEqual([{ path: ['selfCheck', 'outlet_temp'], message: '制冷出风温度 未通过', code: 'self_check_failed' }]);
    expect(await status(first.id)).toBe('in_progress');

    const passed = expectOk(await suite.tech.session.request('POST', `/api/m/work-orders/${first.id}/self-check`, { answers: [{ code: 'drain_ok', passed: true }, { code: 'outlet_temp', value: 9.5 }] }));
    expect(passed.selfCheck).toMatchObject({ isPassed: true, failedItems: [] });
    expectOk(await fieldStep(suite.tech.session, first.id, 'complete'));
    expect(await status(first.id)).toBe('completed');
    const [visit] = await queryRows<Record<string, unknown>>(db(), sql`select fault_code, technician_id, outlet_id, inspection, is_first_visit, work_done from quality_visits where work_order_id = ${first.id}`);
    expect(visit).toMatchObject({ fault_code: 'no_cooling', technician_id: suite.tech.id, outlet_id: suite.outletId, inspection: 'not_required', is_first_visit: true, work_done: '更换电容' });
  });

  async function newTicketOnAsset(faultCategory: string) {
    const response = await sessions.agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: first.customerId, assetId: first.assetId, description: '又不制冷了', contactPhone: first.phone, faultCategory, allowDuplicate: true });
    return expectOk(response, 201).ticket as { id: string; number: string };
  }

  let second: { id: string; number: string };

  it('flags a repeat repair at intake 40 days later (same asset, same fault), counted on the first technician, and proposes the penalty once', async () => {
    expectOk(await sessions.manager.request('POST', '/api/quality/rules', { code: 'repeat_penalty', name: '返修扣款', kind: 'penalty', amountFen: 5000, points: 2, trigger: 'repeat_repair' }), 201);
    const badRule = await sessions.manager.request('POST', '/api/quality/rules', { code: 'zero', name: '零', kind: 'reward', trigger: 'praise' });
    expect(badRule.json().error.details[0].path).toEqual(['amountFen']);
    await advanceDays(40);

    const other = await newTicketOnAsset('noise');
    expect(expectOk(await sessions.supervisor.request('GET', `/api/quality/tickets/${other.id}/repeat`)).flag).toBeNull();

    second = await newTicketOnAsset('no_cooling');
    const { flag } = expectOk(await sessions.supervisor.request('GET', `/api/quality/tickets/${second.id}/repeat`));
    expect(flag).toMatchObject({ ticketNumber: second.number, earlierWorkOrderId: first.id, technicianId: suite.tech.id, outletId: suite.outletId, matchedBy: 'code', daysSince: 40, isCleared: false });
    expect(flag.summary).toBe(`返修：上次 2026-11-22 ${suite.tech.name} 更换电容`);

    const entries = await entriesOf(suite.tech.userId);
    expect(entries).toEqual([expect.objectContaining({ rule_code: 'repeat_penalty', amount_fen: 5000, multiplier: 1, status: 'proposed', source_key: `repeat_repair:${second.id}#repeat_penalty` })]);

    // The back-fill finds the same link: nothing new, still one entry.
    const backfill = expectOk(await sessions.supervisor.request('POST', '/api/quality/repeat-repairs/backfill', {}));
    expect(backfill).toMatchObject({ visitsRecorded: 0, linksCreated: 0 });
    expect(await entriesOf(suite.tech.userId)).toHaveLength(1);
    expect((await queryRows(db(), sql`select 1 from quality_repeat_links`)).length).toBe(1);

    // Another outlet sees nothing of it.
    expect(expectOk(await sessions.otherOutlet.request('GET', '/api/quality/repeat-repairs')).total).toBe(0);
    expect(expectOk(await sessions.supervisor.request('GET', '/api/quality/repeat-repairs')).total).toBe(1);
  });

  it('the manager approves; nobody decides their own entry; the same kind again within 90 days doubles the proposal', async () => {
    const [entry] = expectOk(await sessions.manager.request('GET', `/api/quality/ledger?userId=${suite.tech.userId}`)).items;
    const approved = expectOk(await sessions.manager.request('POST', `/api/quality/ledger/${entry.id}/decision`, { action: 'approve' }));
    expect(approved).toMatchObject({ status: 'approved', amountFen: 5000, decidedBy: expect.any(String) });
    const again = await sessions.manager.request('POST', `/api/quality/ledger/${entry.id}/decision`, { action: 'reject', reason: '改主意' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].path).toEqual(['status']);

    // An entry about the second manager, proposed by the supervisor: that manager may not decide it.
    const own = expectOk(await sessions.supervisor.request('POST', '/api/quality/ledger', { ruleCode: 'repeat_penalty', userId: sessions.manager2Id, reason: '抽查' }), 201);
    const selfApproval = await sessions.manager2.request('POST', `/api/quality/ledger/${own.id}/decision`, { action: 'approve' });
    expect(selfApproval.statusCode).toBe(403);
    expect(selfApproval.json().error.details[0].path).toEqual(['userId']);
    expect((await entriesOf(sessions.manager2Id))[0].status).toBe('proposed');
    // A change needs a reason.
    const noReason = await sessions.manager.request('POST', `/api/quality/ledger/${own.id}/decision`, { action: 'change', amountFen: 100 });
    expect(noReason.json().error.details[0].path).toEqual(['reason']);

    await advanceDays(10);
    const third = await newTicketOnAsset('no_cooling');
    const entries = await entriesOf(suite.tech.userId);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ amount_fen: 10000, multiplier: 2, status: 'proposed', source_key: `repeat_repair:${third.id}#repeat_penalty` });
  });

  it('the person appeals once; others may not; outlet staff propose only within their outlet; technicians see only their own entries', async () => {
    const mine = expectOk(await suite.tech.session.request('GET', '/api/m/ledger'));
    expect(mine.items).toHaveLength(2);
    const proposed = mine.items.find((item: { status: string }) => item.status === 'proposed');
    expect(proposed.amountFen).toBe(10000);

    expect((await sessions.otherOutlet.request('POST', `/api/quality/ledger/${proposed.id}/appeal`, { text: '不是我' })).statusCode).toBe(404);
    const appealed = expectOk(await suite.tech.session.request('POST', `/api/quality/ledger/${proposed.id}/appeal`, { text: '客户使用不当，非维修质量问题' }));
    expect(appealed.appealText).toBe('客户使用不当，非维修质量问题');
    const twice = await suite.tech.session.request('POST', `/api/quality/ledger/${proposed.id}/appeal`, { text: '再申诉' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0].path).toEqual(['appeal']);
    expect((await entriesOf(suite.tech.userId))[1].appeal_text).toBe('客户使用不当，非维修质量问题');
    // An approved entry is final: no appeal.
    const approved = mine.items.find((item: { status: string }) => item.status === 'approved');
    expect((await suite.tech.session.request('POST', `/api/quality/ledger/${approved.id}/appeal`, { text: '申诉' })).json().error.details[0].path).toEqual(['status']);

    // Technicians read only their own entries, even on the desktop list.
    expect(expectOk(await suite.tech.session.request('GET', '/api/quality/ledger')).total).toBe(2);
    expect(expectOk(await sessions.otherOutlet.request('GET', '/api/quality/ledger')).total).toBe(0);

    const outside = await sessions.otherOutlet.request('POST', '/api/quality/ledger', { ruleCode: 'repeat_penalty', userId: suite.tech.userId, reason: '越权' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.details[0].path).toEqual(['userId']);
    expect((await suite.tech.session.request('POST', '/api/quality/ledger', { ruleCode: 'repeat_penalty', userId: suite.tech.userId, reason: 'x' })).statusCode).toBe(403);
    expect(await entriesOf(suite.tech.userId)).toHaveLength(2);
  });

  it('a supervisor clears a false flag with a reason; the proposed entry is withdrawn, the approved one stays', async () => {
    const { items } = expectOk(await sessions.supervisor.request('GET', '/api/quality/repeat-repairs'));
    const latest = items[0];
    expect((await sessions.supervisor.request('POST', `/api/quality/repeat-repairs/${latest.id}/clear`, { reason: '' })).statusCode).toBe(400);
    const cleared = expectOk(await sessions.supervisor.request('POST', `/api/quality/repeat-repairs/${latest.id}/clear`, { reason: '客户误操作，非同一故障' }));
    expect(cleared).toMatchObject({ isCleared: true, clearReason: '客户误操作，非同一故障' });
    expect((await sessions.supervisor.request('POST', `/api/quality/repeat-repairs/${latest.id}/clear`, { reason: '再次' })).statusCode).toBe(409);
    expect((await entriesOf(suite.tech.userId)).map((entry) => entry.status)).toEqual(['approved', 'rejected']);
    expect(expectOk(await sessions.supervisor.request('GET', '/api/quality/repeat-repairs')).total).toBe(1);
    expect(expectOk(await sessions.supervisor.request('GET', '/api/quality/repeat-repairs?status=cleared')).total).toBe(1);
  });

  /** A further visit of the same ticket, dispatched to the technician (as dispatch would after the workshop). */
  async function insertOrderForTicket(order: typeof first, technician: TestTechnician) {
    const id = newId();
    const now = clock.now();
    await db().insert(workOrders).values({
      id, number: `PD-Q-${id.slice(0, 8)}`, ticketId: order.ticketId, customerId: order.customerId, assetId: order.assetId, type: 'repair', status: 'dispatched', priority: 'normal', requiredGrade: 'junior', estimatedMinutes: 60,
      windowStart: now, windowEnd: new Date(now.getTime() + 7_200_000), serviceDate: '2027-01-11', address: '上海市浦东新区张江路 100 号', outletId: suite.outletId, technicianId: technician.id, assignedUserId: technician.userId, dispatchMode: 'manual', dispatchedAt: now, createdAt: now, updatedAt: now,
    });
    return id;
  }

  it('a workshop repair waits for final inspection; a failure sends it back as rework (reason, technician), the self-check is due again, then it passes', async () => {
    const order = await buildDispatchedOrder(suite.t.app, { agent: sessions.agent, outletId: suite.outletId, technician: suite.tech, withAsset: true });
    for (const path of ['accept', 'on-the-way', 'arrived']) expectOk(await fieldStep(suite.tech.session, order.id, path));
    expectOk(await fieldStep(suite.tech.session, order.id, 'not-completed', { reason: 'workshop', unitDescription: '室内机主板' }));
    const delivery = await insertOrderForTicket(order, suite.tech);
    await bringToWork(suite.tech.session, delivery, '更换主板');
    expectOk(await suite.tech.session.request('POST', `/api/m/work-orders/${delivery}/self-check`, { answers: [{ code: 'drain_ok', passed: true }, { code: 'outlet_temp', value: 10 }] }));
    expectOk(await fieldStep(suite.tech.session, delivery, 'complete'));

    const queue = expectOk(await sessions.supervisor.request('GET', '/api/quality/visits?inspection=pending'));
    expect(queue.items.map((item: { workOrderId: string }) => item.workOrderId)).toEqual([delivery]);
    expect(queue.items[0]).toMatchObject({ isWorkshop: true, technicianName: suite.tech.name });
    expect(expectOk(await sessions.otherOutlet.request('GET', '/api/quality/visits?inspection=pending')).total).toBe(0);
    expect((await sessions.otherOutlet.request('POST', `/api/quality/visits/${delivery}/inspection`, { result: 'passed' })).statusCode).toBe(403);

    const noReason = await sessions.supervisor.request('POST', `/api/quality/visits/${delivery}/inspection`, { result: 'failed' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toEqual(['reason']);
    expectOk(await sessions.manager.request('POST', '/api/quality/rules', { code: 'rework_penalty', name: '返工扣分', kind: 'penalty', points: 5, trigger: 'rework' }), 201);
    const failed = expectOk(await sessions.supervisor.request('POST', `/api/quality/visits/${delivery}/inspection`, { result: 'failed', reason: '外壳卡扣未装好' }));
    expect(failed).toMatchObject({ inspection: 'failed', reworkCount: 1, lastReworkReason: '外壳卡扣未装好' });
    expect(await status(delivery)).toBe('in_progress');
    const [rework] = await queryRows<Record<string, unknown>>(db(), sql`select reason, technician_id, is_order_reopened from quality_rework where work_order_id = ${delivery}`);
    expect(rework).toEqual({ reason: '外壳卡扣未装好', technician_id: suite.tech.id, is_order_reopened: true });
    expect((await entriesOf(suite.tech.userId)).filter((entry) => entry.rule_code === 'rework_penalty')).toHaveLength(1);
    expect((await sessions.supervisor.request('POST', `/api/quality/visits/${delivery}/inspection`, { result: 'passed' })).statusCode).toBe(409);

    const stale = await fieldStep(suite.tech.session, delivery, 'complete');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0].path).toEqual(['selfCheck']);
    expectOk(await suite.tech.session.request('POST', `/api/m/work-orders/${delivery}/self-check`, { answers: [{ code: 'drain_ok', passed: true }, { code: 'outlet_temp', value: 10 }] }));
    expectOk(await fieldStep(suite.tech.session, delivery, 'complete'));
    expect(expectOk(await sessions.supervisor.request('GET', '/api/quality/visits?inspection=pending')).items[0]).toMatchObject({ workOrderId: delivery, reworkCount: 1 });
    expect(expectOk(await sessions.supervisor.request('POST', `/api/quality/visits/${delivery}/inspection`, { result: 'passed' }))).toMatchObject({ inspection: 'passed', reworkCount: 1 });
    const [{ is_first_visit }] = await queryRows<{ is_first_visit: boolean }>(db(), sql`select is_first_visit from quality_visits where work_order_id = ${delivery}`);
    expect(is_first_visit).toBe(false);
  });
});
