import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { t } from '@qiangjian/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { REPO_ROOT } from '../../src/config.js';
import { exportLedger } from '../../src/modules/ledger/export/ledger-export.service.js';
import { runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import { reconcileRoster } from '../../src/modules/ledger/reconcile/reconcile.service.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildOrg, buildSite } from '../factories.js';
import { csv, messyXlsx, readXlsx, rowValues } from '../files.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'packages/server/bin/qiangjian.mjs');

async function cli(db: string, args: string[]) {
  try {
    const r = await run(process.execPath, [BIN, '--db', db, ...args], {
      env: { ...process.env, QIANGJIAN_LOG: 'silent' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function collect(fn: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  await fn(out);
  await ended;
  return Buffer.concat(chunks);
}

describe('ledger export, reconciliation and CLI', () => {
  let ctx: TestContext;
  let db: string;
  let tmp: string;
  let station: Awaited<ReturnType<typeof buildOrg>>;
  let water: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    ctx = await createTestContext();
    db = ctx.engine === 'postgres' ? (ctx.config.db as string) : ctx.handle.location;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qj-ledger-'));
    station = await buildOrg(ctx, { kind: 'gas_station', regionCode: '150626100', name: '示例甲站' });
    water = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626102', name: '示例水司' });
    await buildSite(ctx, station.id, { townCode: '150626100', name: '甲站' });
  });
  afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await ctx.cleanup();
  });

  it('CLI import: exit 0 with the JSON shape, exit 1 with row errors, exit 2 with a one-line reason', async () => {
    const ok = path.join(tmp, 'ok.xlsx');
    fs.writeFileSync(
      ok,
      await messyXlsx({ creditCode: station.creditCode, rows: [[1, '燃油加油机', 'CS46', 'E1', '1号岛', '2024-08-01', '', '合格', 2]] }),
    );
    const r0 = await cli(db, ['ledger', 'import', ok, '--org', station.creditCode, '--json']);
    expect(r0.code, r0.stderr).toBe(0);
    expect(JSON.parse(r0.stdout)).toEqual({ inserted: 1, updated: 0, unchanged: 0, rejected: 0, errors: [], warnings: expect.any(Array) });

    const bad = path.join(tmp, 'bad.xlsx');
    fs.writeFileSync(
      bad,
      await messyXlsx({
        creditCode: station.creditCode,
        rows: [
          [1, '燃油加油机', 'CS46', 'E2', '', '2024-08-01', '', '合格', ''],
          [2, '燃油加油机', 'CS46', 'E3', '', '2023-02-30', '', '合格', ''],
        ],
      }),
    );
    const dry = await cli(db, ['ledger', 'import', bad, '--org', station.creditCode, '--json', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(JSON.parse(dry.stdout)).toMatchObject({ inserted: 1, rejected: 1 });
    const strict = await cli(db, ['ledger', 'import', bad, '--org', station.creditCode, '--json', '--strict']);
    expect(strict.code).toBe(1);
    const r1 = await cli(db, ['ledger', 'import', bad, '--org', station.creditCode, '--json']);
    expect(r1.code).toBe(1);
    const j1 = JSON.parse(r1.stdout);
    expect(j1).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(j1.errors).toEqual([
      { row: 9, column: '检定信息/检定日期', code: 'invalid_date', message: expect.stringMatching(/[\u4e00-\u9fff]/) },
    ]);
    expect(
      (await ctx.db.selectFrom('instruments').select('serial_no').where('org_id', '=', station.id).orderBy('serial_no').execute()).map(
        (x) => x.serial_no,
      ),
    ).toEqual(['E1', 'E2']);

    const missing = await cli(db, ['ledger', 'import', path.join(tmp, 'nope.xlsx'), '--org', station.creditCode, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('文件不存在');
    const unknownOrg = await cli(db, ['ledger', 'import', ok, '--org', '91150626MA0000000X']);
    expect(unknownOrg.code).toBe(2);
    const noHeader = path.join(tmp, 'x.csv');
    fs.writeFileSync(noHeader, 'a,b,c\n1,2,3\n');
    const nh = await cli(db, ['ledger', 'import', noHeader, '--org', station.creditCode]);
    expect(nh.code).toBe(2);
    expect(nh.stderr).toMatch(/[\u4e00-\u9fff]/);
    const other = path.join(tmp, 'other.xlsx');
    fs.writeFileSync(other, await messyXlsx({ creditCode: water.creditCode, rows: [[1, '燃油加油机', 'CS46', 'E9', '', '', '', '', '']] }));
    const mism = await cli(db, ['ledger', 'import', other, '--org', station.creditCode, '--json']);
    expect(mism.code).toBe(2);
    expect(JSON.parse(mism.stdout).error.code).toBe('import_org_mismatch');
  }, 600_000);

  it('Attachment 1 XLSX: header block, column layout from data, rows in service at D; e-CQS 14 columns; CSV and JSON', async () => {
    const head = ['器具名称', '出厂编号', '型号规格', '口径', '安装地址', '检定日期', '证书编号', '检定结论', '检定机构'];
    await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: water.id,
      fileName: 'w.csv',
      content: csv([
        head,
        ['水表', 'M2', 'LXS-15', 'DN15', '二号楼', '2020-05-01', 'C2', '合格', '示例所'],
        ['水表', 'M1', 'LXS-15', 'DN15', '一号楼', '2015-05-01', '', '合格', '示例所'],
      ]),
      mode: 'partial',
      dryRun: false,
    });
    const buf = await collect((out) =>
      exportLedger(ctx, CLI_ACTOR, { orgId: water.id, format: 'xlsx', layout: 'attachment1', asOf: '2024-10-15' }, out),
    );
    const wb = await readXlsx(buf);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(ws.name).toBe('示例水司');
    expect(rowValues(ws, 1)[0]).toBe('在用强检计量器具台账');
    expect(rowValues(ws, 2).slice(0, 7)).toEqual([
      '填报单位(盖章)',
      '示例水司',
      '统一社会信用代码',
      water.creditCode,
      '单位类型',
      '供水企业',
      '地址',
    ]);
    expect(rowValues(ws, 3).slice(0, 3)).toEqual(['所属乡镇(苏木)', '图克镇', '联系人']);
    const header = rowValues(ws, 4);
    expect(header.slice(0, 19)).toEqual([
      '序号',
      '器具名称',
      '器具项别',
      '器具种别',
      '型号规格',
      '测量范围',
      '准确度等级',
      '出厂编号',
      '生产厂家',
      '器具产地',
      '安装/使用地点',
      '器具数量',
      '器具用途',
      '检定机构',
      '检定日期',
      '有效期至',
      '检定证书编号',
      '检定结论',
      '备注',
    ]);
    expect(header).toContain('口径(mm)');
    const r1 = rowValues(ws, 5);
    const col = (k: string) => header.indexOf(k);
    expect(r1[col('序号')]).toBe(1);
    expect(r1[col('出厂编号')]).toBe('M1');
    expect(r1[col('器具项别')]).toBe('水表');
    expect(r1[col('检定结论')]).toBe('合格');
    expect(r1[col('备注')]).toBe('到期未轮换');
    const r2 = rowValues(ws, 6);
    expect(r2[col('出厂编号')]).toBe('M2');
    expect(r2[col('检定证书编号')]).toBe('C2');
    expect(r2[col('检定机构')]).toBe('示例所');
    expect(ws.rowCount).toBe(6);

    // 使用地点行政区划 is exported as the town's name (a code would be unreadable; the importer reads names back)
    await ctx.db.updateTable('instruments').set({ admin_division_code: '150626102' }).where('serial_no', '=', 'M1').execute();
    const ecqs = await readXlsx(
      await collect((out) => exportLedger(ctx, CLI_ACTOR, { orgId: water.id, format: 'xlsx', layout: 'ecqs' }, out)),
    );
    const eh = rowValues(ecqs.worksheets[0] as never, 2);
    expect(eh).toHaveLength(14);
    expect(eh[13]).toBe('使用地点行政区划');
    const ecqsRows = [3, 4].map((i) => rowValues(ecqs.worksheets[0] as never, i));
    expect(ecqsRows.find((r) => r.includes('M1'))?.[13]).toBe('图克镇');

    const csvOut = (
      await collect((out) => exportLedger(ctx, CLI_ACTOR, { region: '150626', format: 'csv', layout: 'attachment1' }, out))
    ).toString('utf8');
    const lines = csvOut
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]?.startsWith('统一社会信用代码,填报单位(盖章),序号,器具名称')).toBe(true);
    expect(lines.length).toBe(1 + 2 + 2);
    const jsonOut = JSON.parse(
      (await collect((out) => exportLedger(ctx, CLI_ACTOR, { region: '150626', format: 'json', layout: 'attachment1' }, out))).toString(
        'utf8',
      ),
    );
    expect(jsonOut.rows).toHaveLength(4);
    expect(jsonOut.rows.map((r: { creditCode: string }) => r.creditCode)).toEqual([
      ...[station.creditCode, water.creditCode].sort().flatMap((c) => [c, c]),
    ]);
    expect(await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'export').execute()).toHaveLength(4);
  });

  it('an export for another date shows the statuses of that date, computed from the history', async () => {
    const rowsAt = async (asOf?: string) =>
      JSON.parse(
        (
          await collect((out) => exportLedger(ctx, CLI_ACTOR, { orgId: water.id, format: 'json', layout: 'attachment1', asOf }, out))
        ).toString('utf8'),
      ).rows as { serialNo: string; remarks: string | null; validUntil: string | null }[];
    // today (2024-10-15): M1 (DN15, verified 2015-05-01, 6-year limit) is past its limit
    const now = await rowsAt();
    expect(now.find((r) => r.serialNo === 'M1')?.remarks).toBe(t('report.remarks.rotation_overdue'));
    expect(now.map((r) => r.serialNo).sort()).toEqual(['M1', 'M2']);
    // 2020-01-01: M1 still within its limit; M2 (first verified 2020-05-01, no install date) not yet in service
    const then = await rowsAt('2020-01-01');
    expect(then.map((r) => r.serialNo)).toEqual(['M1']);
    expect(then[0]?.remarks ?? null).toBeNull();
    expect(then[0]?.validUntil).toBe('2021-04-30');
  });

  it('CLI export of a region: one worksheet per organization in credit-code order', async () => {
    const out = path.join(tmp, 'region.xlsx');
    const r = await cli(db, [
      'ledger',
      'export',
      '--region',
      '150626',
      '--format',
      'xlsx',
      '--out',
      out,
      '--as-of',
      '2024-10-15',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 4, orgs: 2 });
    const wb = await readXlsx(fs.readFileSync(out));
    const names = [
      [station.creditCode, '示例甲站'],
      [water.creditCode, '示例水司'],
    ]
      .sort()
      .map((x) => x[1]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(names);
    const none = await cli(db, ['ledger', 'export', '--format', 'xlsx', '--out', out]);
    expect(none.code).toBe(1);
  }, 300_000);

  it('roster reconciliation: not filed, filed not in roster, past usage limit (service and CLI)', async () => {
    const roster = csv([
      ['户名', '表号', '用户地址'],
      ['甲', 'M1', '一号楼'],
      ['乙', 'R9', '九号楼'],
      ['丙', 'R9', '九号楼'],
    ]);
    const r = await reconcileRoster(ctx, CLI_ACTOR, { orgId: water.id, fileName: 'roster.csv', content: roster, asOf: '2024-10-15' });
    expect(r.counts).toEqual({ notFiled: 1, notInRoster: 1, pastLimit: 1, duplicatesInRoster: 1 });
    expect(r.notFiled.map((x) => [x.serialNo, x.row, x.address])).toEqual([['R9', 3, '九号楼']]);
    expect(r.notInRoster.map((x) => x.serialNo)).toEqual(['M2']);
    expect(r.pastLimit.map((x) => x.serialNo)).toEqual(['M1']);
    const f = path.join(tmp, 'roster.csv');
    fs.writeFileSync(f, roster);
    const c = await cli(db, ['ledger', 'reconcile', f, '--org', water.creditCode, '--as-of', '2024-10-15', '--json']);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).counts).toEqual(r.counts);
  }, 300_000);
});
