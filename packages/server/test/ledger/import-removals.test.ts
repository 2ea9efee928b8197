import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { exportLedger } from '../../src/modules/ledger/export/ledger-export.service.js';
import { runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import { changeState, getInstrument } from '../../src/modules/ledger/instruments.service.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildOrg } from '../factories.js';
import { type Cell, csv, makeXlsx } from '../files.js';

/**
 * The state and removal columns of the ledger import (docs/domain/forms.md §4: 使用状态/表况, 拆除日期, 拆除原因, 原表号),
 * the category from the organization's kind, the 表具类型 header and signature rows; idempotence and a later removal file.
 */
describe('ledger import: state, removals and replacements', () => {
  let ctx: TestContext;
  let water: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    ctx = await createTestContext({ now: '2024-11-01T02:00:00.000Z' });
    water = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
  });
  afterAll(async () => ctx.cleanup());

  const imp = (orgId: number, fileName: string, content: Buffer, o: { dryRun?: boolean } = {}) =>
    runLedgerImport(ctx, CLI_ACTOR, { orgId, fileName, content, mode: 'partial', dryRun: o.dryRun ?? false });

  const header: Cell[] = ['序号', '表具类型', '表号', '口径', '安装日期', '检定日期', '表况', '拆除日期', '拆除原因', '原表号'];
  const rows: Cell[][] = [
    [1, '冷水水表', 'W001', 'DN15', '2020-01-10', '2020-01-05', '在用', '', '', ''],
    [2, '远传水表', 'W002', 'DN15', '2019-05-01', '2019-04-20', ' 已 拆 除 ', '2024-06-01', '到期轮换', ''],
    [3, 'IC卡水表', 'W003', 'DN20', '2021-03-01', '2021-02-20', '停用', '', '', ''],
    [4, '智能水表', 'W004', 'DN15', '2024-06-01', '2024-05-20', '', '', '', 'W002'],
    [5, '冷水水表', 'W005', 'DN15', '2022-01-01', '2021-12-20', '拆除', '2021-12-01', '', ''],
    [6, '冷水水表', 'W006', 'DN15', '2022-01-01', '2021-12-20', '坏了', '', '', ''],
    [7, '冷水水表', 'W007', 'DN15', '2022-01-01', '2021-12-20', '报废', '2024-02-01', '表盘破裂', ''],
    [8, '冷水水表', 'W008', 'DN15', '2024-07-01', '2024-06-20', '', '', '', 'X999'],
    [9, '冷水水表', 'W009', 'DN15', '2018-01-01', '2017-12-20', '\u3000换表\u3000', '2024-07-01', '计量失准', ''],
    // W010 replaced W011, a row further down the same file
    [10, '冷水水表', 'W010', 'DN15', '2024-08-01', '2024-07-20', '', '', '', 'W011'],
    [11, '冷水水表', 'W011', 'DN15', '2018-02-01', '2018-01-20', '已轮换', '2024-08-01', '周期轮换', ''],
  ];
  /** Title row, the header, the rows, and a footer: 制表人 / 审核人 / 填报日期 spread over cells, 联系电话. */
  const waterFile = () =>
    makeXlsx((ws) => {
      ws.addRow(['2024年居民水表台账']);
      ws.addRow(header);
      for (const r of rows) ws.addRow(r);
      ws.addRow([]);
      ws.addRow(['制表人：张三', '', '审核人：李四', '', '填报日期：2024-10-31']);
      ws.addRow(['联系电话：', 13900000000]);
    }, '水表');

  const byserial = async (orgId: number) => {
    const list = await ctx.db
      .selectFrom('instruments')
      .select([
        'id',
        'serial_no',
        'category',
        'instrument_name',
        'ledger_state',
        'removal_date',
        'removal_reason',
        'replaces_instrument_id',
        'status',
      ])
      .where('org_id', '=', orgId)
      .orderBy('serial_no')
      .execute();
    return new Map(list.map((r) => [r.serial_no, r]));
  };

  it('表具类型 header, 表况 values, removal dates and reasons, 原表号, footer rows; re-import changes nothing', async () => {
    const file = await waterFile();
    const r = await imp(water.id, 'water.xlsx', file);
    expect(r).toMatchObject({ inserted: 9, updated: 0, unchanged: 0, rejected: 2, committed: true, headerRow: 2 });
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [7, '拆除日期', 'removal_before_install'],
      [8, '表况', 'invalid_state'],
    ]);
    expect(r.errors[0]?.message).toBe('“拆除日期”（2021-12-01）早于安装日期（2022-01-01）');
    expect(r.errors[1]?.message).toContain('“表况”的值“坏了”无法识别');
    const w = r.warnings.map((x) => [x.row, x.column, x.code]);
    expect(w).toContainEqual([5, '拆除日期', 'removal_date_assumed']);
    expect(w).toContainEqual([10, '原表号', 'replaced_serial_unknown']);
    expect(r.warnings.find((x) => x.code === 'replaced_serial_unknown')?.message).toBe(
      '“原表号”中的原表号“X999”在本单位同类器具中不存在，未建立换表关联',
    );
    // the footer rows are skipped with a warning, not rejected
    expect(w).toContainEqual([15, null, 'trailer_row_skipped']);
    expect(w).toContainEqual([16, null, 'trailer_row_skipped']);

    const m = await byserial(water.id);
    expect([...m.keys()]).toEqual(['W001', 'W002', 'W003', 'W004', 'W007', 'W008', 'W009', 'W010', 'W011']);
    for (const x of m.values()) expect(x.category).toBe('water_meter');
    expect(m.get('W002')?.instrument_name).toBe('远传水表');
    const st = (s: string) => {
      const x = m.get(s)!;
      return [x.ledger_state, x.removal_date, x.removal_reason];
    };
    expect(st('W001')).toEqual(['filed', null, null]);
    expect(st('W002')).toEqual(['removed', '2024-06-01', 'rotation']);
    expect(st('W003')).toEqual(['suspended', '2024-11-01', 'other']);
    expect(st('W007')).toEqual(['scrapped', '2024-02-01', 'other']);
    expect(st('W009')).toEqual(['removed', '2024-07-01', 'inaccurate']);
    expect(st('W011')).toEqual(['removed', '2024-08-01', 'rotation']);
    expect(m.get('W004')?.replaces_instrument_id).toBe(m.get('W002')?.id);
    expect(m.get('W010')?.replaces_instrument_id).toBe(m.get('W011')?.id);
    expect(m.get('W008')?.replaces_instrument_id).toBeNull();
    // the status engine: out of service from the removal date (today 2024-11-01)
    expect(m.get('W002')?.status).toBe('removed');
    expect(m.get('W003')?.status).toBe('removed');
    expect(m.get('W001')?.status).not.toBe('removed');

    // the state changes, with date, reason and the unknown reason's text as the note
    const changes = await ctx.db
      .selectFrom('instrument_state_changes')
      .innerJoin('instruments', 'instruments.id', 'instrument_state_changes.instrument_id')
      .select(['instruments.serial_no', 'from_state', 'to_state', 'effective_date', 'reason', 'note'])
      .where('instruments.org_id', '=', water.id)
      .orderBy('instruments.serial_no')
      .execute();
    expect(changes.map((c) => [c.serial_no, c.from_state, c.to_state, c.effective_date, c.reason, c.note])).toEqual([
      ['W002', null, 'removed', '2024-06-01', 'rotation', null],
      ['W003', null, 'suspended', '2024-11-01', 'other', null],
      ['W007', null, 'scrapped', '2024-02-01', 'other', '表盘破裂'],
      ['W009', null, 'removed', '2024-07-01', 'inaccurate', null],
      ['W011', null, 'removed', '2024-08-01', 'rotation', null],
    ]);

    // the detail: state, removal date and reason, the replacement both ways
    const d4 = await getInstrument(ctx, CLI_ACTOR, Number(m.get('W004')?.id));
    expect(d4.replaces).toEqual({ id: Number(m.get('W002')?.id), serialNo: 'W002' });
    const d2 = await getInstrument(ctx, CLI_ACTOR, Number(m.get('W002')?.id));
    expect(d2).toMatchObject({ ledgerState: 'removed', removalDate: '2024-06-01', removalReason: 'rotation' });
    expect(d2.replacedBy).toEqual({ id: Number(m.get('W004')?.id), serialNo: 'W004' });

    // Attachment 1 lists the meters in service at its date: on 2024-07-15 W001, W003 (suspended only on 11-01), W004,
    // W008 and W011 (removed 08-01); not W002 (removed 06-01), W007 (scrapped 02-01), W009 (removed 07-01), nor W010
    // (installed 08-01)
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((res) => out.on('end', res));
    await exportLedger(ctx, CLI_ACTOR, { orgId: water.id, format: 'json', layout: 'attachment1', asOf: '2024-07-15' }, out);
    await ended;
    const listed = (JSON.parse(Buffer.concat(chunks).toString('utf8')).rows as { serialNo: string }[]).map((x) => x.serialNo).sort();
    expect(listed).toEqual(['W001', 'W003', 'W004', 'W008', 'W011']);

    // the same file again, a day later: nothing changes (the assumed 停用 date stays the first import's)
    ctx.clock.set('2024-11-02T02:00:00.000Z');
    const again = await imp(water.id, 'water.xlsx', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 9, rejected: 2 });
    expect(again.updates).toEqual([]);
    const after = await byserial(water.id);
    expect(after.get('W003')?.removal_date).toBe('2024-11-01');
    const count = await ctx.db
      .selectFrom('instrument_state_changes')
      .select(ctx.db.fn.countAll().as('n'))
      .where('org_id', '=', water.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(5);
    ctx.clock.set('2024-11-01T02:00:00.000Z');
  });

  it('a later file removes a meter imported earlier: the preview lists it as an update with its diff', async () => {
    const m = await byserial(water.id);
    // CSV, no name column: the water utility's category; 换表日期 without a state column means removed
    const later = csv([
      ['表号', '换表日期', '换表原因'],
      ['W001', '2024-09-01', '走快'],
      ['W004', '', ''],
    ]);
    const preview = await imp(water.id, 'later.csv', later, { dryRun: true });
    expect(preview).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, rejected: 0, committed: false });
    expect(preview.warnings.map((x) => x.code)).toContain('category_from_org');
    expect(preview.updates).toEqual([
      {
        row: 2,
        category: 'water_meter',
        serialNo: 'W001',
        fields: {
          ledger_state: { before: 'filed', after: 'removed' },
          removal_date: { before: null, after: '2024-09-01' },
          removal_reason: { before: null, after: 'inaccurate' },
        },
      },
    ]);
    expect((await byserial(water.id)).get('W001')?.ledger_state).toBe('filed');

    const r = await imp(water.id, 'later.csv', later);
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, rejected: 0, committed: true });
    const w1 = (await byserial(water.id)).get('W001');
    expect(w1).toMatchObject({ ledger_state: 'removed', removal_date: '2024-09-01', removal_reason: 'inaccurate', status: 'removed' });
    const change = await ctx.db
      .selectFrom('instrument_state_changes')
      .select(['from_state', 'to_state', 'effective_date', 'reason'])
      .where('instrument_id', '=', Number(m.get('W001')?.id))
      .execute();
    expect(change).toEqual([{ from_state: 'filed', to_state: 'removed', effective_date: '2024-09-01', reason: 'inaccurate' }]);
    // the journal names the change
    const journal = await ctx.db.selectFrom('import_journal').select(['change', 'diff']).where('job_id', '=', r.jobId).execute();
    expect(journal).toHaveLength(1);
    expect(JSON.parse(String(journal[0]?.diff)).fields.ledger_state).toEqual({ before: 'filed', after: 'removed' });
    // importing it again: unchanged
    const again = await imp(water.id, 'later.csv', later);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('a removed meter does not come back into service from a file; a suspended one does', async () => {
    // a blank state cell leaves a suspended record suspended (a blank never erases)
    const blank = await imp(
      water.id,
      'blank.csv',
      csv([
        ['表号', '口径', '使用状态'],
        ['W003', 'DN20', ''],
      ]),
    );
    expect(blank).toMatchObject({ updated: 0, unchanged: 1 });
    const file = csv([
      ['表号', '口径', '使用状态'],
      ['W002', 'DN15', '在用'],
      ['W003', 'DN20', '正常'],
    ]);
    const r = await imp(water.id, 'back.csv', file);
    expect(r).toMatchObject({ updated: 1, unchanged: 1, rejected: 0 });
    const warn = r.warnings.find((x) => x.code === 'state_not_changed');
    expect([warn?.row, warn?.column]).toEqual([2, '使用状态']);
    expect(warn?.message).toBe('台账中该器具为“已拆除(轮换)”，不能按文件改为“在用”，保持原状态');
    const m = await byserial(water.id);
    expect([m.get('W002')?.ledger_state, m.get('W002')?.removal_date]).toEqual(['removed', '2024-06-01']);
    expect([m.get('W003')?.ledger_state, m.get('W003')?.removal_date, m.get('W003')?.removal_reason]).toEqual(['filed', null, null]);
    expect(m.get('W003')?.status).not.toBe('removed');
  });

  it('a preview and a commit in small chunks give the same counts; 原表号 finds meters written by earlier chunks', async () => {
    const org = await buildOrg(ctx, { kind: 'water_supply' });
    const file = await waterFile();
    const preview = await imp(org.id, 'water.xlsx', file, { dryRun: true });
    expect(preview).toMatchObject({ inserted: 9, updated: 0, rejected: 2, committed: false });
    expect(preview.warnings.filter((x) => x.code === 'replaced_serial_unknown').map((x) => x.row)).toEqual([10]);
    const r = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: org.id,
      fileName: 'water.xlsx',
      content: file,
      mode: 'partial',
      dryRun: false,
      commitChunk: 2,
    });
    expect(r).toMatchObject({ inserted: 9, updated: 0, rejected: 2, committed: true });
    expect(r.warnings.filter((x) => x.code === 'replaced_serial_unknown').map((x) => x.row)).toEqual([10]);
    const m = await byserial(org.id);
    expect(m.get('W004')?.replaces_instrument_id).toBe(m.get('W002')?.id);
    expect(m.get('W010')?.replaces_instrument_id).toBe(m.get('W011')?.id);
  });

  it('a removal date before the first verification (no install date) is an error; a reason alone changes nothing', async () => {
    const org = await buildOrg(ctx, { kind: 'water_supply' });
    const file = csv([
      ['器具名称', '出厂编号', '口径', '检定日期', '拆除日期', '拆除原因'],
      ['水表', 'V001', 'DN15', '2024-03-01', '2024-02-01', '损坏'],
      ['水表', 'V002', 'DN15', '2024-03-01', '2024-05-01', '故障'],
      ['水表', 'V003', 'DN15', '2024-03-01', '', '损毁'],
    ]);
    const r = await imp(org.id, 'v.csv', file);
    expect(r).toMatchObject({ inserted: 2, rejected: 1 });
    expect(r.errors.map((e) => [e.row, e.column, e.code, e.message])).toEqual([
      [2, '拆除日期', 'removal_before_verification', '“拆除日期”（2024-02-01）早于检定日期（2024-03-01），本行没有安装日期'],
    ]);
    const m = await byserial(org.id);
    expect([m.get('V002')?.ledger_state, m.get('V002')?.removal_date, m.get('V002')?.removal_reason]).toEqual([
      'removed',
      '2024-05-01',
      'damaged',
    ]);
    expect([m.get('V003')?.ledger_state, m.get('V003')?.removal_reason]).toEqual(['filed', null]);
    expect(r.warnings.filter((x) => x.code === 'removal_ignored').map((x) => [x.row, x.column])).toEqual([[4, '拆除原因']]);
  });

  it('a removal through the form with its replacement shows the link from both meters', async () => {
    const org = await buildOrg(ctx, { kind: 'water_supply' });
    await imp(
      org.id,
      'two.csv',
      csv([
        ['器具名称', '出厂编号', '口径'],
        ['水表', 'F001', 'DN15'],
        ['水表', 'F002', 'DN15'],
      ]),
    );
    const m = await byserial(org.id);
    const oldId = Number(m.get('F001')?.id);
    const newId = Number(m.get('F002')?.id);
    await changeState(ctx, CLI_ACTOR, oldId, { state: 'removed', date: '2024-10-01', reason: 'rotation', replacedById: newId });
    expect((await getInstrument(ctx, CLI_ACTOR, newId)).replaces).toEqual({ id: oldId, serialNo: 'F001' });
    expect((await getInstrument(ctx, CLI_ACTOR, oldId)).replacedBy).toEqual({ id: newId, serialNo: 'F002' });
  });

  it('a category the organization does not import is an error on the name column', async () => {
    const gas = await buildOrg(ctx, { kind: 'gas_supply' });
    const file = csv([
      ['器具名称', '出厂编号', '燃气表规格', '检定日期'],
      ['膜式燃气表', 'G001', 'G2.5', '2024-01-01'],
      ['水表', 'S001', '', '2024-01-01'],
    ]);
    const r = await imp(gas.id, 'gas.csv', file);
    expect(r).toMatchObject({ inserted: 1, rejected: 1 });
    expect(r.errors.map((e) => [e.row, e.column, e.code, e.message])).toEqual([
      [3, '器具名称', 'category_not_for_org', '器具类别为水表，不属于供气企业可导入的器具类别（请核对文件和导入单位）'],
    ]);
  });
});
