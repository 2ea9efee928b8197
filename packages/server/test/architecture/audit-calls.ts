import fs from 'node:fs';
import path from 'node:path';

/**
 * Linear scanning of the server's source for the audit entries it records: every `recordAudit(` /
 * `recordAuditAlone(` call, cut out by counting brackets (string, template and comment text skipped), and the
 * literal `action:` / `entityType:` values inside it. No regular expression runs over a whole file.
 */
export interface AuditCall {
  file: string;
  line: number;
  /** literal action names ('login'), the template text of a computed one (`${kind}_updated`), `<name>` for a variable */
  actions: string[];
  entityTypes: string[];
  /** the call's text when no literal or template action could be read in it (an event passed as a variable) */
  unreadable?: string;
}

const CALLEES = ['recordAudit(', 'recordAuditAlone('];

/** Index just past the string/template/comment starting at `i` (s[i] is its opening character). */
function skipQuoted(s: string, i: number): number {
  const q = s[i];
  if (q === '/' && s[i + 1] === '/') {
    const nl = s.indexOf('\n', i);
    return nl === -1 ? s.length : nl;
  }
  if (q === '/' && s[i + 1] === '*') {
    const end = s.indexOf('*/', i + 2);
    return end === -1 ? s.length : end + 2;
  }
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === q) return j + 1;
    if (q === '`' && c === '$' && s[j + 1] === '{') {
      j = skipBalanced(s, j + 1);
      continue;
    }
    j++;
  }
  return j;
}

/** Index just past the bracket group opening at `i` (s[i] is `(` or `{`). */
function skipBalanced(s: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < s.length) {
    const c = s[j] as string;
    if (c === "'" || c === '"' || c === '`' || (c === '/' && (s[j + 1] === '/' || s[j + 1] === '*'))) {
      j = skipQuoted(s, j);
      continue;
    }
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return j;
}

/** The values written after `key:` inside `text`: a quoted literal as is, a template as its source text. */
function valuesOf(text: string, key: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(`${key}:`, from);
    if (at === -1) return out;
    from = at + key.length + 1;
    const before = text[at - 1];
    if (before !== undefined && /[\w$.]/.test(before)) continue;
    let j = from;
    while (text[j] === ' ' || text[j] === '\n' || text[j] === '\r' || text[j] === '\t') j++;
    const q = text[j];
    if (q === "'" || q === '"' || q === '`') {
      const end = skipQuoted(text, j);
      out.push(text.slice(j + 1, end - 1));
      continue;
    }
    // a variable: named `<name>` (null is no value)
    let k = j;
    while (k < text.length && /[\w$]/.test(text[k] as string)) k++;
    const name = text.slice(j, k);
    if (name && name !== 'null') out.push(`<${name}>`);
  }
}

export function scanAuditCalls(file: string, src: string): AuditCall[] {
  const calls: AuditCall[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === "'" || c === '"' || c === '`' || (c === '/' && (src[i + 1] === '/' || src[i + 1] === '*'))) {
      const end = skipQuoted(src, i);
      for (let k = i; k < end; k++) if (src.charCodeAt(k) === 10) line++;
      i = end;
      continue;
    }
    if (c === '\n') line++;
    const callee = c === 'r' ? CALLEES.find((name) => src.startsWith(name, i)) : undefined;
    const before = src[i - 1];
    // not part of a longer name, and not the definition itself (`function recordAudit(`)
    if (callee && !(before !== undefined && /[\w$]/.test(before)) && src.slice(Math.max(0, i - 9), i) !== 'function ') {
      const open = i + callee.length - 1;
      const text = src.slice(open, skipBalanced(src, open));
      const actions = valuesOf(text, 'action');
      const call: AuditCall = { file, line, actions, entityTypes: valuesOf(text, 'entityType') };
      if (actions.length === 0) call.unreadable = text.replace(/\s+/g, ' ').slice(0, 120);
      calls.push(call);
    }
    i++;
  }
  return calls;
}

/** Every .ts file under `dir` except tests. */
export function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
