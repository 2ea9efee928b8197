/**
 * `npm run bench -- status`: times `refreshStatuses` over 1,000,000 instruments (mixed categories, with
 * verification and nozzle rows) on a temp SQLite file and a temp PostgreSQL database, with peak RSS.
 * Options: `--status-n=100000` for a smaller run (default 1,000,000); `--status-engines=sqlite` (default sqlite,postgres).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays } from '@qiangjian/shared';
import pg from 'pg';
import { loadReferenceData } from '../src/bootstrap.js';
import { loadConfig, REPO_ROOT } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/db/database.js';
import { seededRandom } from '../src/lib/random.js';
import { refreshStatuses } from '../src/modules/status/status.service.js';
import { fixedClock } from '../src/time.js';

const nArg = process.argv.find((a) => a.startsWith('--status-n='));
const N = nArg ? Number(nArg.split('=')[1]) : 1_000_000;
const enginesArg = process.argv.find((a) => a.startsWith('--status-engines='));
const ENGINES = enginesArg ? (enginesArg.split('=')[1] as string).split(',') : ['sqlite', 'postgres'];
const runsArg = process.argv.find((a) => a.startsWith('--status-runs='));
/** How many times the first refresh is measured on SQLite (each from a copy of the loaded database); the median is reported. */
const FIRST_RUNS = runsArg ? Math.max(1, Number(runsArg.split('=')[1])) : 3;
const keepArg = process.argv.find((a) => a.startsWith('--status-keep='));
/** Development aid: keep the generated SQLite file at this path and reuse it on the next run (skips generation). */
const KEEP = keepArg ? path.resolve(keepArg.split('=')[1] as string) : undefined;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const ORGS = 200;
const NOW = '2024-10-15T02:00:00.000Z';

interface Gen {
  inst: unknown[][];
  verif: unknown[][];
  nozzles: unknown[][];
}

const AUX = ['dipstick', 'hydrometer', 'thermometer', 'tank_level_gauge', 'standard_measure'];

/** Rows for instruments [from, to) spread over organizations 1…orgs: columns follow INST_COLS etc. below. */
function generate(from: number, to: number, rand: () => number, orgs = ORGS): Gen {
  const g: Gen = { inst: [], verif: [], nozzles: [] };
  const day = (lo: string, spanDays: number) => addDays(lo, Math.floor(rand() * spanDays));
  for (let id = from; id < to; id++) {
    const org = 1 + (id % orgs);
    const p = rand();
    let category: string;
    let dn: number | null = null;
    let g4: string | null = null;
    let medium: string | null = null;
    let cls: string | null = null;
    let install: string | null = null;
    let nozzles = 0;
    const verifs: [number, string, string, string][] = [];
    if (p < 0.4) {
      category = 'water_meter';
      dn = [15, 20, 25, 32, 40, 80][Math.floor(rand() * 6)] as number;
      const v = day('2016-01-01', 365 * 8);
      install = addDays(v, 20);
      if (rand() < 0.95) verifs.push([0, 'initial', v, 'passed']);
    } else if (p < 0.65) {
      category = 'electricity_meter';
      cls = rand() < 0.1 ? '0.5S' : '2';
      install = day('2014-01-01', 365 * 10);
      if (rand() < 0.8) verifs.push([0, 'initial', addDays(install, -10), 'passed']);
    } else if (p < 0.85) {
      category = 'gas_meter';
      g4 = rand() < 0.05 ? 'G25' : 'G4';
      medium = rand() < 0.1 ? 'lpg' : 'natural_gas';
      const v = day('2013-01-01', 365 * 11);
      install = addDays(v, 30);
      verifs.push([0, 'initial', v, 'passed']);
    } else if (p < 0.95) {
      category = 'fuel_dispenser';
      nozzles = 4;
      const v = day('2023-10-01', 365);
      verifs.push([0, 'periodic', v, 'passed']);
      if (rand() < 0.1) verifs.push([1 + Math.floor(rand() * 4), 'periodic', addDays(v, 30), rand() < 0.3 ? 'failed' : 'passed']);
    } else {
      category = AUX[Math.floor(rand() * AUX.length)] as string;
      verifs.push([0, 'periodic', day('2023-06-01', 500), 'passed']);
    }
    g.inst.push([
      id,
      org,
      category,
      `S${id}`,
      category,
      1 + (category === 'water_meter' && rand() < 0.02 ? 9 : 0),
      '150626100',
      dn,
      g4,
      medium,
      cls,
      install,
      `Q${id}`,
      NOW,
      NOW,
    ]);
    for (const [nz, kind, date, concl] of verifs) g.verif.push([org, id, nz, kind, date, concl, 'bench', NOW]);
    for (let k = 1; k <= nozzles; k++) g.nozzles.push([org, id, k, NOW]);
  }
  return g;
}

