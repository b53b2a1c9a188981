import { describe, expect, it } from 'vitest';
import { solve } from '../index';
import type { RoutingProblem } from '../types';
import { evalRoute, randomProblem } from './helpers';

/**
 * Exhaustive optimum: for every vehicle and every subset of jobs, the cheapest
 * feasible order (all permutations); then the best split of jobs over
 * vehicles, maximizing served weight first, then minimizing cost.
 */
function bruteForce(p: RoutingProblem): { weight: number; cost: number } {
  const n = p.jobs.length;
  const V = p.vehicles.length;
  const full = 1 << n;
  const w = p.jobs.map((j) => Math.pow(100, j.priority ?? 0));
  const routeCost: Float64Array[] = [];
  for (let v = 0; v < V; v++) {
    const rc = new Float64Array(full).fill(Infinity);
    rc[0] = 0;
    const perm: number[] = [];
    const used = new Array<boolean>(n).fill(false);
    const rec = (mask: number): void => {
      if (perm.length > 0) {
        const e = evalRoute(p, v, perm);
        if (e.feasible && e.cost < rc[mask]) rc[mask] = e.cost;
      }
      for (let j = 0; j < n; j++) {
        if (used[j]) continue;
        used[j] = true;
        perm.push(j);
        rec(mask | (1 << j));
        perm.pop();
        used[j] = false;
      }
    };
    rec(0);
    routeCost.push(rc);
  }
  let f = new Float64Array(full).fill(Infinity);
  f[0] = 0;
  for (let v = 0; v < V; v++) {
    const g = new Float64Array(full).fill(Infinity);
    for (let S = 0; S < full; S++) {
      // iterate subsets T of S served by vehicle v
      for (let T = S; ; T = (T - 1) & S) {
        const c = f[S ^ T] + routeCost[v][T];
        if (c < g[S]) g[S] = c;
        if (T === 0) break;
      }
    }
    f = g;
  }
  let bestW = -1;
  let bestC = Infinity;
  for (let S = 0; S < full; S++) {
    if (f[S] === Infinity) continue;
    let ws = 0;
    for (let j = 0; j < n; j++) if (S & (1 << j)) ws += w[j];
    if (ws > bestW || (ws === bestW && f[S] < bestC)) {
      bestW = ws;
      bestC = f[S];
    }
  }
  return { weight: bestW, cost: bestC };
}

describe('solver matches the brute-force optimum on small instances', () => {
  const cases: [number, Parameters<typeof randomProblem>[1]][] = [];
  for (let s = 1; s <= 6; s++) cases.push([s, { jobs: 7, vehicles: 2, capacity: true }]);
  for (let s = 7; s <= 10; s++) cases.push([s, { jobs: 8, vehicles: 2, skills: true, multiWindows: true, priorities: true }]);
  for (let s = 11; s <= 14; s++) cases.push([s, { jobs: 6, vehicles: 3, skills: true, capacity: true, maxWork: true, openEnd: true, horizon: 400 }]);
  for (let s = 15; s <= 17; s++) cases.push([s, { jobs: 7, vehicles: 2, pinned: true, maxTravel: true, multiWindows: true }]);

  it.each(cases)('seed %i', (seed, opts) => {
    const p = randomProblem(seed, opts);
    const opt = bruteForce(p);
    const sol = solve(p, { seed: 3, maxIterations: 4000, timeBudgetMs: 20000 });
    let w = 0;
    const un = new Set(sol.unassigned.map((u) => u.jobId));
    p.jobs.forEach((j) => {
      if (!un.has(j.id)) w += Math.pow(100, j.priority ?? 0);
    });
    expect(w).toBe(opt.weight);
    expect(sol.totals.cost).toBeCloseTo(opt.cost, 6);
  });
});
