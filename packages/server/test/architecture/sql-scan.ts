import fs from 'node:fs';
import path from 'node:path';

/**
 * The scanner behind sql-placement.test.ts (docs/ARCHITECTURE.md "Layers": repositories hold every SQL
 * statement). Pure: it reads TypeScript source as text, blanks comments, string and template text with a
 * single forward pass (no regular expression runs over comments or strings, so nothing backtracks on them),
 * then looks for query calls and for imports of another module's repository in what is left.
 */

export type OffenceKind = 'query' | 'import';
export interface Offence {
  line: number;
  kind: OffenceKind;
  /** What was found: `.selectFrom(`, sql`…`.execute(, or the imported path. */
  what: string;
}

/** The source with comments, string contents and template text replaced by spaces (newlines kept, same length). */
export interface Stripped {
  code: string;
  /** Template literals: index of the opening and of the closing backtick. */
  templates: { open: number; close: number }[];
  /** String literals (quotes included): index of the opening quote and of the closing one. */
  strings: { open: number; close: number }[];
}

const IDENT = /[\w$]/;
/** Words after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
]);

type Frame = { kind: 'tpl'; open: number } | { kind: 'expr'; depth: number };

export function stripSource(src: string): Stripped {
  const n = src.length;
  const out: string[] = new Array(n);
  const templates: Stripped['templates'] = [];
  const strings: Stripped['strings'] = [];
  const stack: Frame[] = [];
  const blank = (k: number) => {
    out[k] = src[k] === '\n' ? '\n' : ' ';
  };
  /** The last significant character written as code, for the regex-or-division decision. */
  let last = '';
  const wordBefore = (k: number) => {
    let j = k - 1;
    while (j >= 0 && /\s/.test(out[j] as string)) j--;
    const end = j + 1;
    while (j >= 0 && IDENT.test(out[j] as string)) j--;
    return out.slice(j + 1, end).join('');
  };
  let i = 0;
  while (i < n) {
    const top = stack[stack.length - 1];
    const c = src[i] as string;
    if (top?.kind === 'tpl') {
      if (c === '\\') {
        blank(i++);
        if (i < n) blank(i++);
      } else if (c === '`') {
        out[i] = '`';
        templates.push({ open: top.open, close: i });
        stack.pop();
        last = '`';
        i++;
      } else if (c === '$' && src[i + 1] === '{') {
        out[i] = '$';
        out[i + 1] = '{';
        stack.push({ kind: 'expr', depth: 0 });
        last = '{';
        i += 2;
      } else blank(i++);
      continue;
    }
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && src[i] !== '\n') blank(i++);
      continue;
    }
    if (c === '/' && next === '*') {
      blank(i++);
      blank(i++);
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) blank(i++);
      if (i < n) {
        blank(i++);
        blank(i++);
      }
      continue;
    }
    if (c === "'" || c === '"') {
      const open = i;
      out[i++] = c;
      while (i < n && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') blank(i++);
        if (i < n) blank(i++);
      }
      if (i < n && src[i] === c) {
        strings.push({ open, close: i });
        out[i++] = c;
      }
      last = c;
      continue;
    }
    if (c === '`') {
      stack.push({ kind: 'tpl', open: i });
      out[i++] = '`';
      continue;
    }
    if (c === '/' && (last === '' || !/[\w$)\]}'"`]/.test(last) || (IDENT.test(last) && REGEX_AFTER_WORD.has(wordBefore(i))))) {
      // a regular expression literal: its text is blanked like a string's
      out[i++] = '/';
      let inClass = false;
      while (i < n && src[i] !== '\n') {
        const d = src[i];
        if (d === '\\') {
          blank(i++);
          if (i < n && src[i] !== '\n') blank(i++);
          continue;
        }
        if (d === '/' && !inClass) break;
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        blank(i++);
      }
      if (i < n && src[i] === '/') out[i++] = '/';
      last = ')';
      continue;
    }
    if (top?.kind === 'expr') {
      if (c === '{') top.depth++;
      else if (c === '}') {
        if (top.depth === 0) {
          stack.pop();
          out[i++] = '}';
          continue;
        }
        top.depth--;
      }
    }
    out[i++] = c;
    if (!/\s/.test(c)) last = c;
  }
  return { code: out.join(''), templates, strings };
}

