import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { buildAsset, buildCustomer, buildModel } from '../../test/archive-factories';
import { buildOutlet, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';

/** Clock: Sun 2026-11-22 10:00 Shanghai. */
describe('loaner units', () => {
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  let t: TestApp;
  let manager: Session;
  let agent: Session;
  let outletId: string;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    manager = (await signInAs(t.app, ['manager'])).session;
    agent = (await signInAs(t.app, ['agent'])).session;
    outletId = (await buildOutlet(t.app)).id;
  });
  afterAll(() => t.close());

  async function ticket() {
    sequence += 1;
    const { model } = await buildModel(t.app, { warrantyMonths: 12 });
    const customer = await buildCustomer(t.app);
    const asset = await buildAsset(t.app, { customerId: customer.id, modelId: model.id, serialNumber: `WM-${sequence}-${Date.now() % 100000}` });
    const created = await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '洗衣机不脱水', allowDuplicate: true });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().ticket.id as string;
    const assessed = await agent.request('PUT', `/api/tickets/${id}/assessment`, { faultClass: 'performance', faultCode: 'no_spin', impact: 'medium', urgency: 'normal' });
    expect(assessed.statusCode, assessed.body).toBe(200);
    return { id, customerId: customer.id };
  }

  async function loaner(serial: string) {
    const response = await manager.request('POST', '/api/loaners', { outletId, modelName: '小天鹅 TG100', serialNumber: serial });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; status: string };
  }

  it('blocks closing the ticket while its loaner is out (409 naming the loaner) and closes once it is back', async () => {
    const unit = await loaner('LOAN-001');
    const repair = await ticket();
    const lent = await manager.request('POST', `/api/loaners/${unit.id}/lend`, { ticketId: repair.id, expectedReturnDate: '2026-11-25', depositFen: 50_000 });
    expect(lent.statusCode, lent.body).toBe(200);
    expect(lent.json()).toMatchObject({ status: 'lent', currentLoan: { ticketId: repair.id, customerId: repair.customerId, depositFen: 50_000, expectedReturnDate: '2026-11-25', isOverdue: false } });

    expect((await manager.request('POST', `/api/tickets/${repair.id}/transitions`, { to: 'resolved' })).statusCode).toBe(200);
    const blocked = await manager.request('POST', `/api/tickets/${repair.id}/transitions`, { to: 'closed' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.message).toContain('LOAN-001');
    expect(blocked.json().error.details[0]).toMatchObject({ path: ['to'], code: 'loaners_out' });
    const [status] = await queryRows<{ status: string }>(t.app.ctx.db, sql`select status from tickets where id = ${repair.id}`);
    expect(status.status).toBe('resolved');

    const back = await manager.request('POST', `/api/loaners/${unit.id}/return`, { ticketId: repair.id, condition: 'worn', depositRefundFen: 45_000, note: '外壳划痕' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'available', condition: 'worn', currentLoan: null });
    expect((await manager.request('POST', `/api/tickets/${repair.id}/transitions`, { to: 'closed' })).statusCode).toBe(200);

    const history = (await manager.request('GET', `/api/loaners/loans?loanerId=${unit.id}`)).json().items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ returnCondition: 'worn', depositRefundFen: 45_000, note: '外壳划痕' });
    const ofCustomer = (await manager.request('GET', `/api/loaners/loans?customerId=${repair.customerId}`)).json().items;
    expect(ofCustomer.map((loan: { loanerSerial: string }) => loan.loanerSerial)).toEqual(['LOAN-001']);
  });

  it('refuses lending a loaner that is out and returning it to another ticket, naming the field, nothing changed', async () => {
    const unit = await loaner('LOAN-002');
    const first = await ticket();
    const second = await ticket();
    expect((await manager.request('POST', `/api/loaners/${unit.id}/lend`, { ticketId: first.id, expectedReturnDate: '2026-11-24' })).statusCode).toBe(200);
    const twice = await manager.request('POST', `/api/loaners/${unit.id}/lend`, { ticketId: second.id, expectedReturnDate: '2026-11-24' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0].path).toEqual(['loanerId']);
    const wrongTicket = await manager.request('POST', `/api/loaners/${unit.id}/return`, { ticketId: second.id, condition: 'good' });
    expect(wrongTicket.statusCode).toBe(400);
    expect(wrongTicket.json().error.details[0].path).toEqual(['ticketId']);
    const tooMuch = await manager.request('POST', `/api/loaners/${unit.id}/return`, { ticketId: first.id, condition: 'good', depositRefundFen: 1 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.details[0].path).toEqual(['depositRefundFen']);
    const [loans] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from loaner_loans where loaner_id = ${unit.id} and returned_at is null`);
    expect(loans.n).toBe(1);
    const past = await manager.request('POST', `/api/loaners/${unit.id}/lend`, { ticketId: second.id, expectedReturnDate: '2026-11-21' });
    expect(past.statusCode).toBe(400);
  });

  it('lists a loan as overdue after its expected return date (Shanghai date)', async () => {
    const unit = await loaner('LOAN-003');
    const repair = await ticket();
    expect((await manager.request('POST', `/api/loaners/${unit.id}/lend`, { ticketId: repair.id, expectedReturnDate: '2026-11-23' })).statusCode).toBe(200);
    const overdueNow = (await manager.request('GET', '/api/loaners/loans?overdue=true')).json().items.map((loan: { loanerSerial: string }) => loan.loanerSerial);
    expect(overdueNow).not.toContain('LOAN-003');
    clock.set('2026-11-23T16:30:00Z'); // Tue 11-24 00:30 in Shanghai (still Mon in UTC)
    try {
      const reader = (await signInAs(t.app, ['manager'])).session; // a fresh session at the new time
      const overdue = (await reader.request('GET', '/api/loaners/loans?overdue=true')).json().items;
      expect(overdue.find((loan: { loanerSerial: string }) => loan.loanerSerial === 'LOAN-003')).toMatchObject({ isOverdue: true, ticketId: repair.id });
    } finally {
      clock.set('2026-11-22T02:00:00Z');
    }
  });

  it("keeps outlet staff to their own outlet's pool", async () => {
    await loaner('LOAN-004');
    const other = await buildOutlet(t.app);
    const staff = (await signInAs(t.app, ['outlet'], { outletId: other.id })).session;
    expect((await staff.request('GET', '/api/loaners')).json().items).toEqual([]);
    const foreign = await staff.request('POST', '/api/loaners', { outletId, modelName: '小天鹅', serialNumber: 'LOAN-X' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toEqual(['outletId']);
    const own = await staff.request('POST', '/api/loaners', { outletId: other.id, modelName: '小天鹅', serialNumber: 'LOAN-005' });
    expect(own.statusCode, own.body).toBe(201);
    expect((await staff.request('GET', '/api/loaners')).json().items.map((item: { serialNumber: string }) => item.serialNumber)).toEqual(['LOAN-005']);
  });
});
