import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { parts, qualityLedgerEntries } from '../../db/schema';
import { newId } from '../../platform/ids';
import { signInAs, type Session } from '../../test/harness';
import { buildSuiteOrder, fieldStep, pngDataUrl, useFieldSuite } from '../../test/field-factories';
import { FakePaymentProvider, setBillingProviders } from './providers';

/**
 * Billing over HTTP on the field suite (fixed clock Sun 2026-11-22 10:00 Shanghai): schedule,
 * quote on a work order, confirmation, on-site line, discount approval, completion, payments,
 * invoices, the ticket guard and the month's statement.
 */
describe('billing', () => {
  const suite = useFieldSuite();
  const provider = new FakePaymentProvider();
  setBillingProviders({ payment: provider });
  let manager: Session & { userId: string };
  let manager2: Session;
  let outletHead: Session;
  let scheduleReady = false;

  const labour = [
    { workType: 'repair', categoryId: null, grade: null, amountFen: 8000 },
    { workType: 'installation', categoryId: null, grade: null, amountFen: 6000 },
  ];
  const visit = [
    { kind: 'district', districtCode: '310115', amountFen: 2005 },
    { kind: 'distance', upToKm: 20, amountFen: 3000 },
  ];

  async function setup() {
    if (scheduleReady) return;
    const m = await signInAs(suite.t.app, ['manager']);
    manager = Object.assign(m.session, { userId: m.user.id });
    manager2 = (await signInAs(suite.t.app, ['manager'])).session;
    outletHead = (await signInAs(suite.t.app, ['outlet'], { outletId: suite.outletId })).session;
    const created = await manager.request('POST', '/api/billing/schedules', { name: '2026 收费标准', effectiveFrom: '2026-11-01', labour, visit });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().state).toBe('in_force');
    scheduleReady = true;
  }

  async function quotedOrder() {
    await setup();
    const order = await buildSuiteOrder(suite);
    const quote = await suite.tech.session.request('POST', `/api/billing/work-orders/${order.id}/quote`, {});
    expect(quote.statusCode, quote.body).toBe(200);
    return { order, bill: quote.json() };
  }

  async function partId(salePriceFen: number) {
    const id = newId();
    const now = suite.clock.now();
    await suite.t.app.ctx.db.insert(parts).values({ id, partNumber: `BP-${id.slice(0, 8)}`, name: '温控器', kind: 'common', unit: 'piece', costFen: 1000, salePriceFen, createdAt: now, updatedAt: now });
    return id;
  }

  it('refuses a negative price and a duplicate rate, naming the field, and stores nothing', async () => {
    await setup();
    const negative = await manager.request('POST', '/api/billing/schedules', { name: 'x', effectiveFrom: '2027-01-01', labour: [{ workType: 'repair', amountFen: -1 }], visit: [] });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.details[0].path).toEqual(['labour', 0, 'amountFen']);
    const duplicate = await manager.request('POST', '/api/billing/schedules', { name: 'x', effectiveFrom: '2027-01-01', labour: [labour[0], labour[0]], visit: [] });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error.details[0].path).toEqual(['labour', 1]);
    const list = (await manager.request('GET', '/api/billing/schedules')).json();
    expect(list.items.map((item: { effectiveFrom: string }) => item.effectiveFrom)).not.toContain('2027-01-01');
    const byTech = await suite.tech.session.request('POST', '/api/billing/schedules', { name: 'x', effectiveFrom: '2027-01-01', labour: [], visit: [] });
    expect(byTech.statusCode).toBe(403);
  });

  it('quotes from the schedule in force (labour + district visit fee); the quote keeps its version when a new one is added', async () => {
    const { order, bill } = await quotedOrder();
    expect(bill).toMatchObject({ status: 'quoted', isWarranty: false, subtotalFen: 10_005, dueFen: 10_005, claimFen: 0, confirmCode: null });
    expect(bill.lines.map((line: { kind: string; amountFen: number }) => [line.kind, line.amountFen])).toEqual([['labour', 8000], ['visit', 2005]]);
    const future = await manager.request('POST', '/api/billing/schedules', { name: '2027 收费标准', effectiveFrom: '2026-12-01', labour: [{ workType: 'repair', amountFen: 9900 }], visit: [] });
    expect(future.statusCode, future.body).toBe(200);
    expect(future.json().state).toBe('future');
    const again = await suite.tech.session.request('POST', `/api/billing/work-orders/${order.id}/quote`, {});
    expect(again.json()).toMatchObject({ scheduleId: bill.scheduleId, dueFen: 10_005 });
    // A version in force is never edited.
    const schedules = (await manager.request('GET', '/api/billing/schedules')).json().items as { id: string; state: string; version: number; effectiveFrom: string }[];
    const current = schedules.find((item) => item.state === 'in_force')!;
    const edit = await manager.request('PUT', `/api/billing/schedules/${current.id}`, { name: 'x', effectiveFrom: '2026-12-05', labour: [], visit: [], version: current.version });
    expect(edit.statusCode).toBe(409);
  });

  it('the customer confirms with the code staff read out (a wrong code is a 400); an on-site part re-prices and asks for confirmation again', async () => {
    const { order, bill } = await quotedOrder();
    const seen = (await suite.agent.request('GET', `/api/billing/work-orders/${order.id}/bill`)).json().bill;
    expect(seen.confirmCode).toMatch(/^\d{6}$/);
    const wrong = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/confirm`, { version: bill.version, method: 'code', code: seen.confirmCode === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toEqual(['code']);
    const ok = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/confirm`, { version: bill.version, method: 'code', code: seen.confirmCode });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', confirmedDueFen: 10_005, needsReconfirm: false });
    const stale = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/lines`, { version: bill.version, kind: 'part', partId: await partId(3550), quantity: 2 });
    expect(stale.statusCode).toBe(409);
    const added = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/lines`, { version: ok.json().version, kind: 'part', partId: await partId(3550), quantity: 2 });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ dueFen: 10_005 + 7100, needsReconfirm: true });
    const unknown = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/lines`, { version: added.json().version, kind: 'part', partId: newId() });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toEqual(['partId']);
  });

  it('a 20 % discount needs the manager: not the outlet head, not the proposer; approved it is a line rounded half up', async () => {
    const { bill } = await quotedOrder();
    const over = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/adjustments`, { kind: 'discount', percent: 100.5, reason: '老客户' });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.details[0].path).toEqual(['percent']);
    const proposed = await manager.request('POST', `/api/billing/bills/${bill.id}/adjustments`, { kind: 'discount', percent: 20, reason: '老客户优惠' });
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect(proposed.json()).toMatchObject({ requiredLevel: 'manager', amountFen: 2001, status: 'pending' }); // 20 % of 10,005 = 2001.0
    const second = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/adjustments`, { kind: 'waiver', reason: '重复' });
    expect(second.statusCode).toBe(409);
    const queue = (await manager2.request('GET', '/api/billing/approvals')).json();
    expect(queue.items.map((item: { id: string }) => item.id)).toContain(proposed.json().id);
    const own = await manager.request('POST', `/api/billing/approvals/${proposed.json().id}/decide`, { decision: 'approved', reason: '同意', version: 1 });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.details[0].path).toEqual(['proposedById']);
    const head = await outletHead.request('POST', `/api/billing/approvals/${proposed.json().id}/decide`, { decision: 'approved', reason: '同意', version: 1 });
    expect(head.statusCode).toBe(403);
    expect(head.json().error.details[0].path).toEqual(['requiredLevel']);
    const byTech = await suite.tech.session.request('POST', `/api/billing/approvals/${proposed.json().id}/decide`, { decision: 'approved', reason: '同意', version: 1 });
    expect(byTech.statusCode).toBe(403);
    const approved = await manager2.request('POST', `/api/billing/approvals/${proposed.json().id}/decide`, { decision: 'approved', reason: '同意', version: 1 });
    expect(approved.statusCode, approved.body).toBe(200);
    const after = (await suite.tech.session.request('GET', `/api/billing/bills/${bill.id}`)).json();
    expect(after).toMatchObject({ subtotalFen: 10_005, discountFen: 2001, dueFen: 8004, pendingApprovals: 0 });
    const audit = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from audit_log where entity = 'billing_adjustment' and entity_id = ${proposed.json().id}`);
    expect(audit[0].n).toBe(2);
  });

  it('a discount up to 10 % is the outlet head\'s; a rejection keeps the bill', async () => {
    const { bill } = await quotedOrder();
    const proposed = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/adjustments`, { kind: 'discount', amountFen: 1000, reason: '等待时间长' });
    expect(proposed.json()).toMatchObject({ requiredLevel: 'outlet_head' });
    const rejected = await outletHead.request('POST', `/api/billing/approvals/${proposed.json().id}/decide`, { decision: 'rejected', reason: '不符合规定', version: 1 });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect((await suite.tech.session.request('GET', `/api/billing/bills/${bill.id}`)).json()).toMatchObject({ dueFen: 10_005, discountFen: 0 });
  });

  it('completion makes the bill final; a differing fee is a proposal; the ticket cannot close while it waits', async () => {
    const { order, bill } = await quotedOrder();
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expect((await fieldStep(suite.tech.session, order.id, path)).statusCode).toBe(200);
    const report = await fieldStep(suite.tech.session, order.id, 'report', { workDone: '更换温控器', feeCollectedFen: 9000, feeReason: '客户只带了 90 元', partsUsed: [] });
    expect(report.statusCode, report.body).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl(200) })).statusCode).toBe(200);
    const completed = await fieldStep(suite.tech.session, order.id, 'complete');
    expect(completed.statusCode, completed.body).toBe(200);
    const final = (await suite.tech.session.request('GET', `/api/billing/bills/${bill.id}`)).json();
    expect(final).toMatchObject({ status: 'final', dueFen: 10_005, pendingApprovals: 1 });
    const queue = (await manager.request('GET', '/api/billing/approvals')).json().items as { billId: string; kind: string; amountFen: number; id: string; requiredLevel: string }[];
    const proposal = queue.find((item) => item.billId === bill.id)!;
    expect(proposal).toMatchObject({ kind: 'amount_change', amountFen: 1005, requiredLevel: 'manager' }); // 10.04 % of the subtotal
    const settlement = await queryRows<{ period: string; work_type: string }>(suite.t.app.ctx.db, sql`select period, work_type from billing_settlement_orders where work_order_id = ${order.id}`);
    expect(settlement).toEqual([{ period: '2026-11', work_type: 'repair' }]);

    const ticket = (await suite.agent.request('GET', `/api/tickets/${order.ticketId}`)).json();
    if (ticket.status !== 'resolved') expect((await suite.agent.request('POST', `/api/tickets/${order.ticketId}/transitions`, { to: 'resolved' })).statusCode).toBe(200);
    const close = await suite.agent.request('POST', `/api/tickets/${order.ticketId}/transitions`, { to: 'closed' });
    expect(close.statusCode, close.body).toBe(409);
    expect(close.json().error.details[0].path).toEqual(['billingApproval', proposal.id]);
    expect((await manager.request('POST', `/api/billing/approvals/${proposal.id}/decide`, { decision: 'approved', reason: '同意', version: 1 })).statusCode).toBe(200);
    const closed = await suite.agent.request('POST', `/api/tickets/${order.ticketId}/transitions`, { to: 'closed' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await suite.tech.session.request('GET', `/api/billing/bills/${bill.id}`)).json()).toMatchObject({ dueFen: 9000 });
  });

  it('payments: above the due is a 400, partial cash, a WeChat link paid through the provider, refunds; the day\'s cash reconciles', async () => {
    const { bill } = await quotedOrder();
    const above = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/payments`, { method: 'cash', amountFen: 10_006 });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.details[0].path).toEqual(['amountFen']);
    const noRef = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/payments`, { method: 'pos', amountFen: 100 });
    expect(noRef.statusCode).toBe(400);
    expect(noRef.json().error.details[0].path).toEqual(['reference']);
    const cash = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/payments`, { method: 'cash', amountFen: 5000 });
    expect(cash.statusCode, cash.body).toBe(200);
    const link = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/payment-links`, { method: 'wechat', amountFen: 5005 });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json()).toMatchObject({ status: 'pending', method: 'wechat' });
    const tooMuch = await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/payments`, { method: 'cash', amountFen: 1 });
    expect(tooMuch.statusCode).toBe(400); // the pending link covers the rest
    const pending = await suite.tech.session.request('POST', `/api/billing/payments/${link.json().id}/refresh`);
    expect(pending.json().status).toBe('pending');
    const [row] = await queryRows<{ provider_ref: string }>(suite.t.app.ctx.db, sql`select provider_ref from billing_payments where id = ${link.json().id}`);
    provider.pay(row.provider_ref, suite.clock.now());
    const paid = await suite.tech.session.request('POST', `/api/billing/payments/${link.json().id}/refresh`);
    expect(paid.json()).toMatchObject({ status: 'succeeded', reference: expect.stringMatching(/^TXN/) });
    expect((await suite.tech.session.request('GET', `/api/billing/bills/${bill.id}`)).json()).toMatchObject({ paidFen: 10_005, outstandingFen: 0 });

    const refundTooMuch = await manager.request('POST', `/api/billing/bills/${bill.id}/refunds`, { paymentId: cash.json().id, amountFen: 5001, reason: '多收' });
    expect(refundTooMuch.statusCode).toBe(400);
    const refund = await manager.request('POST', `/api/billing/bills/${bill.id}/refunds`, { paymentId: cash.json().id, amountFen: 1000, reason: '多收退回' });
    expect(refund.statusCode, refund.body).toBe(200);
    expect((await suite.tech.session.request('GET', `/api/billing/bills/${bill.id}`)).json()).toMatchObject({ paidFen: 10_005, refundedFen: 1000, outstandingFen: 1000 });

    const handin = await outletHead.request('POST', '/api/billing/cash-handins', { outletId: suite.outletId, technicianUserId: suite.tech.userId, businessDate: '2026-11-22', amountFen: 3000 });
    expect(handin.statusCode, handin.body).toBe(200);
    const day = (await outletHead.request('GET', '/api/billing/cash-reconciliation?date=2026-11-22')).json();
    const mine = day.items.find((item: { technicianUserId: string }) => item.technicianUserId === suite.tech.userId);
    // The refund was paid by the manager (not the technician): the technician still holds 5,000 fen of cash.
    expect(mine).toMatchObject({ collectedFen: 5000, handedInFen: 3000, differenceFen: 2000 });
    const receivables = (await manager.request('GET', '/api/billing/receivables')).json();
    expect(receivables.totalFen).toBeGreaterThanOrEqual(0);
  });

  it('invoices: 专票 without a tax id is a 400; a request covers what is paid; the provider issues a number', async () => {
    const { bill } = await quotedOrder();
    const nothing = await suite.agent.request('POST', `/api/billing/bills/${bill.id}/invoices`, { type: 'normal', title: '张三' });
    expect(nothing.statusCode).toBe(409);
    expect((await suite.tech.session.request('POST', `/api/billing/bills/${bill.id}/payments`, { method: 'bank', amountFen: 10_005, reference: 'BANK-1' })).statusCode).toBe(200);
    const special = await suite.agent.request('POST', `/api/billing/bills/${bill.id}/invoices`, { type: 'special', title: '上海某某有限公司', address: '浦东', phone: '021-1234', bankName: '工行', bankAccount: '6222' });
    expect(special.statusCode).toBe(400);
    expect(special.json().error.details[0].path).toEqual(['taxId']);
    const ok = await suite.agent.request('POST', `/api/billing/bills/${bill.id}/invoices`, { type: 'special', title: '上海某某有限公司', taxId: '91310115MA1H7XXXX1', address: '浦东', phone: '021-1234', bankName: '工行', bankAccount: '6222' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ amountFen: 10_005, status: 'requested' });
    const issued = await manager.request('POST', `/api/billing/invoices/${ok.json().id}/issue`, { version: 1 });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({ status: 'issued', issuedOn: '2026-11-22', number: expect.stringMatching(/^FP/) });
    const twice = await manager.request('POST', `/api/billing/invoices/${ok.json().id}/issue`, { version: 2 });
    expect(twice.statusCode).toBe(409);
    const file = await manager.request('GET', '/api/billing/invoices/export.xlsx');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
  });

  it("the month's statements: the outlet's order at its piece rate, a quality penalty deducted, dispute, approval and the lock", async () => {
    await setup();
    const rates = await manager.request('POST', '/api/billing/piece-rates', {
      name: '2026 计件', effectiveFrom: '2026-01-01',
      rates: [{ party: 'outlet', workType: 'repair', amountFen: 4500 }, { party: 'technician', workType: 'repair', amountFen: 1500 }],
      extras: { nightFen: 1000, holidayFen: 2000, urgentFen: 1500, perKmFen: 100, freeKm: 20 },
    });
    expect(rates.statusCode, rates.body).toBe(200);
    const now = suite.clock.now();
    const [{ n: orders }] = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from billing_settlement_orders where period = '2026-11' and outlet_id = ${suite.outletId}`);
    expect(orders).toBeGreaterThan(0);
    const penaltyId = newId();
    await suite.t.app.ctx.db.insert(qualityLedgerEntries).values({
      id: penaltyId, sourceKey: `manual:${penaltyId}`, sourceType: 'manual', ruleId: newId(), ruleCode: 'P1', kind: 'penalty', userId: suite.tech.userId, technicianId: suite.tech.id, outletId: suite.outletId,
      baseAmountFen: 5000, amountFen: 5000, points: 1, reason: '未穿工装', status: 'approved', proposedAt: now, decidedAt: now,
    });
    const generated = await manager.request('POST', '/api/settlement/generate', { period: '2026-11' });
    expect(generated.statusCode, generated.body).toBe(200);
    const list = (await outletHead.request('GET', '/api/settlement/statements?period=2026-11')).json().items as { id: string; partyType: string; partyId: string; orderCount: number; totalFen: number; version: number }[];
    expect(list.every((item) => item.partyType === 'outlet' && item.partyId === suite.outletId)).toBe(true);
    const statement = (await outletHead.request('GET', `/api/settlement/statements/${list[0].id}`)).json();
    const orderLines = statement.lines.filter((line: { kind: string }) => line.kind === 'order');
    expect(orderLines.length).toBe(orders);
    expect(orderLines.every((line: { rateFen: number; extraKinds: string[] }) => line.rateFen === 4500 && line.extraKinds.includes('holiday'))).toBe(true); // Sunday
    const deduction = statement.lines.find((line: { kind: string }) => line.kind === 'deduction');
    expect(deduction).toMatchObject({ deductionType: 'quality_penalty', amountFen: -5000 });
    expect(statement.totalFen).toBe(statement.lines.reduce((sum: number, line: { amountFen: number }) => sum + line.amountFen, 0));
    expect(statement.totalFen).toBe(orders * (4500 + 2000) - 5000);
    const techList = (await suite.tech.session.request('GET', '/api/settlement/statements?period=2026-11')).json().items;
    expect(techList.map((item: { partyType: string }) => item.partyType)).toEqual(['technician']);

    const disputed = await outletHead.request('POST', `/api/settlement/statements/${statement.id}/lines/${deduction.id}/decision`, { state: 'disputed', reason: '当天已穿工装', version: statement.version });
    expect(disputed.statusCode, disputed.body).toBe(200);
    const blocked = await manager.request('POST', `/api/settlement/statements/${statement.id}/approve`, { version: disputed.json().version });
    expect(blocked.statusCode).toBe(409);
    const resolved = await manager.request('POST', `/api/settlement/statements/${statement.id}/lines/${deduction.id}/resolve`, { version: disputed.json().version, correctionFen: 2500, reason: '减半处罚' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().totalFen).toBe(statement.totalFen + 2500);
    const approved = await manager.request('POST', `/api/settlement/statements/${statement.id}/approve`, { version: resolved.json().version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    const locked = await manager.request('POST', `/api/settlement/statements/${statement.id}/deductions`, { version: approved.json().version, deductionType: 'other', amountFen: 100, description: '补扣' });
    expect(locked.statusCode).toBe(409);
    const again = await manager.request('POST', '/api/settlement/generate', { period: '2026-11' });
    expect(again.json().kept).toBe(1);
    expect((await outletHead.request('GET', `/api/settlement/statements/${statement.id}`)).json().totalFen).toBe(approved.json().totalFen);
    const sheet = await outletHead.request('GET', `/api/settlement/statements/${statement.id}/export.xlsx`);
    expect(sheet.statusCode).toBe(200);
  });
});

