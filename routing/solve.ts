/** Public `solve()` entry point: validate, build the model, run the engine, explain. */

import { runSisr, type EngineParams, type Model } from './engine';
import { RoutingInputError } from './errors';
import { buildModel, validateProblem } from './model';
import type {
  JobExplanation,
  Route,
  RoutingProblem,
  RoutingSolution,
  SolveOptions,
  Stop,
  UnassignedReason,
} from './types';

/** Options of `solve`, plus presentation helpers. */
export type SolveOptionsExt = SolveOptions & {
  /** Formats a time value for explanations (default: the number with up to 2 decimals). */
  formatTime?: (t: number) => string;
  /** Start from an existing plan: job ids per vehicle id (e.g. the current day plan). */
  initialRoutes?: Record<string, string[]>;
  /** Advanced: override engine parameters (absolute temperatures etc.). */
  engine?: Partial<EngineParams>;
  /** Advanced: annealing start/end temperature as multiples of the instance's typical arc cost. */
  temperatureFactors?: [number, number];
};

/** Formats seconds since midnight as HH:MM. */
export function formatSecondsOfDay(t: number): string {
  const m = Math.round(t / 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Formats minutes since midnight as HH:MM. */
export function formatMinutesOfDay(t: number): string {
  return formatSecondsOfDay(t * 60);
}

const defaultFormat = (t: number): string => String(Math.round(t * 100) / 100);

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Default engine parameters; temperatures are scaled to the instance's typical arc cost. */
export function defaultEngineParams(m: Model, opts: SolveOptionsExt): EngineParams {
  // scale: average cost from each job to its 10 nearest other locations of interest
  let scale = 0;
  let cnt = 0;
  const n = m.n;
  const row = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const a = m.jobLoc[j] * m.L;
    for (let k = 0; k < n; k++) row[k] = m.C[a + m.jobLoc[k]];
    row[j] = Infinity;
    const s = Array.from(row).sort((x, y) => x - y);
    const k = Math.min(10, n - 1);
    for (let i = 0; i < k; i++) {
      scale += s[i];
      cnt++;
    }
  }
  scale = cnt > 0 ? scale / cnt : 1;
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1;
  return {
    seed: opts.seed ?? 1,
    timeBudgetMs: opts.timeBudgetMs ?? 5000,
    maxIterations: opts.maxIterations ?? Infinity,
    maxNoImprove: opts.maxIterationsWithoutImprovement ?? Math.max(5000, 2000 * n),
    cBar: 10,
    lMax: 10,
    splitRate: 0.5,
    splitDepth: 0.01,
    blinkRate: 0.01,
    routeRemovalRate: 0.01,
    t0: (opts.temperatureFactors?.[0] ?? 5) * scale,
    tf: (opts.temperatureFactors?.[1] ?? 0.05) * scale,
    now,
  };
}

/**
 * Solve a technician routing problem.
 *
 * Objective (lexicographic): maximize the total weight of served jobs
 * (weight = 100^priority), then minimize total travel cost (distance matrix
 * if given, else durations). Unused vehicles cost nothing.
 *
 * Deterministic for a given `seed` when stopped by `maxIterations` or
 * `maxIterationsWithoutImprovement`; when the wall-clock `timeBudgetMs` ends
 * the run, the result depends on machine speed.
 *
 * @throws RoutingInputError on malformed input (before solving).
 */
export function solve(problem: RoutingProblem, options: SolveOptionsExt = {}): RoutingSolution {
  validateProblem(problem);
  validateOptions(options);
  const m = buildModel(problem);
  const params: EngineParams = { ...defaultEngineParams(m, options), ...options.engine };
  const t0 = now();
  let initial: number[][] | undefined;
  if (options.initialRoutes) {
    const jIdx = new Map(problem.jobs.map((j, i) => [j.id, i] as const));
    const vIds = new Set(problem.vehicles.map((v) => v.id));
    for (const [vid, ids] of Object.entries(options.initialRoutes)) {
      if (!vIds.has(vid)) throw new RoutingInputError(`initialRoutes.${vid}`, `unknown vehicle id "${vid}"`);
      if (!Array.isArray(ids)) throw new RoutingInputError(`initialRoutes.${vid}`, 'must be an array of job ids');
      ids.forEach((id, k) => {
        if (!jIdx.has(id)) throw new RoutingInputError(`initialRoutes.${vid}[${k}]`, `unknown job id "${String(id)}"`);
      });
    }
    initial = problem.vehicles.map((v) => (options.initialRoutes![v.id] ?? []).map((id) => jIdx.get(id)!));
  }
  const res = runSisr(m, params, initial);
  return buildSolution(problem, m, res.routes, {
    iterations: res.iterations,
    elapsedMs: now() - t0,
    seed: params.seed,
    improvements: res.improvements,
  }, options.formatTime ?? defaultFormat);
}

function validateOptions(o: SolveOptionsExt): void {
  const num = (x: unknown, f: string, allowInf: boolean): void => {
    if (x === undefined) return;
    if (typeof x !== 'number' || Number.isNaN(x) || x < 0 || (!allowInf && !Number.isFinite(x)))
      throw new RoutingInputError(`options.${f}`, `must be a non-negative ${allowInf ? '' : 'finite '}number`);
  };
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed)))
    throw new RoutingInputError('options.seed', 'must be a finite number');
  num(o.timeBudgetMs, 'timeBudgetMs', true);
  num(o.maxIterations, 'maxIterations', true);
  num(o.maxIterationsWithoutImprovement, 'maxIterationsWithoutImprovement', true);
}

