import { defineConfig } from 'vitest/config';

/** Browser end-to-end tests: each file starts the real server and drives Chromium (playwright-core). */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
