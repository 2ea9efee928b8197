import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  allowListOf,
  allowListProblems,
  findForeignRepositoryImports,
  findQueries,
  HOW_TO_FIX,
  type Offence,
  scanFile,
  scanTree,
  stripSource,
} from './sql-scan.js';

/**
 * SQL lives in repositories (docs/ARCHITECTURE.md "Layers", CODE_STYLE.md): query-builder calls
 * (.selectFrom( .insertInto( .updateTable( .deleteFrom( .replaceInto( .mergeInto(), sql`…`.execute(, and
 * raw driver .prepare( / .exec( are written only in *.repository.ts, *.queries.ts (named fragments shared
 * by several repositories), src/db/migrations/, src/db/database.ts and src/auth/scope.ts; and no file
 * imports another module's *.repository.ts (a module is a folder under src/modules/). Files that broke the
 * rule when it was introduced are listed in sql-placement.allow.json with their number of offences; the
 * list may only shrink.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const serverRoot = path.resolve(here, '../..');
const ALLOW_FILE = 'packages/server/test/architecture/sql-placement.allow.json';
const allowPath = path.join(here, 'sql-placement.allow.json');

describe('SQL placement', () => {
  it('no SQL outside repositories, and no imports of another module’s repository, beyond the allow-list', () => {
    const allow = JSON.parse(fs.readFileSync(allowPath, 'utf8')) as Record<string, number>;
    const problems = allowListProblems(scanTree(serverRoot), allow, ALLOW_FILE);
    expect(problems, `${problems.join('\n\n')}\n\n${HOW_TO_FIX}`).toEqual([]);
  });

  it('the allow-list is sorted and has no zero entries', () => {
    const allow = JSON.parse(fs.readFileSync(allowPath, 'utf8')) as Record<string, number>;
    const keys = Object.keys(allow);
    expect(keys, `sort the keys of ${ALLOW_FILE}`).toEqual([...keys].sort());
    expect(Object.entries(allow).filter(([, n]) => !(Number.isInteger(n) && n > 0))).toEqual([]);
  });
});

describe('the SQL placement scanner', () => {
  it('blanks comments, strings and template text, keeping lengths, newlines and template expressions', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    const src = "a('x.selectFrom(') // .insertInto(\n/* .deleteFrom( */ b`t ${c.d('e')} u` / 2";
    const { code } = stripSource(src);
    expect(code.length).toBe(src.length);
    expect(code).not.toMatch(/selectFrom|insertInto|deleteFrom/);
    expect(code.split('\n').length).toBe(2);
    expect(code).toContain('${c.d(');
  });

  it('finds a misplaced query and names its line', () => {
    const src = ['export async function f(db) {', '  return db', "    .selectFrom('instruments')", '    .execute();', '}'].join('\n');
    expect(findQueries(src)).toEqual([{ line: 3, kind: 'query', what: '.selectFrom(' }]);
    expect(scanFile('src/modules/ledger/instruments.service.ts', src)).toHaveLength(1);
  });

  it('finds every kind of statement', () => {
    const src = [
      "await trx.insertInto('a').values(v).execute();",
      "await trx.updateTable('a').set(v).execute();",
      "await trx.deleteFrom('a').execute();",
      "await trx.replaceInto('a').values(v).execute();",
      "await trx.mergeInto('a').using('b', 'b.id', 'a.id').execute();",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
      "await sql`select 1 from ${sql.table('a')}`.execute(db);",
      'await sql<{ n: number }>`select 1`.execute(db);',
      "await sql.raw('vacuum').execute(db);",
      "raw.prepare('select 1').all();",
      "raw.exec('pragma optimize');",
      'raw.exec(ix.sql);',
    ].join('\n');
    expect(findQueries(src).map((o) => o.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('leaves a repository, the scope filters, migrations and named fragments alone', () => {
    const src = "export const f = (db) => db.selectFrom('instruments').selectAll().execute();";
    for (const rel of [
      'src/modules/ledger/instruments.repository.ts',
      'src/modules/verification/applications/applications.queries.ts',
      'src/db/migrations/20260101T0000_x.ts',
      'src/db/database.ts',
      'src/auth/scope.ts',
    ]) {
      expect(scanFile(rel, src), rel).toEqual([]);
    }
  });

  it('ignores query names in comments, strings, regular expressions and sql fragments that do not run', () => {
    const src = [
      '// call .selectFrom( in the repository',
      '/** use db.insertInto(…) there */',
      "const hint = 'db.updateTable(x)';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
      'const tpl = `.deleteFrom(${name})`;',
      "const re = /\\.selectFrom\\(/; const m = re.exec(text); const n = /'`/.exec(s);",
      "const expr = sql<number>`count(*)`.as('n');",
      'const y = a / b; const q = x.selectFrom /* not a call */;',
    ].join('\n');
    expect(findQueries(src)).toEqual([]);
  });

  it('finds an import of another module’s repository, not of its own', () => {
    const src = [
      "import * as orgRepo from '../orgs/orgs.repository.js';",
      "import { nozzlesOf } from './applications/applications.repository.js';",
      'import {',
      '  a,',
      "} from '../../modules/status/status.repository.js';",
      "import type { X } from '../ledger/instruments.service.js';",
    ].join('\n');
    expect(findForeignRepositoryImports('src/modules/verification/demo.ts', src)).toEqual([
      { line: 1, kind: 'import', what: 'src/modules/orgs/orgs.repository.ts' },
      { line: 5, kind: 'import', what: 'src/modules/status/status.repository.ts' },
    ]);
    expect(findForeignRepositoryImports('src/cli/commands.ts', "import * as r from '../modules/orgs/orgs.repository.js';")).toHaveLength(1);
    expect(findForeignRepositoryImports('src/modules/orgs/sites.service.ts', "import * as r from './orgs.repository.js';")).toEqual([]);
  });

  it('the allow-list check fails on a new offence, an unlisted file and a list that is no longer tight', () => {
    const q = (line: number): Offence => ({ line, kind: 'query', what: '.selectFrom(' });
    const found = new Map<string, Offence[]>([
      ['src/grew.ts', [q(3), q(9)]],
      ['src/new.ts', [q(5)]],
      ['src/shrank.ts', [q(1)]],
      ['src/same.ts', [q(2)]],
    ]);
    const problems = allowListProblems(found, { 'src/grew.ts': 1, 'src/shrank.ts': 2, 'src/same.ts': 1, 'src/gone.ts': 4 }, 'allow.json');
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^src\/grew\.ts: 2 offences, the allow-list allows 1[\s\S]*line 3: \.selectFrom\([\s\S]*line 9/);
    expect(problems[1]).toMatch(/^src\/new\.ts: 1 offence\(s\) in a file that is not on the allow-list[\s\S]*line 5/);
    expect(problems[2]).toContain('Tighten allow.json: write\n    "src/shrank.ts": 1,');
    expect(problems[3]).toMatch(/^src\/gone\.ts: no offences left.*Delete its line from allow\.json/);
    expect(allowListProblems(found, { 'src/grew.ts': 2, 'src/new.ts': 1, 'src/shrank.ts': 1, 'src/same.ts': 1 }, 'allow.json')).toEqual([]);
  });

  it('the allow-list generator counts offences per file', () => {
    const m = new Map<string, Offence[]>([
      ['src/b.ts', [{ line: 1, kind: 'query', what: '.selectFrom(' }]],
      [
        'src/a.ts',
        [
          { line: 1, kind: 'query', what: '.selectFrom(' },
          { line: 2, kind: 'import', what: 'src/modules/x/x.repository.ts' },
        ],
      ],
    ]);
    expect(JSON.stringify(allowListOf(m))).toBe('{"src/a.ts":2,"src/b.ts":1}');
  });
});
