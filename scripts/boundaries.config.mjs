/**
 * The module cut, as dependency-cruiser rules (docs/CODE_STYLE.md, "Boundaries").
 *
 * Paths are relative to the repository root (or to a fixture root in the tests). Every rule is
 * an error; there is no allowlist. `$1` in a `to` path is the module name captured by `from`,
 * so one rule covers every module. The cycle rule between modules (a module graph, not a file
 * graph) is computed by scripts/boundaries.mjs from the same cruise.
 *
 * Also usable from the command line, e.g. for a graph:
 *   npx depcruise --config scripts/boundaries.config.mjs server web contracts routing
 */

/** A module's own folder: `server/modules/<m>/`; group 1 is the module's name. */
const MODULE = '^server/modules/([^/]+)/';
/** Any file in any module. */
const ANY_MODULE = '^server/modules/[^/]+/';
/** The one file of a module that other code may import. */
const MODULE_INDEX = '^server/modules/[^/]+/index\\.ts$';
/** Test files and test factories (they may also read server/db/schema.ts). */
const TEST_FILE = '\\.(test|factories)\\.tsx?$';
const TABLES_FILE = '\\.tables\\.ts$';
/** Server code outside server/modules that uses modules: only through their index.ts. */
const MODULE_CLIENTS = '^server/(jobs|demo|workflows)/|^server/(main|app|wiring)\\.ts$';
/** The reports module (not built yet) reads other modules' tables, read-only by convention. */
const REPORTS = '^server/modules/reports/';

/** @type {import('dependency-cruiser').IConfiguration} */
const config = {
  forbidden: [
    {
      name: 'module-internals',
      severity: 'error',
      comment:
        "(a) a module imports another module only through its index.ts (server/modules/<m>/index.ts), never that module's other files",
      from: { path: MODULE, pathNot: [TABLES_FILE, REPORTS] },
      to: { path: ANY_MODULE, pathNot: ['^server/modules/$1/', MODULE_INDEX] },
    },
    {
      name: 'tables-only-to-tables',
      severity: 'error',
      comment:
        "(a) a *.tables.ts may import another module's *.tables.ts (a foreign key) or its index.ts, nothing else of it",
      from: { path: `${MODULE}.*${TABLES_FILE}`, pathNot: REPORTS },
      to: { path: ANY_MODULE, pathNot: ['^server/modules/$1/', MODULE_INDEX, TABLES_FILE] },
    },
    {
      name: 'reports-reads-tables-only',
      severity: 'error',
      comment:
        "(g) the one exception: server/modules/reports may import other modules' *.tables.ts (read-only) besides their index.ts",
      from: { path: REPORTS },
      to: { path: ANY_MODULE, pathNot: [REPORTS, MODULE_INDEX, TABLES_FILE] },
    },
    {
      name: 'schema-only-in-tests',
      severity: 'error',
      comment:
        '(a, b) server/db/schema.ts (all tables) is for test files and factories only, not for module, job, demo, workflow or app code',
      from: { path: [ANY_MODULE, MODULE_CLIENTS], pathNot: TEST_FILE },
      to: { path: '^server/db/schema\\.ts$' },
    },
    {
      name: 'modules-through-index',
      severity: 'error',
      comment:
        '(b) server/jobs, demo, workflows, main.ts, app.ts and wiring.ts use a module only through its index.ts',
      from: { path: MODULE_CLIENTS },
      to: { path: ANY_MODULE, pathNot: MODULE_INDEX },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment: '(c) web/ never imports server/ (shared types and schemas live in contracts/)',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
    {
      name: 'platform-not-features',
      severity: 'error',
      comment: '(d) server/platform is cross-cutting: it never imports server/modules, jobs, workflows or demo',
      from: { path: '^server/platform/' },
      to: { path: '^server/(modules|jobs|workflows|demo)/' },
    },
    {
      name: 'contracts-not-server',
      severity: 'error',
      comment: '(d) contracts/ is shared by server and web: it never imports server/',
      from: { path: '^contracts/' },
      to: { path: '^server/' },
    },
    {
      name: 'routing-self-contained',
      severity: 'error',
      comment: '(e) routing/ is a pure library: it imports only routing/, npm packages and Node built-ins',
      from: { path: '^routing/' },
      to: { pathNot: ['^routing/', '(^|/)node_modules/'], dependencyTypesNot: ['core'], couldNotResolve: false },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'an import the checker cannot resolve would hide a crossing: fix the path (or the checker)',
      from: { path: '^(server|web|contracts|routing)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: `import type` from server/ in web/ is still a crossing.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.mts', '.d.ts', '.js', '.mjs', '.jsx', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      exportsFields: ['exports'],
    },
  },
};

export default config;
