/**
 * `npm run bench -- reports`: Attachments 2 and 3 and the KPIs over HTTP on 1,000,000 instruments (the status
 * bench's generator: 200 utilities with water, electricity and gas meters; dispensers with 4 nozzles and station
 * auxiliaries moved to 100 gas-station sites of 20 operators), on SQLite and PostgreSQL. The real server (`build()`
 * on 127.0.0.1) answers; autocannon (load-client.mjs, a child process) drives page 1 of the instrument list:
 * - the list alone (baseline p99), then the same list while Attachment 2 is computed cold (p99 during a report, the
 *   ratio to the baseline, and the longest event-loop stall of the server process);
 * - Attachment 3 and the KPIs cold (nothing running beside them), then each again warm (the report cache: same data
 *   version).
 * Options: `--reports-n=100000` (default 1,000,000), `--reports-engines=sqlite` (default sqlite,postgres),
 * `--reports-seconds=` (the baseline run, default 8), `--reports-connections=` (default 10).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { build } from '../src/app.js';
import { hashPassword } from '../src/auth/password.js';
import { loadReferenceData } from '../src/bootstrap.js';
import { loadConfig, REPO_ROOT } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/db/database.js';
import { insertOrg } from '../src/modules/orgs/orgs.repository.js';
import { syncReportSpans } from '../src/modules/reports/attachments/spans.service.js';
import { insertUser } from '../src/modules/users/users.repository.js';
import { fixedClock } from '../src/time.js';
import { fillPg, fillSqlite, insertOrgs } from './status.bench.js';

const arg = (name: string, fallback: string) => {
  const a = process.argv.find((x) => x.startsWith(`--reports-${name}=`));
  return a ? (a.split('=')[1] as string) : fallback;
};
const N = Number(arg('n', '1000000'));
const ENGINES = arg('engines', 'sqlite,postgres').split(',');
const SECONDS = Number(arg('seconds', '8'));
const CONNECTIONS = Number(arg('connections', '10'));
const PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DIR = path.join(REPO_ROOT, '.tmp', 'bench-reports');
const CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-client.mjs');
export const NOW = '2024-10-15T02:00:00.000Z';
const ORGS = 200;
const STATION_ORGS = 20;
const SITES = 100;
const USER = 'bench_regulator';
const PASSWORD = 'Bench-Password-1';
const Q = 'regionCode=150626&from=2024-06-07&to=2024-10-15';
/** an indexed read: page 1 of one utility's instruments (instruments_org_serial), as an office clerk opens it */
const LIST = '/api/v1/instruments?orgId=7&page=1&pageSize=20';

