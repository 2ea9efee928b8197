/**
 * `npm run bench -- load`: lists under load on SQLite. A database with 1,000,000 instruments in ONE organization
 * (status.bench's generator; built once and kept in .tmp/bench-load/, statuses refreshed), the real server
 * (build() listening on 127.0.0.1:0) and autocannon in a child process (load-client.mjs) with a logged-in
 * session cookie of that organization's enterprise user:
 * - page 1 of the instrument list and of the due list, with the capped count (QIANGJIAN_LIST_COUNT_CAP 10,000)
 *   kept between writes (as deployed), the capped count computed on every request (keepCounts(false)), and, in
 *   the same run on the same database, the exact count on every request (a second server with the cap at 10^12:
 *   the count before this change; the sort indexes are in both);
 * - /health alone, and /health while a 300,000-row CSV import (the ledger bench's rows, through the import
 *   service in the server's process) and then a full status refresh run.
 * Options: `--load-n=100000` (instruments, default 1,000,000), `--load-import-n=` (default 300,000),
 * `--load-seconds=` (each list/health run, default 10), `--load-connections=` (default 10).
 */
import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../src/app.js';
import { CLI_ACTOR } from '../src/auth/actor.js';
import { hashPassword } from '../src/auth/password.js';
import { instrumentScopeFilter } from '../src/auth/scope.js';
import { loadReferenceData } from '../src/bootstrap.js';
import { loadConfig, REPO_ROOT } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { startCheckpointer } from '../src/db/checkpointer.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { keepCounts } from '../src/db/paging.queries.js';
import { runLedgerImport } from '../src/modules/ledger/import/ledger-import.service.js';
import { explainInstrumentPage } from '../src/modules/ledger/instruments.repository.js';
import { insertOrg } from '../src/modules/orgs/orgs.repository.js';
import { explainDueListPage } from '../src/modules/status/status.repository.js';
import { refreshStatuses } from '../src/modules/status/status.service.js';
import { insertUser } from '../src/modules/users/users.repository.js';
import { fixedClock } from '../src/time.js';
import { writeCsv } from './ledger.bench.js';
import { fillSqlite } from './status.bench.js';

const arg = (name: string, fallback: number) => {
  const a = process.argv.find((x) => x.startsWith(`--load-${name}=`));
  return a ? Number(a.split('=')[1]) : fallback;
};
const N = arg('n', 1_000_000);
const IMPORT_N = arg('import-n', 300_000);
const SECONDS = arg('seconds', 10);
const CONNECTIONS = arg('connections', 10);
const DIR = path.join(REPO_ROOT, '.tmp', 'bench-load');
const CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-client.mjs');
const NOW = '2024-10-15T02:00:00.000Z';
const USER = 'bench_enterprise';
const PASSWORD = 'Bench-Password-1';
const CAP = 10_000;
const NO_CAP = 1e12;

interface Run {
  requests: number;
  rps: number;
  seconds: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU milliseconds of this process (the server) per answered request during the run */
  cpuMsPerReq: number;
}

/** Builds the cached database: 1 organization, N instruments, statuses refreshed as of NOW, one enterprise user. */
async function buildCache(file: string): Promise<void> {
  const tmp = `${file}.building`;
  for (const s of ['', '-wal', '-shm']) fs.rmSync(tmp + s, { force: true });
  const handle = openDatabase(tmp, { poolSize: 4 });
  const ctx: AppContext = { db: handle.db, engine: handle.engine, handle, clock: fixedClock(NOW), config: loadConfig({ db: tmp }) };
  try {
    await migrateToLatest(handle.db);
    await loadReferenceData(ctx);
    const orgId = await insertOrg(ctx.db, {
      name: 'bench water',
      kind: 'water_supply',
      credit_code: '91150626MA0BENCH01',
      region_code: '150626100',
      address: null,
      contact_name: null,
      contact_phone: null,
      ownership_type: null,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
    });
    if (orgId !== 1) throw new Error(`expected organization 1, got ${orgId}`);
    process.stderr.write(`  load: generating ${N} instruments in one organization …\n`);
    await fillSqlite(handle, N, 1);
    process.stderr.write('  load: first status refresh …\n');
    await refreshStatuses(ctx, { sqliteMode: 'bulk' }); // the initial load (`status refresh --exclusive`): nobody else runs
    await insertUser(ctx.db, {
      username: USER,
      display_name: USER,
      role: 'enterprise',
      org_id: orgId,
      password_hash: await hashPassword(PASSWORD),
      must_change_password: 0,
      disabled: 0,
      created_at: NOW,
      updated_at: NOW,
    });
    handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await handle.close();
  }
  fs.renameSync(tmp, file);
}

