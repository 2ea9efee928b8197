#!/usr/bin/env node
// Import circles among the server's source files: reads packages/server/src/**/*.ts, resolves relative
// imports (a `.js` suffix maps to the `.ts` file), finds strongly connected components (Tarjan) and prints
// each one. Exit 1 when there is any. Type-only imports count: they tie files together as much as the others.
// Usage: node scripts/import-cycles.mjs [srcDir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_SRC = path.join(ROOT, 'packages/server/src');

/** Every .ts file under dir (no .d.ts), as absolute paths, sorted. */
function listTs(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...listTs(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

// `import … from '…'`, `export … from '…'`, `import '…'`, `import('…')`, `import x = require('…')`.
const SPECIFIER =
  /(?:\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

/** The file a relative specifier names, or null when it is not a source file under the tree. */
function resolve(from, spec, files) {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [];
  if (/\.(m|c)?js$/.test(base)) candidates.push(base.replace(/\.(m|c)?js$/, (m) => m.replace('js', 'ts')));
  candidates.push(base, `${base}.ts`, path.join(base, 'index.ts'));
  return candidates.find((c) => files.has(c)) ?? null;
}

/** { file → [imported files] } over the tree. */
export function importGraph(srcDir = SERVER_SRC) {
  const list = listTs(srcDir);
  const files = new Set(list);
  const graph = new Map();
  for (const f of list) {
    const src = stripComments(fs.readFileSync(f, 'utf8'));
    const deps = new Set();
    for (const m of src.matchAll(SPECIFIER)) {
      const target = resolve(f, m[2], files);
      if (target) deps.add(target);
    }
    graph.set(f, [...deps].sort());
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself), Tarjan's algorithm. */
export function stronglyConnected(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  const visit = (root) => {
    // Iterative DFS: each frame is [node, next-edge position].
    const frames = [[root, 0]];
    idx.set(root, index);
    low.set(root, index);
    index++;
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const [v, i] = frame;
      const edges = graph.get(v) ?? [];
      if (i < edges.length) {
        frame[1] = i + 1;
        const w = edges[i];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index);
          index++;
          stack.push(w);
          onStack.add(w);
          frames.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === idx.get(v)) {
        const comp = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
      }
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** One shortest circle through the component's first file, to show how the files are tied. */
function circleThrough(graph, comp) {
  const inComp = new Set(comp);
  const start = comp[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const pathBack = [v];
        for (let p = prev.get(v); p !== null && p !== undefined; p = prev.get(p)) pathBack.push(p);
        return [...pathBack.reverse(), start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** The import circles of the tree: [{ files, circle }] with paths relative to srcDir. */
export function importCycles(srcDir = SERVER_SRC) {
  const graph = importGraph(srcDir);
  const rel = (f) => path.relative(srcDir, f).split(path.sep).join('/');
  return stronglyConnected(graph).map((comp) => ({ files: comp.map(rel), circle: circleThrough(graph, comp).map(rel) }));
}

export function formatCycles(cycles) {
  return cycles
    .map(
      (c, i) =>
        `circle ${i + 1}: ${c.files.length} file(s)\n  ${c.circle.join('\n    → ')}\n  all files:\n${c.files.map((f) => `    ${f}`).join('\n')}`,
    )
    .join('\n\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = process.argv[2] ? path.resolve(process.argv[2]) : SERVER_SRC;
  const cycles = importCycles(srcDir);
  if (cycles.length === 0) {
    process.stdout.write(`no import circles in ${path.relative(process.cwd(), srcDir) || '.'}\n`);
  } else {
    process.stdout.write(`${formatCycles(cycles)}\n`);
    process.exitCode = 1;
  }
}
