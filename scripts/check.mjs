#!/usr/bin/env node
/**
 * `npm run check`: the checks that guard the module cut, run side by side.
 *  1. typecheck  — `tsc --noEmit -p tsconfig.json` (incremental, its state in .tmp/)
 *  2. boundaries — the import rules of scripts/boundaries.config.mjs (scripts/boundaries.mjs)
 * Prints each check's output and one line per check; exit 1 when one fails.
 * scripts/test.mjs runs the same checks first (`runChecks`), each counting as one test.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundaries, formatBoundaries } from './boundaries.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @typedef {{ name: string, ok: boolean, ms: number, output: string }} CheckResult */

/** @returns {Promise<CheckResult>} */
function typecheck() {
  const started = performance.now();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  return new Promise((resolve) => {
    // --incremental: later runs on the same machine can reuse .tmp/tsc.tsbuildinfo
    const args = [tsc, '--noEmit', '-p', 'tsconfig.json', '--pretty', 'false', '--incremental', '--tsBuildInfoFile', path.join('.tmp', 'tsc.tsbuildinfo')];
    const child = spawn(process.execPath, args, { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const done = (ok, extra = '') =>
      resolve({ name: 'typecheck', ok, ms: Math.round(performance.now() - started), output: (output + extra).trim() });
    child.on('error', (error) => done(false, `\ncould not start tsc: ${error.message}`));
    child.on('close', (code) => done(code === 0, code === 0 ? '' : `\ntsc exited with ${code}`));
  });
}

/** @returns {Promise<CheckResult>} */
async function boundaries() {
  const started = performance.now();
  try {
    const result = await checkBoundaries({ root });
    return { name: 'boundaries', ok: result.violations.length === 0, ms: Math.round(performance.now() - started), output: formatBoundaries(result) };
  } catch (error) {
    return { name: 'boundaries', ok: false, ms: Math.round(performance.now() - started), output: `the boundary check crashed: ${error?.stack ?? error}` };
  }
}

/**
 * Runs every check (at the same time), prints their output and a line per check.
 * @returns {Promise<CheckResult[]>}
 */
export async function runChecks() {
  const results = await Promise.all([typecheck(), boundaries()]);
  for (const result of results) {
    console.log(`--- ${result.name} ---`);
    if (result.output) console.log(result.output);
  }
  for (const result of results) {
    console.log(`${result.ok ? '✓' : '✗'} ${result.name} ${result.ok ? 'passed' : 'FAILED'} (${(result.ms / 1000).toFixed(1)} s)`);
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await runChecks();
  const failed = results.filter((result) => !result.ok).map((result) => result.name);
  console.log(failed.length === 0 ? 'check: all passed' : `check: FAILED (${failed.join(', ')})`);
  if (failed.length > 0) process.exitCode = 1;
}
