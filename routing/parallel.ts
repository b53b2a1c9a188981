/**
 * Optional worker-thread wrapper (Node only; `node:worker_threads` is imported
 * lazily so the rest of the library stays platform-neutral).
 *
 * Runs `solve` with `workers` different seeds (seed, seed+1, ...) in parallel
 * and keeps the best solution (most served weight, then lowest cost; ties go
 * to the lowest seed), so the choice is deterministic whenever each run is.
 */
import type { RoutingProblem, RoutingSolution } from './types';
import { solve, type SolveOptionsExt } from './solve';
import { validateProblem } from './model';

export type ParallelOptions = Omit<SolveOptionsExt, 'formatTime'> & {
  /** Number of worker threads (default 2, at most 8). */
  workers?: number;
};

function weightServed(p: RoutingProblem, s: RoutingSolution): number {
  const un = new Set(s.unassigned.map((u) => u.jobId));
  let w = 0;
  for (const j of p.jobs) if (!un.has(j.id)) w += Math.pow(100, j.priority ?? 0);
  return w;
}

/** Solve with several seeds on worker threads; falls back to in-process solving if workers are unavailable. */
export async function solveParallel(problem: RoutingProblem, options: ParallelOptions = {}): Promise<RoutingSolution> {
  validateProblem(problem);
  const k = Math.max(1, Math.min(8, options.workers ?? 2));
  const base = options.seed ?? 1;
  const { workers: _w, ...rest } = options;
  const seeds = Array.from({ length: k }, (_, i) => base + i);
  let results: RoutingSolution[];
  try {
    const wt = await import('node:worker_threads');
    const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
    const execArgv = import.meta.url.endsWith('.ts') && !process.execArgv.some((a) => a.includes('tsx')) ? [...process.execArgv, '--import', 'tsx'] : process.execArgv;
    results = await Promise.all(
      seeds.map(
        (seed) =>
          new Promise<RoutingSolution>((resolve, reject) => {
            const w = new wt.Worker(url, { workerData: { problem, options: { ...rest, seed } }, execArgv });
            w.once('message', (m: { ok: boolean; solution?: RoutingSolution; error?: string }) => {
              void w.terminate();
              if (m.ok) resolve(m.solution!);
              else reject(new Error(m.error));
            });
            w.once('error', reject);
          }),
      ),
    );
  } catch {
    results = seeds.map((seed) => solve(problem, { ...rest, seed }));
  }
  let best = results[0];
  let bw = weightServed(problem, best);
  for (const r of results.slice(1)) {
    const w = weightServed(problem, r);
    if (w > bw || (w === bw && r.totals.cost < best.totals.cost)) {
      best = r;
      bw = w;
    }
  }
  return best;
}
