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
  let usedWorkers = 0;
  try {
    const wt = await import('node:worker_threads');
    const isTs = import.meta.url.endsWith('.ts');
    const workerUrl = new URL(isTs ? './worker.ts' : './worker.js', import.meta.url);
    let target: URL | string = workerUrl;
    let evalCode = false;
    if (isTs) {
      // Source checkout run through tsx/vitest: register tsx's loader inside the worker first.
      const { createRequire } = await import('node:module');
      const api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
      target = `import(${JSON.stringify(new URL('file://' + api).href)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
      evalCode = true;
    }
    results = await Promise.all(
      seeds.map(
        (seed) =>
          new Promise<RoutingSolution>((resolve, reject) => {
            const w = new wt.Worker(target, { eval: evalCode, workerData: { problem, options: { ...rest, seed } } });
            w.once('message', (m: { ok: boolean; solution?: RoutingSolution; error?: string }) => {
              void w.terminate();
              if (m.ok) resolve(m.solution!);
              else reject(new Error(m.error));
            });
            w.once('error', reject);
          }),
      ),
    );
    usedWorkers = k;
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
  return { ...best, stats: { ...best.stats, workerThreads: usedWorkers } };
}