const INST_COLS = [
  'id',
  'org_id',
  'category',
  'serial_no',
  'instrument_name',
  'quantity',
  'admin_division_code',
  'caliber_dn',
  'g_rating',
  'gas_medium',
  'accuracy_class',
  'install_date',
  'public_code',
  'created_at',
  'updated_at',
];
const VERIF_COLS = ['org_id', 'instrument_id', 'nozzle_no', 'kind', 'date', 'conclusion', 'source', 'created_at'];
const NOZZLE_COLS = ['org_id', 'instrument_id', 'nozzle_no', 'created_at'];
const CHUNK = 20_000;

/**
 * Inserts `n` generated instruments (ids 1…n, with their verifications and nozzles) spread over organizations
 * 1…orgs with the raw driver, 20,000 per transaction; the load bench reuses it with one organization.
 */
export async function fillSqlite(h: DatabaseHandle, n = N, orgs = ORGS): Promise<{ verifications: number; nozzles: number }> {
  const s = h.sqlite as NonNullable<DatabaseHandle['sqlite']>;
  const ins = s.prepare(`insert into instruments (${INST_COLS.join(',')}) values (${INST_COLS.map(() => '?').join(',')})`);
  const insV = s.prepare(`insert into verifications (${VERIF_COLS.join(',')}) values (${VERIF_COLS.map(() => '?').join(',')})`);
  const insN = s.prepare(`insert into nozzles (${NOZZLE_COLS.join(',')}) values (${NOZZLE_COLS.map(() => '?').join(',')})`);
  const rand = seededRandom(42);
  let nv = 0;
  let nn = 0;
  for (let from = 1; from <= n; from += CHUNK) {
    const g = generate(from, Math.min(n + 1, from + CHUNK), rand, orgs);
    s.transaction(() => {
      for (const r of g.inst) ins.run(...r);
      for (const r of g.verif) insV.run(...r);
      for (const r of g.nozzles) insN.run(...r);
    })();
    nv += g.verif.length;
    nn += g.nozzles.length;
  }
  return { verifications: nv, nozzles: nn };
}

const PG_TYPES: Record<string, string> = {
  id: 'bigint',
  org_id: 'bigint',
  instrument_id: 'bigint',
  nozzle_no: 'integer',
  quantity: 'integer',
  caliber_dn: 'real',
};

