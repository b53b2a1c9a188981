import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PENDING_STATUSES, TICKET_STATUSES, TICKET_TRANSITIONS, type TicketStatus } from '../../../contracts/tickets';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { buildOutlet, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildAsset, buildCustomer, buildModel, uniqueMobile } from '../../test/archive-factories';

/** A minimal assessment (the triage record) that moves an accepted ticket to assessed. */
const ASSESSMENT = { faultClass: 'performance', faultCode: 'other', impact: 'low', urgency: 'normal' };

describe('ticket intake', () => {
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  let t: TestApp;
  let agent: Session;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    agent = (await signInAs(t.app, ['agent'])).session;
  });
  afterAll(() => t.close());

  it('registers a hotline request: readable number, accepted, promised feedback in 24 service hours (9:00–22:00), timeline and audit', async () => {
    const customer = await buildCustomer(t.app);
    const response = await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description: '空调不制冷', urgency: 'high' });
    expect(response.statusCode).toBe(201);
    const { ticket, isExisting } = response.json();
    expect(isExisting).toBe(false);
    expect(ticket.number).toMatch(/^SH20261122-\d{4}$/);
    expect(ticket).toMatchObject({ status: 'accepted', address: '上海市浦东新区张江路 100 号', promisedFeedbackAt: '2026-11-23T13:00:00.000Z' }); // Sun 10:00–22:00 (12 h) + Mon 09:00–21:00 (12 h)
    expect(ticket.events.map((e: { kind: string; toStatus: string }) => `${e.kind}:${e.toStatus}`)).toEqual(['created:new', 'status_changed:accepted']);
    const audit = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity = 'ticket' and entity_id = ${ticket.id}`);
    expect(audit).toEqual([{ action: 'created' }]);
  });

  it('numbers follow the Asia/Shanghai business date and restart each day', async () => {
    const customer = await buildCustomer(t.app);
    clock.set('2026-11-22T16:30:00Z'); // 00:30 on the 23rd in Shanghai
    const agent = (await signInAs(t.app, ['agent'])).session;
    const first = (await agent.request('POST', '/api/tickets', { type: 'consultation', channel: 'email', customerId: customer.id, description: '咨询保养' })).json().ticket;
    const second = (await agent.request('POST', '/api/tickets', { type: 'installation', channel: 'email', customerId: customer.id, description: '安装' })).json().ticket;
    expect(first.number).toBe('SH20261123-0001');
    expect(second.number).toBe('SH20261123-0002');
    expect(first.status).toBe('new');
    clock.set('2026-11-22T02:00:00Z');
  });

  it('registers a new caller inline, or finds them by phone', async () => {
    const phone = uniqueMobile();
    const body = { type: 'installation', channel: 'hotline', newCustomer: { name: '新来电客户', phone, address: { provinceCode: '440000', cityCode: '440300', districtCode: '440305', detail: '科技南十二路 18 号' } }, description: '新机安装' };
    const first = (await agent.request('POST', '/api/tickets', body)).json().ticket;
    expect(first.address).toBe('广东省深圳市南山区科技南十二路 18 号');
    const second = (await agent.request('POST', '/api/tickets', { ...body, type: 'maintenance', description: '顺便保养' })).json().ticket;
    expect(second.customerId).toBe(first.customerId);
  });

  it('an Idempotency-Key retry returns the same ticket; the same key with another body is a 409', async () => {
    const customer = await buildCustomer(t.app);
    const body = { type: 'repair', channel: 'online', customerId: customer.id, description: '洗衣机漏水' };
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await agent.request('POST', '/api/tickets', body, headers);
    const retry = await agent.request('POST', '/api/tickets', body, headers);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ isExisting: true, reason: 'idempotent_retry', ticket: { id: first.json().ticket.id } });
    const other = await agent.request('POST', '/api/tickets', { ...body, description: '别的' }, headers);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.details[0].path).toEqual(['Idempotency-Key']);
    const count = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from tickets where customer_id = ${customer.id}`);
    expect(count[0].n).toBe(1);
  });

  it('warns an agent about an open duplicate within 24 hours; an API caller gets the existing ticket', async () => {
    const { model } = await buildModel(t.app);
    const customer = await buildCustomer(t.app);
    const asset = await buildAsset(t.app, { customerId: customer.id, modelId: model.id });
    const body = { type: 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '热水器不点火' };
    const first = (await agent.request('POST', '/api/tickets', body)).json().ticket;
    const again = await agent.request('POST', '/api/tickets', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0]).toMatchObject({ code: 'duplicate_ticket', message: first.number });

    const admin = (await signInAs(t.app, ['admin'])).session;
    const secret = (await admin.request('POST', '/api/tokens', { name: '电商平台', permissions: ['tickets.create'] })).json().secret;
    const viaApi = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: { authorization: `Bearer ${secret}` }, payload: { ...body, channel: 'api' } });
    expect(viaApi.statusCode).toBe(200);
    expect(viaApi.json()).toMatchObject({ isExisting: true, reason: 'duplicate_open_ticket', ticket: { id: first.id } });

    const forced = await agent.request('POST', '/api/tickets', { ...body, allowDuplicate: true });
    expect(forced.statusCode).toBe(201);
    clock.advance(25 * 3_600_000);
    const nextDayAgent = (await signInAs(t.app, ['agent'])).session;
    const later = await nextDayAgent.request('POST', '/api/tickets', body);
    expect(later.statusCode).toBe(201);
    clock.set('2026-11-22T02:00:00Z');
  });

  it('rejects an asset of another customer, a missing customer and an inverted time window, naming the field', async () => {
    const { model } = await buildModel(t.app);
    const owner = await buildCustomer(t.app);
    const other = await buildCustomer(t.app);
    const asset = await buildAsset(t.app, { customerId: owner.id, modelId: model.id });
    const wrongAsset = await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: other.id, assetId: asset.id, description: 'x' });
    expect(wrongAsset.json().error.details[0].path).toEqual(['assetId']);
    const neither = await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', description: 'x' });
    expect(neither.json().error.details[0].path).toEqual(['customerId']);
    const window = await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: owner.id, description: 'x', preferredFrom: '2026-11-24T06:00:00Z', preferredTo: '2026-11-24T02:00:00Z' });
    expect(window.json().error.details[0].path).toEqual(['preferredTo']);
  });
});

