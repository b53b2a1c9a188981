import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBoundaries, formatBoundaries, type BoundaryResult } from './boundaries.mjs';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'boundaries');
const pairs = (result: BoundaryResult, rule: string) =>
  result.violations.filter((violation) => violation.rule === rule).map(({ from, to }) => `${from} → ${to}`);

describe('the import-boundary check', () => {
  it('passes a tree that uses every allowed crossing (index.ts, tables → tables, tests → schema, reports → tables)', async () => {
    const result = await checkBoundaries({ root: path.join(fixtures, 'clean') });
    expect(result.violations).toEqual([]);
    expect(result.filesChecked).toBeGreaterThan(15);
    expect(formatBoundaries(result)).toMatch(/^boundaries: ok/);
  });

  describe('on a tree with deliberate bad imports', async () => {
    const result = await checkBoundaries({ root: path.join(fixtures, 'bad') });

    it("(a) reports a module (its tests too) importing another module's files other than index.ts", () => {
      expect(pairs(result, 'module-internals')).toEqual([
        'server/modules/a/a.service.ts → server/modules/b/b.service.ts',
        'server/modules/a/a.test.ts → server/modules/b/b.repository.ts',
      ]);
    });

    it("(a) reports a *.tables.ts importing another module's file that is not a *.tables.ts", () => {
      expect(pairs(result, 'tables-only-to-tables')).toEqual(['server/modules/a/a.tables.ts → server/modules/b/b.repository.ts']);
    });

    it('(a, b) reports module and workflow code (not tests) importing server/db/schema.ts', () => {
      expect(pairs(result, 'schema-only-in-tests')).toEqual([
        'server/modules/a/a.service.ts → server/db/schema.ts',
        'server/workflows/flow.ts → server/db/schema.ts',
      ]);
    });

    it('(b) reports jobs, workflows and main.ts importing a module other than through its index.ts', () => {
      expect(pairs(result, 'modules-through-index')).toEqual([
        'server/jobs/job.ts → server/modules/b/b.service.ts',
        'server/main.ts → server/modules/b/b.repository.ts',
        'server/workflows/flow.ts → server/modules/b/b.tables.ts',
      ]);
    });

    it('(c) reports web/ importing server/, also with a type-only import', () => {
      expect(pairs(result, 'web-not-server')).toEqual(['web/src/page.ts → server/modules/b/index.ts']);
    });

    it('(d) reports server/platform importing a module and contracts/ importing server/', () => {
      expect(pairs(result, 'platform-not-features')).toEqual(['server/platform/p.ts → server/modules/a/index.ts']);
      expect(pairs(result, 'contracts-not-server')).toEqual(['contracts/c.ts → server/platform/p.ts']);
    });

    it('(e) reports routing/ importing outside routing/ (npm packages and node: built-ins are fine)', () => {
      expect(pairs(result, 'routing-self-contained')).toEqual(['routing/solve.ts → contracts/c.ts']);
    });

    it('(f) reports an import cycle between two modules, even through their index.ts files', () => {
      const cycles = result.violations.filter((violation) => violation.rule === 'no-module-cycle');
      expect(cycles).toHaveLength(1);
      expect(cycles[0].from).toBe('server/modules/c ⇄ server/modules/d');
      expect(cycles[0].via).toEqual([
        'server/modules/c/index.ts → server/modules/d/index.ts',
        'server/modules/d/d.service.ts → server/modules/c/index.ts',
      ]);
    });

    it("(g) lets server/modules/reports read other modules' tables but not their services", () => {
      expect(pairs(result, 'reports-reads-tables-only')).toEqual(['server/modules/reports/reports.service.ts → server/modules/b/b.service.ts']);
      expect(result.violations.some((violation) => violation.to === 'server/modules/b/b.tables.ts' && violation.from.includes('/reports/'))).toBe(false);
    });

    it('reports an import it cannot resolve, so a typo cannot hide a crossing', () => {
      expect(pairs(result, 'not-to-unresolvable')).toEqual(['routing/solve.ts → ./missing']);
    });

    it('names every violation file → file with its rule, and nothing else', () => {
      const report = formatBoundaries(result);
      expect(report).toContain('✗ module-internals: (a)');
      expect(report).toContain('    server/jobs/job.ts → server/modules/b/b.service.ts');
      expect(report).toMatch(/boundaries: 15 violation\(s\) of 11 rule\(s\)/);
      expect(result.violations).toHaveLength(15);
    });
  });
});
