/**
 * `npm run bench -- ledger`: the ledger import and export at scale on SQLite (issue 4):
 * - a deterministic 1,000,000-row CSV ledger imported by `qiangjian`'s import path (parse, validate,
 *   upsert in one transaction, journal, one audit entry) beside the `sqlite3` shell's `.import` of the same
 *   file into a table with the same columns and indexes (the CSV's 9 columns; the 8 secondary indexes of
 *   `instruments`, each mirrored over the CSV columns that carry the same kind of keys — BASELINE_INDEXES),
 *   measured in the same run; time and CPU ratio (target ≤ 2×) and peak RSS of the import (target < 1 GB);
 * - a 100,000-row XLSX import (target < 60 s);
 * - the Attachment 1 export of the 1,000,000 instruments (streamed XLSX; RSS < 1 GB).
 * Each measured step runs in a child process (this file with `--child`) so RSS is the step's own.
 * Options: `--ledger-n=100000` for a smaller run; `--ledger-steps=import` to skip the XLSX import and
 * the export; `--ledger-reimport` adds a no-op re-import of the CSV.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCreditCode } from '@qiangjian/shared';
import { CLI_ACTOR } from '../src/auth/actor.js';
import { openContext } from '../src/bootstrap.js';
import { loadConfig, REPO_ROOT } from '../src/config.js';
import { SQLITE_PAGE_SIZE } from '../src/db/database.js';
import { seededRandom } from '../src/lib/random.js';
import ExcelJS from '../src/lib/sheets/exceljs.js';
import { exportLedger } from '../src/modules/ledger/export/ledger-export.service.js';
import { runLedgerImport } from '../src/modules/ledger/import/ledger-import.service.js';
import { findOrgByCreditCode, insertOrg } from '../src/modules/orgs/orgs.repository.js';
import { fixedClock } from '../src/time.js';

const HERE = fileURLToPath(import.meta.url);
const DIR = path.join(REPO_ROOT, '.tmp', 'bench-ledger');
const nArg = process.argv.find((a) => a.startsWith('--ledger-n='));
const N = nArg ? Number(nArg.split('=')[1]) : 1_000_000;
const XLSX_N = Math.min(100_000, N);
/** `--ledger-steps=import,xlsx,export` (default all; the CSV import and its baseline always run). */
const stepsArg = process.argv.find((a) => a.startsWith('--ledger-steps='));
const runsArg = process.argv.find((a) => a.startsWith('--ledger-runs='));
/** Rounds of baseline + import (`--ledger-runs=N`, default 3): the medians are compared. */
const RUNS = runsArg ? Math.max(1, Number(runsArg.split('=')[1])) : 3;
const STEPS = new Set(stepsArg ? (stepsArg.split('=')[1] ?? '').split(',') : ['import', 'xlsx', 'export']);
const CREDIT = makeCreditCode('91150626', 'MA0BENCH');
/**
 * The baseline table mirrors the index set `instruments` carries for an import of this file (one
 * organization, category water_meter for every row, no sites, statuses not yet computed), over the CSV
 * columns whose values have the same shape (unique / constant / increasing / scattered):
 * instruments index (keys this import writes)                  → baseline index (CSV columns)
 * unique org + category + serial (constant, constant, rising)  → unique (serial_no)
 * unique public_code (16 random symbols; one 1,000-row chunk    → unique (serial_no's thousands digits reversed ||
 *   shares a random 4-symbol prefix: chunks scattered, rows         its last three digits reversed): groups of 1,000
 *   scattered inside a chunk)                                        land at scattered places, rows scattered inside
 * org_status (org, status NULL, category: one key)             → (model, conclusion): one key ('LXS-15E', '合格')
 * division (the organization's region: one key)                → (institution): one key
 * site (NULL: one key)                                         → (model): one key
 * valid_until (NULL until the status refresh: one key)         → (conclusion): one key
 * status_due (NULL, NULL: one key)                             → (conclusion, model): one key
 * org_cat_site (org, category, site NULL, serial: rising)      → (institution, serial_no): rising
 * The import also writes a verifications row (2 indexes maintained) and journal rows per id run; the baseline
 * has no counterpart for those (they are the import's extra work).
 */
const REV = (from: number, len: number) =>
  Array.from({ length: len }, (_, i) => `substr(serial_no, ${from + len - 1 - i}, 1)`).join(' || ');
const BASELINE_INDEXES = [
  'create unique index b_org_cat_serial on ledger (serial_no)',
  `create unique index b_public_code on ledger ((${REV(3, 6)} || ${REV(9, 3)}))`,
  'create index b_org_status on ledger (model, conclusion)',
  'create index b_division on ledger (institution)',
  'create index b_site on ledger (model)',
  'create index b_valid_until on ledger (conclusion)',
  'create index b_status_due on ledger (conclusion, model)',
  'create index b_org_cat_site on ledger (institution, serial_no)',
];
const HEADER = ['器具名称', '出厂编号', '型号规格', '口径', '安装地址', '安装日期', '检定日期', '检定结论', '检定机构'];

