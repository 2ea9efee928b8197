import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every Markdown document a source file names (`docs/domain/forms.md §4`, `README.md in this folder`,
 * `docs/STATUS.md`) exists in the repository, so a citation never points outside it again
 * (docs/domain/README.md). A bare name resolves beside the citing file, at the repository root or in docs/;
 * a path resolves from the repository root or from the citing file's folder.
 */

const root = path.resolve(import.meta.dirname, '../../../..');
const SCANNED = [
  'packages/server/src',
  'packages/server/test',
  'packages/server/bench',
  'packages/shared/src',
  'packages/web/src',
  'scripts',
  'e2e',
];
const SOURCE = /\.(ts|tsx|mjs)$/;
/** Code, not a citation: Ant Design's Grid breakpoint flag `screens.md`. */
const NOT_DOCS = new Set(['screens.md']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (SOURCE.test(e.name)) out.push(p);
  }
  return out;
}

/** `[\w./-]+\.md` tokens of one line (a bounded character class: nothing backtracks across the line). */
export function citedDocs(line: string): string[] {
  return [...line.matchAll(/[\w./-]*[\w-]\.md\b/g)].map((m) => m[0].replace(/^\.\//, ''));
}

function resolves(file: string, doc: string): boolean {
  const dir = path.dirname(file);
  const candidates = doc.includes('/')
    ? [path.join(root, doc), path.join(dir, doc)]
    : [path.join(dir, doc), path.join(root, doc), path.join(root, 'docs', doc)];
  return candidates.some((c) => fs.existsSync(c));
}

describe('document citations in source comments', () => {
  it('reads the tokens a comment cites', () => {
    expect(citedDocs(' * (docs/domain/forms.md §4, docs/domain/regulations.md principle 1; see ./README.md)')).toEqual([
      'docs/domain/forms.md',
      'docs/domain/regulations.md',
      'README.md',
    ]);
    expect(citedDocs('const x = 1;')).toEqual([]);
  });

  it('every cited document is in the repository', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const dir of SCANNED) {
      const abs = path.join(root, dir);
      if (!fs.existsSync(abs)) continue;
      for (const file of sourceFiles(abs)) {
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        lines.forEach((line, i) => {
          for (const doc of citedDocs(line)) {
            if (NOT_DOCS.has(doc)) continue;
            cited++;
            if (!resolves(file, doc)) missing.push(`${path.relative(root, file)}:${i + 1}: ${doc}`);
          }
        });
      }
    }
    expect(cited).toBeGreaterThan(50);
    expect(
      missing,
      `documents cited but not in the repository (copy them into docs/domain/ or fix the path):\n${missing.join('\n')}`,
    ).toEqual([]);
  });
});
