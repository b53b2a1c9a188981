/**
 * Independent solution checker for the routing benchmarks.
 *
 * Deliberately shares NO code with the solver (routing/): it parses the raw
 * instance files itself and recomputes every distance, arrival time, load and
 * duration from the coordinates at full double precision, with exact
 * comparisons (no epsilon).
 */

export type SolomonNode = { id: number; x: number; y: number; demand: number; ready: number; due: number; service: number };
export type SolomonInstance = { name: string; vehicles: number; capacity: number; nodes: SolomonNode[] };

/** Parse a Solomon VRPTW file (CRLF or LF). Node 0 is the depot. */
export function parseSolomon(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines[0];
  let vehicles = 0;
  let capacity = 0;
  const nodes: SolomonNode[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^NUMBER\s+CAPACITY/i.test(lines[i])) {
      let k = i + 1;
      while (lines[k] === '') k++;
      const [a, b] = lines[k].split(/\s+/).map(Number);
      vehicles = a;
      capacity = b;
    }
    if (/^CUST\s+NO\./i.test(lines[i])) {
      for (let k = i + 1; k < lines.length; k++) {
        if (lines[k] === '') continue;
        const f = lines[k].split(/\s+/).map(Number);
        if (f.length < 7 || f.some((x) => Number.isNaN(x))) continue;
        nodes.push({ id: f[0], x: f[1], y: f[2], demand: f[3], ready: f[4], due: f[5], service: f[6] });
      }
      break;
    }
  }
  nodes.forEach((nd, i) => {
    if (nd.id !== i) throw new Error(`${name}: node ids must be 0..n in order (line for ${nd.id})`);
  });
  return { name, vehicles, capacity, nodes };
}

export type CheckResult = {
  feasible: boolean;
  errors: string[];
  distance: number;
  vehiclesUsed: number;
};

function euclid(ax: number, ay: number, bx: number, by: number): number {
  const dx = ax - bx;
  const dy = ay - by;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * Check a Solomon solution: `routes` are sequences of customer ids (1..n),
 * depot implicit at both ends. Service must start within [ready, due]
 * (waiting allowed); return to the depot by the depot's due time; load
 * <= capacity; every customer exactly once; at most `vehicles` non-empty routes.
 */
export function checkSolomon(inst: SolomonInstance, routes: number[][]): CheckResult {
  const errors: string[] = [];
  const n = inst.nodes.length - 1;
  const depot = inst.nodes[0];
  const seen = new Array<number>(n + 1).fill(0);
  let distance = 0;
  let used = 0;
  routes.forEach((r, ri) => {
    if (r.length === 0) return;
    used++;
    let t = depot.ready;
    let load = 0;
    let px = depot.x;
    let py = depot.y;
    for (const c of r) {
      if (!Number.isInteger(c) || c < 1 || c > n) {
        errors.push(`route ${ri}: invalid customer id ${c}`);
        continue;
      }
      seen[c]++;
      const nd = inst.nodes[c];
      const d = euclid(px, py, nd.x, nd.y);
      distance += d;
      const arrival = t + d;
      const start = arrival < nd.ready ? nd.ready : arrival;
      if (start > nd.due) errors.push(`route ${ri}: customer ${c} service starts ${start} after due ${nd.due}`);
      t = start + nd.service;
      load += nd.demand;
      px = nd.x;
      py = nd.y;
    }
    const back = euclid(px, py, depot.x, depot.y);
    distance += back;
    if (t + back > depot.due) errors.push(`route ${ri}: returns to depot at ${t + back} after ${depot.due}`);
    if (load > inst.capacity) errors.push(`route ${ri}: load ${load} > capacity ${inst.capacity}`);
  });
  for (let c = 1; c <= n; c++) {
    if (seen[c] === 0) errors.push(`customer ${c} not served`);
    else if (seen[c] > 1) errors.push(`customer ${c} served ${seen[c]} times`);
  }
  if (used > inst.vehicles) errors.push(`${used} vehicles used > fleet ${inst.vehicles}`);
  return { feasible: errors.length === 0, errors, distance, vehiclesUsed: used };
}

export type CordeauDepot = { maxDuration: number; capacity: number; x: number; y: number };
export type CordeauCustomer = { id: number; x: number; y: number; service: number; demand: number };
export type CordeauInstance = { name: string; vehiclesPerDepot: number; depots: CordeauDepot[]; customers: CordeauCustomer[] };

/**
 * Parse a Cordeau (1997) MDVRP file: "type m n t", then t lines "D Q"
 * (max route duration, 0 = none; capacity), then n customer lines
 * "i x y d q f a list...", then t depot lines "i x y ...".
 */
export function parseCordeau(text: string, name = ''): CordeauInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const [, m, n, t] = lines[0].split(/\s+/).map(Number);
  const depots: CordeauDepot[] = [];
  for (let i = 0; i < t; i++) {
    const [D, Q] = lines[1 + i].split(/\s+/).map(Number);
    depots.push({ maxDuration: D, capacity: Q, x: NaN, y: NaN });
  }
  const customers: CordeauCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const f = lines[1 + t + i].split(/\s+/).map(Number);
    customers.push({ id: f[0], x: f[1], y: f[2], service: f[3], demand: f[4] });
  }
  for (let i = 0; i < t; i++) {
    const f = lines[1 + t + n + i].split(/\s+/).map(Number);
    depots[i].x = f[1];
    depots[i].y = f[2];
  }
  customers.forEach((c, i) => {
    if (c.id !== i + 1) throw new Error(`${name}: customer ids must be 1..n in order`);
  });
  return { name, vehiclesPerDepot: m, depots, customers };
}

