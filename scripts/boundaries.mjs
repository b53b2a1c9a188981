#!/usr/bin/env node
/**
 * The import-boundary check: dependency-cruiser with the rules of scripts/boundaries.config.mjs,
 * plus one rule it has no file-level form for: no import cycle between modules of
 * server/modules (module A's code imports module B and B's code imports A, through any files;
 * test files and factories do not count, they are not part of a module's code).
 *
 *   node scripts/boundaries.mjs            check the repository, exit 1 on a violation
 *   node scripts/boundaries.mjs --root DIR check another tree laid out the same way (fixtures)
 *
 * `checkBoundaries()` is the same check as a function (scripts/check.mjs, the unit test).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import config from './boundaries.config.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The folders whose imports are checked (their imports are followed wherever they lead). */
export const CHECKED_FOLDERS = ['server', 'web', 'contracts', 'routing'];
const MODULE_FILE = /^server\/modules\/([^/]+)\//;
const TEST_FILE = /\.(test|factories)\.tsx?$/;
const CYCLE_RULE = {
  name: 'no-module-cycle',
  comment: '(f) no import cycle between modules of server/modules (test files and factories excluded)',
};

/**
 * @typedef {{ rule: string, comment: string, from: string, to: string, via?: string[] }} Violation
 * @typedef {{ violations: Violation[], filesChecked: number, ms: number }} BoundaryResult
 */

/**
 * Cruises `root` (default: the repository) and returns every violation, sorted by rule and file.
 * @param {{ root?: string }} [options]
 * @returns {Promise<BoundaryResult>}
 */
export async function checkBoundaries({ root = repoRoot } = {}) {
  const started = performance.now();
  const baseDir = path.resolve(root);
  const folders = CHECKED_FOLDERS.filter((folder) => fs.existsSync(path.join(baseDir, folder)));
  const { output } = await cruise(
    folders,
    { ...config.options, baseDir, ruleSet: { forbidden: config.forbidden }, validate: true, outputType: 'json' },
    config.options.enhancedResolveOptions,
  );
  const result = typeof output === 'string' ? JSON.parse(output) : output;
  const comments = new Map(config.forbidden.map((rule) => [rule.name, rule.comment ?? '']));
  /** @type {Violation[]} */
  const violations = result.summary.violations.map((violation) => ({
    rule: violation.rule.name,
    comment: comments.get(violation.rule.name) ?? '',
    from: violation.from,
    to: violation.to,
  }));
  violations.push(...moduleCycles(result.modules));
  violations.sort((a, b) => a.rule.localeCompare(b.rule) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { violations, filesChecked: result.summary.totalCruised, ms: Math.round(performance.now() - started) };
}

/**
 * Module graph of server/modules (non-test files only), its strongly connected components, and
 * per component of two or more modules one violation naming the modules and the file → file
 * imports between them (the edges one of which must go).
 * @param {Array<{ source: string, dependencies: Array<{ resolved: string }> }>} modules
 * @returns {Violation[]}
 */
function moduleCycles(modules) {
  /** @type {Map<string, Map<string, string[]>>} module → module → ["file → file", …] */
  const edges = new Map();
  for (const file of modules) {
    const from = MODULE_FILE.exec(file.source)?.[1];
    if (!from || TEST_FILE.test(file.source)) continue;
    for (const dependency of file.dependencies) {
      const to = MODULE_FILE.exec(dependency.resolved)?.[1];
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const targets = edges.get(from);
      if (!targets.has(to)) targets.set(to, []);
      targets.get(to).push(`${file.source} → ${dependency.resolved}`);
    }
  }
  return stronglyConnected(edges)
    .filter((component) => component.length > 1)
    .map((component) => {
      const members = new Set(component);
      const via = [];
      for (const from of component) {
        for (const [to, imports] of edges.get(from) ?? []) {
          if (members.has(to)) via.push(...imports.sort());
        }
      }
      const names = component.map((name) => `server/modules/${name}`);
      return { rule: CYCLE_RULE.name, comment: CYCLE_RULE.comment, from: names.join(' ⇄ '), to: names[0], via };
    });
}

/**
 * Tarjan's strongly connected components, each sorted by name.
 * @param {Map<string, Map<string, string[]>>} edges
 * @returns {string[][]}
 */
function stronglyConnected(edges) {
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((targets) => [...targets.keys()])]);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let counter = 0;
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component.sort());
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return components;
}

/**
 * The report: one block per rule broken, one line per import (file → file).
 * @param {BoundaryResult} result
 * @returns {string}
 */
export function formatBoundaries({ violations, filesChecked, ms }) {
  const lines = [];
  /** @type {Map<string, Violation[]>} */
  const byRule = new Map();
  for (const violation of violations) byRule.set(violation.rule, [...(byRule.get(violation.rule) ?? []), violation]);
  for (const [rule, list] of byRule) {
    lines.push(`✗ ${rule}: ${list[0].comment}`);
    for (const violation of list) {
      if (violation.via) {
        lines.push(`    cycle ${violation.from}, through:`);
        for (const edge of violation.via) lines.push(`      ${edge}`);
      } else {
        lines.push(`    ${violation.from} → ${violation.to}`);
      }
    }
  }
  const rules = byRule.size;
  lines.push(
    violations.length === 0
      ? `boundaries: ok (${filesChecked} files, ${ms} ms)`
      : `boundaries: ${violations.length} violation(s) of ${rules} rule(s) (${filesChecked} files, ${ms} ms)`,
  );
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rootFlag = process.argv.indexOf('--root');
  const root = rootFlag > 0 ? process.argv[rootFlag + 1] : repoRoot;
  const result = await checkBoundaries({ root });
  console.log(formatBoundaries(result));
  if (result.violations.length > 0) process.exitCode = 1;
}