describe('ticket state machine', () => {
  let t: TestApp;
  let agent: Session;
  let customerId: string;
  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-11-22T02:00:00Z') });
    agent = (await signInAs(t.app, ['agent'])).session;
    customerId = (await buildCustomer(t.app)).id;
  });
  afterAll(() => t.close());

  /** A path of allowed transitions from `new` to every state (breadth first). */
  function pathsFromNew(): Map<TicketStatus, { path: TicketStatus[]; pausedFrom: TicketStatus | null }> {
    const paths = new Map<TicketStatus, { path: TicketStatus[]; pausedFrom: TicketStatus | null }>([['new', { path: [], pausedFrom: null }]]);
    const queue: TicketStatus[] = ['new'];
    while (queue.length) {
      const from = queue.shift()!;
      const current = paths.get(from)!;
      const options = PENDING_STATUSES.includes(from) ? TICKET_TRANSITIONS[from].filter((to) => to === 'cancelled' || to === current.pausedFrom) : TICKET_TRANSITIONS[from];
      for (const to of options) {
        if (paths.has(to)) continue;
        paths.set(to, { path: [...current.path, to], pausedFrom: PENDING_STATUSES.includes(to) ? from : null });
        queue.push(to);
      }
    }
    return paths;
  }

  async function ticketIn(status: TicketStatus, path: TicketStatus[]): Promise<string> {
    const ticket = (await agent.request('POST', '/api/tickets', { type: 'consultation', channel: 'email', customerId, description: `to ${status}`, allowDuplicate: true })).json().ticket;
    let from: TicketStatus = ticket.status;
    for (const to of path) {
      // An accepted ticket becomes assessed by recording the assessment, not by a plain transition.
      const response =
        from === 'accepted' && to === 'assessed'
          ? await agent.request('PUT', `/api/tickets/${ticket.id}/assessment`, ASSESSMENT)
          : await agent.request('POST', `/api/tickets/${ticket.id}/transitions`, { to });
      from = to;
      if (response.statusCode !== 200) throw new Error(`path to ${status}: ${to} failed: ${response.body}`);
    }
    return ticket.id;
  }

  it('every state is reachable from new', () => {
    expect([...pathsFromNew().keys()].sort()).toEqual([...TICKET_STATUSES].sort());
  });

  it('allows exactly the transitions of the table, for every pair of states', async () => {
    const paths = pathsFromNew();
    const outcomes: string[] = [];
    for (const from of TICKET_STATUSES) {
      const { path, pausedFrom } = paths.get(from)!;
      for (const to of TICKET_STATUSES) {
        const id = await ticketIn(from, path);
        const response = await agent.request('POST', `/api/tickets/${id}/transitions`, { to });
        const isInTable = TICKET_TRANSITIONS[from].includes(to) && (!PENDING_STATUSES.includes(from) || to === 'cancelled' || to === pausedFrom);
        // The table allows accepted → assessed, but only with the assessment recorded (none on this path).
        const isAssessmentMissing = from === 'accepted' && to === 'assessed';
        const isExpected = isInTable && !isAssessmentMissing;
        if ((response.statusCode === 200) !== isExpected) outcomes.push(`${from} → ${to}: ${response.statusCode}`);
        if (!isExpected) expect(response.json().error.details[0].code).toBe(isAssessmentMissing ? 'assessment_required' : 'invalid_transition');
      }
    }
    expect(outcomes).toEqual([]);
  }, 240_000);

  it('an accepted ticket becomes assessed only with the assessment recorded', async () => {
    const id = await ticketIn('accepted', ['accepted']);
    const before = (await agent.request('GET', `/api/tickets/${id}`)).json();
    expect(before.allowedTransitions).toEqual(['waiting_customer', 'cancelled']);
    const refused = await agent.request('POST', `/api/tickets/${id}/transitions`, { to: 'assessed' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details[0]).toMatchObject({ path: ['assessment'], code: 'assessment_required' });
    const unchanged = (await agent.request('GET', `/api/tickets/${id}`)).json();
    expect(unchanged.status).toBe('accepted');
    expect(unchanged.events).toHaveLength(before.events.length);
    const assessed = (await agent.request('PUT', `/api/tickets/${id}/assessment`, ASSESSMENT)).json();
    expect(assessed).toMatchObject({ status: 'assessed', assessment: { faultCode: 'other' } });
    expect(assessed.allowedTransitions).toContain('dispatched');
  });

  it('a pending ticket returns only to the state it paused, with the pause on the timeline', async () => {
    const id = await ticketIn('assessed', ['accepted', 'assessed']);
    await agent.request('POST', `/api/tickets/${id}/transitions`, { to: 'waiting_parts', note: '等压缩机到货' });
    const paused = (await agent.request('GET', `/api/tickets/${id}`)).json();
    expect(paused).toMatchObject({ status: 'waiting_parts', pausedFromStatus: 'assessed', allowedTransitions: ['assessed', 'cancelled'] });
    expect((await agent.request('POST', `/api/tickets/${id}/transitions`, { to: 'in_progress' })).statusCode).toBe(409);
    const resumed = (await agent.request('POST', `/api/tickets/${id}/transitions`, { to: 'assessed' })).json();
    expect(resumed.pausedFromStatus).toBeNull();
    // A note given with a status change is internal unless flagged for the customer.
    expect(resumed.events.find((e: { toStatus: string }) => e.toStatus === 'waiting_parts').text).toBeNull();
    expect(resumed.events.find((e: { kind: string; text: string }) => e.kind === 'note' && e.text === '等压缩机到货')).toMatchObject({ isCustomerVisible: false });
    const visible = (await agent.request('POST', `/api/tickets/${id}/transitions`, { to: 'dispatched', note: '已安排师傅', isNoteCustomerVisible: true })).json();
    expect(visible.events.at(-1)).toMatchObject({ kind: 'status_changed', toStatus: 'dispatched', text: '已安排师傅', isCustomerVisible: true });
  });

  it('reopens a resolved ticket within 30 days, not after', async () => {
    const clock = createFakeClock('2026-11-22T02:00:00Z');
    const local = await createTestApp({ clock });
    const session = (await signInAs(local.app, ['agent'])).session;
    const customer = await buildCustomer(local.app);
    const make = async () => {
      const ticket = (await session.request('POST', '/api/tickets', { type: 'consultation', channel: 'hotline', customerId: customer.id, description: 'x', allowDuplicate: true })).json().ticket;
      await session.request('PUT', `/api/tickets/${ticket.id}/assessment`, ASSESSMENT);
      await session.request('POST', `/api/tickets/${ticket.id}/transitions`, { to: 'resolved' });
      return ticket.id as string;
    };
    const early = await make();
    const late = await make();
    clock.advance(29 * 86_400_000);
    const later = (await signInAs(local.app, ['agent'])).session;
    const reopened = await later.request('POST', `/api/tickets/${early}/transitions`, { to: 'accepted' });
    expect(reopened.json()).toMatchObject({ status: 'accepted', reopenCount: 1, resolvedAt: null });
    clock.advance(2 * 86_400_000);
    const evenLater = (await signInAs(local.app, ['agent'])).session;
    const tooLate = await evenLater.request('POST', `/api/tickets/${late}/transitions`, { to: 'accepted' });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().error.details[0].code).toBe('reopen_window_passed');
    await local.close();
  });

  it('notes are internal or customer-visible, with who wrote them', async () => {
    const { session, user } = await signInAs(t.app, ['dispatcher']);
    const id = await ticketIn('accepted', ['accepted']);
    await session.request('POST', `/api/tickets/${id}/notes`, { text: '客户要求上午上门', isCustomerVisible: true });
    const detail = (await session.request('POST', `/api/tickets/${id}/notes`, { text: '内部：该客户投诉过两次' })).json();
    const notes = detail.events.filter((e: { kind: string }) => e.kind === 'note');
    expect(notes).toEqual([
      expect.objectContaining({ text: '客户要求上午上门', isCustomerVisible: true, actorName: user.displayName }),
      expect.objectContaining({ text: '内部：该客户投诉过两次', isCustomerVisible: false }),
    ]);
  });
});

