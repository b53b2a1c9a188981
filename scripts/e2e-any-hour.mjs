#!/usr/bin/env node
/**
 * Runs browser suites at several fixed moments and machine time zones, to show they do not
 * depend on when or where they run: each case sets E2E_NOW (the instant the server's Date, the
 * browser's clock and the test's dates start at, see SuiteClock in e2e/harness.ts), E2E_TZ (the
 * server's zone) and TZ (the test process's zone), then runs
 * `vitest run --config e2e/vitest.config.ts <files>`. Ends with `N passed, N failed` over all cases.
 *
 *   node scripts/e2e-any-hour.mjs e2e/archive.e2e.test.ts
 *   node scripts/e2e-any-hour.mjs --at 2026-12-03T16:30:00Z@Pacific/Kiritimati e2e/archive.e2e.test.ts
 *
 * The moments stay two minutes or more away from a Shanghai midnight, so one run does not cross it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const tmp = path.join(root, '.tmp');
fs.mkdirSync(tmp, { recursive: true });

/** Instant @ zone: Shanghai hours that fall on other UTC / local dates, years with and without holiday data. */
const DEFAULT_CASES = [
  '2026-12-03T01:30:00Z@Asia/Shanghai', // 09:30 in Shanghai, the same date everywhere
  '2026-12-03T15:30:00Z@UTC', // 23:30 in Shanghai, after the 22:00 end-of-day check
  '2026-12-03T16:30:00Z@Pacific/Kiritimati', // 00:30 of the next day in Shanghai while the browser (UTC) is still on the day before; the server at UTC+14
  '2027-07-01T03:00:00Z@America/New_York', // a year without holiday data; the server's zone (summer time) still on 30 June
];

const args = process.argv.slice(2);
const cases = [];
const files = [];
for (let index = 0; index < args.length; index += 1) {
  if (args[index] === '--at') cases.push(args[(index += 1)]);
  else files.push(args[index]);
}
if (files.length === 0) {
  console.error('usage: node scripts/e2e-any-hour.mjs [--at <ISO instant>[@<zone>]]… <e2e file>…');
  process.exit(2);
}

let passed = 0;
let failed = 0;
const lines = [];
for (const item of cases.length ? cases : DEFAULT_CASES) {
  const [now, zone = 'UTC'] = item.split('@');
  if (Number.isNaN(Date.parse(now))) throw new Error(`not an instant: ${now}`);
  const report = path.join(tmp, 'e2e-any-hour-report.json');
  fs.rmSync(report, { force: true });
  console.log(`\n=== ${files.join(' ')} at ${now} (server and test process in ${zone}) ===`);
  spawnSync(process.execPath, [vitest, 'run', '--config', 'e2e/vitest.config.ts', ...files, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, E2E_NOW: now, E2E_TZ: zone, TZ: zone },
  });
  const summary = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : null;
  const casePassed = summary?.numPassedTests ?? 0;
  const caseFailed = summary ? summary.numFailedTests || (summary.numFailedTestSuites ? 1 : 0) : 1;
  passed += casePassed;
  failed += caseFailed;
  lines.push(`${now} ${zone}: ${casePassed} passed, ${caseFailed} failed${summary ? '' : ' (no report)'}`);
}
console.log(`\n${lines.join('\n')}\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
