import { describe, expect, it } from 'vitest';
import { solve, solveParallel } from '../index';
import { checkSolution, randomProblem } from './helpers';

describe('solveParallel (worker threads)', () => {
  it('returns the better of the seed runs, deterministically', async () => {
    const p = randomProblem(5, { jobs: 25, vehicles: 3, capacity: true, skills: true });
    const opts = { seed: 10, maxIterations: 1500, timeBudgetMs: 30000 };
    const par = await solveParallel(p, { ...opts, workers: 2 });
    expect(par.stats.workerThreads).toBe(2);
    expect(checkSolution(p, par).errors).toEqual([]);
    const a = solve(p, { ...opts, seed: 10 });
    const b = solve(p, { ...opts, seed: 11 });
    const best = b.unassigned.length < a.unassigned.length || (b.unassigned.length === a.unassigned.length && b.totals.cost < a.totals.cost) ? b : a;
    expect(par.totals.cost).toBe(best.totals.cost);
    expect(par.stats.seed).toBe(best.stats.seed);
  }, 30000);
});