describe('ticket scoping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('outlet staff see only tickets dispatched to their outlet; technicians only their own', async () => {
    const agent = (await signInAs(t.app, ['agent'])).session;
    const own = await buildOutlet(t.app);
    const customer = await buildCustomer(t.app);
    const create = async (description: string) => (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description, allowDuplicate: true })).json().ticket.id as string;
    const mine = await create('本网点');
    const other = await create('别处');
    const outletUser = await signInAs(t.app, ['outlet'], { outletId: own.id });
    const technician = await signInAs(t.app, ['technician'], { outletId: own.id });
    await t.app.ctx.db.execute(sql`update tickets set outlet_id = ${own.id}, assigned_user_id = ${technician.user.id} where id = ${mine}`);
    expect((await outletUser.session.request('GET', '/api/tickets')).json().items.map((i: { id: string }) => i.id)).toEqual([mine]);
    expect((await outletUser.session.request('GET', `/api/tickets/${other}`)).statusCode).toBe(404);
    expect((await technician.session.request('GET', '/api/tickets')).json().items.map((i: { id: string }) => i.id)).toEqual([mine]);
    expect((await technician.session.request('POST', `/api/tickets/${mine}/transitions`, { to: 'assessed' })).statusCode).toBe(403);
  });
});

describe('ticket intake under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: createFakeClock('2026-11-22T02:00:00Z') });
  });
  afterAll(() => t.close());

  it('parallel requests get unique consecutive numbers; parallel retries with one key make one ticket', async () => {
    const agent = (await signInAs(t.app, ['agent'])).session;
    const customers = await Promise.all(Array.from({ length: 5 }, () => buildCustomer(t.app)));
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => agent.request('POST', '/api/tickets', { type: 'repair', channel: 'online', customerId: customers[index % 5].id, description: `并发 ${index}`, allowDuplicate: true })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(201));
    const numbers = responses.map((response) => response.json().ticket.number as string).sort();
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.at(-1)).toBe('SH20261122-0020');

    const body = { type: 'installation', channel: 'online', customerId: customers[0].id, description: '双击提交' };
    const retries = await Promise.all(Array.from({ length: 5 }, () => agent.request('POST', '/api/tickets', body, { 'idempotency-key': 'double-click-0001' })));
    const ids = new Set(retries.map((response) => response.json().ticket.id));
    expect(ids.size).toBe(1);
    expect(retries.filter((response) => response.statusCode === 201)).toHaveLength(1);
  });
});

