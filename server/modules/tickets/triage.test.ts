import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildAsset, buildCustomer, buildModel } from '../../test/archive-factories';

describe('triage: free or paid, and the 三包 decision', () => {
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  let t: TestApp;
  let agent: Session;
  let modelId: string;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    agent = (await signInAs(t.app, ['agent'])).session;
    modelId = (await buildModel(t.app, { warrantyMonths: 12, categoryName: '空调' })).model.id;
  });
  afterAll(() => t.close());

  async function ticketFor(purchaseDate: string) {
    const customer = await buildCustomer(t.app);
    const asset = await buildAsset(t.app, { customerId: customer.id, modelId, purchaseDate });
    const ticket = (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '不制冷' })).json().ticket;
    return { ticket, asset, customer };
  }

  const assess = (id: string, body: Record<string, unknown>) =>
    agent.request('PUT', `/api/tickets/${id}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'high', urgency: 'high', ...body });

  it('a performance fault 5 days after purchase: refund, exchange or repair, free, and the ticket becomes assessed', async () => {
    const { ticket } = await ticketFor('2026-11-17');
    const response = await assess(ticket.id, {});
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(detail.status).toBe('assessed');
    expect(detail.assessment).toMatchObject({ isFree: true, warranty: { state: 'in_warranty' }, sanbao: { remedies: ['refund', 'exchange', 'repair_free'], recommended: 'refund', rule: 'refund_period', daysSincePurchase: 5 } });
    expect(detail.assessment.chargeReason.zh).toContain('无偿服务');
    expect(detail.events.at(-1)).toMatchObject({ kind: 'assessed', fromStatus: 'accepted', toStatus: 'assessed' });
  });

  it('out of warranty is paid, saying why', async () => {
    const { ticket } = await ticketFor('2025-01-10');
    const detail = (await assess(ticket.id, {})).json();
    expect(detail.assessment).toMatchObject({ isFree: false, warranty: { state: 'out_of_warranty' }, sanbao: { recommended: 'repair_paid', rule: 'after_warranty_paid_repair' } });
    expect(detail.assessment.chargeReason.zh).toContain('有偿服务');
    expect(detail.assessment.chargeReason.zh).toContain('2026-01-09');
  });

  it('an exclusion turns an in-warranty repair paid and names the cause', async () => {
    const { ticket } = await ticketFor('2026-06-01');
    const detail = (await assess(ticket.id, { exclusions: ['self_disassembly'] })).json();
    expect(detail.assessment).toMatchObject({ isFree: false, sanbao: { rule: 'excluded_cause', recommended: 'repair_paid' } });
    expect(detail.assessment.chargeReason.zh).toContain('自行拆装或改装');
  });

  it('the same fault after two repairs in warranty allows exchange or refund', async () => {
    const { customer, asset } = await ticketFor('2026-03-01');
    for (let i = 0; i < 2; i += 1) {
      const repair = (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: `第 ${i + 1} 次`, allowDuplicate: true })).json().ticket;
      await assess(repair.id, {});
      await agent.request('POST', `/api/tickets/${repair.id}/transitions`, { to: 'resolved' });
    }
    const third = (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '又坏了', allowDuplicate: true })).json().ticket;
    const other = (await assess(third.id, { faultCode: 'noise' })).json();
    expect(other.assessment.sanbao.rule).toBe('warranty_repair');
    const same = (await assess(third.id, {})).json();
    expect(same.assessment.sanbao).toMatchObject({ rule: 'repeated_repairs', recommended: 'exchange' });
    expect(same.assessment.sanbao.remedies).toEqual(expect.arrayContaining(['exchange', 'refund']));
  });

  it('a manager overrides the remedy with a reason; an agent may not; both audited', async () => {
    const { ticket } = await ticketFor('2025-01-10');
    await assess(ticket.id, {});
    expect((await agent.request('PUT', `/api/tickets/${ticket.id}/sanbao-override`, { remedy: 'repair_free', reason: '老客户' })).statusCode).toBe(403);
    const manager = (await signInAs(t.app, ['manager'])).session;
    const noReason = await manager.request('PUT', `/api/tickets/${ticket.id}/sanbao-override`, { remedy: 'repair_free' });
    expect(noReason.json().error.details[0].path).toEqual(['reason']);
    const done = (await manager.request('PUT', `/api/tickets/${ticket.id}/sanbao-override`, { remedy: 'repair_free', reason: '重点客户，经理同意免费' })).json();
    expect(done.assessment).toMatchObject({ isFree: true, override: { remedy: 'repair_free', reason: '重点客户，经理同意免费' } });
    const audit = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity_id = ${ticket.id} order by id`);
    expect(audit.map((row) => row.action)).toEqual(['created', 'assessed', 'sanbao_overridden']);
  });

  it('without a registered product the service is paid and the reason says so', async () => {
    const customer = await buildCustomer(t.app);
    const ticket = (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description: '不知道型号' })).json().ticket;
    const detail = (await assess(ticket.id, {})).json();
    expect(detail.assessment).toMatchObject({ isFree: false, warranty: { state: 'unknown' }, sanbao: { rule: 'no_purchase_date' } });
  });
});
