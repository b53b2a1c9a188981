/**
 * Core solver: SISR (Slack Induction by String Removals, Christiaens & Vanden
 * Berghe 2020) ruin-and-recreate with simulated annealing, on a flat, typed-array
 * model. Pure TypeScript, no Node imports.
 *
 * Feasibility of an insertion is checked in O(#windows of the job) with cached
 * per-position earliest departure (forward) and latest feasible arrival
 * (backward) times; every modified route is then re-evaluated exactly by a
 * forward pass, and an insertion whose exact evaluation fails is undone, so a
 * route kept by the solver is feasible at full double precision.
 */

import { Rng } from './rng';

/** Flat internal model (built by `model.ts`). Locations include one extra dummy location with zero travel (open route ends). */
export type Model = {
  n: number;
  V: number;
  L: number;
  T: Float64Array;
  C: Float64Array;
  jobLoc: Int32Array;
  svc: Float64Array;
  demand: Float64Array;
  /** Weight of serving the job (100^priority). */
  weight: Float64Array;
  twOff: Int32Array;
  twS: Float64Array;
  twE: Float64Array;
  /** Pinned-order rank or NaN. */
  rank: Float64Array;
  hasRanks: boolean;
  /** compat[j * V + v] = 1 if vehicle v may serve job j (skills, pinning). */
  compat: Uint8Array;
  vStart: Int32Array;
  vEnd: Int32Array;
  vShiftS: Float64Array;
  vShiftE: Float64Array;
  vCap: Float64Array;
  vMaxWork: Float64Array;
  vMaxTravel: Float64Array;
  /** Vehicles with equal profile are interchangeable (used to skip duplicate empty routes). */
  vProfile: Int32Array;
};

/** Tolerance used only by the O(1) pre-check; the exact forward pass decides. */
const EPS = 1e-9;

export type EngineParams = {
  seed: number;
  timeBudgetMs: number;
  maxIterations: number;
  maxNoImprove: number;
  /** Average number of removed jobs per ruin. */
  cBar: number;
  lMax: number;
  splitRate: number;
  splitDepth: number;
  blinkRate: number;
  /** Probability of additionally removing one whole (small) route in a ruin step. */
  routeRemovalRate: number;
  t0: number;
  tf: number;
  now: () => number;
};

export type EngineResult = {
  routes: number[][];
  unassigned: number[];
  cost: number;
  iterations: number;
  improvements: number;
};

/** Earliest service start when arriving at `arr`, or Infinity. */
function earliestStart(m: Model, j: number, arr: number): number {
  const e = m.twOff[j + 1];
  for (let k = m.twOff[j]; k < e; k++) {
    if (arr <= m.twE[k]) return arr > m.twS[k] ? arr : m.twS[k];
  }
  return Infinity;
}

/** Latest arrival such that service can start no later than `x`, or -Infinity. */
function latestArrival(m: Model, j: number, x: number): number {
  let best = -Infinity;
  const e = m.twOff[j + 1];
  for (let k = m.twOff[j]; k < e; k++) {
    const s = x < m.twE[k] ? x : m.twE[k];
    if (s >= m.twS[k] && s > best) best = s;
  }
  return best;
}

export class Solution {
  readonly m: Model;
  routes: Int32Array[];
  len: Int32Array;
  routeOf: Int32Array;
  dep: Float64Array[];
  lat: Float64Array[];
  pmax: Float64Array[];
  smin: Float64Array[];
  load: Float64Array;
  travel: Float64Array;
  work: Float64Array;
  rcost: Float64Array;
  cost = 0;
  /** Sum of weights of unassigned jobs. */
  missing = 0;

