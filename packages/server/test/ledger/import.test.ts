import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit.service.js';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildOrg, buildSite } from '../factories.js';
import { type Cell, csv, messyXlsx, waterCsv } from '../files.js';

/** Commit semantics of the ledger import (the parser's own tests cover value parsing). */
describe('ledger import: commit path', () => {
  let ctx: TestContext;
  let station: Awaited<ReturnType<typeof buildOrg>>;
  let water: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    ctx = await createTestContext();
    station = await buildOrg(ctx, { kind: 'gas_station', regionCode: '150626100' });
    water = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
    await buildSite(ctx, station.id, { townCode: '150626100' });
  });
  afterAll(async () => ctx.cleanup());

  const imp = (orgId: number, fileName: string, content: Buffer, o: { mode?: 'partial' | 'strict'; dryRun?: boolean } = {}) =>
    runLedgerImport(ctx, CLI_ACTOR, { orgId, fileName, content, mode: o.mode ?? 'partial', dryRun: o.dryRun ?? false });

  const messyRows = (): Cell[][] => [
    [1, '燃油加油机', 'CS46', 'JYJ001', '1号岛', '2024-03-05', '2024-09-04', '合格', 4],
    [2, '加油机', 'CS46', 'JYJ002', '2号岛', '2024.3.5', '', '合格', 2],
    [3, '税控加油机', '', 'JYJ003', '', '2024年3月5日', '', '准予使用', ''],
    [4, '燃油加油机', '', 'JYJ004', '', '20240305', '', '', ''],
    [5, '燃油加油机', '', 'ＪＹＪ ００５', '', new Date(Date.UTC(2024, 2, 5)), '', '合格', ''],
    [6, '燃油加油机', '', 'JYJ001', '', '2024-03-06', '', '合格', ''],
    [7, '燃油加油机', '', '', '', '2024-03-05', '', '合格', ''],
    [8, '燃油加油机', '', 'JYJ006', '', '2023-02-30', '', '合格', ''],
    [9, '热水表', '', 'JYJ007', '', '2024-03-05', '', '合格', ''],
  ];

  it('messy XLSX: title rows, header block, merged two-level headers → exact counts and error rows/columns', async () => {
    const file = await messyXlsx({ creditCode: station.creditCode, rows: messyRows(), trailer: true });
    const r = await imp(station.id, 'messy.xlsx', file);
    expect(r).toMatchObject({ inserted: 5, updated: 0, unchanged: 0, rejected: 4, committed: true, headerRow: 6 });
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [13, '出厂编号', 'duplicate_in_file'],
      [14, '出厂编号', 'required_missing'],
      [15, '检定信息/检定日期', 'invalid_date'],
      [16, '器具名称', 'unknown_instrument_name'],
    ]);
    for (const e of r.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    const serials = (
      await ctx.db.selectFrom('instruments').select('serial_no').where('org_id', '=', station.id).orderBy('serial_no').execute()
    ).map((x) => x.serial_no);
    expect(serials).toEqual(['JYJ001', 'JYJ002', 'JYJ003', 'JYJ004', 'JYJ005']);
    // every date format became the same verification date
    const vers = await ctx.db
      .selectFrom('verifications')
      .innerJoin('instruments', 'instruments.id', 'verifications.instrument_id')
      .select(['instruments.serial_no', 'verifications.date', 'verifications.conclusion', 'verifications.valid_until'])
      .where('instruments.org_id', '=', station.id)
      .orderBy('instruments.serial_no')
      .execute();
    expect(vers.map((v) => v.date)).toEqual(['2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05']);
    expect(vers[0]?.valid_until).toBe('2024-09-04');
    // 加油枪数 4 → nozzles 1…4; 2 → 1…2
    const noz = await ctx.db
      .selectFrom('nozzles')
      .innerJoin('instruments', 'instruments.id', 'nozzles.instrument_id')
      .select(['instruments.serial_no', 'nozzles.nozzle_no'])
      .where('nozzles.org_id', '=', station.id)
      .orderBy('instruments.serial_no')
      .orderBy('nozzles.nozzle_no')
      .execute();
    expect(noz.map((n) => `${n.serial_no}#${n.nozzle_no}`)).toEqual([
      'JYJ001#1',
      'JYJ001#2',
      'JYJ001#3',
      'JYJ001#4',
      'JYJ002#1',
      'JYJ002#2',
    ]);
    // filed at once, public code, site and division defaulted
    const one = await ctx.db
      .selectFrom('instruments')
      .selectAll()
      .where('org_id', '=', station.id)
      .where('serial_no', '=', 'JYJ001')
      .executeTakeFirstOrThrow();
    expect(one.ledger_state).toBe('filed');
    expect(one.public_code).toMatch(/^[a-z2-9]{16}$/);
    expect(one.admin_division_code).toBe('150626100');
    expect(one.site_id).not.toBeNull();
    expect(one.catalogue_item).toBe('燃油加油机');
    // statuses refreshed through the status service
    expect(one.status).not.toBeNull();

    // one audit entry for the job, with file hash, counts and a hash of the row changes; journal rows
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['data', 'entity_id', 'chain'])
      .where('action', '=', 'import_committed')
      .execute();
    expect(audit).toHaveLength(1);
    const data = JSON.parse(audit[0]?.data as string);
    expect(data).toMatchObject({ inserted: 5, updated: 0, rejected: 4, fileName: 'messy.xlsx' });
    expect(data.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(data.changesHash).toMatch(/^[0-9a-f]{64}$/);
    expect(audit[0]?.chain).toBe(`org:${station.id}`);
    // inserted instruments are journaled as runs of consecutive ids (first id, diff {"toId": last}):
    // the runs name exactly the 5 instruments this job inserted
    const journal = await ctx.db
      .selectFrom('import_journal')
      .select(['change', 'instrument_id', 'diff'])
      .where('job_id', '=', r.jobId)
      .execute();
    expect(journal.every((j) => j.change === 'inserted')).toBe(true);
    const journaled = journal.flatMap((j) => {
      const to = j.diff ? (JSON.parse(j.diff) as { toId: number }).toId : Number(j.instrument_id);
      return Array.from({ length: to - Number(j.instrument_id) + 1 }, (_, i) => Number(j.instrument_id) + i);
    });
    const inserted = await ctx.db.selectFrom('instruments').select('id').where('org_id', '=', station.id).orderBy('id').execute();
    expect(journaled.sort((a, b) => a - b)).toEqual(inserted.map((x) => Number(x.id)));
    expect(journaled).toHaveLength(5);
    expect((await verifyAudit(ctx, CLI_ACTOR)).ok).toBe(true);

    // re-importing the same file changes nothing
    const again = await imp(station.id, 'messy.xlsx', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, rejected: 4 });
  });

  it('strict mode is all or nothing; dry run writes nothing but reports exact counts', async () => {
    const org = await buildOrg(ctx, { kind: 'gas_station' });
    const file = await messyXlsx({ creditCode: org.creditCode, rows: messyRows() });
    const strict = await imp(org.id, 'x.xlsx', file, { mode: 'strict' });
    expect(strict).toMatchObject({ inserted: 5, rejected: 4, committed: false });
    const dry = await imp(org.id, 'x.xlsx', file, { dryRun: true });
    expect(dry).toMatchObject({ inserted: 5, rejected: 4, committed: false });
    expect(await ctx.db.selectFrom('instruments').select('id').where('org_id', '=', org.id).execute()).toHaveLength(0);
    expect(
      await ctx.db
        .selectFrom('audit_log')
        .select('id')
        .where('chain', '=', `org:${org.id}`)
        .where('action', '=', 'import_committed')
        .execute(),
    ).toHaveLength(0);
    const jobs = await ctx.db.selectFrom('import_jobs').select(['state', 'dry_run']).where('org_id', '=', org.id).orderBy('id').execute();
    expect(jobs.map((j) => j.state)).toEqual(['failed', 'previewed']);
    // strict with a clean file commits everything
    const clean = await messyXlsx({ creditCode: org.creditCode, rows: messyRows().slice(0, 5) });
    expect(await imp(org.id, 'clean.xlsx', clean, { mode: 'strict' })).toMatchObject({ inserted: 5, rejected: 0, committed: true });
  });

  it('a header block naming another organization refuses the file', async () => {
    const other = await buildOrg(ctx, { kind: 'gas_station' });
    const file = await messyXlsx({ creditCode: other.creditCode, rows: messyRows().slice(0, 2) });
    await expect(imp(station.id, 'x.xlsx', file)).rejects.toMatchObject({ code: 'import_org_mismatch' });
  });

  it('updates: a blank cell never erases, changed cells update, verification upsert by instrument + date', async () => {
    const head = ['器具名称', '出厂编号', '型号规格', '口径', '安装地址', '检定日期', '有效期至', '证书编号', '检定结论'];
    const first = csv([
      head,
      ['水表', 'U1', 'LXS-15', 'DN15', '一号楼', '2020-05-01', '', 'C-1', '合格'],
      ['水表', 'U2', 'LXS-20', 'DN20', '二号楼', '2020-05-01', '', '', '合格'],
    ]);
    expect(await imp(water.id, 'a.csv', first)).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: 0 });
    // U1: blanks everywhere but the key → unchanged; U2: new model + same date new certificate → updated
    const second = csv([head, ['水表', 'U1', '', '', '', '', '', '', ''], ['水表', 'U2', 'LXS-25', '', '', '2020-05-01', '', 'C-2', '']]);
    const r = await imp(water.id, 'b.csv', second);
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, rejected: 0 });
    const u1 = await ctx.db
      .selectFrom('instruments')
      .selectAll()
      .where('org_id', '=', water.id)
      .where('serial_no', '=', 'U1')
      .executeTakeFirstOrThrow();
    expect(u1).toMatchObject({ model: 'LXS-15', caliber_dn: 15, location: '一号楼' });
    const u2 = await ctx.db
      .selectFrom('instruments')
      .selectAll()
      .where('org_id', '=', water.id)
      .where('serial_no', '=', 'U2')
      .executeTakeFirstOrThrow();
    expect(u2).toMatchObject({ model: 'LXS-25', caliber_dn: 20, location: '二号楼' });
    const v2 = await ctx.db.selectFrom('verifications').selectAll().where('instrument_id', '=', u2.id).execute();
    expect(v2).toHaveLength(1);
    expect(v2[0]).toMatchObject({ date: '2020-05-01', certificate_no: 'C-2', conclusion: 'passed' });
    // a new date adds a second verification record
    const third = csv([head, ['水表', 'U2', '', '', '', '2024-05-01', '', '', '合格']]);
    expect(await imp(water.id, 'c.csv', third)).toMatchObject({ updated: 1 });
    expect(await ctx.db.selectFrom('verifications').select('date').where('instrument_id', '=', u2.id).orderBy('date').execute()).toEqual([
      { date: '2020-05-01' },
      { date: '2024-05-01' },
    ]);
    const journal = await ctx.db.selectFrom('import_journal').select(['change', 'diff']).where('job_id', '=', r.jobId).execute();
    expect(journal).toHaveLength(1);
    expect(JSON.parse(journal[0]?.diff as string).fields.model).toEqual({ before: 'LXS-20', after: 'LXS-25' });
  });

  it('GBK CSV and UTF-8 with BOM import the same', async () => {
    const org = await buildOrg(ctx, { kind: 'water_supply' });
    const lines: Cell[][] = [
      ['器具名称', '表号', '口径', '用户地址'],
      ['水表', 'G1', 'DN15', '苏力德苏木'],
      ['冷水水表', 'G2', '15mm', '嘎鲁图镇'],
    ];
    expect(await imp(org.id, 'gbk.csv', csv(lines, 'gbk'))).toMatchObject({ inserted: 2, rejected: 0 });
    expect(await imp(org.id, 'bom.csv', csv(lines, 'utf8bom'))).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const row = await ctx.db
      .selectFrom('instruments')
      .select(['location'])
      .where('org_id', '=', org.id)
      .where('serial_no', '=', 'G1')
      .executeTakeFirstOrThrow();
    expect(row.location).toBe('苏力德苏木');
  });

  it('regions written after their county and city resolve; an electricity class beside its reactive class is the active one', async () => {
    const org = await buildOrg(ctx, { kind: 'power_supply' });
    const lines: Cell[][] = [
      ['器具名称', '表号', '准确度等级', '行政区划'],
      ['单相电能表', 'E1', '有功1级/无功2级', '乌审旗图克镇'],
      ['三相电能表', 'E2', '2级（有功）', '鄂尔多斯市乌审旗 无定河镇'],
      ['单相电能表', 'E3', '无功2级', '北京市图克镇'],
    ];
    const r = await imp(org.id, 'power.csv', csv(lines));
    expect(r).toMatchObject({ inserted: 2, rejected: 1 });
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, '准确度等级', 'invalid_value'],
      [4, '行政区划', 'unknown_division'],
    ]);
    const rows = await ctx.db
      .selectFrom('instruments')
      .select(['serial_no', 'accuracy_class', 'admin_division_code'])
      .where('org_id', '=', org.id)
      .orderBy('serial_no')
      .execute();
    expect(rows).toEqual([
      { serial_no: 'E1', accuracy_class: '1', admin_division_code: '150626102' },
      { serial_no: 'E2', accuracy_class: '2', admin_division_code: '150626104' },
    ]);
  });

  it('a 有效期至 later than the rule allows is imported and flagged with a warning on its row and column (docs/domain/forms.md §4)', async () => {
    const org = await buildOrg(ctx, { kind: 'water_supply' });
    const lines: Cell[][] = [
      ['器具名称', '表号', '口径', '检定日期', '下次检定日期'],
      ['水表', 'V1', 'DN15', '2020-05-10', '2030-05-09'], // DN15: 6 years → at most 2026-05-09
      ['水表', 'V2', 'DN15', '2020-05-10', '2026-05-09'],
      ['水表', 'V3', 'DN40', '2020-05-10', '2025-05-09'], // DN40: 4 years → at most 2024-05-09
    ];
    const r = await imp(org.id, 'beyond.csv', csv(lines));
    expect(r).toMatchObject({ inserted: 3, rejected: 0 });
    const beyond = r.warnings.filter((w) => w.code === 'valid_until_beyond_rule');
    expect(beyond.map((w) => [w.row, w.column])).toEqual([
      [2, '下次检定日期'],
      [4, '下次检定日期'],
    ]);
    expect(beyond[0]?.message).toContain('2026-05-09');
    expect(beyond[0]?.message).toContain('JJG 162-2019');
    const v = await ctx.db
      .selectFrom('verifications')
      .innerJoin('instruments', 'instruments.id', 'verifications.instrument_id')
      .select(['instruments.serial_no', 'verifications.valid_until', 'instruments.reason_flags'])
      .where('instruments.org_id', '=', org.id)
      .orderBy('instruments.serial_no')
      .execute();
    // kept as the certificate says; the status flags it too
    expect(v.map((x) => x.valid_until)).toEqual(['2030-05-09', '2026-05-09', '2025-05-09']);
    expect(v[0]?.reason_flags).toContain('certificate_beyond_rule');
  });

  it('a blank 器具数量 or 检定结论 never erases what is stored; an exported 备注 status prefix is not taken as the note', async () => {
    const org = await buildOrg(ctx, { kind: 'water_supply' });
    const first: Cell[][] = [
      ['器具名称', '表号', '口径', '器具数量', '检定日期', '检定结论', '备注'],
      ['水表', 'K1', 'DN15', 5, '2024-03-05', '不合格', '楼道内'],
    ];
    expect(await imp(org.id, 'k1.csv', csv(first))).toMatchObject({ inserted: 1 });
    const again: Cell[][] = [
      ['器具名称', '表号', '口径', '器具数量', '检定日期', '检定结论', '备注'],
      // as an Attachment 1 export writes it: status words before the user's note
      ['水表', 'K1', 'DN15', '', '2024-03-05', '', '不合格；楼道内'],
    ];
    const r = await imp(org.id, 'k2.csv', csv(again));
    expect(r).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const row = await ctx.db
      .selectFrom('instruments')
      .innerJoin('verifications', 'verifications.instrument_id', 'instruments.id')
      .select(['instruments.quantity', 'instruments.remarks', 'instruments.status', 'verifications.conclusion'])
      .where('instruments.org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ remarks: '楼道内', conclusion: 'failed', status: 'failed' });
    expect(Number(row.quantity)).toBe(5);
  });

  it('a 10,000-row file imports with exact counts, and re-importing it is a no-op', async () => {
    const org = await buildOrg(ctx, { kind: 'water_supply' });
    const file = waterCsv(10_000);
    expect(await imp(org.id, 'big.csv', file)).toMatchObject({ inserted: 10_000, updated: 0, unchanged: 0, rejected: 0 });
    expect(await imp(org.id, 'big.csv', file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 10_000, rejected: 0 });
    const n = await ctx.db
      .selectFrom('verifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(10_000);
  });
});
