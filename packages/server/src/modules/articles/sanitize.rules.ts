/**
 * The allowlist sanitizer of article bodies (docs/PORTAL.md "Safe rich text"). Runs on the server before an article is
 * stored; the portal shows only its output.
 *
 * One forward pass over the input with an index that never moves back, and no regular expressions: every step either
 * consumes characters or ends the pass, and the searches (`indexOf`) start at the index and jump it past what they
 * find, so the work is linear in the input (a 1 MB body of hostile markup included). Output:
 * - text is escaped (`&`, `<`, `>`, `"`); a well-formed character reference (`&amp;`, `&#39;`, `&#x4e2d;`) is kept;
 * - the allowed elements (ALLOWED) keep no attribute, except `a`, which keeps `href` when it is an http(s) URL and
 *   gets `rel="noopener noreferrer"` and `target="_blank"`; an `a` without such an href is dropped (its text stays);
 *   `b`/`i` become `strong`/`em`;
 * - the content of script, style and the other raw-text or embedding elements (DROP_CONTENT) is dropped with the tag;
 * - every other tag, comment, doctype and processing instruction is dropped (its text stays);
 * - the output is well formed: an end tag closes what it matches on the stack of open elements (and whatever is
 *   open inside it), an end tag without a match is dropped, a tag left unclosed at the end of input is dropped, and
 *   everything still open is closed at the end; opening tags deeper than `maxDepth` are dropped (their text stays).
 */

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'h3', 'h4', 'a', 'blockquote']);
const RENAME: Readonly<Record<string, string>> = { b: 'strong', i: 'em' };
/** Elements dropped with everything up to their end tag (no end tag: the rest of the input). */
const DROP_CONTENT = new Set([
  'script',
  'style',
  'template',
  'iframe',
  'object',
  'embed',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'title',
  'xmp',
  'svg',
  'math',
  'select',
  'plaintext',
]);
const VOID = new Set(['br']);

export interface SanitizeOptions {
  /** deepest nesting kept (data/portal-articles.ts ARTICLE_LIMITS.maxDepth) */
  maxDepth: number;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/** The length of a well-formed character reference at `i` (`&name;`, `&#123;`, `&#x7f;`), else 0. Bounded look-ahead. */
function referenceLength(s: string, i: number): number {
  let j = i + 1;
  if (s.charCodeAt(j) === 35) {
    j++;
    const hex = s.charCodeAt(j) === 120 || s.charCodeAt(j) === 88;
    if (hex) j++;
    const start = j;
    while (j < s.length && j - start < 7 && (hex ? isHexDigit(s.charCodeAt(j)) : isDigit(s.charCodeAt(j)))) j++;
    if (j === start || s.charCodeAt(j) !== 59) return 0;
    const code = Number.parseInt(s.slice(start, j), hex ? 16 : 10);
    // NUL, surrogates and beyond Unicode are refused (shown escaped)
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
    return j + 1 - i;
  }
  const start = j;
  while (j < s.length && j - start < 12 && (isAsciiLetter(s.charCodeAt(j)) || isDigit(s.charCodeAt(j)))) j++;
  if (j === start || s.charCodeAt(j) !== 59) return 0;
  return j + 1 - i;
}

function escapeChar(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    default:
      return c;
  }
}

/** Text escaped for HTML, keeping well-formed character references; NUL dropped. */
function escapeText(s: string, out: string[]): void {
  let acc = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    // & < > " and NUL: everything else is copied in runs
    if (code !== 38 && code !== 60 && code !== 62 && code !== 34 && code !== 0) continue;
    if (i > run) acc += s.slice(run, i);
    run = i + 1;
    if (code === 0) continue;
    if (code === 38) {
      const n = referenceLength(s, i);
      if (n > 0) {
        acc += s.slice(i, i + n);
        i += n - 1;
        run = i + 1;
        continue;
      }
      acc += '&amp;';
    } else acc += code === 60 ? '&lt;' : code === 62 ? '&gt;' : '&quot;';
  }
  if (run < s.length) acc += s.slice(run);
  out.push(acc);
}