  constructor(m: Model) {
    this.m = m;
    const { V, n } = m;
    this.routes = [];
    this.dep = [];
    this.lat = [];
    this.pmax = [];
    this.smin = [];
    for (let v = 0; v < V; v++) {
      this.routes.push(new Int32Array(n + 1));
      this.dep.push(new Float64Array(n + 2));
      this.lat.push(new Float64Array(n + 2));
      if (m.hasRanks) {
        this.pmax.push(new Float64Array(n + 2));
        this.smin.push(new Float64Array(n + 2));
      }
    }
    this.len = new Int32Array(V);
    this.routeOf = new Int32Array(n).fill(-1);
    this.load = new Float64Array(V);
    this.travel = new Float64Array(V);
    this.work = new Float64Array(V);
    this.rcost = new Float64Array(V);
    for (let j = 0; j < n; j++) this.missing += m.weight[j];
    for (let v = 0; v < V; v++) this.update(v);
  }

  copyFrom(o: Solution): void {
    const V = this.m.V;
    for (let v = 0; v < V; v++) this.copyRouteFrom(o, v);
    this.routeOf.set(o.routeOf);
    this.cost = o.cost;
    this.missing = o.missing;
  }

  copyRouteFrom(o: Solution, v: number): void {
    const l = o.len[v];
    this.len[v] = l;
    this.routes[v].set(o.routes[v].subarray(0, l));
    this.dep[v].set(o.dep[v].subarray(0, l + 2));
    this.lat[v].set(o.lat[v].subarray(0, l + 2));
    if (this.m.hasRanks) {
      this.pmax[v].set(o.pmax[v].subarray(0, l + 2));
      this.smin[v].set(o.smin[v].subarray(0, l + 2));
    }
    this.load[v] = o.load[v];
    this.travel[v] = o.travel[v];
    this.work[v] = o.work[v];
    this.rcost[v] = o.rcost[v];
  }

  /**
   * Recompute the caches of route v with an exact forward pass. Returns false
   * if the route violates a constraint (caller must repair it).
   * Updates `cost` incrementally.
   */
  update(v: number): boolean {
    const m = this.m;
    const L = m.L;
    const seq = this.routes[v];
    const l = this.len[v];
    const dep = this.dep[v];
    const lat = this.lat[v];
    let prev = m.vStart[v];
    let t = m.vShiftS[v];
    dep[0] = t;
    let travel = 0;
    let cost = 0;
    let load = 0;
    let svc = 0;
    let ok = true;
    for (let p = 1; p <= l; p++) {
      const j = seq[p - 1];
      const loc = m.jobLoc[j];
      const tt = m.T[prev * L + loc];
      travel += tt;
      cost += m.C[prev * L + loc];
      const st = earliestStart(m, j, t + tt);
      if (st === Infinity) ok = false;
      t = st + m.svc[j];
      svc += m.svc[j];
      dep[p] = t;
      load += m.demand[j];
      prev = loc;
    }
    const endLoc = m.vEnd[v];
    const te = m.T[prev * L + endLoc];
    travel += te;
    cost += m.C[prev * L + endLoc];
    const arrEnd = t + te;
    dep[l + 1] = arrEnd;
    if (arrEnd > m.vShiftE[v]) ok = false;
    if (load > m.vCap[v]) ok = false;
    if (travel > m.vMaxTravel[v] - EPS) ok = false;
    if (travel + svc > m.vMaxWork[v] - EPS) ok = false;
    if (l === 0) {
      travel = 0;
      cost = 0;
      svc = 0;
    }
    // backward latest arrival
    lat[l + 1] = m.vShiftE[v];
    let next = endLoc;
    for (let p = l; p >= 1; p--) {
      const j = seq[p - 1];
      const loc = m.jobLoc[j];
      lat[p] = latestArrival(m, j, lat[p + 1] - m.T[loc * L + next] - m.svc[j]);
      next = loc;
    }
    lat[0] = m.vShiftE[v];
    if (m.hasRanks) {
      const pm = this.pmax[v];
      const sm = this.smin[v];
      pm[0] = -Infinity;
      for (let p = 1; p <= l; p++) {
        const r = m.rank[seq[p - 1]];
        pm[p] = r === r && r > pm[p - 1] ? r : pm[p - 1];
      }
      sm[l + 1] = Infinity;
      for (let p = l; p >= 1; p--) {
        const r = m.rank[seq[p - 1]];
        sm[p] = r === r && r < sm[p + 1] ? r : sm[p + 1];
      }
      for (let p = 1; p <= l; p++) if (pm[p] > sm[p]) ok = false;
    }
    this.cost += cost - this.rcost[v];
    this.rcost[v] = cost;
    this.load[v] = load;
    this.travel[v] = travel;
    this.work[v] = travel + svc;
    return ok;
  }

