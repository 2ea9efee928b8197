import { defineConfig } from 'vitest/config';

/** Browser tests (scripts/e2e.mjs): e2e/**\/*.e2e.ts, one worker, long timeouts. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    env: { TZ: 'UTC' },
  },
});
