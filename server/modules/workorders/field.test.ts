import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { buildOutlet, signInAs, type Session } from '../../test/harness';
import { buildSuiteOrder, buildTechnician, fieldStep, pngBytes, pngDataUrl, stepId, useFieldSuite } from '../../test/field-factories';

describe("the technician's field steps", () => {
  const suite = useFieldSuite();
  const { clock } = suite;
  const step = fieldStep;
  const orderRow = async (id: string) =>
    (await queryRows<Record<string, unknown>>(suite.t.app.ctx.db, sql`select status, arrived_latitude, arrived_longitude, signature_key, signed_at, result, technician_id, assigned_user_id, outlet_id, decline_reason, not_completed_reason, version from work_orders where id = ${id}`))[0];
  const events = (id: string) => queryRows<{ kind: string; client_step_id: string | null }>(suite.t.app.ctx.db, sql`select kind, client_step_id from work_order_events where work_order_id = ${id} order by at, kind`);
  const ticketStatus = async (ticketId: string) => (await suite.agent.request('GET', `/api/tickets/${ticketId}`)).json().status as string;
  const expectOk = (response: Awaited<ReturnType<Session['request']>>) => {
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  /** An order walked to `in_progress` by its technician. */
  const orderInProgress = async (options: { withAsset?: boolean } = {}) => {
    const order = await buildSuiteOrder(suite, options);
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expectOk(await step(suite.tech.session, order.id, path));
    return order;
  };

  it('walks the whole visit: accept, on the way (SMS), arrived with location, start, report, signature, complete; the ticket is resolved', async () => {
    const order = await buildSuiteOrder(suite, { withAsset: true });

    const today = expectOk(await suite.tech.session.request('GET', '/api/m/work-orders'));
    const mine = today.items.find((item: { id: string }) => item.id === order.id);
    expect(mine).toMatchObject({ status: 'dispatched', contactPhone: order.phone, technicianName: suite.tech.name, ticketNumber: order.ticketNumber });
    expect(expectOk(await suite.tech.session.request('GET', '/api/m/work-orders?date=2026-11-23')).items).toEqual([]);

    expect(expectOk(await step(suite.tech.session, order.id, 'accept')).status).toBe('assigned');
    expect(await ticketStatus(order.ticketId)).toBe('dispatched');

    expect(expectOk(await step(suite.tech.session, order.id, 'on-the-way')).status).toBe('on_the_way');
    const sms = await queryRows<{ recipient: string; body: string }>(suite.t.app.ctx.db, sql`select recipient, body from outbox_messages where template = 'technician_on_the_way' and recipient = ${order.phone}`);
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toContain(order.ticketNumber);
    expect(sms[0].body).toContain(suite.tech.name);
    expect(sms[0].body).toContain('14:00-16:00');

    clock.advance(30 * 60_000);
    const arrived = expectOk(await step(suite.tech.session, order.id, 'arrived', { latitude: 31.2, longitude: 121.6 }));
    expect(arrived.arrivedAt).toBe(clock.now().toISOString());
    expect(await orderRow(order.id)).toMatchObject({ status: 'arrived', arrived_latitude: 31.2, arrived_longitude: 121.6 });
    expect(await ticketStatus(order.ticketId)).toBe('in_progress');

    expect(expectOk(await step(suite.tech.session, order.id, 'start')).status).toBe('in_progress');
    clock.advance(60_000);
    const report = expectOk(
      await step(suite.tech.session, order.id, 'report', {
        diagnosis: '冷媒泄漏',
        actualFault: '铜管焊点渗漏',
        workDone: '补焊并加注冷媒',
        partsUsed: [{ partCode: 'R32-1KG', name: 'R32 冷媒', quantity: 2, unitPriceFen: 8000 }],
        labourMinutes: 90,
        labourFeeFen: 10000,
        feeCollectedFen: 26000,
      }),
    );
    expect(report.result).toMatchObject({ workDone: '补焊并加注冷媒', feeExpectedFen: 26000, feeCollectedFen: 26000 });

    clock.advance(60_000);
    const signature = pngDataUrl(300);
    expect(expectOk(await step(suite.tech.session, order.id, 'signature', { dataUrl: signature })).hasSignature).toBe(true);
    const image = await suite.agent.request('GET', `/api/work-orders/${order.id}/signature`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(pngBytes(300))).toBe(true);

    clock.advance(60 * 60_000);
    const completed = expectOk(await step(suite.tech.session, order.id, 'complete'));
    expect(completed.status).toBe('completed');
    expect(completed.finishedAt).toBe(clock.now().toISOString());
    expect(await ticketStatus(order.ticketId)).toBe('resolved');
    expect((await events(order.id)).map((event) => event.kind)).toEqual(['accepted', 'on_the_way', 'arrived', 'started', 'report_saved', 'signed', 'completed']);
    const audit = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from audit_log where entity = 'work_order' and entity_id = ${order.id}`);
    expect(audit[0].n).toBe(7);
  });

  it('applies a retried step once: the same clientStepId answers 200 with the current order and writes nothing more', async () => {
    const order = await buildSuiteOrder(suite);
    const body = { clientStepId: stepId('accept') };
    const first = await suite.tech.session.request('POST', `/api/m/work-orders/${order.id}/accept`, body);
    const again = await suite.tech.session.request('POST', `/api/m/work-orders/${order.id}/accept`, body);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('assigned');
    expect(again.json().version).toBe(first.json().version);
    expect((await events(order.id)).filter((event) => event.kind === 'accepted')).toHaveLength(1);

    // Two identical on-the-way requests at once (a double tap): one applies, one SMS.
    const onTheWay = { clientStepId: stepId('otw') };
    const both = await Promise.all([0, 1].map(() => suite.tech.session.request('POST', `/api/m/work-orders/${order.id}/on-the-way`, onTheWay)));
    expect(both.map((response) => response.statusCode)).toEqual([200, 200]);
    expect((await events(order.id)).filter((event) => event.kind === 'on_the_way')).toHaveLength(1);
    expect((await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from outbox_messages where template = 'technician_on_the_way' and recipient = ${order.phone}`))[0].n).toBe(1);

    // A step id reused for a different step is a client bug, not a retry.
    const reused = await suite.tech.session.request('POST', `/api/m/work-orders/${order.id}/arrived`, { clientStepId: onTheWay.clientStepId });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.details[0].path).toEqual(['clientStepId']);
    expect((await orderRow(order.id)).status).toBe('on_the_way');
  });

  it('refuses a step out of order with 409 naming the move and changes nothing', async () => {
    const order = await buildSuiteOrder(suite);
    const before = await orderRow(order.id);
    for (const path of ['start', 'arrived', 'complete', 'on-the-way']) {
      const response = await step(suite.tech.session, order.id, path);
      expect(response.statusCode, path).toBe(409);
      expect(response.json().error.details[0].path).toEqual(['to']);
    }
    const report = await step(suite.tech.session, order.id, 'report', { workDone: '尚未开始' });
    expect(report.statusCode).toBe(409);
    expect(report.json().error.details[0].path).toEqual(['status']);
    expect(await orderRow(order.id)).toEqual(before);
    expect(await events(order.id)).toEqual([]);
  });

  it("hides another technician's order (404) and lets only the proposed technician act", async () => {
    const order = await buildSuiteOrder(suite);
    const other = await buildTechnician(suite.t.app, suite.outletId);
    expect((await other.session.request('GET', `/api/m/work-orders/${order.id}`)).statusCode).toBe(404);
    expect((await step(other.session, order.id, 'accept')).statusCode).toBe(404);
    expect((await step(other.session, order.id, 'decline', { reason: '不是我的' })).statusCode).toBe(404);
    expect((await other.session.request('GET', `/api/work-orders/${order.id}/receipt`)).statusCode).toBe(404);
    expect((await other.session.request('GET', '/api/m/work-orders')).json().items.map((item: { id: string }) => item.id)).not.toContain(order.id);
    const foreignOutlet = (await signInAs(suite.t.app, ['outlet'], { outletId: (await buildOutlet(suite.t.app)).id })).session;
    expect((await foreignOutlet.request('GET', `/api/work-orders/${order.id}/receipt`)).statusCode).toBe(404);
    // An administrator sees every order but does not do a technician's steps.
    const admin = (await signInAs(suite.t.app, ['admin'])).session;
    expect((await admin.request('GET', `/api/m/work-orders/${order.id}`)).statusCode).toBe(200);
    expect((await step(admin, order.id, 'accept')).statusCode).toBe(403);
    expect((await orderRow(order.id)).status).toBe('dispatched');
  });

  it('declines back to waiting with the outlet and technician cleared; the order leaves the technician’s day', async () => {
    const order = await buildSuiteOrder(suite);
    const empty = await step(suite.tech.session, order.id, 'decline', { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toEqual(['reason']);
    const body = { clientStepId: stepId('decline'), reason: '车辆故障，今天无法上门' };
    const declined = expectOk(await suite.tech.session.request('POST', `/api/m/work-orders/${order.id}/decline`, body));
    expect(declined).toMatchObject({ status: 'waiting', technicianId: null, outletId: null, declineReason: body.reason });
    expect(await orderRow(order.id)).toMatchObject({ status: 'waiting', technician_id: null, assigned_user_id: null, outlet_id: null, decline_reason: body.reason });
    // The retry of the decline still answers 200, although the order is no longer the technician's.
    expect((await suite.tech.session.request('POST', `/api/m/work-orders/${order.id}/decline`, body)).statusCode).toBe(200);
    expect((await events(order.id)).map((event) => event.kind)).toEqual(['declined']);
    expect((await suite.tech.session.request('GET', `/api/m/work-orders/${order.id}`)).statusCode).toBe(404);
    expect((await suite.tech.session.request('GET', '/api/m/work-orders')).json().items.map((item: { id: string }) => item.id)).not.toContain(order.id);
    // An accepted order is no longer declined (the dispatcher recalls it instead).
    const accepted = await buildSuiteOrder(suite);
    expectOk(await step(suite.tech.session, accepted.id, 'accept'));
    expect((await step(suite.tech.session, accepted.id, 'decline', { reason: '太远' })).statusCode).toBe(409);
  });

  it('refuses a signature that is not an image (415), too large (413) or not a data URL (400), and stores nothing', async () => {
    const order = await orderInProgress();
    const before = await orderRow(order.id);
    const notImage = await step(suite.tech.session, order.id, 'signature', { dataUrl: `data:image/png;base64,${Buffer.from('<svg onload=alert(1)>').toString('base64')}` });
    expect(notImage.statusCode).toBe(415);
    expect(notImage.json().error.details[0].path).toEqual(['dataUrl']);
    const jpegClaimingPng = await step(suite.tech.session, order.id, 'signature', { dataUrl: `data:image/jpeg;base64,${pngBytes(100).toString('base64')}` });
    expect(jpegClaimingPng.statusCode).toBe(415);
    const tooLarge = await step(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl(580_000) });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.details[0].path).toEqual(['dataUrl']);
    const notDataUrl = await step(suite.tech.session, order.id, 'signature', { dataUrl: 'https://example.com/sign.png' });
    expect(notDataUrl.statusCode).toBe(400);
    expect(notDataUrl.json().error.details[0].path).toEqual(['dataUrl']);
    expect(await orderRow(order.id)).toEqual(before);
    expect((await events(order.id)).filter((event) => event.kind === 'signed')).toEqual([]);
    expect((await suite.agent.request('GET', `/api/work-orders/${order.id}/signature`)).statusCode).toBe(404);
  });

  it('needs a reason when the fee collected differs from the expected fee (400 naming feeReason)', async () => {
    const order = await orderInProgress();
    const parts = [{ name: '电容', quantity: 1, unitPriceFen: 3500 }];
    const missing = await step(suite.tech.session, order.id, 'report', { workDone: '更换电容', partsUsed: parts, labourFeeFen: 5000, feeCollectedFen: 5000 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toEqual(['feeReason']);
    expect((await orderRow(order.id)).result).toBeNull();
    const withReason = expectOk(await step(suite.tech.session, order.id, 'report', { workDone: '更换电容', partsUsed: parts, labourFeeFen: 5000, feeCollectedFen: 5000, feeReason: '老客户，电容免费' }));
    expect(withReason.result).toMatchObject({ feeExpectedFen: 8500, feeCollectedFen: 5000, feeReason: '老客户，电容免费' });
    // A later report merges: the fields not sent keep their value.
    const merged = expectOk(await step(suite.tech.session, order.id, 'report', { diagnosis: '电容鼓包' }));
    expect(merged.result).toMatchObject({ diagnosis: '电容鼓包', workDone: '更换电容', feeExpectedFen: 8500 });
  });

  it('does not complete without the signature and the report, naming what is missing', async () => {
    const order = await orderInProgress();
    const bare = await step(suite.tech.session, order.id, 'complete');
    expect(bare.statusCode).toBe(409);
    expect(bare.json().error.details.map((detail: { path: string[] }) => detail.path[0]).sort()).toEqual(['signature', 'workDone']);
    expectOk(await step(suite.tech.session, order.id, 'report', { diagnosis: '主板故障' }));
    const unsigned = await step(suite.tech.session, order.id, 'complete');
    expect(unsigned.statusCode).toBe(409);
    expect(unsigned.json().error.details.map((detail: { path: string[] }) => detail.path)).toEqual([['signature']]);
    expect((await orderRow(order.id)).status).toBe('in_progress');
    expectOk(await step(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl() }));
    expect(expectOk(await step(suite.tech.session, order.id, 'complete')).status).toBe('completed');
  });

  it('stores photos once per step id and serves them to readers of the order', async () => {
    const order = await orderInProgress();
    const clientStepId = stepId('photo');
    const upload = (body: Buffer, contentType: string, id = clientStepId) =>
      suite.t.app.inject({
        method: 'POST',
        url: `/api/m/work-orders/${order.id}/photos?clientStepId=${id}&caption=${encodeURIComponent('铭牌')}`,
        headers: { cookie: suite.tech.session.cookie, 'x-csrf-token': suite.tech.session.csrfToken, 'content-type': contentType },
        payload: body,
      });
    const photo = pngBytes(500);
    const first = await upload(photo, 'image/png');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().photos).toHaveLength(1);
    const again = await upload(photo, 'image/png');
    expect(again.statusCode).toBe(200);
    expect(again.json().photos).toHaveLength(1);
    const [saved] = first.json().photos;
    expect(saved).toMatchObject({ contentType: 'image/png', caption: '铭牌' });
    const served = await suite.agent.request('GET', `/api/work-orders/${order.id}/photos/${saved.id}`);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(photo)).toBe(true);
    expect((await upload(Buffer.from('%PDF-1.4'), 'application/pdf', stepId('pdf'))).statusCode).toBe(415);
    expect((await upload(Buffer.from('not a png'), 'image/png', stepId('fake'))).statusCode).toBe(400);
    const count = await queryRows<{ n: number }>(suite.t.app.ctx.db, sql`select count(*)::int as n from work_order_photos where work_order_id = ${order.id}`);
    expect(count[0].n).toBe(1);
  });

  it('pauses the ticket waiting for parts when the visit ends without the part', async () => {
    const order = await orderInProgress();
    const response = expectOk(await step(suite.tech.session, order.id, 'not-completed', { reason: 'parts_needed', note: '需更换压缩机' }));
    expect(response).toMatchObject({ status: 'not_completed', notCompletedReason: 'parts_needed', notCompletedNote: '需更换压缩机' });
    expect(await ticketStatus(order.ticketId)).toBe('waiting_parts');
    const badReason = await step(suite.tech.session, order.id, 'not-completed', { reason: 'bored' });
    expect(badReason.statusCode).toBe(400);
    expect(badReason.json().error.details[0].path).toEqual(['reason']);
  });

  it('gives the service receipt: ticket, customer, asset, work, parts, fees, signature and technician', async () => {
    const order = await orderInProgress({ withAsset: true });
    expectOk(
      await step(suite.tech.session, order.id, 'report', {
        diagnosis: '风机电容损坏',
        actualFault: '电容鼓包',
        workDone: '更换风机电容',
        partsUsed: [
          { partCode: 'CAP-35', name: '风机电容', quantity: 2, unitPriceFen: 3500 },
          { name: '扎带', quantity: 3 },
        ],
        labourFeeFen: 8000,
        feeCollectedFen: 10000,
        feeReason: '优惠 50 元',
      }),
    );
    expectOk(await step(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl() }));
    expectOk(await step(suite.tech.session, order.id, 'complete'));
    const receipt = expectOk(await suite.agent.request('GET', `/api/work-orders/${order.id}/receipt`));
    expect(receipt).toMatchObject({
      workOrder: { id: order.id, number: order.number, status: 'completed' },
      ticket: { id: order.ticketId, number: order.ticketNumber, type: 'repair', description: '空调不制冷' },
      customer: { name: order.customerName, phone: order.phone, address: '上海市浦东新区张江路 100 号' },
      asset: { id: order.assetId },
      technicianName: suite.tech.name,
      diagnosis: '风机电容损坏',
      actualFault: '电容鼓包',
      workDone: '更换风机电容',
      partsUsed: [
        { partCode: 'CAP-35', name: '风机电容', quantity: 2, unitPriceFen: 3500, amountFen: 7000 },
        { partCode: null, name: '扎带', quantity: 3, unitPriceFen: 0, amountFen: 0 },
      ],
      partsTotalFen: 7000,
      labourFeeFen: 8000,
      feeExpectedFen: 15000,
      feeCollectedFen: 10000,
      feeReason: '优惠 50 元',
      hasSignature: true,
      signatureUrl: `/api/work-orders/${order.id}/signature`,
      workshop: [],
    });
    expect(receipt.asset.serialNumber).toMatch(/^FIELD-SN-/);
    expect(receipt.arrivedAt).not.toBeNull();
    expect(receipt.finishedAt).not.toBeNull();
    expect(receipt.signedAt).not.toBeNull();
    // The outlet's staff read the receipt with the phone masked.
    const outletStaff = (await signInAs(suite.t.app, ['outlet'], { outletId: suite.outletId })).session;
    const masked = expectOk(await outletStaff.request('GET', `/api/work-orders/${order.id}/receipt`));
    expect(masked.customer.phone).toBe(`${order.phone.slice(0, 3)}****${order.phone.slice(7)}`);
  });
});