/** Turn engine routes (job indices per vehicle) into the public solution with times and explanations. */
export function buildSolution(
  problem: RoutingProblem,
  m: Model,
  routesIdx: number[][],
  stats: RoutingSolution['stats'],
  fmt: (t: number) => string = defaultFormat,
): RoutingSolution {
  const { jobs, vehicles } = problem;
  const D = problem.matrix.durations;
  const Dist = problem.matrix.distances ?? D;
  const routes: Route[] = [];
  const explanations: JobExplanation[] = new Array(jobs.length);
  const served = new Uint8Array(jobs.length);
  let totalDist = 0;
  let totalTravel = 0;
  let totalSvc = 0;
  let totalWait = 0;
  routesIdx.forEach((seq, v) => {
    if (seq.length === 0) return;
    const veh = vehicles[v];
    const name = veh.name ?? veh.id;
    let t = veh.shift?.start ?? 0;
    const departure = t;
    let prev = veh.startLocation;
    let travel = 0;
    let dist = 0;
    let svc = 0;
    let wait = 0;
    let load = 0;
    const stops: Stop[] = [];
    seq.forEach((j, k) => {
      const job = jobs[j];
      const arr = t + D[prev][job.location];
      travel += D[prev][job.location];
      dist += Dist[prev][job.location];
      const wins = job.timeWindows ?? [{ start: -Infinity, end: Infinity }];
      let start = Infinity;
      for (const w of wins) if (arr <= w.end) start = Math.min(start, Math.max(arr, w.start));
      const sd = job.serviceDuration ?? 0;
      load += job.demand ?? 0;
      stops.push({ jobId: job.id, location: job.location, arrival: arr, waiting: start - arr, start, end: start + sd, loadAfter: load });
      served[j] = 1;
      explanations[j] = {
        jobId: job.id,
        assigned: true,
        vehicleId: veh.id,
        stopNumber: k + 1,
        arrival: arr,
        start,
        text: `assigned to ${name}, stop ${k + 1}, arrives ${fmt(arr)}${start > arr ? `, starts ${fmt(start)}` : ''}`,
      };
      wait += start - arr;
      svc += sd;
      t = start + sd;
      prev = job.location;
    });
    let returnTime = t;
    if (veh.endLocation !== undefined) {
      travel += D[prev][veh.endLocation];
      dist += Dist[prev][veh.endLocation];
      returnTime = t + D[prev][veh.endLocation];
    }
    totalDist += dist;
    totalTravel += travel;
    totalSvc += svc;
    totalWait += wait;
    routes.push({
      vehicleId: veh.id,
      vehicleName: name,
      departure,
      returnTime,
      stops,
      travelTime: travel,
      distance: dist,
      serviceTime: svc,
      waitingTime: wait,
      workingTime: travel + svc,
      load,
    });
  });
  const unassigned: RoutingSolution['unassigned'] = [];
  for (let j = 0; j < jobs.length; j++) {
    if (served[j]) continue;
    const { reason, message } = explainUnassigned(problem, m, j, routesIdx);
    unassigned.push({ jobId: jobs[j].id, reason, message });
    explanations[j] = { jobId: jobs[j].id, assigned: false, reason, text: `unassigned: ${reason} — ${message}` };
  }
  return {
    routes,
    unassigned,
    explanations,
    totals: {
      cost: problem.matrix.distances ? totalDist : totalTravel,
      distance: totalDist,
      travelTime: totalTravel,
      serviceTime: totalSvc,
      waitingTime: totalWait,
      vehiclesUsed: routes.length,
      assignedJobs: jobs.length - unassigned.length,
      unassignedJobs: unassigned.length,
    },
    stats,
  };
}