interface Run {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

/** One autocannon run in a child process, for `seconds` or until `until` settles. */
function drive(url: string, headers: Record<string, string>, o: { seconds?: number; until?: Promise<unknown> }): Promise<Run> {
  const child = fork(CLIENT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<Run>((resolve, reject) => {
    child.once('message', (m: Run & { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
    });
    child.send({ url, connections: CONNECTIONS, duration: o.until === undefined ? (o.seconds ?? SECONDS) : 3600, headers });
    const stop = () => child.send('stop');
    o.until?.then(stop, stop);
  });
}

/** Gas-station operators and sites; the generated dispensers and auxiliaries move to them (set-wise). */
async function stations(ctx: AppContext): Promise<number> {
  const first = ORGS + 1;
  for (let i = 0; i < STATION_ORGS; i++)
    await insertOrg(ctx.db, {
      name: `bench station ${i + 1}`,
      kind: 'gas_station',
      credit_code: `BENCHST${String(i + 1).padStart(11, '0')}`,
      region_code: '150626100',
      address: null,
      contact_name: null,
      contact_phone: null,
      ownership_type: 'private',
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
    });
  const sites = Array.from({ length: SITES }, (_, k) => ({
    org_id: first + (k % STATION_ORGS),
    name: `bench site ${k + 1}`,
    kind: 'gas_station',
    town_code: '150626100',
    address: null,
    created_at: NOW,
    updated_at: NOW,
  }));
  await ctx.db.insertInto('sites').values(sites).execute();
  // site k (1…SITES) belongs to operator first + (k − 1) mod STATION_ORGS: instrument id → site 1 + id mod SITES
  const stationCats = `('fuel_dispenser','dipstick','hydrometer','thermometer','tank_level_gauge','standard_measure')`;
  const siteOf = `(select min(id) from sites) + (instruments.id % ${SITES})`;
  await sql
    .raw(
      `update instruments set site_id = ${siteOf}, org_id = ${first} + (instruments.id % ${SITES}) % ${STATION_ORGS} where category in ${stationCats}`,
    )
    .execute(ctx.db);
  const bureau = await insertOrg(ctx.db, {
    name: 'bench bureau',
    kind: 'bureau',
    credit_code: 'BENCHBUREAU0000001',
    region_code: '150626',
    address: null,
    contact_name: null,
    contact_phone: null,
    ownership_type: null,
    created_at: NOW,
    updated_at: NOW,
    deleted_at: null,
  });
  return bureau;
}

async function login(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return { cookie: String(res.headers.get('set-cookie')).split(';')[0] as string };
}

/**
 * Seconds of one GET (the body read and checked for 200), with node:http and no timeout: a cold report on 10^6
 * instruments outlasts fetch's 300 s header timeout.
 */
function timed(url: string, headers: Record<string, string>): Promise<{ s: number; body: unknown }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode} ${text.slice(0, 300)}`));
        else resolve({ s: (performance.now() - t0) / 1000, body: JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

interface EngineResult {
  engine: string;
  fillS: number;
  spansS: number;
  verifications: number;
  nozzles: number;
  base: Run;
  during: Run;
  a2Cold: number;
  a2Warm: number;
  a3Cold: number;
  a3Warm: number;
  kpiCold: number;
  kpiWarm: number;
  a2Rows: number;
  a3Rows: number;
  inService: number;
  loopMaxMs: number;
  loopOver50: number;
  baseLoopMaxMs: number;
  baseLoopOver50: number;
  cpuS: number;
}

/**
 * The bench's data in an empty database: migrations, reference data, the status bench's utilities and N instruments
 * (raw-driver bulk insert), gas-station operators and sites, the regulator who reads the reports. Also used by
 * bench/reports-profile.ts.
 */
export async function seedReportsData(ctx: AppContext, n: number): Promise<{ verifications: number; nozzles: number }> {
  const { handle } = ctx;
  await migrateToLatest(handle.db);
  await loadReferenceData(ctx);
  await insertOrgs(ctx);
  process.stderr.write(`  reports/${ctx.engine}: generating ${n} instruments …\n`);
  const filled = ctx.engine === 'sqlite' ? await fillSqlite(handle, n, ORGS) : await fillPg(handle.pool as pg.Pool, n, ORGS);
  const bureau = await stations(ctx);
  await insertUser(ctx.db, {
    username: USER,
    display_name: USER,
    role: 'regulator',
    org_id: bureau,
    password_hash: await hashPassword(PASSWORD),
    must_change_password: 0,
    disabled: 0,
    created_at: NOW,
    updated_at: NOW,
  });
  if (ctx.engine === 'sqlite') handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  else await (handle.pool as pg.Pool).query('analyze');
  return filled;
}

async function runEngine(engine: 'sqlite' | 'postgres'): Promise<EngineResult> {
  let location: string;
  let dropPg: (() => Promise<void>) | null = null;
  if (engine === 'sqlite') {
    fs.mkdirSync(DIR, { recursive: true });
    location = path.join(DIR, `reports_${process.pid}.db`);
  } else {
    const name = `qj_bench_reports_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    location = u.toString();
    dropPg = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await c.end();
    };
  }
  const handle: DatabaseHandle = openDatabase(location, { poolSize: 4 });
  const config = { ...loadConfig({ db: location, logLevel: 'silent', webDist: '/nonexistent' }), reportCacheEntries: 32 };
  const ctx: AppContext = { db: handle.db, engine: handle.engine, handle, clock: fixedClock(NOW), config };
  try {
    const t0 = performance.now();
    const filled = await seedReportsData(ctx, N);
    const fillS = (performance.now() - t0) / 1000;
    // the status spans of every instrument (what the first report, or serve's background run, does after a bulk load)
    process.stderr.write(`  reports/${engine}: building status spans …\n`);
    const t1 = performance.now();
    await syncReportSpans(ctx);
    // as after the bulk load: the build's WAL folded into the database (serve's checkpointer does this), and
    // PostgreSQL's statistics taken of the filled tables (the sync does that itself after a large build)
    if (ctx.engine === 'sqlite') handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    const spansS = (performance.now() - t1) / 1000;

    const app = await build({ ctx, serveWeb: false });
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const headers = await login(url);
      process.stderr.write(`  reports/${engine}: baseline list …\n`);
      await drive(url + LIST, headers, { seconds: 2 });
      // event-loop stalls of the server process (a 10 ms timer firing late): during the list alone, then while
      // Attachment 2 is computed cold
      const loop = { max: 0, over50: 0, last: performance.now() };
      const timer = setInterval(() => {
        const now = performance.now();
        const late = now - loop.last - 10;
        loop.max = Math.max(loop.max, late);
        if (late > 50) loop.over50++;
        loop.last = now;
      }, 10);
      const base = await drive(url + LIST, headers, { seconds: SECONDS });
      const baseLoop = { max: loop.max, over50: loop.over50 };
      process.stderr.write(`  reports/${engine}: Attachment 2 cold while the list is driven …\n`);
      const cpu0 = process.cpuUsage();
      const a2p = (async () => {
        await new Promise((r) => setTimeout(r, 1000));
        loop.last = performance.now();
        loop.max = 0;
        loop.over50 = 0;
        return timed(`${url}/api/v1/reports/attachment2?${Q}`, headers);
      })();
      const during = await drive(url + LIST, headers, { until: a2p });
      const a2 = await a2p;
      clearInterval(timer);
      const a2Warm = await timed(`${url}/api/v1/reports/attachment2?${Q}`, headers);
      process.stderr.write(`  reports/${engine}: Attachment 3, KPIs …\n`);
      const a3 = await timed(`${url}/api/v1/reports/attachment3?${Q}`, headers);
      const a3Warm = await timed(`${url}/api/v1/reports/attachment3?${Q}`, headers);
      const kpi = await timed(`${url}/api/v1/reports/kpi?${Q}`, headers);
      const kpiWarm = await timed(`${url}/api/v1/reports/kpi?${Q}`, headers);
      const cpu = process.cpuUsage(cpu0);
      const a2Body = a2.body as { rows: unknown[]; total: { inService: number } };
      return {
        engine,
        fillS,
        spansS,
        verifications: filled.verifications,
        nozzles: filled.nozzles,
        base,
        during,
        a2Cold: a2.s,
        a2Warm: a2Warm.s,
        a3Cold: a3.s,
        a3Warm: a3Warm.s,
        kpiCold: kpi.s,
        kpiWarm: kpiWarm.s,
        a2Rows: a2Body.rows.length,
        a3Rows: (a3.body as { rows: unknown[] }).rows.length,
        inService: a2Body.total.inService,
        loopMaxMs: loop.max,
        loopOver50: loop.over50,
        baseLoopMaxMs: baseLoop.max,
        baseLoopOver50: baseLoop.over50,
        cpuS: (cpu.user + cpu.system) / 1e6,
      };
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
    if (dropPg) await dropPg();
    else for (const s of ['', '-wal', '-shm', '.audit-key']) fs.rmSync(location + s, { force: true });
  }
}

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const sec = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} ms` : `${x.toFixed(1)} s`);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

export async function run(): Promise<string> {
  const results: EngineResult[] = [];
  for (const e of ENGINES) results.push(await runEngine(e as 'sqlite' | 'postgres'));
  const lines = [
    '## Reports over HTTP (`npm run bench -- reports`)',
    '',
    `Command: \`npm run bench -- reports\` (packages/server/bench/reports.bench.ts${ENGINES.length < 2 || N !== 1_000_000 ? `, run with ${process.argv.slice(2).join(' ')}` : ''}). Data: ${N.toLocaleString('en')} instruments (status bench generator: 40 % water, 25 % electricity, 20 % gas meters in ${ORGS} utilities; 10 % dispensers with 4 nozzles and 5 % station auxiliaries moved to ${SITES} gas-station sites of ${STATION_ORGS} operators), ${results[0]?.verifications.toLocaleString('en')} verifications, ${results[0]?.nozzles.toLocaleString('en')} nozzles, all in one town (150626100); no inspections, findings, orders or cases (their reads are per organization and small). The reports count the status spans (docs/REPORTS.md "Status spans"), built once after the bulk load (column "status spans build": the engine's timeline of every instrument, written in chunk transactions) — nothing is computed per instrument while a report runs. The region is the whole county (150626), P = 2024-06-07 … 2024-10-15, as a regulator (scope all).`,
    '',
    `The real server (\`build()\`, 127.0.0.1) answers; autocannon drives an indexed read — page 1 of one utility's instrument list (${LIST}, index instruments_org_serial) — with ${CONNECTIONS} connections from a child process. Cold = the first request (computed in the read worker); warm = the same request again (answered from the report cache: same data version). Seconds are wall-clock of the HTTP request.`,
    '',
    '| engine | data load (s) | status spans build (s) | Attachment 2 cold (while the list is driven) | Attachment 2 warm | Attachment 3 cold | Attachment 3 warm | KPIs cold | KPIs warm | rows (A2 / A3), in service |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.engine} | ${r.fillS.toFixed(1)} | ${r.spansS.toFixed(1)} | ${sec(r.a2Cold)} | ${sec(r.a2Warm)} | ${sec(r.a3Cold)} | ${sec(r.a3Warm)} | ${sec(r.kpiCold)} | ${sec(r.kpiWarm)} | ${r.a2Rows} / ${r.a3Rows}, ${r.inService.toLocaleString('en')} |`,
    ),
    '',
    '| engine | instrument list alone: req/s, p50 / p99 / max (ms) | the same while Attachment 2 is computed: req/s, p50 / p99 / max (ms) | p99 ratio (during ÷ alone) | longest event-loop stall: list alone → during the report | targets |',
    '|---|---|---|---|---|---|',
    ...results.map((r) => {
      const rps = (x: Run) => Math.round(x.requests / x.seconds).toLocaleString('en');
      const errs = (x: Run) => (x.non2xx || x.errors ? ` (non-2xx ${x.non2xx}, errors ${x.errors})` : '');
      return `| ${r.engine} | ${rps(r.base)}, ${ms(r.base.p50)} / ${ms(r.base.p99)} / ${ms(r.base.max)}${errs(r.base)} | ${rps(r.during)}, ${ms(r.during.p50)} / ${ms(r.during.p99)} / ${ms(r.during.max)}${errs(r.during)} | ${(r.during.p99 / Math.max(r.base.p99, 0.1)).toFixed(1)}× | ${ms(r.baseLoopMaxMs)} ms (${r.baseLoopOver50} stalls > 50 ms in ${SECONDS} s) → ${ms(r.loopMaxMs)} ms (${r.loopOver50} stalls > 50 ms in ${r.during.seconds.toFixed(0)} s) | p99 < 50 ms during a report — ${mark(r.during.p99 < 50)}; longest stall < 20 ms — ${mark(r.loopMaxMs < 20)}; Attachment 2 and 3 < 1 s — cold ${mark(r.a2Cold < 1 && r.a3Cold < 1)}, warm ${mark(r.a2Warm < 1 && r.a3Warm < 1)}; KPIs < 1 s — cold ${mark(r.kpiCold < 1)}, warm ${mark(r.kpiWarm < 1)} |`;
    }),
    '',
    `Server-process CPU from the first report request to the last (all threads, user + system): ${results.map((r) => `${r.engine} ${r.cpuS.toFixed(1)} s`).join(', ')}.`,
    '',
    `Machine: ${os.cpus().length} cores shared with other work (other helpers ran tests and benchmarks at the same time, so the figures are noisy; 1/5/15-min load average at the end of the run: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}); Node ${process.version}. Client, server, report worker and PostgreSQL share the machine's cores.`,
  ];
  return lines.join('\n');
}