function* ledgerRows(n: number): Generator<string[]> {
  const r = seededRandom(42);
  const names = ['水表', '智能水表', '冷水水表'];
  const dn = ['DN15', 'DN15', 'DN15', 'DN20', 'DN25'];
  for (let i = 1; i <= n; i++) {
    const y = 2018 + Math.floor(r() * 6);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const inst = `${y}-${String(m).padStart(2, '0')}-${String(Math.min(28, d + 1)).padStart(2, '0')}`;
    yield [
      names[i % 3] as string,
      `SB${String(i).padStart(9, '0')}`,
      'LXS-15E',
      dn[Math.floor(r() * dn.length)] as string,
      `嘎鲁图镇示例小区${1 + (i % 40)}号楼${1 + (i % 6)}单元${100 + (i % 30)}室`,
      inst,
      date,
      '合格',
      '示例乌审旗计量检定测试所',
    ];
  }
}

/** Writes the first `n` rows of the deterministic water-meter ledger as CSV (the load bench imports 300,000 of them). */
export function writeCsv(file: string, n: number): void {
  const fd = fs.openSync(file, 'w');
  let buf: string[] = [HEADER.join(',')];
  for (const row of ledgerRows(n)) {
    buf.push(row.join(','));
    if (buf.length >= 10_000) {
      fs.writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, `${buf.join('\n')}\n`);
  fs.closeSync(fd);
}

async function writeXlsx(file: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('台账');
  ws.addRow(HEADER).commit();
  for (const row of ledgerRows(n)) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
}

interface ChildResult {
  ms: number;
  /** CPU seconds (user + system) of the measured step. */
  cpuS: number;
  maxRssMb: number;
  [k: string]: unknown;
}

/** Flushes dirty pages so a step does not pay for the previous step's writeback (each step starts clean). */
function settle(): void {
  execFileSync('sync');
}

function child(args: string[]): ChildResult {
  settle();
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [HERE, '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`child ${args[0]} failed (${r.status}): ${r.stdout}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as ChildResult;
}

async function childMain(argv: string[]): Promise<void> {
  const [mode, db, file] = argv as [string, string, string];
  // the benchmark's 1,000,000-row file is past the default row and cell limits (200,000 rows): raised here
  const base = loadConfig({ db, logLevel: 'silent' });
  const importLimits = { ...base.importLimits, maxRows: 2_000_000, maxCells: 40_000_000 };
  const ctx = await openContext({ ...base, importLimits }, { clock: fixedClock('2024-10-15T02:00:00.000Z') });
  const now = ctx.clock.now().toISOString();
  const existing = await findOrgByCreditCode(ctx.db, CREDIT);
  const orgId = existing
    ? Number(existing.id)
    : await insertOrg(ctx.db, {
        name: 'bench water',
        kind: 'water_supply',
        credit_code: CREDIT,
        region_code: '150626100',
        address: null,
        contact_name: null,
        contact_phone: null,
        ownership_type: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let extra: Record<string, unknown> = {};
  if (mode === 'import') {
    const r = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId,
      fileName: path.basename(file),
      content: fs.readFileSync(file),
      mode: 'partial',
      dryRun: false,
      refreshStatus: false,
    });
    extra = { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected };
  } else {
    const out = fs.createWriteStream(file);
    const done = new Promise<void>((res) => out.on('finish', () => res()));
    const r = await exportLedger(ctx, CLI_ACTOR, { orgId, format: 'xlsx', layout: 'attachment1', asOf: '2024-10-15' }, out);
    await done;
    extra = { rows: r.rows, bytes: fs.statSync(file).size };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  await ctx.handle.close();
  process.stdout.write(`${JSON.stringify({ ms, cpuS, maxRssMb: process.resourceUsage().maxRSS / 1024, ...extra })}\n`);
}

function rm(db: string): void {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
}

const s = (ms: number) => (ms / 1000).toFixed(1);

export async function run(): Promise<string> {
  fs.mkdirSync(DIR, { recursive: true });
  const csvFile = path.join(DIR, `ledger-${N}.csv`);
  const xlsxFile = path.join(DIR, `ledger-${XLSX_N}.xlsx`);
  if (!fs.existsSync(csvFile)) writeCsv(csvFile, N);
  if (!fs.existsSync(xlsxFile)) await writeXlsx(xlsxFile, XLSX_N);
  const csvMb = fs.statSync(csvFile).size / 2 ** 20;

  // baseline: sqlite3 shell .import into a table with the same columns and indexes (BASELINE_INDEXES), once with
  // the shell's default page size and once with the page size qiangjian creates its databases with; the faster
  // of the two is the baseline the ratios use
  const base = path.join(DIR, 'baseline.db');
  const baselineRun = (pageSize: number | null) => {
    rm(base);
    execFileSync('sqlite3', [
      base,
      ...(pageSize ? [`pragma page_size = ${pageSize};`] : []),
      'create table ledger (instrument_name text, serial_no text, model text, caliber text, location text, install_date text, verification_date text, conclusion text, institution text);',
      ...BASELINE_INDEXES.map((x) => `${x};`),
    ]);
    settle();
    const tb = performance.now();
    // bash's `times` prints the CPU time of its children (user, system) on its second line
    const timed = execFileSync(
      'bash',
      ['-c', 'sqlite3 "$1" -cmd ".mode csv" ".import --skip 1 $2 ledger" && times', 'bash', base, csvFile],
      {
        encoding: 'utf8',
      },
    );
    const ms = performance.now() - tb;
    const secs = (t: string) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(t);
      return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
    };
    const childTimes = (timed.trim().split('\n').pop() ?? '').trim().split(/\s+/);
    const cpuS = secs(childTimes[0] ?? '') + secs(childTimes[1] ?? '');
    const pageSizeUsed = Number(execFileSync('sqlite3', [base, 'pragma page_size']).toString().trim());
    const rows = execFileSync('sqlite3', [base, 'select count(*) from ledger']).toString().trim();
    rm(base);
    return { ms, cpuS, rows, pageSize: pageSizeUsed };
  };
  const db = path.join(DIR, 'qiangjian.db');
  // RUNS rounds, each: the two baselines and the import into a fresh database; medians are compared
  const rounds: { b4: ReturnType<typeof baselineRun>; b8: ReturnType<typeof baselineRun>; imp: ChildResult }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const b4 = baselineRun(null);
    const b8 = baselineRun(SQLITE_PAGE_SIZE);
    rm(db);
    child(['migrate', db, path.join(DIR, 'none.xlsx')]); // migrate + reference data outside the timed run
    rounds.push({ b4, b8, imp: child(['import', db, csvFile]) });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
  const baselines = [rounds.map((r) => r.b4), rounds.map((r) => r.b8)].map((runs) => ({
    pageSize: runs[0]!.pageSize,
    rows: runs[0]!.rows,
    ms: median(runs.map((r) => r.ms)),
    cpuS: median(runs.map((r) => r.cpuS)),
    runs: runs.map((r) => r.ms),
  }));
  const baselineMs = Math.min(...baselines.map((x) => x.ms));
  const baselineCpuS = Math.min(...baselines.map((x) => x.cpuS));
  const impByWall = [...rounds.map((r) => r.imp)].sort((a, b) => a.ms - b.ms);
  const imp = impByWall[Math.floor((impByWall.length - 1) / 2)] as ChildResult;
  const impRuns = rounds.map((r) => r.imp.ms);
  const impCpuS = median(rounds.map((r) => r.imp.cpuS));
  const impRssMb = Math.max(...rounds.map((r) => r.imp.maxRssMb));
  const again = process.argv.includes('--ledger-reimport') ? child(['import', db, csvFile]) : null;
  const exp = STEPS.has('export') ? child(['export', db, path.join(DIR, 'attachment1.xlsx')]) : null;

  const xdb = path.join(DIR, 'qiangjian-xlsx.db');
  rm(xdb);
  const ximp = STEPS.has('xlsx') ? child(['import', xdb, xlsxFile]) : null;
  const load = os.loadavg();

  const ratio = imp.ms / baselineMs;
  const cpuRatio = impCpuS / baselineCpuS;
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  const cpu = (r: ChildResult) => r.cpuS.toFixed(1);
  return [
    '## Ledger import and export (`npm run bench -- ledger`)',
    '',
    `Data: a deterministic ${N.toLocaleString('en')}-row, 9-column water-meter ledger CSV (${csvMb.toFixed(0)} MB: 器具名称, 出厂编号, 型号规格, 口径, 安装地址, 安装日期, 检定日期, 检定结论, 检定机构) and the first ${XLSX_N.toLocaleString('en')} rows of it as XLSX. SQLite, one organization, each step in its own child process after a \`sync\` (so no step pays for the previous one's writeback) (peak RSS = \`process.resourceUsage().maxRSS\`; CPU = user + system seconds of the step: \`process.cpuUsage()\` in the child, bash's \`times\` for the \`sqlite3\` shell).`,
    '',
    '| step | rows | wall (s) | CPU (s) | peak RSS (MB) | target |',
    '|---|---|---|---|---|---|',
    ...baselines.map(
      (b) =>
        `| baseline: \`sqlite3\` shell \`.import\` into a table with the CSV's 9 columns and the 8 indexes of \`instruments\` mirrored (below), page size ${b.pageSize}; runs ${b.runs.map(s).join(', ')} | ${b.rows} | ${s(b.ms)} | ${b.cpuS.toFixed(1)} | — | — |`,
    ),
    `| qiangjian CSV import (parse + validate + insert instruments and verification records + import journal + audit, one transaction); runs ${impRuns.map(s).join(', ')} | ${imp.inserted} inserted, ${imp.rejected} rejected | ${s(imp.ms)} | ${impCpuS.toFixed(1)} | ${impRssMb.toFixed(0)} | ≤ 2× baseline: ${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU — ${mark(ratio <= 2)}; RSS < 1 GB — ${mark(impRssMb < 1024)} |`,
    ...(again
      ? [
          `| re-import of the same file (no-op: ${again.unchanged} unchanged, ${again.inserted} inserted, ${again.updated} updated) | ${N} | ${s(again.ms)} | ${cpu(again)} | ${again.maxRssMb.toFixed(0)} | — |`,
        ]
      : []),
    ...(ximp
      ? [
          `| XLSX import | ${ximp.inserted} inserted | ${s(ximp.ms)} | ${cpu(ximp)} | ${ximp.maxRssMb.toFixed(0)} | < 60 s — ${mark(ximp.ms < 60_000)} |`,
        ]
      : []),
    ...(exp
      ? [
          `| Attachment 1 export, streamed XLSX (${((exp.bytes as number) / 2 ** 20).toFixed(0)} MB) | ${exp.rows} | ${s(exp.ms)} | ${cpu(exp)} | ${exp.maxRssMb.toFixed(0)} | RSS < 1 GB — ${mark(exp.maxRssMb < 1024)} |`,
        ]
      : []),
    '',
    `Machine load while measuring (1/5/15-min load average at the end of the import steps): ${load
      .map((x) => x.toFixed(1))
      .join(
        ' / ',
      )} on ${os.cpus().length} cores. The baseline runs in the same run on the same machine, so the ratios are the comparable figures; on a shared machine the CPU ratio is the steadier one.`,
    '',
    ...(ximp && XLSX_N - Number(ximp.inserted) > 0
      ? [
          `XLSX: ${XLSX_N - Number(ximp.inserted)} of the ${XLSX_N.toLocaleString('en')} rows were rejected (see the import's error file).`,
          '',
        ]
      : []),
    "Baseline table (issue 4: \"a table with the same columns and indexes\"): the CSV's 9 columns, and for each of the 8 secondary indexes `instruments` carries, one index over the CSV columns whose values have the same shape in this file (one organization, category `water_meter` for every row, no sites, statuses not computed before the refresh): unique org + category + serial → unique (serial); unique `public_code` (random; one 1,000-row chunk shares a random 4-symbol prefix) → unique (the serial's thousands digits reversed ‖ its last three digits reversed: groups of 1,000 at scattered places, rows scattered inside each); `instruments_org_status` (org, NULL status, category), `instruments_division` (the organization's region), `instruments_site` (NULL), `instruments_valid_until` (NULL) and `instruments_status_due` (NULL, NULL) — one key each for every row → (model, conclusion), (institution), (model), (conclusion), (conclusion, model), each one key for every row; `instruments_org_cat_site` (org, category, NULL site, rising serial) → (institution, serial). The import's `verifications` row (a unique and a secondary index; the partial application and standard indexes stay untouched by imports) and journal rows have no counterpart in the baseline.",
    '',
    'Export memory: ExcelJS pushes committed rows into the zip without back-pressure; the export waits every 2,000 rows while more than 8 MB of sheet XML is pending for deflate, so RSS stays flat. CSV and JSON exports write with back-pressure.',
    '',
    'The import does more than the baseline: it parses and validates every cell (date formats, aliases, NFKC), checks duplicates inside the file, gives each instrument a public code, writes the `instruments` row (33 columns), a `verifications` row and one `import_journal` row per run of consecutive new ids, hashes the changes for the audit entry, and commits through the WAL (the WAL is checkpointed into the database at commit). Statuses of the touched instruments are refreshed afterwards by the status engine (`refreshStatuses`, set-wise); that refresh is not included above (see the status section).',
  ].join('\n');
}

if (process.argv[1] === HERE && process.argv[2] === '--child') {
  if (process.argv[3] === 'csv') {
    writeCsv(process.argv[5] as string, Number(process.argv[4]));
  } else if (process.argv[3] === 'migrate') {
    const ctx = await openContext(loadConfig({ db: process.argv[4] as string, logLevel: 'silent' }));
    await ctx.handle.close();
    process.stdout.write('{"ms":0,"cpuS":0,"maxRssMb":0}\n');
  } else {
    await childMain(process.argv.slice(3));
  }
}