/** Character references of an attribute value decoded (numeric ones and the few named ones a URL needs). */
function decodeAttribute(v: string): string {
  if (!v.includes('&')) return v;
  const named: Readonly<Record<string, string>> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    colon: ':',
    tab: '\t',
    newline: '\n',
  };
  const out: string[] = [];
  let i = 0;
  while (i < v.length) {
    const amp = v.indexOf('&', i);
    if (amp < 0) {
      out.push(v.slice(i));
      break;
    }
    out.push(v.slice(i, amp));
    let j = amp + 1;
    let decoded: string | null = null;
    if (v.charCodeAt(j) === 35) {
      j++;
      const hex = v.charCodeAt(j) === 120 || v.charCodeAt(j) === 88;
      if (hex) j++;
      const start = j;
      while (j < v.length && j - start < 8 && (hex ? isHexDigit(v.charCodeAt(j)) : isDigit(v.charCodeAt(j)))) j++;
      if (j > start) {
        const code = Number.parseInt(v.slice(start, j), hex ? 16 : 10);
        decoded = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
        if (v.charCodeAt(j) === 59) j++;
      }
    } else {
      const start = j;
      while (j < v.length && j - start < 10 && isAsciiLetter(v.charCodeAt(j))) j++;
      const name = v.slice(start, j).toLowerCase();
      if (name in named) {
        decoded = named[name] as string;
        if (v.charCodeAt(j) === 59) j++;
      }
    }
    if (decoded === null) {
      out.push('&');
      i = amp + 1;
    } else {
      out.push(decoded);
      i = j;
    }
  }
  return out.join('');
}

/**
 * The href to keep, or null: after decoding references and dropping whitespace and control characters (which
 * browsers ignore inside a scheme), it must start with `http://` or `https://`.
 */
export function safeHref(raw: string): string | null {
  if (raw.length > 4000) return null;
  const decoded = decodeAttribute(raw);
  let cleaned = '';
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c > 32 && c !== 127) cleaned += decoded[i];
  }
  const lower = cleaned.slice(0, 8).toLowerCase();
  if (!lower.startsWith('http://') && !lower.startsWith('https://')) return null;
  if (cleaned.length > 2000) return null;
  return cleaned;
}

interface Tag {
  name: string;
  end: boolean;
  /** the raw href value when present */
  href: string | null;
  /** index after the tag's `>` */
  next: number;
}

/**
 * Reads the tag starting at `i` (s[i] === '<' and s[i+1] a letter, or '/' then a letter). Returns null when the input
 * ends inside the tag. Attribute values may be quoted; a quote left open runs to the end of input (tag dropped).
 */
