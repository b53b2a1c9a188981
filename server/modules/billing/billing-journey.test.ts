import { describe, expect, it } from 'vitest';
import { signInAs } from '../../test/harness';
import { buildSuiteOrder, fieldStep, pngDataUrl, useFieldSuite } from '../../test/field-factories';
import { FakePaymentProvider, setBillingProviders } from './providers';

/**
 * The journey over HTTP (fixed clock Sun 2026-11-22 10:00 Shanghai): an out-of-warranty
 * repair is quoted, shown on the phone and confirmed by the customer's code, a 20 % discount is
 * proposed by the technician and approved by the manager, the visit is completed, paid by WeChat
 * Pay through the (fake) provider, a fapiao is requested and issued, and the month's statement of
 * the outlet shows the order at its piece rate.
 */
describe('billing journey', () => {
  const suite = useFieldSuite();
  const provider = new FakePaymentProvider({ autoPay: true });
  setBillingProviders({ payment: provider });

  it('quote → confirmation → 20 % discount approved → WeChat Pay → fapiao → the outlet statement at the piece rate', async () => {
    const manager = (await signInAs(suite.t.app, ['manager'])).session;
    const outletHead = (await signInAs(suite.t.app, ['outlet'], { outletId: suite.outletId })).session;
    expect((await manager.request('POST', '/api/billing/schedules', { name: '收费标准', effectiveFrom: '2026-11-01', labour: [{ workType: 'repair', amountFen: 15_000 }], visit: [{ kind: 'district', districtCode: '310115', amountFen: 3_000 }] })).statusCode).toBe(200);
    expect((await manager.request('POST', '/api/billing/piece-rates', { name: '计件', effectiveFrom: '2026-11-01', rates: [{ party: 'outlet', workType: 'repair', amountFen: 6_000 }], extras: { nightFen: 0, holidayFen: 0, urgentFen: 0, perKmFen: 0, freeKm: 0 } })).statusCode).toBe(200);

    const order = await buildSuiteOrder(suite);
    const quote = (await suite.agent.request('POST', `/api/billing/work-orders/${order.id}/quote`, {})).json();
    expect(quote).toMatchObject({ isWarranty: false, dueFen: 18_000 });
    const onPhone = (await suite.tech.session.request('GET', `/api/billing/work-orders/${order.id}/bill`)).json().bill;
    expect(onPhone).toMatchObject({ dueFen: 18_000, confirmCode: null }); // the technician does not see the code
    const confirmed = await suite.tech.session.request('POST', `/api/billing/bills/${quote.id}/confirm`, { version: onPhone.version, method: 'code', code: quote.confirmCode });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    const proposal = (await suite.tech.session.request('POST', `/api/billing/bills/${quote.id}/adjustments`, { kind: 'discount', percent: 20, reason: '老客户' })).json();
    expect(proposal).toMatchObject({ amountFen: 3_600, requiredLevel: 'manager' });
    expect((await outletHead.request('POST', `/api/billing/approvals/${proposal.id}/decide`, { decision: 'approved', reason: '同意', version: 1 })).statusCode).toBe(403);
    expect((await manager.request('POST', `/api/billing/approvals/${proposal.id}/decide`, { decision: 'approved', reason: '同意', version: 1 })).statusCode).toBe(200);

    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expect((await fieldStep(suite.tech.session, order.id, path)).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'report', { workDone: '更换加热管' })).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl(200) })).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'complete')).statusCode).toBe(200);
    const final = (await suite.tech.session.request('GET', `/api/billing/bills/${quote.id}`)).json();
    expect(final).toMatchObject({ status: 'final', subtotalFen: 18_000, discountFen: 3_600, dueFen: 14_400, pendingApprovals: 0 });

    const link = (await suite.tech.session.request('POST', `/api/billing/bills/${quote.id}/payment-links`, { method: 'wechat', amountFen: 14_400 })).json();
    const paid = (await suite.tech.session.request('POST', `/api/billing/payments/${link.id}/refresh`)).json();
    expect(paid).toMatchObject({ status: 'succeeded', method: 'wechat', amountFen: 14_400 });
    expect((await suite.tech.session.request('GET', `/api/billing/bills/${quote.id}`)).json()).toMatchObject({ paidFen: 14_400, outstandingFen: 0 });

    const invoice = (await suite.agent.request('POST', `/api/billing/bills/${quote.id}/invoices`, { type: 'normal', title: order.customerName })).json();
    expect(invoice).toMatchObject({ amountFen: 14_400, status: 'requested' });
    const issued = (await manager.request('POST', `/api/billing/invoices/${invoice.id}/issue`, { version: 1, number: '04400012345678', issuedOn: '2026-11-23' })).json();
    expect(issued).toMatchObject({ status: 'issued', number: '04400012345678', issuedOn: '2026-11-23' });

    expect((await manager.request('POST', '/api/settlement/generate', { period: '2026-11' })).statusCode).toBe(200);
    const [statement] = (await outletHead.request('GET', '/api/settlement/statements?period=2026-11&partyType=outlet')).json().items;
    const detail = (await outletHead.request('GET', `/api/settlement/statements/${statement.id}`)).json();
    expect(detail.lines).toEqual([expect.objectContaining({ kind: 'order', workOrderNumber: order.number, rateFen: 6_000, extrasFen: 0, amountFen: 6_000 })]);
    expect(detail).toMatchObject({ orderCount: 1, totalFen: 6_000 });
  });
});
