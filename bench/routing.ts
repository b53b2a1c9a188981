/**
 * Routing benchmark: `npm run bench:routing -- [--budget SECONDS] [--instances PATTERN] [--set solomon|cordeau] [--seed N] [--parallel]`
 *
 * Solves the public instances in /work/shared/benchmarks (override with
 * ROUTING_BENCH_DIR), verifies every solution with the independent checker in
 * routing/solution-checker.ts and prints one line per instance, then, as the
 * LAST stdout line, one JSON summary object.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { solve, solveParallel, type RoutingProblem, type RoutingSolution } from '../routing/index';
import { checkCordeau, checkSolomon, parseCordeau, parseSolomon, type CheckResult } from '../routing/solution-checker';

type Args = { budget: number; instances: string | null; set: 'solomon' | 'cordeau'; seed: number; parallel: boolean };

function parseArgs(argv: string[]): Args {
  const a: Args = { budget: 10, instances: null, set: 'solomon', seed: 1, parallel: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${k}`);
      return v;
    };
    if (k === '--budget') a.budget = Number(val());
    else if (k === '--instances') a.instances = val();
    else if (k === '--set') {
      const s = val();
      if (s !== 'solomon' && s !== 'cordeau') throw new Error('--set must be solomon or cordeau');
      a.set = s;
    } else if (k === '--seed') a.seed = Number(val());
    else if (k === '--parallel') a.parallel = true;
    else throw new Error(`unknown option ${k}`);
  }
  if (!(a.budget > 0)) throw new Error('--budget must be > 0');
  return a;
}

/** Glob (`C1*`, `R10?`, comma-separated) or, if it contains other regex syntax, a regular expression. */
function matcher(pattern: string | null): (name: string) => boolean {
  if (!pattern) return () => true;
  if (/^[A-Za-z0-9_*?,.-]+$/.test(pattern)) {
    const res = pattern.split(',').map(
      (g) => new RegExp('^' + g.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i'),
    );
    return (name) => res.some((r) => r.test(name));
  }
  const re = new RegExp(pattern, 'i');
  return (name) => re.test(name);
}

function readCsv(path: string): Map<string, { vehicles: number; distance: number }> {
  const out = new Map<string, { vehicles: number; distance: number }>();
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',');
  const iI = header.indexOf('instance');
  const iV = header.indexOf('vehicles');
  const iD = header.indexOf('distance');
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    out.set(f[iI], { vehicles: Number(f[iV]), distance: Number(f[iD]) });
  }
  return out;
}

