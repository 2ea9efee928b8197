#!/usr/bin/env node
// Builds packages/web when dist is missing or older than any web/shared source file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'packages/web/dist/index.html');

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export function ensureWebBuild() {
  const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
  const src = Math.max(newest(path.join(root, 'packages/web')), newest(path.join(root, 'packages/shared/src')));
  if (built >= src) return;
  process.stdout.write('building the web UI (packages/web) …\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@qiangjian/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) ensureWebBuild();
