/** Worker-thread entry for `solveParallel` (Node only). */
import { parentPort, workerData } from 'node:worker_threads';
import { solve } from './solve';

try {
  const { problem, options } = workerData as { problem: Parameters<typeof solve>[0]; options: Parameters<typeof solve>[1] };
  parentPort!.postMessage({ ok: true, solution: solve(problem, options) });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