function euclidMatrix(pts: { x: number; y: number }[]): number[][] {
  return pts.map((a) =>
    pts.map((b) => {
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      return Math.sqrt(dx * dx + dy * dy);
    }),
  );
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

type InstanceRun = { name: string; cls: string; result: CheckResult; bks: number; bksVehicles: number | null; seconds: number };

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = process.env.ROUTING_BENCH_DIR ?? '/work/shared/benchmarks';
  const match = matcher(args.instances);
  const runs: InstanceRun[] = [];
  // tuning hook: ROUTING_TEMP="t0Factor,tfFactor"
  const temp = process.env.ROUTING_TEMP?.split(',').map(Number) as [number, number] | undefined;
  const opts = {
    seed: args.seed,
    timeBudgetMs: args.budget * 1000,
    maxIterationsWithoutImprovement: Infinity,
    ...(temp ? { temperatureFactors: temp } : {}),
  };
  const solveIt = async (p: RoutingProblem): Promise<RoutingSolution> => (args.parallel ? solveParallel(p, opts) : solve(p, opts));

  if (args.set === 'solomon') {
    const dir = join(root, 'vrptw/solomon');
    const bks = readCsv(join(dir, 'bks_distance.csv'));
    const bksV = readCsv(join(dir, 'bks_vehicles_first.csv'));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.replace(/\.txt$/, ''))
      .filter(match)
      .sort();
    for (const name of files) {
      const inst = parseSolomon(readFileSync(join(dir, `${name}.txt`), 'utf8'));
      const depot = inst.nodes[0];
      const problem: RoutingProblem = {
        matrix: { durations: euclidMatrix(inst.nodes) },
        vehicles: Array.from({ length: inst.vehicles }, (_, i) => ({
          id: `v${i + 1}`,
          startLocation: 0,
          endLocation: 0,
          shift: { start: depot.ready, end: depot.due },
          capacity: inst.capacity,
        })),
        jobs: inst.nodes.slice(1).map((nd) => ({
          id: String(nd.id),
          location: nd.id,
          serviceDuration: nd.service,
          timeWindows: [{ start: nd.ready, end: nd.due }],
          demand: nd.demand,
        })),
      };
      const t0 = performance.now();
      const sol = await solveIt(problem);
      const seconds = (performance.now() - t0) / 1000;
      const routes = sol.routes.map((r) => r.stops.map((s) => Number(s.jobId)));
      const result = checkSolomon(inst, routes);
      const b = bks.get(name);
      const bv = bksV.get(name);
      const cls = name.replace(/\d+$/, '').toUpperCase() + name.match(/\d/)![0];
      runs.push({ name, cls, result, bks: b ? b.distance : NaN, bksVehicles: bv ? bv.vehicles : null, seconds });
      printLine(runs[runs.length - 1], sol);
    }
  } else {
    const dir = join(root, 'mdvrp/cordeau1997');
    const bks = readCsv(join(dir, 'bks.csv'));
    const files = readdirSync(dir)
      .filter((f) => /^p(r)?\d+$/.test(f) && existsSync(join(dir, f)))
      .filter(match)
      .sort();
    for (const name of files) {
      const inst = parseCordeau(readFileSync(join(dir, name), 'utf8'), name);
      const n = inst.customers.length;
      const pts = [...inst.customers, ...inst.depots];
      const vehicles: RoutingProblem['vehicles'] = [];
      inst.depots.forEach((d, di) => {
        for (let k = 0; k < inst.vehiclesPerDepot; k++)
          vehicles.push({
            id: `d${di + 1}v${k + 1}`,
            startLocation: n + di,
            endLocation: n + di,
            capacity: d.capacity,
            ...(d.maxDuration > 0 ? { maxWorkingTime: d.maxDuration } : {}),
          });
      });
      const problem: RoutingProblem = {
        matrix: { durations: euclidMatrix(pts) },
        vehicles,
        jobs: inst.customers.map((c, i) => ({ id: String(c.id), location: i, serviceDuration: c.service, demand: c.demand })),
      };
      const t0 = performance.now();
      const sol = await solveIt(problem);
      const seconds = (performance.now() - t0) / 1000;
      const vIndex = new Map(vehicles.map((v, i) => [v.id, i] as const));
      const routes = sol.routes.map((r) => ({
        depot: Math.floor(vIndex.get(r.vehicleId)! / inst.vehiclesPerDepot),
        customers: r.stops.map((s) => Number(s.jobId)),
      }));
      const result = checkCordeau(inst, routes);
      const b = bks.get(name);
      runs.push({ name, cls: name.startsWith('pr') ? 'pr' : 'p', result, bks: b ? b.distance : NaN, bksVehicles: b ? b.vehicles : null, seconds });
      printLine(runs[runs.length - 1], sol);
    }
  }

  const feasible = runs.filter((r) => r.result.feasible);
  const gaps = feasible.map((r) => gapPct(r));
  const byClass: Record<string, number> = {};
  for (const cls of [...new Set(runs.map((r) => r.cls))]) {
    byClass[cls] = r3(mean(feasible.filter((r) => r.cls === cls).map(gapPct)));
  }
  const summary = {
    name: 'routing',
    set: args.set,
    budget_s: args.budget,
    instances: runs.length,
    infeasible: runs.length - feasible.length,
    mean_gap_pct: r3(mean(gaps)),
    median_gap_pct: r3(median(gaps)),
    worst_gap_pct: r3(gaps.length ? Math.max(...gaps) : NaN),
    by_class: byClass,
    vehicles_used: runs.reduce((a, r) => a + r.result.vehiclesUsed, 0),
    mean_seconds: r3(mean(runs.map((r) => r.seconds))),
    bks_vehicles_total: runs.reduce((a, r) => a + (r.bksVehicles ?? 0), 0),
    parallel: args.parallel,
    seed: args.seed,
  };
  console.log(JSON.stringify(summary));
}

function gapPct(r: InstanceRun): number {
  return ((r.result.distance - r.bks) / r.bks) * 100;
}

function printLine(r: InstanceRun, sol: RoutingSolution): void {
  const status = r.result.feasible ? 'ok' : `INFEASIBLE (${r.result.errors.slice(0, 3).join('; ')})`;
  console.log(
    `${r.name.padEnd(6)} dist ${r.result.distance.toFixed(2).padStart(8)}  bks ${r.bks.toFixed(2).padStart(8)}  gap ${gapPct(r)
      .toFixed(2)
      .padStart(6)}%  vehicles ${String(r.result.vehiclesUsed).padStart(2)} (${r.cls.startsWith('p') ? 'bks routes' : 'bks-vehicles-first'} ${r.bksVehicles ?? '?'})  ${r.seconds.toFixed(1)}s  it ${sol.stats.iterations}  ${status}`,
  );
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
