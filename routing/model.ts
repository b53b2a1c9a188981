/** Input validation and conversion of a `RoutingProblem` into the flat engine model. */

import type { Model } from './engine';
import { RoutingInputError } from './errors';
import type { RoutingProblem, TimeWindow } from './types';

const isNum = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

function checkMatrix(m: unknown, field: string, size: number | null): number {
  if (!Array.isArray(m)) throw new RoutingInputError(field, 'must be an array of rows');
  const n = size ?? m.length;
  if (m.length !== n) throw new RoutingInputError(field, `must have ${n} rows (got ${m.length})`);
  for (let i = 0; i < n; i++) {
    const row = m[i] as unknown;
    if (!Array.isArray(row) || row.length !== n)
      throw new RoutingInputError(`${field}[${i}]`, `must be an array of ${n} numbers (matrix must be square)`);
    for (let j = 0; j < n; j++) {
      const x = row[j] as unknown;
      if (!isNum(x) || !Number.isFinite(x)) throw new RoutingInputError(`${field}[${i}][${j}]`, 'must be a finite number');
      if (x < 0) throw new RoutingInputError(`${field}[${i}][${j}]`, `must not be negative (got ${x})`);
    }
  }
  return n;
}

function checkLocation(x: unknown, field: string, L: number): void {
  if (!Number.isInteger(x) || (x as number) < 0 || (x as number) >= L)
    throw new RoutingInputError(field, `must be a location index in 0..${L - 1} (got ${String(x)})`);
}

function checkNonNeg(x: unknown, field: string, allowInfinity = false): void {
  if (!isNum(x) || x < 0 || (!allowInfinity && !Number.isFinite(x)))
    throw new RoutingInputError(field, `must be a non-negative ${allowInfinity ? '' : 'finite '}number (got ${String(x)})`);
}

function checkWindow(w: unknown, field: string): TimeWindow {
  if (typeof w !== 'object' || w === null) throw new RoutingInputError(field, 'must be an object {start, end}');
  const { start, end } = w as TimeWindow;
  if (!isNum(start)) throw new RoutingInputError(`${field}.start`, 'must be a number');
  if (!isNum(end)) throw new RoutingInputError(`${field}.end`, 'must be a number');
  if (end < start) throw new RoutingInputError(field, `ends before it starts (start ${start}, end ${end})`);
  return { start, end };
}

function checkSkills(s: unknown, field: string): string[] {
  if (s === undefined) return [];
  if (!Array.isArray(s) || s.some((x) => typeof x !== 'string')) throw new RoutingInputError(field, 'must be an array of strings');
  return s as string[];
}

/** Validate the problem; throws `RoutingInputError` on the first problem found. */
export function validateProblem(problem: RoutingProblem): void {
  if (typeof problem !== 'object' || problem === null) throw new RoutingInputError('problem', 'must be an object');
  if (typeof problem.matrix !== 'object' || problem.matrix === null) throw new RoutingInputError('matrix', 'is required');
  const L = checkMatrix(problem.matrix.durations, 'matrix.durations', null);
  if (problem.matrix.distances !== undefined) checkMatrix(problem.matrix.distances, 'matrix.distances', L);
  if (problem.locations !== undefined) {
    if (!Array.isArray(problem.locations) || problem.locations.length !== L)
      throw new RoutingInputError('locations', `must have one entry per matrix row (${L})`);
  }
  if (!Array.isArray(problem.vehicles)) throw new RoutingInputError('vehicles', 'must be an array');
  if (!Array.isArray(problem.jobs)) throw new RoutingInputError('jobs', 'must be an array');
  const vIds = new Set<string>();
  problem.vehicles.forEach((v, i) => {
    const f = `vehicles[${i}]`;
    if (typeof v !== 'object' || v === null) throw new RoutingInputError(f, 'must be an object');
    if (typeof v.id !== 'string' || v.id === '') throw new RoutingInputError(`${f}.id`, 'must be a non-empty string');
    if (vIds.has(v.id)) throw new RoutingInputError(`${f}.id`, `duplicate vehicle id "${v.id}"`);
    vIds.add(v.id);
    checkLocation(v.startLocation, `${f}.startLocation`, L);
    if (v.endLocation !== undefined) checkLocation(v.endLocation, `${f}.endLocation`, L);
    if (v.shift !== undefined) checkWindow(v.shift, `${f}.shift`);
    checkSkills(v.skills, `${f}.skills`);
    if (v.capacity !== undefined) checkNonNeg(v.capacity, `${f}.capacity`, true);
    if (v.maxWorkingTime !== undefined) checkNonNeg(v.maxWorkingTime, `${f}.maxWorkingTime`, true);
    if (v.maxTravelTime !== undefined) checkNonNeg(v.maxTravelTime, `${f}.maxTravelTime`, true);
  });
  const jIds = new Set<string>();
  problem.jobs.forEach((j, i) => {
    const f = `jobs[${i}]`;
    if (typeof j !== 'object' || j === null) throw new RoutingInputError(f, 'must be an object');
    if (typeof j.id !== 'string' || j.id === '') throw new RoutingInputError(`${f}.id`, 'must be a non-empty string');
    if (jIds.has(j.id)) throw new RoutingInputError(`${f}.id`, `duplicate job id "${j.id}"`);
    jIds.add(j.id);
    checkLocation(j.location, `${f}.location`, L);
    if (j.serviceDuration !== undefined) checkNonNeg(j.serviceDuration, `${f}.serviceDuration`);
    if (j.timeWindows !== undefined) {
      if (!Array.isArray(j.timeWindows) || j.timeWindows.length === 0)
        throw new RoutingInputError(`${f}.timeWindows`, 'must be a non-empty array (omit it for "any time")');
      j.timeWindows.forEach((w, k) => checkWindow(w, `${f}.timeWindows[${k}]`));
    }
    checkSkills(j.requiredSkills, `${f}.requiredSkills`);
    if (j.priority !== undefined && (!Number.isInteger(j.priority) || j.priority < 0 || j.priority > 5))
      throw new RoutingInputError(`${f}.priority`, `must be an integer 0..5 (got ${String(j.priority)})`);
    if (j.demand !== undefined) checkNonNeg(j.demand, `${f}.demand`);
    if (j.pinnedVehicleId !== undefined && !vIds.has(j.pinnedVehicleId))
      throw new RoutingInputError(`${f}.pinnedVehicleId`, `unknown vehicle id "${String(j.pinnedVehicleId)}"`);
    if (j.pinnedSequence !== undefined) {
      if (j.pinnedVehicleId === undefined) throw new RoutingInputError(`${f}.pinnedSequence`, 'requires pinnedVehicleId');
      if (!isNum(j.pinnedSequence) || !Number.isFinite(j.pinnedSequence))
        throw new RoutingInputError(`${f}.pinnedSequence`, 'must be a finite number');
    }
  });
}