/**
 * Why could job j not be served? Checks, per vehicle allowed by skills and
 * pinning, whether a route with only this job would be feasible; if it would
 * be for some vehicle, the job did not fit alongside the other jobs.
 */
export function explainUnassigned(
  problem: RoutingProblem,
  m: Model,
  j: number,
  routesIdx: number[][],
): { reason: UnassignedReason; message: string } {
  const job = problem.jobs[j];
  const cand: number[] = [];
  for (let v = 0; v < m.V; v++) if (m.compat[j * m.V + v]) cand.push(v);
  if (cand.length === 0) {
    if (job.pinnedVehicleId !== undefined)
      return { reason: 'NO_SKILLED_VEHICLE', message: `pinned vehicle ${job.pinnedVehicleId} lacks required skills (${(job.requiredSkills ?? []).join(', ')})` };
    if (m.V === 0) return { reason: 'NO_SKILLED_VEHICLE', message: 'no vehicles available' };
    return { reason: 'NO_SKILLED_VEHICLE', message: `no vehicle has all required skills (${(job.requiredSkills ?? []).join(', ')})` };
  }
  const L = m.L;
  const counts = new Map<UnassignedReason, number>();
  const add = (r: UnassignedReason): void => {
    counts.set(r, (counts.get(r) ?? 0) + 1);
  };
  const loc = m.jobLoc[j];
  const sd = m.svc[j];
  for (const v of cand) {
    const s = m.vStart[v];
    const e = m.vEnd[v];
    const tIn = m.T[s * L + loc];
    const tOut = m.T[loc * L + e];
    if (m.demand[j] > m.vCap[v]) {
      add('CAPACITY');
      continue;
    }
    if (tIn + tOut > m.vMaxTravel[v]) {
      add('MAX_TRAVEL_TIME');
      continue;
    }
    if (tIn + tOut + sd > m.vMaxWork[v]) {
      add('MAX_WORKING_TIME');
      continue;
    }
    // feasible service-start interval allowed by the shift
    const lo = m.vShiftS[v] + tIn;
    const hi = m.vShiftE[v] - sd - tOut;
    if (lo > hi) {
      add('SHIFT_TOO_SHORT');
      continue;
    }
    let windowOk = false;
    for (let k = m.twOff[j]; k < m.twOff[j + 1]; k++) {
      if (Math.max(lo, m.twS[k]) <= Math.min(hi, m.twE[k])) windowOk = true;
    }
    if (!windowOk) {
      add('WINDOW_UNREACHABLE');
      continue;
    }
    // alone feasible: it conflicts with the jobs already on this vehicle
    const seq = routesIdx[v] ?? [];
    let load = 0;
    for (const x of seq) load += m.demand[x];
    if (load + m.demand[j] > m.vCap[v]) add('CAPACITY');
    else if (m.hasRanks && m.rank[j] === m.rank[j]) add('PINNED_ORDER');
    else add('NO_FEASIBLE_SLOT');
  }
  // choose the reason that applies to most vehicles; prefer "fits alone" reasons on ties
  const order: UnassignedReason[] = ['NO_FEASIBLE_SLOT', 'CAPACITY', 'PINNED_ORDER', 'WINDOW_UNREACHABLE', 'SHIFT_TOO_SHORT', 'MAX_WORKING_TIME', 'MAX_TRAVEL_TIME'];
  let best: UnassignedReason = 'NO_FEASIBLE_SLOT';
  let bc = -1;
  for (const r of order) {
    const c = counts.get(r) ?? 0;
    if (c > bc) {
      bc = c;
      best = r;
    }
  }
  const messages: Record<UnassignedReason, string> = {
    NO_SKILLED_VEHICLE: 'no vehicle has the required skills',
    WINDOW_UNREACHABLE: 'no time window can be reached within any skilled technician\'s shift',
    SHIFT_TOO_SHORT: 'travel there and back plus service does not fit in the shift',
    CAPACITY: 'demand exceeds the remaining vehicle capacity',
    MAX_WORKING_TIME: 'would exceed the maximum working time',
    MAX_TRAVEL_TIME: 'would exceed the maximum travel time',
    PINNED_ORDER: 'cannot be placed in the pinned order',
    NO_FEASIBLE_SLOT: 'feasible alone, but no slot is left among the other jobs (fleet fully booked)',
  };
  return { reason: best, message: `${messages[best]} (${bc} of ${cand.length} eligible vehicles)` };
}
