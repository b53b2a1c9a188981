import { describe, expect, it } from 'vitest';
import { formatMinutesOfDay, solve } from '../index';
import type { RoutingProblem } from '../types';

/** Line of locations 0..5 at 10 minutes apart; time unit = minutes since midnight. */
function base(): RoutingProblem {
  const pts = [0, 10, 20, 30, 40, 50];
  const durations = pts.map((a) => pts.map((b) => Math.abs(a - b)));
  return {
    matrix: { durations },
    vehicles: [
      { id: 'zs', name: '张三', startLocation: 0, endLocation: 0, shift: { start: 480, end: 1080 }, skills: ['ac'], capacity: 10 },
      { id: 'ls', name: '李四', startLocation: 0, endLocation: 0, shift: { start: 540, end: 1020 }, skills: ['tv'], capacity: 10 },
    ],
    jobs: [],
  };
}

describe('explanations', () => {
  it('assigned jobs get vehicle, stop number and arrival time', () => {
    const p = base();
    p.jobs = [
      { id: 'a', location: 1, serviceDuration: 30, requiredSkills: ['ac'], timeWindows: [{ start: 480, end: 500 }] },
      { id: 'b', location: 2, serviceDuration: 30, requiredSkills: ['ac'], timeWindows: [{ start: 600, end: 700 }] },
    ];
    const s = solve(p, { seed: 1, maxIterations: 200, formatTime: formatMinutesOfDay });
    expect(s.unassigned).toEqual([]);
    const ea = s.explanations.find((e) => e.jobId === 'a')!;
    const eb = s.explanations.find((e) => e.jobId === 'b')!;
    expect(ea).toMatchObject({ assigned: true, vehicleId: 'zs', stopNumber: 1, arrival: 490 });
    expect(ea.text).toBe('assigned to 张三, stop 1, arrives 08:10');
    expect(eb).toMatchObject({ assigned: true, vehicleId: 'zs', stopNumber: 2, arrival: 530, start: 600 });
    expect(eb.text).toBe('assigned to 张三, stop 2, arrives 08:50, starts 10:00');
    const r = s.routes[0];
    expect(r.stops[1]).toMatchObject({ arrival: 530, waiting: 70, start: 600, end: 630 });
    expect(r.returnTime).toBe(650);
    expect(s.totals.travelTime).toBe(40);
  });

  it('NO_SKILLED_VEHICLE when nobody has the skill', () => {
    const p = base();
    p.jobs = [{ id: 'x', location: 1, requiredSkills: ['washer'] }];
    const s = solve(p, { maxIterations: 100 });
    expect(s.unassigned).toHaveLength(1);
    expect(s.unassigned[0].reason).toBe('NO_SKILLED_VEHICLE');
    expect(s.explanations[0].text).toContain('NO_SKILLED_VEHICLE');
  });

  it('NO_SKILLED_VEHICLE when pinned to a vehicle lacking the skill', () => {
    const p = base();
    p.jobs = [{ id: 'x', location: 1, requiredSkills: ['ac'], pinnedVehicleId: 'ls' }];
    expect(solve(p, { maxIterations: 100 }).unassigned[0].reason).toBe('NO_SKILLED_VEHICLE');
  });

  it('WINDOW_UNREACHABLE for a window before any shift', () => {
    const p = base();
    p.jobs = [{ id: 'early', location: 1, serviceDuration: 10, timeWindows: [{ start: 300, end: 400 }] }];
    const s = solve(p, { maxIterations: 100 });
    expect(s.unassigned.map((u) => [u.jobId, u.reason])).toEqual([['early', 'WINDOW_UNREACHABLE']]);
  });

  it('WINDOW_UNREACHABLE when the window closes before the technician can get there', () => {
    const p = base();
    // earliest arrival 480 + 50 = 530 > 520
    p.jobs = [{ id: 'far', location: 5, timeWindows: [{ start: 500, end: 520 }] }];
    expect(solve(p, { maxIterations: 100 }).unassigned[0].reason).toBe('WINDOW_UNREACHABLE');
  });

  it('SHIFT_TOO_SHORT when service is longer than any shift', () => {
    const p = base();
    p.jobs = [{ id: 'long', location: 1, serviceDuration: 700 }];
    expect(solve(p, { maxIterations: 100 }).unassigned[0].reason).toBe('SHIFT_TOO_SHORT');
  });

  it('CAPACITY when demand exceeds every vehicle', () => {
    const p = base();
    p.jobs = [{ id: 'big', location: 1, demand: 11 }];
    expect(solve(p, { maxIterations: 100 }).unassigned[0].reason).toBe('CAPACITY');
  });

  it('MAX_WORKING_TIME', () => {
    const p = base();
    p.vehicles.forEach((v) => (v.maxWorkingTime = 60));
    p.jobs = [{ id: 'w', location: 3, serviceDuration: 10 }];
    expect(solve(p, { maxIterations: 100 }).unassigned[0].reason).toBe('MAX_WORKING_TIME');
  });

  it('NO_FEASIBLE_SLOT and priority: the higher-priority job wins the only slot', () => {
    const p = base();
    p.vehicles = [p.vehicles[0]];
    p.jobs = [
      { id: 'low', location: 1, serviceDuration: 60, timeWindows: [{ start: 600, end: 610 }] },
      { id: 'high', location: 5, serviceDuration: 60, timeWindows: [{ start: 600, end: 610 }], priority: 1 },
    ];
    const s = solve(p, { maxIterations: 300 });
    expect(s.routes[0].stops.map((x) => x.jobId)).toEqual(['high']);
    expect(s.unassigned).toEqual([expect.objectContaining({ jobId: 'low', reason: 'NO_FEASIBLE_SLOT' })]);
  });

  it('CAPACITY when the remaining capacity is used by other jobs', () => {
    const p = base();
    p.vehicles = [p.vehicles[0]];
    p.jobs = [
      { id: 'a', location: 1, demand: 6, priority: 1 },
      { id: 'b', location: 2, demand: 6 },
    ];
    const s = solve(p, { maxIterations: 300 });
    expect(s.unassigned).toEqual([expect.objectContaining({ jobId: 'b', reason: 'CAPACITY' })]);
  });

  it('serves jobs in pinned sequence even when another order is shorter', () => {
    const p = base();
    p.vehicles = [p.vehicles[0]];
    p.jobs = [
      { id: 'far', location: 5, pinnedVehicleId: 'zs', pinnedSequence: 1 },
      { id: 'near', location: 1, pinnedVehicleId: 'zs', pinnedSequence: 2 },
      { id: 'mid', location: 3 },
    ];
    const s = solve(p, { maxIterations: 500 });
    const order = s.routes[0].stops.map((x) => x.jobId);
    expect(order.indexOf('far')).toBeLessThan(order.indexOf('near'));
    expect(s.totals.travelTime).toBe(100);
  });

  it('multiple time windows: uses the later window when the first cannot be reached', () => {
    const p = base();
    p.vehicles = [p.vehicles[0]];
    p.jobs = [{ id: 'mw', location: 5, timeWindows: [{ start: 400, end: 500 }, { start: 700, end: 760 }] }];
    const s = solve(p, { maxIterations: 100 });
    expect(s.routes[0].stops[0]).toMatchObject({ arrival: 530, start: 700 });
  });
});