/**
 * Check an MDVRP solution: each route starts and ends at its depot (index
 * 0..t-1); customers by id 1..n; load <= Q; duration (travel + service)
 * <= D when D > 0; at most m routes per depot; every customer exactly once.
 */
export function checkCordeau(inst: CordeauInstance, routes: { depot: number; customers: number[] }[]): CheckResult {
  const errors: string[] = [];
  const n = inst.customers.length;
  const seen = new Array<number>(n + 1).fill(0);
  const perDepot = new Array<number>(inst.depots.length).fill(0);
  let distance = 0;
  let used = 0;
  routes.forEach((r, ri) => {
    if (r.customers.length === 0) return;
    const dep = inst.depots[r.depot];
    if (!dep) {
      errors.push(`route ${ri}: invalid depot ${r.depot}`);
      return;
    }
    used++;
    perDepot[r.depot]++;
    let px = dep.x;
    let py = dep.y;
    let duration = 0;
    let len = 0;
    let load = 0;
    for (const c of r.customers) {
      if (!Number.isInteger(c) || c < 1 || c > n) {
        errors.push(`route ${ri}: invalid customer id ${c}`);
        continue;
      }
      seen[c]++;
      const cu = inst.customers[c - 1];
      const d = euclid(px, py, cu.x, cu.y);
      len += d;
      duration += d + cu.service;
      load += cu.demand;
      px = cu.x;
      py = cu.y;
    }
    const back = euclid(px, py, dep.x, dep.y);
    len += back;
    duration += back;
    distance += len;
    if (load > dep.capacity) errors.push(`route ${ri}: load ${load} > capacity ${dep.capacity}`);
    if (dep.maxDuration > 0 && duration > dep.maxDuration) errors.push(`route ${ri}: duration ${duration} > ${dep.maxDuration}`);
  });
  perDepot.forEach((k, d) => {
    if (k > inst.vehiclesPerDepot) errors.push(`depot ${d}: ${k} routes > ${inst.vehiclesPerDepot}`);
  });
  for (let c = 1; c <= n; c++) {
    if (seen[c] === 0) errors.push(`customer ${c} not served`);
    else if (seen[c] > 1) errors.push(`customer ${c} served ${seen[c]} times`);
  }
  return { feasible: errors.length === 0, errors, distance, vehiclesUsed: used };
}
