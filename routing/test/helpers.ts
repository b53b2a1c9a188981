/**
 * Test helpers: seeded instance generator and an evaluator written
 * independently of the solver (straightforward forward simulation).
 */
import type { Job, RoutingProblem, RoutingSolution, Vehicle } from '../types';

export function mulberry(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type GenOptions = {
  jobs: number;
  vehicles: number;
  skills?: boolean;
  multiWindows?: boolean;
  capacity?: boolean;
  maxWork?: boolean;
  maxTravel?: boolean;
  openEnd?: boolean;
  pinned?: boolean;
  priorities?: boolean;
  horizon?: number;
};

/** Random instance on a 100x100 grid; locations 0..V-1 are vehicle homes, then one per job. */
export function randomProblem(seed: number, o: GenOptions): RoutingProblem {
  const rnd = mulberry(seed);
  const H = o.horizon ?? 600;
  const nLoc = o.vehicles + o.jobs;
  const pts = Array.from({ length: nLoc }, () => ({ x: Math.round(rnd() * 100), y: Math.round(rnd() * 100) }));
  const durations = pts.map((a) => pts.map((b) => Math.hypot(a.x - b.x, a.y - b.y)));
  const distances = durations.map((r) => r.map((d) => d * 1.1));
  const allSkills = ['ac', 'fridge', 'tv'];
  const vehicles: Vehicle[] = Array.from({ length: o.vehicles }, (_, i) => {
    const s = Math.floor(rnd() * H * 0.2);
    const v: Vehicle = {
      id: `v${i}`,
      name: `tech${i}`,
      startLocation: i,
      shift: { start: s, end: s + H * (0.6 + 0.4 * rnd()) },
    };
    if (!(o.openEnd && rnd() < 0.5)) v.endLocation = rnd() < 0.7 ? i : Math.floor(rnd() * o.vehicles);
    if (o.skills) v.skills = allSkills.filter(() => rnd() < 0.6);
    if (o.capacity) v.capacity = 5 + Math.floor(rnd() * 10);
    if (o.maxWork) v.maxWorkingTime = H * (0.3 + 0.4 * rnd());
    if (o.maxTravel) v.maxTravelTime = 100 + rnd() * 300;
    return v;
  });
  const jobs: Job[] = Array.from({ length: o.jobs }, (_, k) => {
    const j: Job = { id: `j${k}`, location: o.vehicles + k, serviceDuration: Math.round(5 + rnd() * 40) };
    const r = rnd();
    if (r < 0.8) {
      const nw = o.multiWindows && rnd() < 0.4 ? 2 : 1;
      const wins = [];
      let t = rnd() * H * 0.5;
      for (let w = 0; w < nw; w++) {
        const len = 30 + rnd() * 150;
        wins.push({ start: Math.round(t), end: Math.round(t + len) });
        t += len + 30 + rnd() * 100;
      }
      j.timeWindows = wins;
    }
    if (o.skills && rnd() < 0.5) j.requiredSkills = [allSkills[Math.floor(rnd() * 3)]];
    if (o.capacity) j.demand = 1 + Math.floor(rnd() * 4);
    if (o.priorities) j.priority = rnd() < 0.3 ? 1 : 0;
    return j;
  });
  if (o.pinned && o.vehicles > 0) {
    let seq = 0;
    for (const j of jobs) {
      if (rnd() < 0.15) {
        j.pinnedVehicleId = `v${Math.floor(rnd() * o.vehicles)}`;
        if (rnd() < 0.6) j.pinnedSequence = seq++;
      }
    }
  }
  return { matrix: { durations, distances }, vehicles, jobs };
}

export type Eval = { feasible: boolean; errors: string[]; cost: number };

/** Evaluate one vehicle's route (job indices) from scratch. */
export function evalRoute(p: RoutingProblem, v: number, seq: number[]): Eval {
  const veh = p.vehicles[v];
  const D = p.matrix.durations;
  const C = p.matrix.distances ?? D;
  const errors: string[] = [];
  if (seq.length === 0) return { feasible: true, errors, cost: 0 };
  let t = veh.shift ? veh.shift.start : 0;
  let prev = veh.startLocation;
  let cost = 0;
  let travel = 0;
  let work = 0;
  let load = 0;
  let lastSeq = -Infinity;
  for (const j of seq) {
    const job = p.jobs[j];
    const tt = D[prev][job.location];
    travel += tt;
    work += tt;
    cost += C[prev][job.location];
    const arr = t + tt;
    const wins = job.timeWindows ?? [{ start: -Infinity, end: Infinity }];
    let start = Infinity;
    for (const w of wins) if (arr <= w.end) start = Math.min(start, Math.max(arr, w.start));
    if (start === Infinity) errors.push(`${job.id}: arrives ${arr} after all windows`);
    const have = new Set(veh.skills ?? []);
    for (const s of job.requiredSkills ?? []) if (!have.has(s)) errors.push(`${job.id}: ${veh.id} lacks skill ${s}`);
    if (job.pinnedVehicleId !== undefined && job.pinnedVehicleId !== veh.id) errors.push(`${job.id}: pinned elsewhere`);
    if (job.pinnedSequence !== undefined) {
      if (job.pinnedSequence < lastSeq) errors.push(`${job.id}: pinned order broken`);
      lastSeq = job.pinnedSequence;
    }
    t = start + (job.serviceDuration ?? 0);
    work += job.serviceDuration ?? 0;
    load += job.demand ?? 0;
    prev = job.location;
  }
  if (veh.endLocation !== undefined) {
    const tt = D[prev][veh.endLocation];
    travel += tt;
    work += tt;
    cost += C[prev][veh.endLocation];
    t += tt;
  }
  if (veh.shift && t > veh.shift.end) errors.push(`${veh.id}: ends ${t} after shift end ${veh.shift.end}`);
  if (veh.capacity !== undefined && load > veh.capacity) errors.push(`${veh.id}: load ${load} > ${veh.capacity}`);
  if (veh.maxWorkingTime !== undefined && work > veh.maxWorkingTime) errors.push(`${veh.id}: work ${work} > ${veh.maxWorkingTime}`);
  if (veh.maxTravelTime !== undefined && travel > veh.maxTravelTime) errors.push(`${veh.id}: travel ${travel} > ${veh.maxTravelTime}`);
  return { feasible: errors.length === 0, errors, cost };
}

/** Check a whole solution; returns the list of violations (empty = valid) and its cost. */
export function checkSolution(p: RoutingProblem, s: RoutingSolution): { errors: string[]; cost: number; servedWeight: number } {
  const jIdx = new Map(p.jobs.map((j, i) => [j.id, i] as const));
  const vIdx = new Map(p.vehicles.map((v, i) => [v.id, i] as const));
  const errors: string[] = [];
  const seen = new Map<string, number>();
  let cost = 0;
  let servedWeight = 0;
  const usedV = new Set<string>();
  for (const r of s.routes) {
    if (usedV.has(r.vehicleId)) errors.push(`vehicle ${r.vehicleId} used twice`);
    usedV.add(r.vehicleId);
    const v = vIdx.get(r.vehicleId);
    if (v === undefined) {
      errors.push(`unknown vehicle ${r.vehicleId}`);
      continue;
    }
    const seq = r.stops.map((st) => jIdx.get(st.jobId)!);
    for (const st of r.stops) seen.set(st.jobId, (seen.get(st.jobId) ?? 0) + 1);
    const e = evalRoute(p, v, seq);
    errors.push(...e.errors);
    cost += e.cost;
    for (const j of seq) servedWeight += Math.pow(100, p.jobs[j].priority ?? 0);
    // reported times consistent with windows
    for (const st of r.stops) {
      const job = p.jobs[jIdx.get(st.jobId)!];
      if (st.start < st.arrival) errors.push(`${st.jobId}: starts before arrival`);
      const wins = job.timeWindows ?? [{ start: -Infinity, end: Infinity }];
      if (!wins.some((w) => st.start >= w.start && st.start <= w.end)) errors.push(`${st.jobId}: reported start outside windows`);
    }
  }
  for (const [id, k] of seen) if (k > 1) errors.push(`${id} served ${k} times`);
  const un = new Set(s.unassigned.map((u) => u.jobId));
  for (const j of p.jobs) {
    const served = seen.has(j.id);
    if (served === un.has(j.id)) errors.push(`${j.id}: must be either served or unassigned`);
  }
  if (s.explanations.length !== p.jobs.length) errors.push('one explanation per job expected');
  return { errors, cost, servedWeight };
}