  /**
   * Best feasible insertion position of job j into route v (by cost delta).
   * Returns delta cost and writes position to `out[0]`; Infinity if none.
   * Positions are blinked (skipped) with probability `blink`.
   */
  bestInsertion(j: number, v: number, rng: Rng | null, blink: number, out: Int32Array): number {
    const m = this.m;
    if (m.compat[j * m.V + v] === 0) return Infinity;
    const load = this.load[v] + m.demand[j];
    if (load > m.vCap[v]) return Infinity;
    const L = m.L;
    const T = m.T;
    const C = m.C;
    const l = this.len[v];
    const seq = this.routes[v];
    const dep = this.dep[v];
    const lat = this.lat[v];
    const jl = m.jobLoc[j];
    const sj = m.svc[j];
    const travelV = this.travel[v];
    const maxTravel = m.vMaxTravel[v] - EPS;
    const maxWork = m.vMaxWork[v] - EPS - sj - this.work[v];
    const rank = m.rank[j];
    const checkRank = m.hasRanks && rank === rank;
    const pm = checkRank ? this.pmax[v] : null;
    const sm = checkRank ? this.smin[v] : null;
    const single = m.twOff[j + 1] - m.twOff[j] === 1;
    const tws = m.twS[m.twOff[j]];
    const twe = m.twE[m.twOff[j]];
    let best = Infinity;
    let bestPos = -1;
    let a = m.vStart[v];
    // blinking: instead of one random draw per position, draw the geometric gap to the next skipped position
    const useBlink = rng !== null && blink > 0;
    const logKeep = useBlink ? Math.log(1 - blink) : 0;
    let nextBlink = useBlink ? 1 + Math.floor(Math.log(1 - rng!.next()) / logKeep) : Infinity;
    for (let p = 1; p <= l + 1; p++) {
      const b = p <= l ? m.jobLoc[seq[p - 1]] : m.vEnd[v];
      if (p === nextBlink) {
        nextBlink = p + 1 + Math.floor(Math.log(1 - rng!.next()) / logKeep);
        a = b;
        continue;
      }
      const aj = a * L + jl;
      const jb = jl * L + b;
      const ab = a * L + b;
      const dc = l === 0 ? C[aj] + C[jb] : C[aj] + C[jb] - C[ab];
      if (dc < best) {
        const arr = dep[p - 1] + T[aj];
        let st: number;
        if (single) {
          st = arr <= twe ? (arr > tws ? arr : tws) : Infinity;
        } else st = earliestStart(m, j, arr);
        if (st !== Infinity && st + sj + T[jb] <= lat[p] + EPS) {
          const dt = l === 0 ? T[aj] + T[jb] : T[aj] + T[jb] - T[ab];
          if (
            travelV + dt <= maxTravel &&
            dt <= maxWork &&
            (!checkRank || (pm![p - 1] <= rank && rank <= sm![p]))
          ) {
            best = dc;
            bestPos = p;
          }
        }
      }
      a = b;
    }
    out[0] = bestPos;
    return best;
  }

  /** Insert job j into route v before position p (1-based). Returns false if the exact check failed (and the insertion was undone). */
  insert(j: number, v: number, p: number): boolean {
    const seq = this.routes[v];
    const l = this.len[v];
    seq.copyWithin(p, p - 1, l);
    seq[p - 1] = j;
    this.len[v] = l + 1;
    this.routeOf[j] = v;
    this.missing -= this.m.weight[j];
    if (this.update(v)) return true;
    // undo
    seq.copyWithin(p - 1, p, l + 1);
    this.len[v] = l;
    this.routeOf[j] = -1;
    this.missing += this.m.weight[j];
    this.update(v);
    return false;
  }