const QUERY_CALL = /\.\s*(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\s*\(/g;
/** better-sqlite3 / pg raw statements: `.prepare(` always; `.exec(` only with SQL text (a literal or a `…sql` value), not RegExp#exec. */
const PREPARE = /\.\s*prepare\s*\(/g;
const EXEC = /\.\s*exec\s*\(\s*(?:['"`]|[\w$.]*(?:sql|Sql|SQL)\b)/g;
const SQL_RAW = /(?<![\w$.])sql\s*\.\s*raw\s*\(/g;
const EXECUTE_AFTER = /\s*\.\s*execute\w*\s*\(/y;
const IMPORT_FROM = /(?<![\w$.])(?:from|import)\s*\(?\s*(['"])/g;

function lineAt(code: string, index: number): number {
  let line = 1;
  for (let k = index - 1; k >= 0; k--) if (code.charCodeAt(k) === 10) line++;
  return line;
}

/** Index just past the `)` matching the `(` at `open` (strings and comments are already blanked). */
function closeParen(code: string, open: number): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    const ch = code[k];
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return k + 1;
  }
  return code.length;
}

function executesAt(code: string, index: number): boolean {
  EXECUTE_AFTER.lastIndex = index;
  return EXECUTE_AFTER.test(code);
}

/** The identifier tagging a template literal (`sql` in sql`…` and sql<T>`…`), or ''. */
function tagOf(code: string, open: number): string {
  let j = open - 1;
  while (j >= 0 && /\s/.test(code[j] as string)) j--;
  if (code[j] === '>') {
    let depth = 0;
    for (; j >= 0; j--) {
      if (code[j] === '>') depth++;
      else if (code[j] === '<' && --depth === 0) break;
    }
    j--;
    while (j >= 0 && /\s/.test(code[j] as string)) j--;
  }
  const end = j + 1;
  while (j >= 0 && IDENT.test(code[j] as string)) j--;
  if (code[j] === '.') return '';
  return code.slice(j + 1, end);
}

/** Statements a file runs itself: query-builder calls, sql`…`/sql.raw(…) followed by .execute(, raw driver calls. */
export function findQueries(src: string): Offence[] {
  const { code, templates } = stripSource(src);
  const found: { index: number; what: string }[] = [];
  for (const re of [QUERY_CALL, PREPARE, EXEC]) {
    re.lastIndex = 0;
    for (let m = re.exec(code); m; m = re.exec(code)) {
      const name = /\w+/.exec(m[0].slice(1))?.[0] ?? '';
      found.push({ index: m.index, what: `.${name}(` });
    }
  }
  for (const t of templates) {
    if (tagOf(code, t.open) === 'sql' && executesAt(code, t.close + 1)) found.push({ index: t.open, what: 'sql`…`.execute(' });
  }
  SQL_RAW.lastIndex = 0;
  for (let m = SQL_RAW.exec(code); m; m = SQL_RAW.exec(code)) {
    if (executesAt(code, closeParen(code, m.index + m[0].length - 1))) found.push({ index: m.index, what: 'sql.raw(…).execute(' });
  }
  return found.sort((a, b) => a.index - b.index).map((f) => ({ line: lineAt(code, f.index), kind: 'query' as const, what: f.what }));
}

/** The module a file belongs to: the folder under src/modules/, or null outside modules. */
export function moduleOf(rel: string): string | null {
  const m = /^src\/modules\/([^/]+)\//.exec(rel);
  return m ? (m[1] as string) : null;
}

/** Imports of a repository of ANOTHER module (`rel` and the result are relative to packages/server, with `/`). */
export function findForeignRepositoryImports(rel: string, src: string): Offence[] {
  const { code } = stripSource(src);
  const own = moduleOf(rel);
  const out: Offence[] = [];
  IMPORT_FROM.lastIndex = 0;
  for (let m = IMPORT_FROM.exec(code); m; m = IMPORT_FROM.exec(code)) {
    const quote = m[1] as string;
    const start = m.index + m[0].length;
    const end = src.indexOf(quote, start);
    if (end < 0) continue;
    const spec = src.slice(start, end);
    if (!spec.startsWith('.')) continue;
    const target = path.posix.join(path.posix.dirname(rel), spec).replace(/\.js$/, '.ts');
    const theirs = moduleOf(target);
    if (theirs !== null && theirs !== own && target.endsWith('.repository.ts')) {
      out.push({ line: lineAt(code, m.index), kind: 'import', what: target });
    }
  }
  return out;
}

/** Where SQL may be written: repositories, named fragments shared by repositories, migrations, the database opener, the scope filters. */
export function sqlAllowedIn(rel: string): boolean {
  return (
    rel.endsWith('.repository.ts') ||
    rel.endsWith('.queries.ts') ||
    rel.startsWith('src/db/migrations/') ||
    rel === 'src/db/database.ts' ||
    rel === 'src/auth/scope.ts'
  );
}

export function scanFile(rel: string, src: string): Offence[] {
  const queries = sqlAllowedIn(rel) ? [] : findQueries(src);
  return [...queries, ...findForeignRepositoryImports(rel, src)].sort((a, b) => a.line - b.line);
}

/** Every offending file under `serverRoot/src` (tests and declaration files left out) → its offences. */
export function scanTree(serverRoot: string): Map<string, Offence[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !/\.(test|spec)\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(path.join(serverRoot, 'src'));
  const out = new Map<string, Offence[]>();
  for (const f of files.sort()) {
    const rel = path.relative(serverRoot, f).split(path.sep).join('/');
    const offences = scanFile(rel, fs.readFileSync(f, 'utf8'));
    if (offences.length) out.set(rel, offences);
  }
  return out;
}

/** The allow-list as it should read for this tree: file → number of offences, sorted. */
export function allowListOf(found: Map<string, Offence[]>): Record<string, number> {
  return Object.fromEntries([...found.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, o]) => [f, o.length]));
}

export const HOW_TO_FIX =
  "Move the statement into the module's <name>.repository.ts (a function taking `db` or `trx` first; the service keeps the " +
  'transaction and calls it), or into a <name>.queries.ts builder when several repositories share it. Instead of importing ' +
  "another module's repository, call that module's service (or its *.api.ts).";

function describeOffences(offences: Offence[]): string {
  return offences.map((o) => `    line ${o.line}: ${o.kind === 'import' ? `imports ${o.what}` : o.what}`).join('\n');
}

/**
 * What is wrong between the tree and the allow-list, one message per file: more offences than allowed, offences in
 * an unlisted file, fewer than allowed (the list must stay tight: the message gives the line to write), a listed
 * file with none left.
 */
export function allowListProblems(found: Map<string, Offence[]>, allow: Record<string, number>, allowFile: string): string[] {
  const problems: string[] = [];
  for (const [file, offences] of found) {
    const listed = allow[file];
    const n = offences.length;
    if (listed === undefined) {
      problems.push(
        `${file}: ${n} offence(s) in a file that is not on the allow-list: new files get none (a moved or renamed file takes its line with it).\n${describeOffences(offences)}`,
      );
    } else if (n > listed) {
      problems.push(`${file}: ${n} offences, the allow-list allows ${listed}: move the new one(s) out.\n${describeOffences(offences)}`);
    } else if (n < listed) {
      problems.push(`${file}: ${n} offences, fewer than the ${listed} allowed. Tighten ${allowFile}: write\n    "${file}": ${n},`);
    }
  }
  for (const [file, listed] of Object.entries(allow)) {
    if (!found.has(file)) {
      problems.push(
        `${file}: no offences left (or the file is gone), the allow-list still allows ${listed}. Delete its line from ${allowFile}.`,
      );
    }
  }
  return problems;
}
