/**
 * Profiling helper for the reports (not a bench section): `npx tsx packages/server/bench/reports-profile.ts
 * [--n=100000] [--engine=sqlite|postgres] [--jobs=a2,kpi,a3] [--db=<file>]` seeds the reports bench's data once into
 * `.tmp/bench-reports/profile_<n>.db` (SQLite; kept and reused) or a PostgreSQL database `qj_bench_profile_<n>` (kept),
 * then runs the report jobs directly (main thread, no HTTP, no cache) and prints their wall-clock seconds.
 * Run under `node --cpu-prof --import tsx` for a CPU profile.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, REPO_ROOT } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/db/database.js';
import { type ReportJob, runReportJob } from '../src/modules/reports/attachments/report.read.js';
import { syncReportSpans } from '../src/modules/reports/attachments/spans.service.js';
import { fixedClock } from '../src/time.js';
import { NOW, seedReportsData } from './reports.bench.js';

const arg = (name: string, fallback: string) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? (a.split('=')[1] as string) : fallback;
};
const N = Number(arg('n', '100000'));
const ENGINE = arg('engine', 'sqlite') as 'sqlite' | 'postgres';
const JOBS = arg('jobs', 'a2,kpi').split(',');
const PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function main() {
  let location: string;
  let fresh: boolean;
  if (ENGINE === 'sqlite') {
    location = arg('db', path.join(REPO_ROOT, '.tmp', 'bench-reports', `profile_${N}.db`));
    fs.mkdirSync(path.dirname(location), { recursive: true });
    fresh = !fs.existsSync(location);
  } else {
    const name = arg('pgdb', `qj_bench_profile_${N}`);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    fresh = exists.rowCount === 0;
    if (fresh) await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    location = u.toString();
  }
  const handle: DatabaseHandle = openDatabase(location, { poolSize: 4 });
  const config = { ...loadConfig({ db: location, logLevel: 'silent', webDist: '/nonexistent' }), reportCacheEntries: 0 };
  const ctx: AppContext = { db: handle.db, engine: handle.engine, handle, clock: fixedClock(NOW), config };
  try {
    if (fresh) {
      const t0 = performance.now();
      await seedReportsData(ctx, N);
      process.stderr.write(`seeded ${N} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } else await migrateToLatest(handle.db);
    {
      const t0 = performance.now();
      const built = await syncReportSpans(ctx);
      process.stderr.write(`status spans built for ${built} instruments in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
    const rc = {
      region: { code: '150626', name: '' },
      prefix: '150626',
      scope: { kind: 'all' } as const,
      period: { periodStart: '2024-06-07', periodEnd: '2024-10-15', asOf: '2024-10-15' },
    };
    const jobs: Record<string, ReportJob> = {
      a2: { kind: 'attachment', id: 'attachment2', rc },
      a3: { kind: 'attachment', id: 'attachment3', rc },
      kpi: { kind: 'kpi', rc, by: null },
      kpiorg: { kind: 'kpi', rc, by: 'org' },
    };
    for (const j of JOBS) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await runReportJob(ctx, jobs[j] as ReportJob);
      const s = (performance.now() - t0) / 1000;
      const cu = process.cpuUsage(c0);
      const cpu = (cu.user + cu.system) / 1e6;
      const digest = JSON.stringify(r);
      process.stdout.write(
        `${ENGINE} ${j}: ${s.toFixed(2)} s, node CPU ${cpu.toFixed(2)} s  (result ${digest.length} chars, hash ${hash(digest)})\n`,
      );
      if (arg('dump', '')) fs.writeFileSync(`${arg('dump', '')}.${ENGINE}.${j}.json`, digest);
    }
  } finally {
    await handle.close();
  }
}

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

await main();