  /** Remove the jobs with `removed[j] === stamp` from route v (one pass) and refresh. */
  compact(v: number, removed: Int32Array, stamp: number): void {
    const seq = this.routes[v];
    const l = this.len[v];
    let k = 0;
    for (let p = 0; p < l; p++) {
      const j = seq[p];
      if (removed[j] === stamp) {
        this.routeOf[j] = -1;
        this.missing += this.m.weight[j];
      } else seq[k++] = j;
    }
    this.len[v] = k;
    this.update(v);
  }

  toRoutes(): number[][] {
    const out: number[][] = [];
    for (let v = 0; v < this.m.V; v++) out.push(Array.from(this.routes[v].subarray(0, this.len[v])));
    return out;
  }
}

/** Lexicographic comparison: served weight first, then cost. */
function better(aMissing: number, aCost: number, bMissing: number, bCost: number): boolean {
  if (aMissing !== bMissing) return aMissing < bMissing;
  return aCost < bCost - 1e-10;
}

/**
 * Run SISR + simulated annealing. `initial` (optional) gives routes per
 * vehicle to start from (e.g. the previous plan); infeasible/incompatible
 * parts are dropped and re-inserted.
 */
export function runSisr(m: Model, params: EngineParams, initial?: number[][]): EngineResult {
  const rng = new Rng(params.seed);
  const { n, V } = m;
  const cur = new Solution(m);
  const best = new Solution(m);
  const removed = new Int32Array(n);
  const routeStamp = new Int32Array(V);
  const profSeen = new Int32Array(V + 1);
  let stamp = 0;
  const pos = new Int32Array(1);
  const removedList = new Int32Array(n);
  const dirty = new Int32Array(V);
  const dirtyList = new Int32Array(V);
  let dirtyStamp = 0;

  // neighbours (by cost), for ruin
  const neigh: Int32Array[] = [];
  const maxNeigh = Math.min(n - 1, 100);
  {
    const idx = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) idx[k] = k;
      const row = m.jobLoc[j] * m.L;
      const arr = idx.filter((k) => k !== j);
      arr.sort((x, y) => m.C[row + m.jobLoc[x]] + m.C[m.jobLoc[x] * m.L + m.jobLoc[j]] - (m.C[row + m.jobLoc[y]] + m.C[m.jobLoc[y] * m.L + m.jobLoc[j]]) || x - y);
      neigh.push(Int32Array.from(arr.slice(0, maxNeigh)));
    }
  }
  // job "far from depot" measure: min over vehicles of start->job cost
  const depotDist = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let d = Infinity;
    for (let v = 0; v < V; v++) {
      const c = m.C[m.vStart[v] * m.L + m.jobLoc[j]];
      if (c < d) d = c;
    }
    depotDist[j] = d;
  }


  /** Insert the jobs in removedList[0..count) in the given order; returns nothing (unplaced stay unassigned). */
  const recreate = (sol: Solution, count: number, blink: number, markDirty: boolean): void => {
    for (let i = 0; i < count; i++) {
      const j = removedList[i];
      // start at a random vehicle (tie-breaking between equal insertions)
      const off = rng.int(V);
      stamp++;
      let bestDelta = Infinity;
      let bestV = -1;
      let bestP = -1;
      for (let k = 0; k < V; k++) {
        const v = k + off < V ? k + off : k + off - V;
        if (sol.len[v] === 0) {
          const pf = m.vProfile[v];
          if (profSeen[pf] === stamp) continue;
          profSeen[pf] = stamp;
        }
        const d = sol.bestInsertion(j, v, rng, blink, pos);
        if (d < bestDelta) {
          bestDelta = d;
          bestV = v;
          bestP = pos[0];
        }
      }
      if (bestV >= 0) {
        if (markDirty) touch(bestV);
        sol.insert(j, bestV, bestP);
      }
    }
  };

  const backup = new Solution(m);
  const touch = (v: number): void => {
    if (dirty[v] !== dirtyStamp) {
      dirty[v] = dirtyStamp;
      dirtyList[nDirty++] = v;
      backup.copyRouteFrom(cur, v);
    }
  };
  let nDirty = 0;

  // initial solution
  if (initial) {
    for (let v = 0; v < V && v < initial.length; v++) {
      for (const j of initial[v]) {
        if (j < 0 || j >= n || cur.routeOf[j] >= 0 || m.compat[j * V + v] === 0) continue;
        cur.insert(j, v, cur.len[v] + 1);
      }
    }
  }
  {
    let cnt = 0;
    for (let j = 0; j < n; j++) if (cur.routeOf[j] < 0) removedList[cnt++] = j;
    // sort: hardest first (fewest compatible vehicles, tightest window), random ties
    sortRemoved(cnt, 0);
    recreate(cur, cnt, 0, false);
  }
  best.copyFrom(cur);

  function sortRemoved(cnt: number, mode: number): void {
    const arr = Array.from(removedList.subarray(0, cnt));
    rng.shuffleArray(arr);
    if (mode === 1) arr.sort((a, b) => m.weight[b] - m.weight[a] || m.demand[b] - m.demand[a]);
    else if (mode === 2) arr.sort((a, b) => m.weight[b] - m.weight[a] || depotDist[b] - depotDist[a]);
    else if (mode === 3) arr.sort((a, b) => m.weight[b] - m.weight[a] || depotDist[a] - depotDist[b]);
    else if (mode === 4) arr.sort((a, b) => m.weight[b] - m.weight[a] || twWidth(a) - twWidth(b));
    else arr.sort((a, b) => m.weight[b] - m.weight[a]);
    for (let i = 0; i < cnt; i++) removedList[i] = arr[i];
  }
  function twWidth(j: number): number {
    let w = 0;
    for (let k = m.twOff[j]; k < m.twOff[j + 1]; k++) w += Math.min(m.twE[k], 1e15) - Math.max(m.twS[k], -1e15);
    return w;
  }

  const start = params.now();
  let iter = 0;
  let lastImprove = 0;
  let improvements = 0;
  const { t0, tf } = params;
  const useIter = Number.isFinite(params.maxIterations);
  let temp = t0;
  const ruinStamp = new Int32Array(n);
  let rstamp = 0;

  if (n > 0) {
    for (;;) {
      if (useIter && iter >= params.maxIterations) break;
      if (iter - lastImprove > params.maxNoImprove) break;
      if ((iter & 15) === 0) {
        const el = params.now() - start;
        if (el >= params.timeBudgetMs) break;
        const frac = useIter ? iter / params.maxIterations : el / params.timeBudgetMs;
        temp = t0 * Math.pow(tf / t0, frac);
      }
      iter++;
      dirtyStamp++;
      nDirty = 0;
      rstamp++;
      const prevCost = cur.cost;
      const prevMissing = cur.missing;

      // ---- ruin (SISR) ----
      let assigned = 0;
      let usedRoutes = 0;
      for (let v = 0; v < V; v++) {
        if (cur.len[v] > 0) {
          assigned += cur.len[v];
          usedRoutes++;
        }
      }
      let count = 0;
      // unassigned jobs are always re-tried
      for (let j = 0; j < n; j++) if (cur.routeOf[j] < 0) removedList[count++] = j;
      if (assigned > 0) {
        const avgLen = assigned / usedRoutes;
        const lsMax = Math.min(params.lMax, avgLen);
        const ksMax = (4 * params.cBar) / (1 + lsMax) - 1;
        const ks = Math.floor(rng.next() * ksMax) + 1;
        // seed: random assigned job
        let seedJob = rng.int(n);
        for (let tries = 0; cur.routeOf[seedJob] < 0 && tries < 4 * n; tries++) seedJob = rng.int(n);
        if (cur.routeOf[seedJob] >= 0) {
          let ruined = 0;
          const nb = neigh[seedJob];
          for (let k = -1; k < nb.length && ruined < ks; k++) {
            const c = k < 0 ? seedJob : nb[k];
            const v = cur.routeOf[c];
            if (v < 0 || routeStamp[v] === rstamp || ruinStamp[c] === rstamp) continue;
            routeStamp[v] = rstamp;
            ruined++;
            touch(v);
            const t = cur.len[v];
            const seq = cur.routes[v];
            let pc = 0;
            while (seq[pc] !== c) pc++;
            const ltMax = Math.min(t, lsMax);
            const lt = Math.floor(rng.next() * ltMax) + 1;
            if (lt >= t || rng.next() < 1 - params.splitRate) {
              // string
              const lo = Math.max(0, pc - lt + 1);
              const hi = Math.min(pc, t - lt);
              const s = lo + rng.int(hi - lo + 1);
              for (let q = s; q < s + lt; q++) {
                ruinStamp[seq[q]] = rstamp;
                removedList[count++] = seq[q];
              }
            } else {
              // split string: a string of lt + mm containing c, mm consecutive kept
              let mm = 1;
              while (lt + mm < t && rng.next() > params.splitDepth) mm++;
              const tot = lt + mm;
              const lo = Math.max(0, pc - tot + 1);
              const hi = Math.min(pc, t - tot);
              const s = lo + rng.int(hi - lo + 1);
              const keepAt = s + rng.int(lt + 1);
              for (let q = s; q < s + tot; q++) {
                if (q >= keepAt && q < keepAt + mm) continue;
                ruinStamp[seq[q]] = rstamp;
                removedList[count++] = seq[q];
              }
            }
            cur.compact(v, ruinStamp, rstamp);
          }
        }
      }

      // occasionally empty a whole short route (helps to escape from one-route-too-many optima)
      if (params.routeRemovalRate > 0 && rng.next() < params.routeRemovalRate) {
        let pick = -1;
        for (let tries = 0; tries < 2; tries++) {
          const v = rng.int(V);
          if (cur.len[v] > 0 && routeStamp[v] !== rstamp && (pick < 0 || cur.len[v] < cur.len[pick])) pick = v;
        }
        if (pick >= 0) {
          routeStamp[pick] = rstamp;
          touch(pick);
          const seq = cur.routes[pick];
          for (let q = 0; q < cur.len[pick]; q++) {
            ruinStamp[seq[q]] = rstamp;
            removedList[count++] = seq[q];
          }
          cur.compact(pick, ruinStamp, rstamp);
        }
      }

      // ---- recreate ----
      const r = rng.next() * 11;
      sortRemoved(count, r < 4 ? 0 : r < 8 ? 1 : r < 10 ? 2 : 3);
      recreate(cur, count, params.blinkRate, true);

      // ---- accept ----
      {
        let c = 0;
        for (let v = 0; v < V; v++) c += cur.rcost[v];
        cur.cost = c;
      }
      let accept: boolean;
      if (cur.missing !== prevMissing) accept = cur.missing < prevMissing;
      else accept = cur.cost < prevCost - temp * Math.log(rng.next());
      if (accept) {
        if (better(cur.missing, cur.cost, best.missing, best.cost)) {
          best.copyFrom(cur);
          lastImprove = iter;
          improvements++;
        }
      } else {
        for (let i = 0; i < nDirty; i++) cur.copyRouteFrom(backup, dirtyList[i]);
        cur.routeOf.fill(-1);
        for (let v = 0; v < V; v++) {
          const seq = cur.routes[v];
          for (let p = 0; p < cur.len[v]; p++) cur.routeOf[seq[p]] = v;
        }
        cur.missing = prevMissing;
      }
      let c = 0;
      for (let v = 0; v < V; v++) c += cur.rcost[v];
      cur.cost = c;
    }
  }
  // final pass without blinking: any job that still fits somewhere gets inserted
  {
    let cnt = 0;
    for (let j = 0; j < n; j++) if (best.routeOf[j] < 0) removedList[cnt++] = j;
    if (cnt > 0) {
      sortRemoved(cnt, 0);
      recreate(best, cnt, 0, false);
    }
  }
  const unassigned: number[] = [];
  for (let j = 0; j < n; j++) if (best.routeOf[j] < 0) unassigned.push(j);
  return { routes: best.toRoutes(), unassigned, cost: best.cost, iterations: iter, improvements };
}
