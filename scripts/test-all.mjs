#!/usr/bin/env node
// `npm test`: the whole suite — unit + integration on SQLite, the same on PostgreSQL when
// QIANGJIAN_TEST_PG_URL is set, and the browser tests (reported as not run without /usr/bin/chromium).
// The SQLite and PostgreSQL suites run side by side (each one's output printed whole when both are done), then the
// browser tests alone, four files at a time. QIANGJIAN_TEST_SERIAL=1 runs the suites one after the other, streamed.
import { spawn, spawnSync } from 'node:child_process';

function step(title, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${title} ===\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(`\n✗ ${title} failed\n`);
    process.exit(r.status ?? 1);
  }
}

/** Runs a step with its output collected; resolves to { title, status, output }. */
function collected(title, cmd, args, env = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (status) => resolve({ title, status, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

const pg = process.env.QIANGJIAN_TEST_PG_URL;
/** the browser tests mostly wait on their pages: alone on the machine they run more files at a time */
const E2E_ALONE = { QIANGJIAN_E2E_WORKERS: process.env.QIANGJIAN_E2E_WORKERS || '4' };
if (!pg) {
  step('unit + integration tests on SQLite', 'npx', ['vitest', 'run'], { QIANGJIAN_TEST_PG_URL: '' });
  process.stdout.write('\n(PostgreSQL suite not run: set QIANGJIAN_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres to run it)\n');
  step('browser tests', 'node', ['scripts/e2e.mjs'], E2E_ALONE);
} else if (process.env.QIANGJIAN_TEST_SERIAL === '1') {
  step('unit + integration tests on SQLite', 'npx', ['vitest', 'run'], { QIANGJIAN_TEST_PG_URL: '' });
  step('unit + integration tests on PostgreSQL', 'npx', ['vitest', 'run', 'packages/server'], { QIANGJIAN_TEST_PG_URL: pg });
  step('browser tests', 'node', ['scripts/e2e.mjs'], E2E_ALONE);
} else {
  // the two database suites keep both cores busy side by side; the browser tests then run alone (beside a database
  // suite they waited on the CPU three times as long)
  process.stdout.write('\n=== unit + integration tests on SQLite and on PostgreSQL, side by side ===\n');
  const results = await Promise.all([
    collected('unit + integration tests on SQLite', 'npx', ['vitest', 'run'], { QIANGJIAN_TEST_PG_URL: '' }),
    collected('unit + integration tests on PostgreSQL', 'npx', ['vitest', 'run', 'packages/server'], { QIANGJIAN_TEST_PG_URL: pg }),
  ]);
  for (const r of results) process.stdout.write(`\n=== ${r.title} ===\n${r.output}`);
  const failed = results.filter((r) => r.status !== 0);
  if (failed.length) {
    for (const r of failed) process.stdout.write(`\n✗ ${r.title} failed\n`);
    process.exit(1);
  }
  step('browser tests', 'node', ['scripts/e2e.mjs'], E2E_ALONE);
}
process.stdout.write('\n✓ all tests passed\n');
