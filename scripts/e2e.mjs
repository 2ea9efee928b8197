#!/usr/bin/env node
// Browser tests: uses the system Chromium (never downloads one), builds the web UI when stale,
// then runs vitest with vitest.e2e.config.ts. Extra arguments go to vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';

if (!fs.existsSync(CHROMIUM)) {
  console.log('browser tests not run: /usr/bin/chromium missing; install with: apt-get install -y chromium fonts-noto-cjk');
  process.exit(process.env.QIANGJIAN_E2E_REQUIRED === '1' ? 1 : 0);
}

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) {
    if (e === 'node_modules' || e === 'dist') continue;
    max = Math.max(max, newestMtime(path.join(p, e)));
  }
  return max;
}

const web = path.join(root, 'packages', 'web');
const distIndex = path.join(web, 'dist', 'index.html');
const sources = [
  path.join(web, 'src'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  path.join(web, 'package.json'),
  path.join(root, 'packages', 'shared', 'src'),
];
const built = fs.existsSync(distIndex) ? fs.statSync(distIndex).mtimeMs : 0;
const newest = Math.max(...sources.map(newestMtime));
if (built < newest) {
  console.log(built ? 'web UI sources changed: rebuilding packages/web' : 'building packages/web');
  const b = spawnSync('npm', ['run', 'build', '-w', '@qiangjian/web'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

// one demo county per run and scale, seeded once and copied for each test file (e2e/helpers.ts startServer)
const templates = fs.mkdtempSync(path.join(os.tmpdir(), 'qj-e2e-templates-'));
const r = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC', QIANGJIAN_E2E_TEMPLATES: templates },
});
fs.rmSync(templates, { recursive: true, force: true });
process.exit(r.status ?? 1);
