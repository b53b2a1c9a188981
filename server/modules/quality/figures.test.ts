import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityInspections, qualityLedgerEntries, qualityRepeatLinks, qualityRules, qualityVisits } from '../../db/schema';
import { createFakeClock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import { buildTechnician, type TestTechnician } from '../../test/field-factories';
import { buildOutlet, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';

/**
 * The figures service on generated data: visits, repeat links, inspections and ledger entries
 * written straight into quality's tables for two technicians of two outlets, with visits
 * around the period's Shanghai day boundaries.
 */
describe('quality figures', () => {
  const clock = createFakeClock('2026-12-20T02:00:00Z');
  let t: TestApp;
  let manager: Session;
  let outletSession: Session;
  let outletA: string;
  let outletB: string;
  let wang: TestTechnician;
  let li: TestTechnician;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    manager = (await signInAs(t.app, ['manager'])).session;
    outletA = (await buildOutlet(t.app)).id;
    outletB = (await buildOutlet(t.app)).id;
    outletSession = (await signInAs(t.app, ['outlet'], { outletId: outletB })).session;
    wang = await buildTechnician(t.app, outletA);
    li = await buildTechnician(t.app, outletB);
    const db = t.app.ctx.db;
    const now = clock.now();
    // Wang: 10 visits in November (Shanghai), 2 reworked, 1 after an incomplete first visit; one just outside on each side.
    // Li: 4 visits, none reworked.
    let n = 0;
    const visit = (tech: TestTechnician, outletId: string, finishedAt: string, extra: Partial<typeof qualityVisits.$inferInsert> = {}) => {
      n += 1;
      return { workOrderId: newId(), workOrderNumber: `PD-F-${n}`, ticketId: newId(), assetId: newId(), type: 'repair' as const, faultCode: 'no_cooling', technicianId: tech.id, technicianUserId: tech.userId, outletId, finishedAt: new Date(finishedAt), isFirstVisit: true, inspection: 'not_required' as const, updatedAt: now, ...extra };
    };
    const wangVisits = Array.from({ length: 10 }, (_, index) => visit(wang, outletA, `2026-11-${String(index + 2).padStart(2, '0')}T03:00:00Z`, { reworkCount: index < 2 ? 1 : 0, isFirstVisit: index !== 9 }));
    const liVisits = Array.from({ length: 4 }, (_, index) => visit(li, outletB, `2026-11-${String(index + 10).padStart(2, '0')}T03:00:00Z`));
    // 2026-10-31T16:30Z is 11-01 00:30 in Shanghai (inside); 2026-11-30T16:30Z is 12-01 00:30 (outside).
    const edges = [visit(wang, outletA, '2026-10-31T16:30:00Z'), visit(wang, outletA, '2026-11-30T16:30:00Z')];
    await db.insert(qualityVisits).values([...wangVisits, ...liVisits, ...edges]);
    // Repeat repairs against Wang: 3 (2 no_cooling, 1 noise), 1 cleared (does not count); against Li: 1.
    const link = (target: typeof wangVisits[number], faultCode: string, cleared = false): typeof qualityRepeatLinks.$inferInsert => ({
      id: newId(), ticketId: newId(), ticketNumber: `SH-F-${newId().slice(0, 6)}`, ticketCreatedAt: new Date('2026-12-05T02:00:00Z'), assetId: target.assetId ?? newId(), faultCode, earlierFaultCode: faultCode, matchedBy: 'code' as const,
      earlierWorkOrderId: target.workOrderId, earlierTicketId: target.ticketId, earlierFinishedAt: target.finishedAt, technicianId: target.technicianId, outletId: target.outletId, summary: '返修', detectedAt: now,
      ...(cleared ? { clearedAt: now, clearedBy: 'sup', clearReason: '误报' } : {}),
    });
    await db.insert(qualityRepeatLinks).values([link(wangVisits[2], 'no_cooling'), link(wangVisits[3], 'no_cooling'), link(wangVisits[4], 'noise'), link(wangVisits[5], 'leak', true), link(liVisits[0], 'noise')]);
    const inspection = (tech: TestTechnician, outletId: string, result: 'passed' | 'failed', at: string) => ({ id: newId(), workOrderId: newId(), result, technicianId: tech.id, outletId, at: new Date(at) });
    await db.insert(qualityInspections).values([inspection(wang, outletA, 'passed', '2026-11-05T03:00:00Z'), inspection(wang, outletA, 'failed', '2026-11-06T03:00:00Z'), inspection(wang, outletA, 'passed', '2026-11-07T03:00:00Z'), inspection(wang, outletA, 'passed', '2026-11-08T03:00:00Z'), inspection(li, outletB, 'passed', '2026-12-02T03:00:00Z')]);
    const ruleId = newId();
    await db.insert(qualityRules).values({ id: ruleId, code: 'gen', name: 'gen', kind: 'penalty', amountFen: 100, trigger: 'manual', createdAt: now, updatedAt: now });
    const entry = (tech: TestTechnician, outletId: string, kind: 'reward' | 'penalty', amountFen: number, points: number, status: 'approved' | 'proposed' | 'rejected', decidedAt: string) => ({
      id: newId(), sourceKey: `gen:${newId()}`, sourceType: 'manual', ruleId, ruleCode: 'gen', kind, userId: tech.userId, technicianId: tech.id, outletId, baseAmountFen: amountFen, amountFen, points, reason: 'gen', status, proposedAt: new Date(decidedAt), decidedAt: new Date(decidedAt),
    });
    await db.insert(qualityLedgerEntries).values([
      entry(wang, outletA, 'penalty', 5000, 2, 'approved', '2026-11-03T03:00:00Z'),
      entry(wang, outletA, 'penalty', 10000, 4, 'approved', '2026-11-20T03:00:00Z'),
      entry(wang, outletA, 'reward', 2000, 1, 'approved', '2026-11-21T03:00:00Z'),
      entry(wang, outletA, 'penalty', 99999, 9, 'proposed', '2026-11-22T03:00:00Z'),
      entry(wang, outletA, 'penalty', 99999, 9, 'rejected', '2026-11-22T03:00:00Z'),
    ]);
  });
  afterAll(() => t.close());

  it('computes first-time fix, rework, repeat repairs with top reasons, inspections and the ledger per technician over Shanghai days', async () => {
    const response = await manager.request('GET', '/api/quality/figures?from=2026-11-01&to=2026-11-30&groupBy=technician');
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json().rows as Record<string, unknown>[];
    const wangRow = rows.find((row) => row.id === wang.id);
    const liRow = rows.find((row) => row.id === li.id);
    // 11 visits (10 + the one at 11-01 00:30 Shanghai); first-time fixes: not reworked (9 left), not the second visit (8), not repeated (5).
    expect(wangRow).toMatchObject({
      name: wang.name,
      visits: 11,
      firstTimeFixes: 5,
      reworks: 2,
      repeatRepairs: 3,
      inspections: 4,
      inspectionsPassed: 3,
      inspectionPassRate: 0.75,
      penaltiesFen: 15000,
      penaltyPoints: 6,
      rewardsFen: 2000,
      rewardPoints: 1,
      topRepeatReasons: [{ faultCode: 'no_cooling', count: 2 }, { faultCode: 'noise', count: 1 }],
    });
    expect(wangRow?.firstTimeFixRate).toBeCloseTo(5 / 11, 4);
    expect(wangRow?.reworkRate).toBeCloseTo(2 / 11, 4);
    expect(wangRow?.repeatRepairRate).toBeCloseTo(3 / 11, 4);
    expect(liRow).toMatchObject({ visits: 4, firstTimeFixes: 3, repeatRepairs: 1, reworks: 0, inspections: 0, inspectionPassRate: null, penaltiesFen: 0 });
  });

  it('groups by outlet; outlet staff see only their outlet; bad periods are refused naming the field', async () => {
    const byOutlet = (await manager.request('GET', '/api/quality/figures?from=2026-11-01&to=2026-11-30&groupBy=outlet')).json().rows as { id: string; visits: number }[];
    expect(byOutlet.map((row) => [row.id, row.visits]).sort()).toEqual([[outletA, 11], [outletB, 4]].sort());
    const scoped = (await outletSession.request('GET', '/api/quality/figures?from=2026-11-01&to=2026-12-31&groupBy=outlet')).json();
    expect(scoped.rows.map((row: { id: string }) => row.id)).toEqual([outletB]);
    expect(scoped.rows[0]).toMatchObject({ visits: 4, inspections: 1, inspectionsPassed: 1 });
    const reversed = await manager.request('GET', '/api/quality/figures?from=2026-12-01&to=2026-11-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details[0].path).toEqual(['to']);
    expect((await manager.request('GET', '/api/quality/figures?from=2026-13-01&to=2026-11-01')).json().error.details[0].path).toEqual(['from']);
  });
});
