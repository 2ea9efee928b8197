#!/usr/bin/env node
// `npm test`: the whole suite — unit + integration on SQLite, the same on PostgreSQL when
// QIANGJIAN_TEST_PG_URL is set, then the browser tests (reported as not run without /usr/bin/chromium).
import { spawnSync } from 'node:child_process';

function step(title, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${title} ===\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(`\n✗ ${title} failed\n`);
    process.exit(r.status ?? 1);
  }
}

const pg = process.env.QIANGJIAN_TEST_PG_URL;
step('unit + integration tests on SQLite', 'npx', ['vitest', 'run'], { QIANGJIAN_TEST_PG_URL: '' });
if (pg) step('unit + integration tests on PostgreSQL', 'npx', ['vitest', 'run', 'packages/server'], { QIANGJIAN_TEST_PG_URL: pg });
else
  process.stdout.write('\n(PostgreSQL suite not run: set QIANGJIAN_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres to run it)\n');
step('browser tests', 'node', ['scripts/e2e.mjs']);
process.stdout.write('\n✓ all tests passed\n');
