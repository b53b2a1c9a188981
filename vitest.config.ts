import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure libraries), `server` (API and database, on PGlite or on the
 * PostgreSQL server named by TEST_DATABASE_URL when AFTERSALES_TEST_DB=postgres), `web`
 * (components in happy-dom). The browser tests live in e2e/ with their own config.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['contracts/**/*.test.ts', 'routing/**/*.test.ts', 'scripts/**/*.test.ts'],
          // the boundary fixtures hold *.test.ts files that are import graphs, not tests
          exclude: [...configDefaults.exclude, 'scripts/fixtures/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts'],
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'web',
          environment: 'happy-dom',
          include: ['web/src/**/*.test.{ts,tsx}'],
          setupFiles: ['web/src/test-setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