function readTag(s: string, i: number): Tag | null {
  let j = i + 1;
  const end = s.charCodeAt(j) === 47;
  if (end) j++;
  const nameStart = j;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (isSpace(c) || c === 47 || c === 62) break;
    j++;
  }
  const name = s.slice(nameStart, j).toLowerCase();
  let href: string | null = null;
  // attributes
  while (j < s.length) {
    let c = s.charCodeAt(j);
    if (c === 62) return { name, end, href, next: j + 1 };
    if (isSpace(c) || c === 47) {
      j++;
      continue;
    }
    const attrStart = j;
    while (j < s.length) {
      c = s.charCodeAt(j);
      if (isSpace(c) || c === 47 || c === 62 || c === 61) break;
      j++;
    }
    const attr = s.slice(attrStart, j).toLowerCase();
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    let value: string | null = null;
    if (s.charCodeAt(j) === 61) {
      j++;
      while (j < s.length && isSpace(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if (q === 34 || q === 39) {
        const close = s.indexOf(q === 34 ? '"' : "'", j + 1);
        if (close < 0) return null;
        value = s.slice(j + 1, close);
        j = close + 1;
      } else {
        const vStart = j;
        while (j < s.length && !isSpace(s.charCodeAt(j)) && s.charCodeAt(j) !== 62) j++;
        value = s.slice(vStart, j);
      }
    }
    if (attr === 'href' && value !== null && href === null) href = value;
    if (j === attrStart) j++; // a lone '=' (never loops in place)
  }
  return null;
}

/** The index of the next `</name` (ASCII case-insensitive) from `from`, or -1. Moves forward only. */
function endTagAt(s: string, name: string, from: number): number {
  let at = from;
  for (;;) {
    const p = s.indexOf('</', at);
    if (p < 0) return -1;
    let k = 0;
    while (k < name.length) {
      const c = s.charCodeAt(p + 2 + k);
      const lowered = c >= 65 && c <= 90 ? c + 32 : c;
      if (lowered !== name.charCodeAt(k)) break;
      k++;
    }
    if (k === name.length) return p;
    at = p + 2;
  }
}

/** The sanitized HTML of `input` (see the file comment). */
export function sanitizeHtml(input: string, opts: SanitizeOptions): string {
  const s = input;
  const out: string[] = [];
  const stack: string[] = [];
  let i = 0;
  let textStart = 0;
  const flushText = (to: number) => {
    if (to > textStart) escapeText(s.slice(textStart, to), out);
  };
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    const c1 = s.charCodeAt(lt + 1);
    // comments, doctypes, CDATA, processing instructions: dropped
    if (c1 === 33 || c1 === 63) {
      flushText(lt);
      let stop: number;
      if (s.startsWith('<!--', lt)) {
        const close = s.indexOf('-->', lt + 4);
        stop = close < 0 ? s.length : close + 3;
      } else {
        const close = s.indexOf('>', lt + 2);
        stop = close < 0 ? s.length : close + 1;
      }
      i = textStart = stop;
      continue;
    }
    const isTag = isAsciiLetter(c1) || (c1 === 47 && isAsciiLetter(s.charCodeAt(lt + 2)));
    if (!isTag) {
      // a '<' that starts no tag is text (escaped when flushed)
      i = lt + 1;
      continue;
    }
    flushText(lt);
    const tag = readTag(s, lt);
    if (!tag) {
      // the input ends inside a tag: the rest is dropped
      i = textStart = s.length;
      break;
    }
    i = textStart = tag.next;
    if (DROP_CONTENT.has(tag.name)) {
      if (tag.end) continue;
      const close = endTagAt(s, tag.name, tag.next);
      if (close < 0) {
        i = textStart = s.length;
        break;
      }
      const gt = s.indexOf('>', close);
      i = textStart = gt < 0 ? s.length : gt + 1;
      continue;
    }
    const name = RENAME[tag.name] ?? tag.name;
    if (!ALLOWED.has(name)) continue;
    if (tag.end) {
      if (VOID.has(name)) continue;
      const at = stack.lastIndexOf(name);
      if (at < 0) continue;
      while (stack.length > at) out.push(`</${stack.pop() as string}>`);
      continue;
    }
    if (VOID.has(name)) {
      out.push(`<${name}>`);
      continue;
    }
    if (stack.length >= opts.maxDepth) continue;
    if (name === 'a') {
      const href = tag.href === null ? null : safeHref(tag.href);
      if (href === null || stack.includes('a')) continue;
      const escaped: string[] = [];
      for (const ch of href) escaped.push(escapeChar(ch));
      out.push(`<a href="${escaped.join('')}" rel="noopener noreferrer" target="_blank">`);
    } else {
      out.push(`<${name}>`);
    }
    stack.push(name);
  }
  flushText(s.length);
  while (stack.length > 0) out.push(`</${stack.pop() as string}>`);
  return out.join('');
}

/** The text of sanitized HTML (tags dropped, references decoded, whitespace collapsed), cut to `max` characters. */
export function plainText(html: string, max: number): string {
  const parts: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      parts.push(html.slice(i));
      break;
    }
    parts.push(html.slice(i, lt));
    // block elements separate words; inline ones (a, strong, em) do not
    const c = html.charCodeAt(lt + 1) === 47 ? html.charCodeAt(lt + 2) : html.charCodeAt(lt + 1);
    if (c !== 97 && c !== 115 && c !== 101) parts.push(' ');
    const gt = html.indexOf('>', lt);
    i = gt < 0 ? html.length : gt + 1;
  }
  const text = decodeText(parts.join(''));
  let collapsed = '';
  let space = false;
  for (const ch of text) {
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r') {
      space = collapsed.length > 0;
      continue;
    }
    if (space) collapsed += ' ';
    space = false;
    collapsed += ch;
    if (collapsed.length >= max) return `${collapsed.slice(0, max)}…`;
  }
  return collapsed;
}

function decodeText(s: string): string {
  if (!s.includes('&')) return s;
  return decodeAttribute(s.split('&nbsp;').join(' '));
}
