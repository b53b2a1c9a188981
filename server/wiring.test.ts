import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSuiteOrder, fieldStep, pngDataUrl, useFieldSuite } from './test/field-factories';
import { TicketCreated, TicketManualMoveGuard, TicketMoved, TicketResolved } from './modules/tickets';
import { WorkOrderCompleted, WorkOrderCompletionGuard, WorkOrderMoved, WorkOrderPartPrices } from './modules/workorders';
import { CustomerAssetCounts } from './modules/customers';
import { TicketRepeatRepairs } from './modules/dispatch';
import { FollowUpForComplaintLookup } from './modules/complaints';
import { createSeam, seam, type DomainEvent } from './platform/seam';
import { wireModules } from './wiring';

describe('the wiring (server/wiring.ts)', () => {
  it('wires the modules once per seam, in server/wiring.ts', () => {
    const local = createSeam();
    wireModules(local);
    wireModules(local);
    expect(local.describe()).toEqual({
      events: {
        [WorkOrderCompleted.name]: ['parts.consume-on-completion', 'quality.record-visit', 'followups.create-tasks (after commit)', 'returns.draft-claim-line (after commit)', 'billing.finalize-bill'],
        [WorkOrderMoved.name]: ['quality.record-incomplete-visit'],
        [TicketCreated.name]: ['quality.repeat-repair-at-intake'],
        [TicketMoved.name]: ['quality.repeat-repair-at-triage'],
        'parts.requisitionShort': ['workorders.hold-for-parts'],
        'parts.requisitionIssued': ['workorders.release-parts'],
        'sla.clockBreached': ['quality.sla-breach (after commit)'],
        'followup.outcomeRecorded': ['quality.praise'],
      },
      guards: { [TicketManualMoveGuard.name]: ['workorders.no-open-visits', 'returns.no-open-loaners', 'billing.no-pending-approval'], [WorkOrderCompletionGuard.name]: ['quality.self-check'] },
      lookups: [CustomerAssetCounts.name, WorkOrderPartPrices.name, FollowUpForComplaintLookup.name, TicketRepeatRepairs.name],
    });
    // The app's seam is wired by buildApp (idempotent: a second wiring adds nothing).
    wireModules();
    wireModules();
    expect(seam.describe().guards[TicketManualMoveGuard.name]).toEqual(['workorders.no-open-visits', 'returns.no-open-loaners', 'billing.no-pending-approval']);
  });
});

describe('domain events published by the modules', () => {
  const suite = useFieldSuite();
  const heard: { event: string; payload: Record<string, unknown> }[] = [];
  const unsubscribe: (() => void)[] = [];
  beforeAll(() => {
    const events: DomainEvent<unknown>[] = [WorkOrderMoved, WorkOrderCompleted, TicketMoved, TicketResolved];
    for (const event of events) {
      unsubscribe.push(seam.subscribe(event, { name: 'test.listener' }, async (_tx, payload) => void heard.push({ event: event.name, payload: payload as Record<string, unknown> })));
    }
  });
  afterAll(() => unsubscribe.forEach((stop) => stop()));
  afterEach(() => void heard.splice(0));

  it('tells workOrder.completed and ticket.resolved when the technician completes the last visit', async () => {
    const order = await buildSuiteOrder(suite, { withAsset: true });
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) expect((await fieldStep(suite.tech.session, order.id, path, path === 'arrived' ? { latitude: 31.2, longitude: 121.6 } : {})).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'report', { workDone: '更换电容', labourMinutes: 30 })).statusCode).toBe(200);
    expect((await fieldStep(suite.tech.session, order.id, 'signature', { dataUrl: pngDataUrl(300) })).statusCode).toBe(200);
    heard.splice(0);
    expect((await fieldStep(suite.tech.session, order.id, 'complete')).statusCode).toBe(200);
    expect(heard.map((item) => item.event)).toEqual(['ticket.moved', 'ticket.resolved', 'workOrder.moved', 'workOrder.completed']);
    expect(heard[3].payload).toMatchObject({ workOrderId: order.id, ticketId: order.ticketId, technicianId: suite.tech.id, finishedAt: suite.clock.now().toISOString() });
    expect(heard[0].payload).toMatchObject({ ticketId: order.ticketId, from: 'in_progress', to: 'resolved', cause: 'work_order' });
  });

  it('publishes nothing when the step is refused (the transaction rolled back)', async () => {
    const order = await buildSuiteOrder(suite);
    heard.splice(0);
    expect((await fieldStep(suite.tech.session, order.id, 'complete')).statusCode).toBe(409);
    expect(heard).toEqual([]);
  });
});
