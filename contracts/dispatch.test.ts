import { describe, expect, it } from 'vitest';
import { canMoveWorkOrder, WORK_ORDER_STATUSES, type WorkOrderStatus } from './dispatch';

/** The work order life cycle written out independently of the table, pair by pair. */
const EXPECTED: Record<WorkOrderStatus, WorkOrderStatus[]> = {
  waiting: ['dispatched', 'cancelled'],
  dispatched: ['assigned', 'waiting', 'cancelled'],
  assigned: ['on_the_way', 'waiting', 'cancelled'],
  on_the_way: ['arrived', 'not_completed'],
  arrived: ['in_progress', 'not_completed'],
  in_progress: ['completed', 'not_completed'],
  completed: ['verified', 'in_progress'],
  not_completed: ['verified', 'waiting'],
  verified: [],
  cancelled: [],
};

describe('work order state table', () => {
  for (const from of WORK_ORDER_STATUSES) {
    for (const to of WORK_ORDER_STATUSES) {
      const allowed = EXPECTED[from].includes(to);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
        expect(canMoveWorkOrder(from, to)).toBe(allowed);
      });
    }
  }
  it('work under way can no longer be cancelled or recalled; finished orders only verified', () => {
    for (const from of ['on_the_way', 'arrived', 'in_progress'] as const) {
      expect(canMoveWorkOrder(from, 'cancelled')).toBe(false);
      expect(canMoveWorkOrder(from, 'waiting')).toBe(false);
    }
  });
});

describe('work order timeline labels', () => {
  it('names the parts and step entries in both languages and leaves unknown kinds to the caller', async () => {
    const { workOrderEventLabel } = await import('./dispatch');
    expect(workOrderEventLabel('parts_short', 'zh')).toBe('缺料，等待备件');
    expect(workOrderEventLabel('parts_ready', 'en')).toBe('Parts ready');
    for (const kind of ['report_saved', 'signed', 'photo_added', 'parts_issued', 'rework']) {
      expect(workOrderEventLabel(kind, 'zh')).toMatch(/[\u4e00-\u9fff]/);
      expect(workOrderEventLabel(kind, 'en')).toMatch(/^[A-Z]/);
    }
    expect(workOrderEventLabel('no_such_kind', 'zh')).toBeUndefined();
  });
});
