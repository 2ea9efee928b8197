import { defineConfig } from 'vitest/config';

/**
 * Browser tests (scripts/e2e.mjs): e2e/**\/*.e2e.ts, two files at a time (each its own server, database copy and
 * chromium; a browser test waits on the page most of the time), long timeouts.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    // QIANGJIAN_E2E_WORKERS: files at a time (scripts/test-all.mjs runs more when the browser tests run alone)
    maxWorkers: Number(process.env.QIANGJIAN_E2E_WORKERS || 2),
    fileParallelism: true,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    env: { TZ: 'UTC' },
  },
});