describe('intake checks against the product category', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a request type the category does not take, and a fault outside its taxonomy, naming the field', async () => {
    const admin = (await signInAs(t.app, ['admin'])).session;
    const category = (await admin.request('POST', '/api/product-categories', {
      code: 'TILE-T', name: '瓷砖',
      faultCodes: [{ code: 'crack', name: '开裂' }, { code: 'hollow', name: '空鼓' }],
      allowedTicketTypes: ['site_measurement', 'installation_guidance', 'repair'],
    })).json();
    const model = (await admin.request('POST', '/api/product-models', { categoryId: category.id, brand: '马可波罗', modelCode: 'T-1', name: '抛釉砖' })).json();
    const customer = await buildCustomer(t.app);
    const asset = await buildAsset(t.app, { customerId: customer.id, modelId: model.id });
    const base = { channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '瓷砖问题' };
    const wrongType = await admin.request('POST', '/api/tickets', { ...base, type: 'installation' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details[0].path).toEqual(['type']);
    const wrongFault = await admin.request('POST', '/api/tickets', { ...base, type: 'repair', faultCategory: 'no_cooling' });
    expect(wrongFault.json().error.details[0].path).toEqual(['faultCategory']);
    const ok = await admin.request('POST', '/api/tickets', { ...base, type: 'repair', faultCategory: 'hollow' });
    expect(ok.statusCode).toBe(201);
    const categories = (await admin.request('GET', '/api/product-categories')).json().items;
    expect(categories.find((c: { id: string }) => c.id === category.id).effectiveFaultCodes.map((f: { code: string }) => f.code)).toEqual(['crack', 'hollow']);
  });
});
