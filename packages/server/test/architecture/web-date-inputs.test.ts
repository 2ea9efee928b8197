import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';

/**
 * One date picker everywhere (issue 15, docs/WEB.md): the web UI uses antd's DatePicker (zh-CN through the
 * ConfigProvider, `lib/date-field.ts` for form fields), never the browser's native date or time inputs, whose look and
 * order (mm/dd/yyyy) follow the browser's language instead of the page's.
 */
const NATIVE = /type=["'](date|datetime-local|month|week|time)["']/;

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(p);
    return /\.(tsx|ts)$/.test(e.name) ? [p] : [];
  });
}

describe('web: no native date inputs', () => {
  it('no page or component renders <input type="date|datetime-local|month|week|time">', () => {
    const offenders = tsxFiles(path.join(REPO_ROOT, 'packages/web/src')).flatMap((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (NATIVE.test(line) ? [`${path.relative(REPO_ROOT, f)}:${i + 1}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
