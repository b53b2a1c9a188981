import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { deliverDomainEvents } from '../../platform/event-outbox';
import { seam } from '../../platform/seam';
import { buildSuiteOrder, fieldStep, pngDataUrl, useFieldSuite, type FieldSuite } from '../../test/field-factories';
import { buildAsset, buildCustomer, buildModel } from '../../test/archive-factories';
import { signInAs, type Session } from '../../test/harness';
import { newId } from '../../platform/ids';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { draftClaimLine } from './claims.service';

/** Completes a visit on the technician's phone and delivers the after-commit events. */
async function completeVisit(suite: FieldSuite, options: { withAsset: boolean }) {
  const order = await buildSuiteOrder(suite, options);
  for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expect((await fieldStep(suite.tech.session, order.id, path)).statusCode).toBe(200);
  expect((await fieldStep(suite.tech.session, order.id, 'report', { workDone: '更换电容' })).statusCode).toBe(200);
  expect((await fieldStep(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl(200) })).statusCode).toBe(200);
  const completed = await fieldStep(suite.tech.session, order.id, 'complete');
  expect(completed.statusCode, completed.body).toBe(200);
  return order;
}

/** Clock: Sun 2026-11-22 10:00 Shanghai; the suite's assets are in warranty (12 months from 2026-03-02). */
describe('maker claims', () => {
  const suite = useFieldSuite();
  let manager: Session;

  beforeAll(async () => {
    manager = (await signInAs(suite.t.app, ['manager'])).session;
  });

  it('drafts one claim line after commit for an in-warranty visit, by the brand rules, and none for a visit without a product', async () => {
    const rule = await manager.request('PUT', '/api/claim-rules', { brand: '格力', labourFenByWorkType: { repair: 8_000 }, partsMode: 'cost', travelFen: 3_000, windowDays: 30, requiredEvidence: ['serial', 'photos'] });
    expect(rule.statusCode, rule.body).toBe(200);
    const bad = await manager.request('PUT', '/api/claim-rules', { brand: '格力', labourFenByWorkType: { repair: -1 }, partsMode: 'cost', windowDays: 30 });
    expect(bad.statusCode).toBe(400);

    const order = await completeVisit(suite, { withAsset: true });
    const before = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from claim_lines where work_order_id = ${order.id}`);
    expect(before[0].n).toBe(0); // after commit, not in the completion's transaction
    await deliverDomainEvents(suite.t.app.ctx.db, suite.clock, seam);
    await deliverDomainEvents(suite.t.app.ctx.db, suite.clock, seam);

    const lines = (await manager.request('GET', '/api/claim-lines?brand=格力')).json().items.filter((line: { workOrderId: string }) => line.workOrderId === order.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ brand: '格力', workType: 'repair', labourFen: 8_000, partsFen: 0, travelFen: 3_000, totalFen: 11_000, status: 'draft', windowEndDate: '2026-12-22', isLate: false });
    expect(lines[0].evidence).toEqual({ serial: true, old_part: true, photos: false });
    expect(lines[0]).toMatchObject({ isIncomplete: true, missingEvidence: ['photos'] });

    const withoutProduct = await completeVisit(suite, { withAsset: false });
    await deliverDomainEvents(suite.t.app.ctx.db, suite.clock, seam);
    const none = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from claim_lines where work_order_id = ${withoutProduct.id}`);
    expect(none[0].n).toBe(0);

    const confirmed = await manager.request('POST', `/api/claim-lines/${lines[0].id}/evidence`, { photos: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ isIncomplete: false, missingEvidence: [] });
  });

  it('batches the month per maker: draft → submitted (no longer editable) → partly accepted line by line → paid; Excel and recovery figures follow', async () => {
    const second = await completeVisit(suite, { withAsset: true });
    await deliverDomainEvents(suite.t.app.ctx.db, suite.clock, seam);
    const draftLines = (await manager.request('GET', '/api/claim-lines?brand=格力&status=draft')).json().items as { id: string; workOrderId: string; totalFen: number }[];
    expect(draftLines.length).toBe(2);

    const empty = await manager.request('POST', '/api/claim-batches', { brand: '格力', month: '2026-10' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toEqual(['month']);
    const created = await manager.request('POST', '/api/claim-batches', { brand: '格力', month: '2026-11' });
    expect(created.statusCode, created.body).toBe(201);
    let batch = created.json();
    expect(batch).toMatchObject({ status: 'draft', lineCount: 2, claimedFen: 22_000 });
    expect(batch.number).toMatch(/^SP202611-\d{3}$/);

    // A draft batch can lose a line; it goes back to the drafts.
    const removed = await manager.request('POST', `/api/claim-batches/${batch.id}/remove-line`, { lineId: draftLines.find((line) => line.workOrderId === second.id)!.id, version: batch.version });
    expect(removed.statusCode, removed.body).toBe(200);
    batch = removed.json();
    expect(batch).toMatchObject({ lineCount: 1, claimedFen: 11_000 });

    const submitted = await manager.request('POST', `/api/claim-batches/${batch.id}/submit`, { version: batch.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    batch = submitted.json();
    expect(batch.status).toBe('submitted');
    const edit = await manager.request('POST', `/api/claim-batches/${batch.id}/remove-line`, { lineId: batch.lines[0].id, version: batch.version });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.details[0].path).toEqual(['status']);
    const evidence = await manager.request('POST', `/api/claim-lines/${batch.lines[0].id}/evidence`, { photos: false });
    expect(evidence.statusCode).toBe(409);

    const lineId = batch.lines[0].id;
    const above = await manager.request('POST', `/api/claim-batches/${batch.id}/decision`, { version: batch.version, lines: [{ lineId, acceptedFen: 11_001 }] });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.details[0].path).toEqual(['lines', 0, 'acceptedFen']);
    const noReason = await manager.request('POST', `/api/claim-batches/${batch.id}/decision`, { version: batch.version, lines: [{ lineId, acceptedFen: 8_000 }] });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toEqual(['lines', 0, 'reason']);
    const decided = await manager.request('POST', `/api/claim-batches/${batch.id}/decision`, { version: batch.version, lines: [{ lineId, acceptedFen: 8_000, reason: '交通费不予支付' }] });
    expect(decided.statusCode, decided.body).toBe(200);
    batch = decided.json();
    expect(batch).toMatchObject({ status: 'partly_accepted', acceptedFen: 8_000 });
    expect(batch.lines[0]).toMatchObject({ status: 'accepted', acceptedFen: 8_000, rejectReason: '交通费不予支付' });

    const overpaid = await manager.request('POST', `/api/claim-batches/${batch.id}/paid`, { version: batch.version, paidFen: 8_001 });
    expect(overpaid.statusCode).toBe(400);
    expect(overpaid.json().error.details[0].path).toEqual(['paidFen']);
    const paid = await manager.request('POST', `/api/claim-batches/${batch.id}/paid`, { version: batch.version, paidFen: 8_000 });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().status).toBe('paid');

    const file = await manager.request('GET', `/api/claim-batches/${batch.id}/export.xlsx`);
    expect(file.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('索赔明细')!;
    expect(sheet.getRow(3).getCell(8).value).toBe(110); // claimed, yuan
    expect(sheet.getRow(3).getCell(13).value).toBe(80); // accepted
    expect(sheet.getRow(3).getCell(14).value).toBe('交通费不予支付');

    const recovery = (await manager.request('GET', '/api/claims/recovery?brand=格力&month=2026-11')).json().items;
    expect(recovery).toEqual([{ brand: '格力', month: '2026-11', claimedFen: 11_000, acceptedFen: 8_000, paidFen: 8_000, rejectedFen: 3_000, rejectedByReason: [{ reason: '交通费不予支付', count: 1, amountFen: 3_000 }] }]);

    const audit = await queryRows<{ action: string }>(suite.t.app.ctx.db, sql`select action from audit_log where entity = 'claim_batch' and entity_id = ${batch.id}`);
    expect(audit.map((row) => row.action).sort()).toEqual(['created', 'decided', 'line_removed', 'paid', 'submitted']);
  });

  it('flags a draft line as late once its claim window has passed', async () => {
    suite.clock.set('2026-12-23T02:00:00Z');
    try {
      const reader = (await signInAs(suite.t.app, ['manager'])).session;
      const lines = (await reader.request('GET', '/api/claim-lines?brand=格力&status=draft')).json().items;
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.every((line: { isLate: boolean; windowEndDate: string }) => line.isLate && line.windowEndDate === '2026-12-22')).toBe(true);
    } finally {
      suite.clock.set('2026-11-22T02:00:00Z');
    }
  });

  it('drafts no line for a visit that was paid because the warranty had ended', async () => {
    const { model } = await buildModel(suite.t.app, { warrantyMonths: 12 });
    const customer = await buildCustomer(suite.t.app);
    const asset = await buildAsset(suite.t.app, { customerId: customer.id, modelId: model.id, purchaseDate: '2024-01-10' });
    const created = await suite.agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '不制冷', allowDuplicate: true });
    const ticketId = created.json().ticket.id as string;
    const assessed = await suite.agent.request('PUT', `/api/tickets/${ticketId}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' });
    expect(assessed.json().assessment).toMatchObject({ isFree: false, warranty: { state: 'out_of_warranty' } });
    const workOrderId = newId();
    await suite.t.app.ctx.db.transaction((tx) =>
      draftClaimLine(
        tx,
        { workOrderId, number: 'PG-PAID', ticketId, customerId: customer.id, assetId: asset.id, type: 'repair', outletId: null, technicianId: null, finishedAt: suite.clock.now().toISOString(), modelId: model.id, partsUsed: [], assignedUserId: null, workDone: '更换电容' },
        { actor: SYSTEM_ACTOR, now: suite.clock.now() },
      ),
    );
    const lines = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from claim_lines where work_order_id = ${workOrderId}`);
    expect(lines[0].n).toBe(0);
  });

  it('keeps claims to the roles that need them', async () => {
    const agent = (await signInAs(suite.t.app, ['agent'])).session;
    expect((await agent.request('GET', '/api/claim-lines')).statusCode).toBe(403);
    const keeper = (await signInAs(suite.t.app, ['parts_keeper'])).session;
    expect((await keeper.request('GET', '/api/claim-lines')).statusCode).toBe(200);
    expect((await keeper.request('POST', '/api/claim-batches', { brand: '格力', month: '2026-11' })).statusCode).toBe(403);
  });
});
