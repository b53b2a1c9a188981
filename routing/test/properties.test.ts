import { describe, expect, it } from 'vitest';
import { solve } from '../index';
import { checkSolution, randomProblem } from './helpers';

describe('every returned route respects windows, skills, capacity, shift and limits', () => {
  const seeds = Array.from({ length: 24 }, (_, i) => 100 + i);
  it.each(seeds)('random instance %i', (seed) => {
    const p = randomProblem(seed, {
      jobs: 15 + (seed % 4) * 8,
      vehicles: 2 + (seed % 3),
      skills: true,
      multiWindows: seed % 2 === 0,
      capacity: seed % 3 !== 0,
      maxWork: seed % 4 === 1,
      maxTravel: seed % 5 === 2,
      openEnd: seed % 3 === 1,
      pinned: seed % 2 === 1,
      priorities: seed % 4 === 3,
    });
    const sol = solve(p, { seed, maxIterations: 1500, timeBudgetMs: 20000 });
    const chk = checkSolution(p, sol);
    expect(chk.errors).toEqual([]);
    expect(sol.totals.cost).toBeCloseTo(chk.cost, 6);
    expect(sol.totals.assignedJobs + sol.totals.unassignedJobs).toBe(p.jobs.length);
    // every unassigned job has a reason code
    for (const u of sol.unassigned) expect(u.reason).toMatch(/^[A-Z_]+$/);
  });

  it('is deterministic for a given seed (iteration-limited)', () => {
    const p = randomProblem(7, { jobs: 30, vehicles: 3, skills: true, capacity: true, multiWindows: true });
    const a = solve(p, { seed: 42, maxIterations: 2000, timeBudgetMs: 60000 });
    const b = solve(p, { seed: 42, maxIterations: 2000, timeBudgetMs: 60000 });
    expect(a.routes.map((r) => [r.vehicleId, r.stops.map((s) => s.jobId)])).toEqual(
      b.routes.map((r) => [r.vehicleId, r.stops.map((s) => s.jobId)]),
    );
    expect(a.totals.cost).toBe(b.totals.cost);
  });
});
