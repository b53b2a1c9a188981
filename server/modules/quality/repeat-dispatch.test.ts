import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { seam } from '../../platform/seam';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildModel } from '../../test/archive-factories';
import { buildAssessedTicket, buildServiceOutlet, buildTech, planVisit, type TestTech } from '../../test/dispatch-factories';
import { qualityRepeatLinks } from '../../db/schema';
import { autoDispatch, TicketRepeatRepairs } from '../dispatch';
import { findWorkOrderRow } from '../workorders';

const clock = createFakeClock('2026-11-23T00:00:00Z');

/**
 * Dispatch and repeat repairs (返修) through the seam: dispatch asks `TicketRepeatRepairs`
 * (answered by quality in server/wiring.ts, from quality's own links) and automatic dispatch
 * prefers another technician than the earlier visit's, or a higher-graded one.
 */
describe('automatic dispatch of a repeat repair', () => {
  let t: TestApp;
  let agent: Session;
  let categoryModel: Awaited<ReturnType<typeof buildModel>>;
  let near: TestTech;
  let far: TestTech;
  const site = { latitude: 31.2, longitude: 121.5 };
  const window = { windowStart: '2026-11-26T09:00:00+08:00', windowEnd: '2026-11-26T17:00:00+08:00', estimatedMinutes: 60 };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    agent = (await signInAs(t.app, ['agent'])).session;
    categoryModel = await buildModel(t.app, { warrantyMonths: 12, categoryName: '空调' });
    const outlet = await buildServiceOutlet(t.app, { latitude: site.latitude, longitude: site.longitude });
    const skills = [{ categoryId: categoryModel.category.id, workType: 'repair' as const }];
    near = await buildTech(t.app, { outletId: outlet.id, name: '王强', skills, grade: 'senior', latitude: site.latitude, longitude: site.longitude });
    far = await buildTech(t.app, { outletId: outlet.id, name: '李明', skills, grade: 'senior', latitude: site.latitude + 0.08, longitude: site.longitude + 0.08 });
  });
  afterAll(async () => t?.close());

  /** A link as quality's detection stores it, the earlier visit by `technician`. */
  async function flag(ticketId: string, technician: TestTech, options: { cleared?: boolean } = {}) {
    const now = clock.now();
    await t.app.ctx.db.insert(qualityRepeatLinks).values({
      id: newId(),
      ticketId,
      ticketNumber: 'SH20261123-0001',
      ticketCreatedAt: now,
      assetId: newId(),
      faultCode: 'no_cooling',
      earlierFaultCode: 'no_cooling',
      matchedBy: 'code',
      earlierWorkOrderId: newId(),
      earlierTicketId: newId(),
      earlierFinishedAt: new Date(now.getTime() - 40 * 86_400_000),
      technicianId: technician.id,
      outletId: null,
      summary: `返修：上次 2026-10-14 ${technician.name} 更换电容`,
      detectedAt: now,
      clearedAt: options.cleared ? now : null,
      clearedBy: options.cleared ? '质检员' : null,
      clearReason: options.cleared ? '不同故障' : null,
    });
  }

  async function dispatchOne(flagWith?: { technician: TestTech; cleared?: boolean }) {
    const { ticket } = await buildAssessedTicket(t.app, agent, { categoryModel, ...site });
    if (flagWith) await flag(ticket.id, flagWith.technician, { cleared: flagWith.cleared });
    const order = await planVisit(agent, ticket.id, window);
    const result = await autoDispatch(t.app.ctx, SYSTEM_ACTOR, { ids: [order.id] });
    const row = (await findWorkOrderRow(t.app.ctx.db, order.id))!;
    return { ticketId: ticket.id, technicianId: row.technicianId, summary: result.items[0].summary };
  }

  it('quality answers the lookup with the open flags only (wired in server/wiring.ts)', async () => {
    const { ticket: flagged } = await buildAssessedTicket(t.app, agent, { categoryModel, ...site });
    const { ticket: cleared } = await buildAssessedTicket(t.app, agent, { categoryModel, ...site });
    await flag(flagged.id, near);
    await flag(cleared.id, far, { cleared: true });
    expect(seam.describe().lookups).toContain('dispatch.ticketRepeatRepairs');
    const answer = await seam.lookup(t.app.ctx.db, TicketRepeatRepairs, [flagged.id, cleared.id, newId()]);
    expect([...answer.entries()]).toEqual([[flagged.id, { technicianId: near.id, summary: '返修：上次 2026-10-14 王强 更换电容' }]]);
  });

  it('without a flag the nearest technician gets the order', async () => {
    const outcome = await dispatchOne();
    expect(outcome.technicianId).toBe(near.id);
    expect(outcome.summary).not.toContain('返修');
  });

  it('a repeat repair goes to another technician than the earlier visit’s, and says so', async () => {
    const outcome = await dispatchOne({ technician: near });
    expect(outcome.technicianId).toBe(far.id);
    expect(outcome.summary).toContain('李明（返修单，避开上次技师，');
  });

  it('a cleared flag is no repeat repair for dispatch', async () => {
    const outcome = await dispatchOne({ technician: near, cleared: true });
    expect(outcome.technicianId).not.toBeNull();
    expect(outcome.summary).not.toContain('返修');
  });

  it('the board marks the unassigned repeat repair with its flag, and only that one', async () => {
    const dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
    const { ticket: plain } = await buildAssessedTicket(t.app, agent, { categoryModel, ...site });
    const { ticket: repeated } = await buildAssessedTicket(t.app, agent, { categoryModel, ...site });
    await flag(repeated.id, near);
    const day = { windowStart: '2026-11-27T09:00:00+08:00', windowEnd: '2026-11-27T17:00:00+08:00', estimatedMinutes: 60 };
    const plainOrder = await planVisit(agent, plain.id, day);
    const repeatOrder = await planVisit(agent, repeated.id, day);
    const board = await dispatcher.request('GET', '/api/dispatch/board?date=2026-11-27');
    expect(board.statusCode, board.body).toBe(200);
    const body = board.json() as { unassigned: { id: string }[]; repeatRepairs: { workOrderId: string; summary: string }[] };
    expect(body.unassigned.map((order) => order.id).sort()).toEqual([plainOrder.id, repeatOrder.id].sort());
    expect(body.repeatRepairs).toEqual([{ workOrderId: repeatOrder.id, summary: '返修：上次 2026-10-14 王强 更换电容' }]);
  });

  it('the manual candidate list of a repeat repair carries the flag, marks the earlier technician and ranks him last', async () => {
    const dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
    const { ticket } = await buildAssessedTicket(t.app, agent, { categoryModel, ...site });
    await flag(ticket.id, near);
    const order = await planVisit(agent, ticket.id, { windowStart: '2026-11-30T09:00:00+08:00', windowEnd: '2026-11-30T17:00:00+08:00', estimatedMinutes: 60 });
    const response = await dispatcher.request('GET', `/api/work-orders/${order.id}/candidates`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { technicians: { id: string; ok: boolean; isEarlierTechnician: boolean }[]; repeatRepair: { summary: string; technicianId: string } | null };
    expect(body.repeatRepair).toEqual({ summary: '返修：上次 2026-10-14 王强 更换电容', technicianId: near.id });
    const mine = body.technicians.filter((item) => item.id === near.id || item.id === far.id);
    expect(mine.map((item) => [item.id, item.ok, item.isEarlierTechnician])).toEqual([
      [far.id, true, false],
      [near.id, true, true],
    ]);
    // The earlier technician is behind every technician who fits, wherever he stood before.
    const fitting = body.technicians.filter((item) => item.ok);
    expect(fitting.at(-1)?.id).toBe(near.id);
  });

  it('the candidate list of an order without a flag (or with a cleared one) marks nobody and keeps its order', async () => {
    const dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
    const day = { windowStart: '2026-12-01T09:00:00+08:00', windowEnd: '2026-12-01T17:00:00+08:00', estimatedMinutes: 60 };
    const { ticket: plain } = await buildAssessedTicket(t.app, agent, { categoryModel, ...site });
    const { ticket: cleared } = await buildAssessedTicket(t.app, agent, { categoryModel, ...site });
    await flag(cleared.id, near, { cleared: true });
    const plainBody = (await dispatcher.request('GET', `/api/work-orders/${(await planVisit(agent, plain.id, day)).id}/candidates`)).json() as { technicians: { id: string; isEarlierTechnician: boolean }[]; repeatRepair: unknown };
    const clearedBody = (await dispatcher.request('GET', `/api/work-orders/${(await planVisit(agent, cleared.id, day)).id}/candidates`)).json() as typeof plainBody;
    for (const body of [plainBody, clearedBody]) {
      expect(body.repeatRepair).toBeNull();
      expect(body.technicians.some((item) => item.isEarlierTechnician)).toBe(false);
    }
    expect(clearedBody.technicians.map((item) => item.id)).toEqual(plainBody.technicians.map((item) => item.id));
  });
});