async function pgInsert(pool: pg.Pool, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = cols.map((_, i) => rows.map((r) => r[i]));
  const select = cols.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? 'text'}[]`).join(', ');
  await pool.query(`insert into ${table} (${cols.join(',')}) select * from unnest(${select})`, arrays);
}

/** The same rows as fillSqlite on PostgreSQL (`insert … select * from unnest(…)`), then `analyze`; the reports bench reuses it. */
export async function fillPg(pool: pg.Pool, n = N, orgs = ORGS): Promise<{ verifications: number; nozzles: number }> {
  const rand = seededRandom(42);
  let nv = 0;
  let nn = 0;
  for (let from = 1; from <= n; from += CHUNK) {
    const g = generate(from, Math.min(n + 1, from + CHUNK), rand, orgs);
    await pgInsert(pool, 'instruments', INST_COLS, g.inst);
    await pgInsert(pool, 'verifications', VERIF_COLS, g.verif);
    await pgInsert(pool, 'nozzles', NOZZLE_COLS, g.nozzles);
    nv += g.verif.length;
    nn += g.nozzles.length;
  }
  await pool.query(`select setval(pg_get_serial_sequence('instruments','id'), ${n})`);
  await pool.query('analyze');
  return { verifications: nv, nozzles: nn };
}

/** Organizations 1…ORGS (water utilities in 150626100) that the generated instruments belong to. */
export async function insertOrgs(ctx: AppContext): Promise<void> {
  const rows = Array.from({ length: ORGS }, (_, i) => ({
    name: `bench org ${i + 1}`,
    kind: 'water_supply',
    credit_code: `BENCH${String(i + 1).padStart(13, '0')}`,
    region_code: '150626100',
    address: null,
    contact_name: null,
    contact_phone: null,
    ownership_type: null,
    created_at: NOW,
    updated_at: NOW,
    deleted_at: null,
  }));
  await ctx.db.insertInto('organizations').values(rows).execute();
}

/** Peak RSS sampled every 50 ms while fn runs. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number; startMb: number; cpuS: number }> {
  const startMb = process.memoryUsage().rss / 2 ** 20;
  const cpu0 = process.cpuUsage();
  let peak = startMb;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
  }, 50);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
    const cpu = process.cpuUsage(cpu0);
    return { value, peakMb: peak, startMb, cpuS: (cpu.user + cpu.system) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

interface EngineResult {
  engine: string;
  fillS: number;
  verifications: number;
  nozzles: number;
  first: { s: number; cpuS: number; changed: number; peakMb: number; startMb: number; runs: number[] };
  /** SQLite: the first refresh in the default staged mode (chunk transactions, as `serve` runs it), once */
  firstStaged?: { s: number; cpuS: number; peakMb: number };
  second: { s: number; cpuS: number; changed: number; peakMb: number };
  nextDay: { s: number; cpuS: number; changed: number };
  counts: string;
}

async function runEngine(engine: 'sqlite' | 'postgres', location: string): Promise<EngineResult> {
  const reuse = engine === 'sqlite' && KEEP !== undefined && fs.existsSync(KEEP);
  if (reuse) fs.copyFileSync(KEEP as string, location);
  let handle = openDatabase(location, { poolSize: 4 });
  const contextOf = (h: typeof handle): AppContext => ({
    db: h.db,
    engine: h.engine,
    handle: h,
    clock: fixedClock(NOW),
    config: loadConfig({ db: location }),
  });
  let ctx = contextOf(handle);
  const snapshot = `${location}.loaded`;
  try {
    await migrateToLatest(handle.db);
    const t0 = performance.now();
    let filled: { verifications: number; nozzles: number };
    if (reuse) {
      const n = async (t: 'verifications' | 'nozzles') =>
        Number(
          (
            await handle.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      filled = { verifications: await n('verifications'), nozzles: await n('nozzles') };
    } else {
      await loadReferenceData(ctx);
      await insertOrgs(ctx);
      process.stderr.write(`  ${engine}: generating ${N} instruments …\n`);
      filled = engine === 'sqlite' ? await fillSqlite(handle) : await fillPg(handle.pool as pg.Pool);
      if (KEEP && engine === 'sqlite') {
        handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
        fs.copyFileSync(location, KEEP);
      }
    }
    const fillS = (performance.now() - t0) / 1000;
    if (engine === 'sqlite') handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    // flush the data load's dirty pages so the refresh does not pay for their writeback
    execFileSync('sync');
    global.gc?.();
    // the first refresh runs FIRST_RUNS times on SQLite, each from a copy of the loaded database; the median counts
    const runs = engine === 'sqlite' ? FIRST_RUNS : 1;
    if (runs > 1) fs.copyFileSync(location, snapshot);
    const firsts: Awaited<ReturnType<typeof withPeakRss<{ ms: number; changed: number }>>>[] = [];
    for (let i = 0; i < runs; i++) {
      if (i > 0) {
        await handle.close();
        for (const x of ['-wal', '-shm']) fs.rmSync(location + x, { force: true });
        fs.copyFileSync(snapshot, location);
        handle = openDatabase(location, { poolSize: 4 });
        ctx = contextOf(handle);
        execFileSync('sync');
      }
      global.gc?.();
      process.stderr.write(`  ${engine}: refresh ${i + 1}/${runs} …\n`);
      // SQLite: the bulk mode of `status refresh --exclusive` (the first load of a ledger, no server running)
      firsts.push(await withPeakRss(() => refreshStatuses(ctx, { sqliteMode: 'bulk' })));
    }
    const byWall = [...firsts].sort((a, b) => a.value.ms - b.value.ms);
    const first = byWall[Math.floor((byWall.length - 1) / 2)] as (typeof firsts)[number];
    let firstStaged: Awaited<ReturnType<typeof withPeakRss<{ ms: number; changed: number }>>> | undefined;
    if (runs > 1) {
      // the same first refresh in the default mode (staged, applied in chunk transactions: what `serve` runs)
      await handle.close();
      for (const x of ['-wal', '-shm']) fs.rmSync(location + x, { force: true });
      fs.copyFileSync(snapshot, location);
      handle = openDatabase(location, { poolSize: 4 });
      ctx = contextOf(handle);
      execFileSync('sync');
      global.gc?.();
      process.stderr.write(`  ${engine}: first refresh, staged mode …\n`);
      firstStaged = await withPeakRss(() => refreshStatuses(ctx));
    }
    const second = await withPeakRss(() => refreshStatuses(ctx));
    const nextDay = await withPeakRss(() => refreshStatuses(ctx, { asOf: addDays(NOW.slice(0, 10), 1) }));
    // back to the reference date, so the counts below are those of 2024-10-15
    await refreshStatuses(ctx);
    const counts = await handle.db
      .selectFrom('instruments')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .orderBy('status')
      .execute();
    return {
      engine,
      fillS,
      ...filled,
      first: {
        s: first.value.ms / 1000,
        cpuS: first.cpuS,
        changed: first.value.changed,
        peakMb: Math.max(...firsts.map((f) => f.peakMb)),
        startMb: first.startMb,
        runs: firsts.map((f) => f.value.ms / 1000),
      },
      firstStaged: firstStaged && { s: firstStaged.value.ms / 1000, cpuS: firstStaged.cpuS, peakMb: firstStaged.peakMb },
      second: { s: second.value.ms / 1000, cpuS: second.cpuS, changed: second.value.changed, peakMb: second.peakMb },
      nextDay: { s: nextDay.value.ms / 1000, cpuS: nextDay.cpuS, changed: nextDay.value.changed },
      counts: counts.map((c) => `${c.status} ${Number(c.n).toLocaleString('en')}`).join(', '),
    };
  } finally {
    await handle.close();
    fs.rmSync(snapshot, { force: true });
  }
}

export async function run(): Promise<string> {
  const results: EngineResult[] = [];
  const dir = path.join(REPO_ROOT, '.tmp', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `status_${process.pid}.db`);
  if (ENGINES.includes('sqlite')) {
    try {
      results.push(await runEngine('sqlite', file));
    } finally {
      for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
    }
  }
  let pgNote = '';
  if (ENGINES.includes('postgres')) {
    const dbName = `qj_bench_status_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    try {
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      const u = new URL(PG_URL);
      u.pathname = `/${dbName}`;
      results.push(await runEngine('postgres', u.toString()));
    } catch (e) {
      pgNote = `PostgreSQL run failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  }
  const r0 = results[0];
  if (!r0) return `## status\n\nNo engine ran. ${pgNote}`;
  const lines = [
    '## status — `status refresh` (refreshStatuses) over the whole ledger',
    '',
    'Command: `npm run bench -- status` (packages/server/bench/status.bench.ts). Target: < 20 s on SQLite, memory bounded.',
    '',
    `Data: ${N.toLocaleString('en')} instruments in ${ORGS} organizations (40% water, 25% electricity, 20% gas, 10% dispensers with 4 nozzles, 5% station auxiliaries), ` +
      `${r0.verifications.toLocaleString('en')} verification rows, ${r0.nozzles.toLocaleString('en')} nozzles; as-of 2024-10-15. ` +
      'Generated with the raw driver (better-sqlite3 prepared inserts / PostgreSQL `insert … select * from unnest(…)`), not timed below; ' +
      'on SQLite the load is checkpointed and `sync` flushes its dirty pages before the first timed refresh. ' +
      'SQLite databases are created with 8 KiB pages (`SQLITE_PAGE_SIZE`).',
    '',
    'How the refresh works (docs/STATUS.md): instruments are read in id order in batches (SQLite 1,000, PostgreSQL 5,000) with their verifications and nozzles',
    'and each is run through the pure status function; only rows whose stored',
    'values differ are written. On both engines two worker threads (`QIANGJIAN_REFRESH_WORKERS`, default min(2, cores)) each read',
    'and compute half of the id range on their own connection (array-mode rows, only the columns the status uses) and post the',
    'changes to the main thread. SQLite, first refresh in the table: the bulk mode of `qiangjian status refresh --exclusive` (the first load of a ledger while no server runs): one transaction drops',
    "the indexes over status / valid-until / due date, writes the rows as they arrive and builds the indexes again (SQLite's sorter in 2 MiB runs with a helper thread). The second and next-day refreshes",
    'run in the default staged mode (as in `serve`): the changes are staged in temp tables and applied afterwards in chunk transactions sized to ~20 ms each (`UPDATE … FROM`), other requests served between them.',
    'PostgreSQL: each batch is written as it arrives, in its own transaction, with `UPDATE … FROM (VALUES …)` (2,000 rows per statement).',
    '',
    'Wall-clock seconds and, in brackets, the CPU seconds of the process (all threads, user + system).',
    '',
    '| engine | data load (s) | first refresh (every row changes): wall (CPU) s | rows written | RSS before → peak (MB) | second refresh, nothing changed: wall (CPU) s | peak RSS (MB) | next day (as-of + 1): wall (CPU) s, rows written |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.engine} | ${r.fillS.toFixed(1)} | **${r.first.s.toFixed(1)}** (${r.first.cpuS.toFixed(1)}) | ${r.first.changed.toLocaleString('en')} | ${r.first.startMb.toFixed(0)} → ${r.first.peakMb.toFixed(0)} | **${r.second.s.toFixed(1)}** (${r.second.cpuS.toFixed(1)}), ${r.second.changed} written | ${r.second.peakMb.toFixed(0)} | ${r.nextDay.s.toFixed(1)} (${r.nextDay.cpuS.toFixed(1)}), ${r.nextDay.changed.toLocaleString('en')} |`,
    ),
    '',
    ...results
      .filter((r) => r.engine === 'sqlite')
      .flatMap((r) => [
        `First refresh on SQLite measured ${r.first.runs.length} times, each from a copy of the freshly loaded database after \`sync\`: ${r.first.runs.map((x) => x.toFixed(1)).join(' s, ')} s; the table shows the median run (its CPU and start RSS; peak RSS is the highest of the runs). The machine is shared: between runs of the same code the figures vary by up to a third (compare the data load, which this change does not touch, across the runs in git history).`,
        '',
        ...(r.firstStaged
          ? [
              `The same first refresh in the default staged mode (chunk transactions with the indexes maintained, as \`serve\` and a plain \`status refresh\` run it), once: ${r.firstStaged.s.toFixed(1)} s wall (${r.firstStaged.cpuS.toFixed(1)} s CPU), peak RSS ${r.firstStaged.peakMb.toFixed(0)} MB — ${(r.firstStaged.s / r.first.s).toFixed(2)}× the bulk median; the price of never holding other requests for more than one chunk.`,
              '',
            ]
          : []),
        `Target (< 20 s on SQLite, memory bounded): first refresh ${r.first.s.toFixed(1)} s (median), unchanged ${r.second.s.toFixed(1)} s, next day ${r.nextDay.s.toFixed(1)} s — ${Math.max(r.first.s, r.second.s, r.nextDay.s) < 20 ? 'met' : '**missed**'}; peak RSS ${Math.max(r.first.peakMb, r.second.peakMb).toFixed(0)} MB.`,
      ]),
    '',
    ...results.map((r) => `Resulting statuses (${r.engine}): ${r.counts}.`),
    '',
    `Machine: ${os.cpus().length} cores (1/5/15-min load average at the end of the run: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}); Node ${process.version}.`,
    ...(pgNote ? ['', pgNote] : []),
  ];
  return lines.join('\n');
}