/** One autocannon run in a child process; `until` (if given) stops it when that promise settles. */
function drive(url: string, headers: Record<string, string>, o: { seconds?: number; until?: Promise<unknown> } = {}): Promise<Run> {
  const child = fork(CLIENT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const cpu0 = process.cpuUsage();
  return new Promise<Run>((resolve, reject) => {
    child.once('message', (m: Run & { error?: string }) => {
      const cpu = process.cpuUsage(cpu0);
      if (m.error) reject(new Error(m.error));
      else resolve({ ...m, cpuMsPerReq: (cpu.user + cpu.system) / 1000 / Math.max(1, m.requests) });
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
    });
    child.send({ url, connections: CONNECTIONS, duration: o.until === undefined ? (o.seconds ?? SECONDS) : 3600, headers });
    const stop = () => {
      child.send('stop');
    };
    o.until?.then(stop, stop);
  });
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return String(res.headers.get('set-cookie')).split(';')[0] as string;
}

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

export async function run(): Promise<string> {
  fs.mkdirSync(DIR, { recursive: true });
  const cache = path.join(DIR, `load-${N}.db`);
  if (!fs.existsSync(cache)) await buildCache(cache);
  const work = path.join(DIR, `work_${process.pid}.db`);
  const csv = path.join(DIR, `import-${IMPORT_N}.csv`);
  if (!fs.existsSync(csv)) writeCsv(csv, IMPORT_N);
  fs.copyFileSync(cache, work);
  execFileSync('sync');
  const handle = openDatabase(work, { poolSize: 4 });
  const base = loadConfig({ db: work, logLevel: 'silent', webDist: '/nonexistent', listCountCap: CAP });
  // the import of IMPORT_N rows (and a header row) is past the default row limit (QIANGJIAN_IMPORT_MAX_ROWS): raised as an operator would
  const config = { ...base, importLimits: { ...base.importLimits, maxRows: IMPORT_N + 1, maxCells: (IMPORT_N + 1) * 40 } };
  const ctx: AppContext = { db: handle.db, engine: handle.engine, handle, clock: fixedClock(NOW), config };
  const baseCtx: AppContext = { ...ctx, config: Object.freeze({ ...config, listCountCap: NO_CAP }) };
  const app = await build({ ctx, serveWeb: false });
  const baseline = await build({ ctx: baseCtx, serveWeb: false });
  // as `serve` runs: WAL checkpoints in a worker thread (db/checkpointer.ts)
  const checkpointer = startCheckpointer(handle);
  await checkpointer.ready;
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = await baseline.listen({ host: '127.0.0.1', port: 0 });
    const cookie = await login(url);
    const headers = { cookie };
    const instruments = '/api/v1/instruments?page=1&pageSize=20';
    const due = '/api/v1/due-list?page=1&pageSize=20';
    const first = (await (await fetch(url + instruments, { headers })).json()) as { total: number; totalCapped?: boolean };
    const firstDue = (await (await fetch(url + due, { headers })).json()) as { total: number; totalCapped?: boolean };
    const exact = (await (await fetch(baseUrl + instruments, { headers })).json()) as { total: number };
    const exactDue = (await (await fetch(baseUrl + due, { headers })).json()) as { total: number };
    const scope = instrumentScopeFilter({ kind: 'org', orgId: 1 });
    const plan = await explainInstrumentPage(ctx.db, 'sqlite', scope, { page: 1, pageSize: 20, sort: 'serialNo', order: 'asc' });
    const duePlan = await explainDueListPage(
      ctx.db,
      'sqlite',
      scope,
      { statuses: ['due_soon', 'overdue', 'rotation_due', 'rotation_overdue'] },
      { page: 1, pageSize: 20 },
    );

    process.stderr.write('  load: warm-up …\n');
    await drive(url + instruments, headers, { seconds: 2 });
    await drive(url + due, headers, { seconds: 2 });
    const results: { what: string; capped: Run; counted: Run; exact: Run }[] = [];
    for (const [what, path_] of [
      ['instrument list, page 1 (20 rows, sorted by serial number)', instruments],
      ['due list (到期提醒), page 1 (20 rows, by due date)', due],
    ] as const) {
      process.stderr.write(`  load: ${what} …\n`);
      const capped = await drive(url + path_, headers);
      // the count itself on every request (as after each write), and the baseline: exact and not kept
      keepCounts(false);
      const counted = await drive(url + path_, headers);
      const exactRun = await drive(baseUrl + path_, headers);
      keepCounts(true);
      results.push({ what, capped, counted, exact: exactRun });
    }
    process.stderr.write('  load: /health alone …\n');
    const healthAlone = await drive(`${url}/api/v1/health`, {});

    process.stderr.write(`  load: /health during a ${IMPORT_N}-row import and a full status refresh …\n`);
    // event-loop stalls: a 10 ms interval timer that fires late by more than 50 ms
    const loop = { max: 0, over50: 0, over200: 0, last: 0, timer: undefined as NodeJS.Timeout | undefined };
    const tick = () => {
      const now = performance.now();
      const late = now - loop.last - 10;
      loop.max = Math.max(loop.max, late);
      if (late > 50) loop.over50++;
      if (late > 200) loop.over200++;
      loop.last = now;
    };
    type Times = { importS: number; refreshS: number; inserted: number; refreshed: number };
    /** A 300,000-row import and then a full status refresh in the server's process, while `path_` is driven. */
    const busy = async (file: string, path_: string, h: Record<string, string>): Promise<{ run: Run; times: Times }> => {
      const times: Times = { importS: 0, refreshS: 0, inserted: 0, refreshed: 0 };
      const work_ = (async () => {
        await new Promise((r) => setTimeout(r, 1000));
        loop.last = performance.now();
        loop.timer = setInterval(tick, 10);
        const t0 = performance.now();
        const r = await runLedgerImport(ctx, CLI_ACTOR, {
          orgId: 1,
          fileName: path.basename(file),
          content: await fs.promises.readFile(file), // (as an upload arrives: not one synchronous 44 MB read)
          mode: 'partial',
          dryRun: false,
          refreshStatus: false,
        });
        times.importS = (performance.now() - t0) / 1000;
        times.inserted = r.inserted;
        const t1 = performance.now();
        const rr = await refreshStatuses(ctx);
        times.refreshS = (performance.now() - t1) / 1000;
        times.refreshed = rr.changed;
        clearInterval(loop.timer);
      })();
      const run = await drive(url + path_, h, { until: work_ });
      await work_;
      return { run, times };
    };
    // /health alone (its own connection: what the event loop alone costs), as the target says; then the same work
    // again — the same file with other serial numbers, so as many rows are inserted and refreshed — while page 1 of
    // the instrument list is driven (the main connection, which the write transactions take in turns)
    const health = await busy(csv, '/api/v1/health', {});
    const healthBusy = health.run;
    const times = health.times;
    process.stderr.write('  load: the instrument list during another import and refresh …\n');
    const csv2 = path.join(DIR, `import-${IMPORT_N}-b.csv`);
    if (!fs.existsSync(csv2)) {
      // the second column is 出厂编号 (ledger.bench.ts HEADER): prefixed, every row is a new instrument
      const lines = fs.readFileSync(csv, 'utf8').split('\n');
      fs.writeFileSync(csv2, lines.map((l, i) => (i === 0 || !l ? l : l.replace(',', ',B'))).join('\n'));
    }
    const listRun = await busy(csv2, instruments, headers);
    const listBusy = listRun.run;

    const row = (what: string, r: Run, target?: string, cpu = true) =>
      `| ${what} | ${Math.round(r.requests / r.seconds).toLocaleString('en')} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.p999)} | ${ms(r.max)} | ${cpu ? r.cpuMsPerReq.toFixed(2) : '— (import and refresh)'} | ${r.requests.toLocaleString('en')}${r.non2xx || r.errors || r.timeouts ? ` (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})` : ''} | ${target ?? '—'} |`;
    const rps = (r: Run) => r.requests / r.seconds;
    const listOk = (r: Run) => rps(r) >= 500 && r.p99 < 100 && r.non2xx === 0;
    const lines = [
      '## Lists under load (`npm run bench -- load`)',
      '',
      `Command: \`npm run bench -- load\` (packages/server/bench/load.bench.ts). Data: SQLite, ${N.toLocaleString('en')} instruments in ONE organization (status bench generator: water, electricity, gas, dispensers with nozzles, auxiliaries), statuses refreshed as of 2024-10-15; database built once and kept in \`.tmp/bench-load/\`, each run works on a copy. The real server (\`build()\`, listening on 127.0.0.1) is driven by autocannon ${CONNECTIONS} connections for ${SECONDS} s per row, in a child process, with the session cookie of the organization's enterprise user (data scope: its organization).`,
      '',
      `Capped count (\`QIANGJIAN_LIST_COUNT_CAP\` = ${CAP.toLocaleString('en')}): the instrument list answered total ${first.total.toLocaleString('en')}, totalCapped ${String(first.totalCapped)}; the due list ${firstDue.total.toLocaleString('en')}, totalCapped ${String(firstDue.totalCapped)}. Exact count (baseline server, cap 10^12): ${exact.total.toLocaleString('en')} instruments, ${exactDue.total.toLocaleString('en')} on the due list. Both servers share the database, its indexes and the process; only the count differs.`,
      '',
      '| request | req/s | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | server CPU per request (ms) | requests | target |',
      '|---|---|---|---|---|---|---|---|---|',
      ...results.flatMap((r) => [
        row(
          `${r.what} — capped count, kept between writes (as deployed; no writes during this run)`,
          r.capped,
          `≥ 500 req/s, p99 < 100 ms — ${mark(listOk(r.capped))}; ${(rps(r.capped) / Math.max(rps(r.exact), 0.001)).toFixed(0)}× the baseline's req/s`,
        ),
        row(
          `${r.what} — capped count computed on every request (as after each write: counts not kept)`,
          r.counted,
          `≥ 500 req/s, p99 < 100 ms — ${mark(listOk(r.counted))}; ${(rps(r.counted) / Math.max(rps(r.exact), 0.001)).toFixed(0)}× the baseline's req/s`,
        ),
        row(`${r.what} — baseline: exact COUNT(*) on every request (before this change)`, r.exact),
      ]),
      row('/health alone', healthAlone),
      row(
        `/health while a ${IMPORT_N.toLocaleString('en')}-row CSV import (${times.importS.toFixed(1)} s, ${times.inserted.toLocaleString('en')} inserted) and then a full status refresh (${times.refreshS.toFixed(1)} s, ${times.refreshed.toLocaleString('en')} rows written) run in the server's process`,
        healthBusy,
        `p99 < 50 ms — ${mark(healthBusy.p99 < 50)}`,
        false,
      ),
      row(
        `instrument list, page 1, while the same work runs again on another file (import ${listRun.times.importS.toFixed(1)} s, ${listRun.times.inserted.toLocaleString('en')} inserted; refresh ${listRun.times.refreshS.toFixed(1)} s, ${listRun.times.refreshed.toLocaleString('en')} rows written; counts recomputed after every write)`,
        listBusy,
        `no request held > 100 ms by the import or refresh — max ${ms(listBusy.max)} ms`,
        false,
      ),
      '',
      `Event loop of the server process during both imports and refreshes (a 10 ms interval timer): the longest stall ${ms(loop.max)} ms; ${loop.over50} stalls over 50 ms, ${loop.over200} over 200 ms. autocannon keeps ${CONNECTIONS} requests in flight, so while the loop is blocked only those ${CONNECTIONS} wait: the max column shows the longest stall a request saw, the percentiles how rare such stalls were among all requests.`,
      '',
      `Server CPU per request = CPU time of the server process (user + system, all its threads) during the run ÷ requests answered: unlike req/s and latency it hardly depends on what else the machine runs; one free core answers about 1000 ÷ that many requests a second. ${results.map((r) => `${r.what.split(',')[0]}: ${(1000 / r.capped.cpuMsPerReq).toFixed(0)} req/s per core with the count kept, ${(1000 / r.counted.cpuMsPerReq).toFixed(0)} counting every time, ${(1000 / r.exact.cpuMsPerReq).toFixed(0)} with the exact count`).join('; ')}.`,
      '',
      'Query plans of page 1 (SQLite `EXPLAIN QUERY PLAN`):',
      '',
      `- instrument list, sorted by serial number: ${plan.join('; ')}`,
      `- due list: ${duePlan.join('; ')}`,
      '',
      `Machine: ${os.cpus().length} cores shared with other work (1/5/15-min load average at the end of the run: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}); Node ${process.version}. Client and server share the machine's cores.`,
    ];
    return lines.join('\n');
  } finally {
    await checkpointer.stop();
    await app.close();
    await baseline.close();
    await handle.close();
    for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(work + s, { force: true });
  }
}
