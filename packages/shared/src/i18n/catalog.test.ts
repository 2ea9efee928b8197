import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ORG_KINDS, ROLES } from '../enums.js';
import { ERROR_CODES } from '../errors.js';
import { hasKey, t, zhCN } from './index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('zh-CN catalog', () => {
  it('has a Chinese message for every error code', () => {
    const missing = ERROR_CODES.filter((c) => !hasKey(`errors.${c}`));
    expect(missing).toEqual([]);
  });
  it('labels every role and organization kind', () => {
    for (const r of ROLES) expect(hasKey(`enum.role.${r}`), r).toBe(true);
    for (const k of ORG_KINDS) expect(hasKey(`enum.orgKind.${k}`), k).toBe(true);
  });
  it('fills placeholders', () => {
    expect(t('errors.unknown_region', { code: '999999' })).toBe('未知的行政区划代码：999999');
  });
  it('keys are namespaced and values are non-empty', () => {
    for (const [k, v] of Object.entries(zhCN)) {
      expect(k, k).toMatch(/^[a-zA-Z0-9_]+(\.[a-zA-Z0-9_-]+)+$/);
      expect(v.length, k).toBeGreaterThan(0);
    }
  });
});

/** Chinese text a user reads must come from the catalog; domain data lives in data files (CODE_STYLE.md). */
describe('no CJK string literals outside the catalog and data files', () => {
  const CJK = /[\u4e00-\u9fff]/;
  const allowed = (rel: string) =>
    rel.includes('/i18n/') || rel.includes('/data/') || /\.(test|spec|e2e)\.tsx?$/.test(rel) || rel.endsWith('.d.ts');
  function walk(dir: string, out: string[]) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, out);
      else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
    }
    return out;
  }
  it('finds none in packages/*/src', () => {
    const offenders: string[] = [];
    for (const pkg of ['shared', 'server', 'web']) {
      const src = path.join(root, 'packages', pkg, 'src');
      if (!fs.existsSync(src)) continue;
      for (const f of walk(src, [])) {
        const rel = path.relative(root, f);
        if (allowed(rel)) continue;
        const lines = fs.readFileSync(f, 'utf8').split('\n');
        lines.forEach((line, i) => {
          const code = line
            .replace(/\/\/.*$/, '')
            .replace(/^\s*\*.*$/, '')
            .replace(/\/\*.*?\*\//g, '');
          if (CJK.test(code)) offenders.push(`${rel}:${i + 1}: ${line.trim().slice(0, 80)}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});
