#!/usr/bin/env node
/**
 * `npm test`: every suite, then one closing line `N passed, N failed` that sums them.
 *  0. the checks (scripts/check.mjs: typecheck and import boundaries), first; each counts as
 *     one test passed or failed
 *  1. unit + server + web on the embedded database (PGlite)
 *  2. the server (database) suite again on PostgreSQL when TEST_DATABASE_URL is set
 *  3. the browser tests in Debian's Chromium (required in CI; outside CI skipped with a
 *     notice when /usr/bin/chromium is missing — install it with
 *     `apt-get install -y chromium fonts-wqy-microhei`)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runChecks } from './check.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tmp = path.join(root, '.tmp');
fs.mkdirSync(tmp, { recursive: true });
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');

const suites = [{ name: 'unit, server and web on PGlite', args: [], env: {} }];
if (process.env.TEST_DATABASE_URL) {
  suites.push({ name: 'server on PostgreSQL', args: ['--project', 'server'], env: { AFTERSALES_TEST_DB: 'postgres' } });
} else {
  console.log('note: TEST_DATABASE_URL is not set, so the database suite runs on PGlite only');
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (fs.existsSync(chromium)) {
  suites.push({ name: 'browser (e2e) in Chromium', args: ['--config', 'e2e/vitest.config.ts'], env: {} });
} else if (process.env.CI) {
  console.error(`error: ${chromium} is missing; CI must install chromium and fonts-wqy-microhei`);
  process.exitCode = 1;
} else {
  console.log(`note: ${chromium} is missing, so the browser tests were not run (apt-get install -y chromium fonts-wqy-microhei)`);
}

let passed = 0;
let failed = 0;
let hasCrashed = false;
console.log('\n=== checks: typecheck and import boundaries ===');
for (const check of await runChecks()) {
  if (check.ok) passed += 1;
  else failed += 1;
}
for (const [index, suite] of suites.entries()) {
  const report = path.join(tmp, `vitest-report-${index}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n=== ${suite.name} ===`);
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', ...suite.args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...suite.env } },
  );
  if (!fs.existsSync(report)) {
    console.error(`error: ${suite.name} produced no report (exit ${result.status})`);
    hasCrashed = true;
    continue;
  }
  const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += summary.numPassedTests;
  failed += summary.numFailedTests;
  const failedSuites = (summary.testResults ?? []).filter((file) => file.status === 'failed' && file.assertionResults.every((test) => test.status !== 'failed'));
  if (result.status !== 0 && summary.numFailedTests === 0) {
    console.error(`error: ${suite.name} exited with ${result.status} (${failedSuites.length} file(s) failed to run)`);
    hasCrashed = true;
  }
  if (summary.numTotalTests === 0) {
    console.error(`error: ${suite.name} ran no test`);
    hasCrashed = true;
  }
}
if (hasCrashed && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
if (failed > 0 || hasCrashed) process.exitCode = 1;