/** Does vehicle `v` have every skill of job `j`? */
export function hasSkills(vehicleSkills: string[] | undefined, required: string[] | undefined): boolean {
  if (!required || required.length === 0) return true;
  const s = new Set(vehicleSkills ?? []);
  return required.every((x) => s.has(x));
}

/** Build the flat model (the problem must be valid). */
export function buildModel(problem: RoutingProblem): Model {
  const D = problem.matrix.durations;
  const Dist = problem.matrix.distances ?? D;
  const L0 = D.length;
  const L = L0 + 1; // + dummy location (open route end)
  const T = new Float64Array(L * L);
  const C = new Float64Array(L * L);
  for (let i = 0; i < L0; i++) {
    const r = D[i];
    const rc = Dist[i];
    for (let k = 0; k < L0; k++) {
      T[i * L + k] = r[k];
      C[i * L + k] = rc[k];
    }
  }
  const { jobs, vehicles } = problem;
  const n = jobs.length;
  const V = vehicles.length;
  const vIndex = new Map(vehicles.map((v, i) => [v.id, i] as const));
  const twOff = new Int32Array(n + 1);
  const wins: TimeWindow[][] = jobs.map((j) =>
    (j.timeWindows ?? [{ start: -Infinity, end: Infinity }]).slice().sort((a, b) => a.start - b.start || a.end - b.end),
  );
  let tot = 0;
  for (let j = 0; j < n; j++) {
    twOff[j] = tot;
    tot += wins[j].length;
  }
  twOff[n] = tot;
  const twS = new Float64Array(tot);
  const twE = new Float64Array(tot);
  for (let j = 0; j < n; j++)
    wins[j].forEach((w, k) => {
      twS[twOff[j] + k] = w.start;
      twE[twOff[j] + k] = w.end;
    });
  const compat = new Uint8Array(n * V);
  const rank = new Float64Array(n).fill(NaN);
  let hasRanks = false;
  const pinnedTo = new Set<number>();
  for (let j = 0; j < n; j++) {
    const job = jobs[j];
    const pin = job.pinnedVehicleId !== undefined ? vIndex.get(job.pinnedVehicleId)! : -1;
    if (pin >= 0) pinnedTo.add(pin);
    for (let v = 0; v < V; v++) {
      if (pin >= 0 && v !== pin) continue;
      if (hasSkills(vehicles[v].skills, job.requiredSkills)) compat[j * V + v] = 1;
    }
    if (job.pinnedSequence !== undefined) {
      rank[j] = job.pinnedSequence;
      hasRanks = true;
    }
  }
  const profiles = new Map<string, number>();
  const vProfile = new Int32Array(V);
  vehicles.forEach((v, i) => {
    const key = pinnedTo.has(i)
      ? `#${i}`
      : JSON.stringify([
          v.startLocation,
          v.endLocation ?? -1,
          v.shift?.start ?? null,
          v.shift?.end ?? null,
          (v.skills ?? []).slice().sort(),
          v.capacity ?? null,
          v.maxWorkingTime ?? null,
          v.maxTravelTime ?? null,
        ]);
    if (!profiles.has(key)) profiles.set(key, profiles.size);
    vProfile[i] = profiles.get(key)!;
  });
  return {
    n,
    V,
    L,
    T,
    C,
    jobLoc: Int32Array.from(jobs.map((j) => j.location)),
    svc: Float64Array.from(jobs.map((j) => j.serviceDuration ?? 0)),
    demand: Float64Array.from(jobs.map((j) => j.demand ?? 0)),
    weight: Float64Array.from(jobs.map((j) => Math.pow(100, j.priority ?? 0))),
    twOff,
    twS,
    twE,
    rank,
    hasRanks,
    compat,
    vStart: Int32Array.from(vehicles.map((v) => v.startLocation)),
    vEnd: Int32Array.from(vehicles.map((v) => v.endLocation ?? L0)),
    vShiftS: Float64Array.from(vehicles.map((v) => v.shift?.start ?? 0)),
    vShiftE: Float64Array.from(vehicles.map((v) => v.shift?.end ?? Infinity)),
    vCap: Float64Array.from(vehicles.map((v) => v.capacity ?? Infinity)),
    vMaxWork: Float64Array.from(vehicles.map((v) => v.maxWorkingTime ?? Infinity)),
    vMaxTravel: Float64Array.from(vehicles.map((v) => v.maxTravelTime ?? Infinity)),
    vProfile,
  };
}
