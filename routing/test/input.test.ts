import { describe, expect, it } from 'vitest';
import { RoutingInputError, solve } from '../index';
import type { RoutingProblem } from '../types';

function ok(): RoutingProblem {
  return {
    matrix: { durations: [[0, 5, 7], [5, 0, 3], [7, 3, 0]] },
    vehicles: [{ id: 'v1', startLocation: 0, endLocation: 0 }],
    jobs: [
      { id: 'a', location: 1 },
      { id: 'b', location: 2 },
      { id: 'c', location: 1 },
      { id: 'd', location: 2, timeWindows: [{ start: 0, end: 100 }] },
    ],
  };
}

function expectError(p: RoutingProblem, field: string, msg: RegExp): void {
  let err: unknown;
  try {
    solve(p, { maxIterations: 10 });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(RoutingInputError);
  expect((err as RoutingInputError).field).toBe(field);
  expect((err as RoutingInputError).message).toMatch(msg);
}

describe('bad input is rejected before solving', () => {
  it('accepts the valid base problem', () => {
    expect(solve(ok(), { maxIterations: 50 }).unassigned).toEqual([]);
  });
  it('unknown pinned vehicle id', () => {
    const p = ok();
    p.jobs[2].pinnedVehicleId = 'ghost';
    expectError(p, 'jobs[2].pinnedVehicleId', /unknown vehicle id "ghost"/);
  });
  it('matrix of the wrong size', () => {
    const p = ok();
    p.matrix.durations[1] = [5, 0];
    expectError(p, 'matrix.durations[1]', /square/);
  });
  it('distance matrix with a different size', () => {
    const p = ok();
    p.matrix.distances = [[0, 1], [1, 0]];
    expectError(p, 'matrix.distances', /3 rows/);
  });
  it('negative duration', () => {
    const p = ok();
    p.matrix.durations[2][0] = -1;
    expectError(p, 'matrix.durations[2][0]', /negative/);
  });
  it('negative service duration', () => {
    const p = ok();
    p.jobs[1].serviceDuration = -5;
    expectError(p, 'jobs[1].serviceDuration', /non-negative/);
  });
  it('window that ends before it starts', () => {
    const p = ok();
    p.jobs[3].timeWindows = [{ start: 50, end: 10 }];
    expectError(p, 'jobs[3].timeWindows[0]', /ends before it starts/);
  });
  it('shift that ends before it starts', () => {
    const p = ok();
    p.vehicles[0].shift = { start: 100, end: 0 };
    expectError(p, 'vehicles[0].shift', /ends before it starts/);
  });
  it('location outside the matrix', () => {
    const p = ok();
    p.jobs[0].location = 3;
    expectError(p, 'jobs[0].location', /0\.\.2/);
  });
  it('vehicle start location outside the matrix', () => {
    const p = ok();
    p.vehicles[0].startLocation = -1;
    expectError(p, 'vehicles[0].startLocation', /location index/);
  });
  it('duplicate job ids', () => {
    const p = ok();
    p.jobs[1].id = 'a';
    expectError(p, 'jobs[1].id', /duplicate/);
  });
  it('pinnedSequence without a vehicle', () => {
    const p = ok();
    p.jobs[0].pinnedSequence = 1;
    expectError(p, 'jobs[0].pinnedSequence', /requires pinnedVehicleId/);
  });
  it('initial routes with unknown vehicle or job ids', () => {
    const p = ok();
    const err = (opts: Parameters<typeof solve>[1]): RoutingInputError => {
      try {
        solve(p, opts);
      } catch (e) {
        return e as RoutingInputError;
      }
      throw new Error('expected an error');
    };
    expect(err({ initialRoutes: { nobody: ['a'] } }).field).toBe('initialRoutes.nobody');
    expect(err({ initialRoutes: { v1: ['a', 'zz'] } }).field).toBe('initialRoutes.v1[1]');
    expect(err({ timeBudgetMs: -1 }).field).toBe('options.timeBudgetMs');
  });
  it('starts from a given plan', () => {
    const s = solve(ok(), { initialRoutes: { v1: ['d', 'c', 'b', 'a'] }, maxIterations: 0 });
    expect(s.routes[0].stops.map((x) => x.jobId)).toEqual(['d', 'c', 'b', 'a']);
  });
  it('bad priority', () => {
    const p = ok();
    p.jobs[0].priority = 1.5;
    expectError(p, 'jobs[0].priority', /integer/);
  });
});
