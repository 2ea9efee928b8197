import { t } from '@qiangjian/shared';
import { describe, expect, it } from 'vitest';
import { catalogueOf } from '../instrument-fields.js';
import {
  assignNewIds,
  type ExistingInstrument,
  IMPORT_COLUMNS,
  type InstrumentValues,
  instrumentKey,
  journalOf,
  mergeVerifications,
  nozzleTargets,
  type PlanContext,
  type PlannedRow,
  planInstruments,
  planNozzles,
  planVerifications,
  stateChangesOf,
  type VerificationValues,
  verificationKey,
  withoutStatusRemark,
} from './import-plan.rules.js';
import type { LedgerRowValues, ParsedLedgerRow } from './parse-types.js';

const ctx: PlanContext = {
  day: '2024-10-15',
  orgRegion: '150626',
  sites: { single: null, byTown: new Map([['150626100', 7]]) },
};

function parsed(row: number, values: Partial<LedgerRowValues>): ParsedLedgerRow {
  return { row, cells: [], raw: {}, values, errors: [], warnings: [] };
}

function stored(id: number, serial: string, over: Partial<InstrumentValues> = {}): ExistingInstrument {
  const cat = catalogueOf('water_meter', 'W');
  const base = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, null])) as InstrumentValues;
  return {
    ...base,
    instrument_name: 'W',
    catalogue_item: cat.item,
    catalogue_type: cat.type,
    quantity: 1,
    admin_division_code: '150626100',
    site_id: 7,
    ledger_state: 'filed',
    filed_at: '2024-01-02',
    ...over,
    id,
    category: 'water_meter',
    serial_no: serial,
  };
}

const water = (serialNo: string, more: Partial<LedgerRowValues> = {}): Partial<LedgerRowValues> => ({
  category: 'water_meter',
  instrumentName: 'W',
  serialNo,
  ...more,
});

describe('import plan: instruments', () => {
  it('a new instrument is filed today with quantity 1, the org region, the catalogue of its category and no site outside a known town', () => {
    const plan = planInstruments([parsed(2, water('S1'))], new Map(), ctx);
    expect(plan.updates).toEqual([]);
    expect(plan.inserts).toHaveLength(1);
    const v = plan.inserts[0]?.values;
    const cat = catalogueOf('water_meter', 'W');
    expect(v).toMatchObject({
      instrument_name: 'W',
      quantity: 1,
      admin_division_code: '150626',
      site_id: null,
      ledger_state: 'filed',
      filed_at: '2024-10-15',
      catalogue_item: cat.item,
      catalogue_type: cat.type,
      model: null,
    });
    expect(plan.inserts[0]).toMatchObject({ category: 'water_meter', serial_no: 'S1', public_code: '' });
    expect(plan.rows[0]).toMatchObject({ key: instrumentKey('water_meter', 'S1'), ex: undefined, id: 0, diff: null });
  });

  it('a new instrument in a town with a site gets that site; the org with one site gets it anywhere', () => {
    const inTown = planInstruments([parsed(2, water('S1', { adminDivisionCode: '150626100', quantity: 3 }))], new Map(), ctx);
    expect(inTown.inserts[0]?.values).toMatchObject({ site_id: 7, quantity: 3, admin_division_code: '150626100' });
    const single = planInstruments([parsed(2, water('S1'))], new Map(), { ...ctx, sites: { single: 9, byTown: new Map() } });
    expect(single.inserts[0]?.values.site_id).toBe(9);
  });

  it('a stored instrument takes only non-blank file values; its diff lists the changed columns', () => {
    const ex = stored(41, 'S1', { model: 'LXS-15', location: 'A' });
    const chunk = [parsed(2, water('S1', { model: 'LXS-20', location: '  ', sealNos: ['1', '2'] }))];
    const plan = planInstruments(chunk, new Map([[instrumentKey('water_meter', 'S1'), ex]]), ctx);
    expect(plan.inserts).toEqual([]);
    expect(plan.updates).toHaveLength(1);
    expect(plan.updates[0]?.values).toMatchObject({ model: 'LXS-20', location: 'A', seal_nos: '1,2', quantity: 1 });
    expect(plan.rows[0]?.id).toBe(41);
    expect(plan.rows[0]?.diff).toEqual({
      model: { before: 'LXS-15', after: 'LXS-20' },
      seal_nos: { before: null, after: '1,2' },
    });
  });

  it('the same values again: no update, no diff (numbers compare as numbers); a draft is filed today', () => {
    const ex = stored(41, 'S1', { caliber_dn: '15' as unknown as number });
    const same = planInstruments([parsed(2, water('S1', { caliberDn: 15 }))], new Map([[instrumentKey('water_meter', 'S1'), ex]]), ctx);
    expect(same.updates).toEqual([]);
    expect(same.rows[0]?.diff).toBeNull();

    const draft = stored(42, 'S2', { ledger_state: 'draft', filed_at: null });
    const filed = planInstruments([parsed(3, water('S2'))], new Map([[instrumentKey('water_meter', 'S2'), draft]]), ctx);
    expect(filed.rows[0]?.diff).toEqual({
      ledger_state: { before: 'draft', after: 'filed' },
      filed_at: { before: null, after: '2024-10-15' },
    });
  });

  it('assignNewIds gives the writer ids to the new rows in order, stored rows keep theirs', () => {
    const ex = stored(41, 'S2');
    const plan = planInstruments(
      [parsed(2, water('S1')), parsed(3, water('S2')), parsed(4, water('S3'))],
      new Map([[instrumentKey('water_meter', 'S2'), ex]]),
      ctx,
    );
    expect(plan.inserts.map((i) => i.serial_no)).toEqual(['S1', 'S3']);
    assignNewIds(plan.rows, [100, 101]);
    expect(plan.rows.map((r) => r.id)).toEqual([100, 41, 101]);
  });
});

describe('import plan: verification records', () => {
  const record = (over: Partial<VerificationValues> = {}): VerificationValues => ({
    kind: 'periodic',
    conclusion: 'passed',
    certificate_no: null,
    valid_until: null,
    institution_name: null,
    ...over,
  });

  it('records of new instruments are inserted; those of stored ones are merged; a row without a date has none', () => {
    const plan = planInstruments(
      [
        parsed(2, water('S1', { verification: { date: '2024-05-01', conclusion: 'passed', kind: 'initial' } })),
        parsed(3, water('S2', { verification: { date: '2024-06-01', certificateNo: 'C2' } })),
        parsed(4, water('S3', { verification: { certificateNo: 'C3' } })),
      ],
      new Map([[instrumentKey('water_meter', 'S2'), stored(41, 'S2')]]),
      ctx,
    );
    assignNewIds(plan.rows, [100, 101]);
    const v = planVerifications(plan.rows);
    expect(v.inserts).toEqual([{ instrument_id: 100, date: '2024-05-01', values: record({ kind: 'initial' }) }]);
    expect(v.merges).toHaveLength(1);
    expect(v.merges[0]?.p.id).toBe(41);
    expect(v.merges[0]?.ver).toEqual({ date: '2024-06-01', conclusionAssumed: false, values: record({ certificate_no: 'C2' }) });
  });

  it('merging: a new date is written; non-blank values overwrite; an assumed conclusion never does; no change, no write', () => {
    const p = (id: number, key: string): PlannedRow => ({ key, row: parsed(2, {}), ex: stored(id, key), id, diff: null });
    const merges = [
      { p: p(1, 'a'), ver: { date: '2024-01-01', conclusionAssumed: false, values: record({ certificate_no: 'N' }) } },
      {
        p: p(2, 'b'),
        ver: { date: '2024-01-01', conclusionAssumed: true, values: record({ conclusion: 'passed', certificate_no: 'C9' }) },
      },
      { p: p(3, 'c'), ver: { date: '2024-01-01', conclusionAssumed: false, values: record({ certificate_no: null }) } },
    ];
    const storedRecords = new Map([
      [verificationKey(2, '2024-01-01'), record({ conclusion: 'failed', certificate_no: 'C1', institution_name: 'I' })],
      [verificationKey(3, '2024-01-01'), record({ certificate_no: 'C3' })],
    ]);
    const m = mergeVerifications(merges, storedRecords);
    expect(m.upserts).toEqual([
      { instrument_id: 1, date: '2024-01-01', values: record({ certificate_no: 'N' }) },
      { instrument_id: 2, date: '2024-01-01', values: record({ conclusion: 'failed', certificate_no: 'C9', institution_name: 'I' }) },
    ]);
    expect([...m.changed]).toEqual(['a', 'b']);
  });
});

describe('import plan: nozzles', () => {
  it('adds the missing nozzles 1…N; only additions to stored instruments count as changes', () => {
    const dispenser = (serialNo: string, nozzles?: number): Partial<LedgerRowValues> => ({
      category: 'fuel_dispenser',
      instrumentName: 'D',
      serialNo,
      fuelGrade: '92',
      ...(nozzles === undefined ? {} : { nozzles }),
    });
    const ex = { ...stored(41, 'D2'), category: 'fuel_dispenser' };
    const plan = planInstruments(
      [parsed(2, dispenser('D1', 2)), parsed(3, dispenser('D2', 3)), parsed(4, dispenser('D3'))],
      new Map([[instrumentKey('fuel_dispenser', 'D2'), ex]]),
      ctx,
    );
    assignNewIds(plan.rows, [100, 101]);
    const targets = nozzleTargets(plan.rows);
    expect(targets.map((p) => p.id)).toEqual([100, 41]);
    const n = planNozzles(targets, new Map([[41, new Set([1, 2])]]));
    expect(n.rows).toEqual([
      { instrument_id: 100, nozzle_no: 1, fuel_grade: '92' },
      { instrument_id: 100, nozzle_no: 2, fuel_grade: '92' },
      { instrument_id: 41, nozzle_no: 3, fuel_grade: '92' },
    ]);
    expect([...n.added]).toEqual([[instrumentKey('fuel_dispenser', 'D2'), [3]]]);
  });
});

describe('import plan: counts and journal', () => {
  const row = (id: number, key: string, ex: boolean, diff: PlannedRow['diff'] = null): PlannedRow => ({
    key,
    row: parsed(2, {}),
    ex: ex ? stored(id, key) : undefined,
    id,
    diff,
  });

  it('inserted ids as runs of consecutive ids, one journal row per updated instrument, unchanged ones counted', () => {
    const rows = [
      row(10, 'a', false),
      row(11, 'b', false),
      row(5, 'u', true, { model: { before: 'x', after: 'y' } }),
      row(12, 'c', false),
      row(20, 'd', false),
      row(6, 'v', true),
      row(7, 'w', true),
    ];
    const j = journalOf(rows, new Set(['v']), new Map([['u', [3]]]));
    expect({ inserted: j.inserted, updated: j.updated, unchanged: j.unchanged }).toEqual({ inserted: 4, updated: 2, unchanged: 1 });
    expect(j.touched).toEqual([10, 11, 5, 12, 20, 6]);
    expect(j.journal).toEqual([
      { instrument_id: 5, change: 'updated', diff: '{"fields":{"model":{"before":"x","after":"y"}},"nozzlesAdded":[3]}' },
      { instrument_id: 10, change: 'inserted', diff: '{"toId":12}' },
      { instrument_id: 6, change: 'updated', diff: '{"fields":{},"verification":true}' },
      { instrument_id: 20, change: 'inserted', diff: null },
    ]);
    expect(j.lines).toBe(
      [
        'inserted|a',
        'inserted|b',
        'updated|u|{"fields":{"model":{"before":"x","after":"y"}},"nozzlesAdded":[3]}',
        'inserted|c',
        'inserted|d',
        'updated|v|{"fields":{},"verification":true}',
        '',
      ].join('\n'),
    );
  });

  it('an empty chunk journals nothing', () => {
    expect(journalOf([], new Set(), new Map())).toEqual({ inserted: 0, updated: 0, unchanged: 0, touched: [], journal: [], lines: '' });
  });
});

describe('import plan: remarks', () => {
  it('drops the status words an Attachment 1 export puts before the remark', () => {
    const overdue = t('report.remarks.overdue');
    const failed = t('report.remarks.failed');
    expect(withoutStatusRemark(overdue)).toBeUndefined();
    expect(withoutStatusRemark(`${overdue};${failed}；note`)).toBe('note');
    expect(withoutStatusRemark(' note ')).toBe('note');
    expect(withoutStatusRemark(`${overdue}x`)).toBe(`${overdue}x`);
  });
});

describe('planInstruments: state, removal and replacement (docs/domain/forms.md §4)', () => {
  const key = (serial: string) => instrumentKey('water_meter', serial);

  it('a stored meter removed by the file: update with its diff and one state change', () => {
    const ex = new Map([[key('A'), stored(1, 'A')]]);
    const plan = planInstruments(
      [parsed(2, water('A', { ledgerState: 'removed', removalDate: '2024-09-01', removalReason: 'inaccurate' }))],
      ex,
      ctx,
    );
    expect(plan.rows[0]?.diff).toEqual({
      ledger_state: { before: 'filed', after: 'removed' },
      removal_date: { before: null, after: '2024-09-01' },
      removal_reason: { before: null, after: 'inaccurate' },
    });
    expect(stateChangesOf(plan)).toEqual([
      { instrument_id: 1, from_state: 'filed', to_state: 'removed', effective_date: '2024-09-01', reason: 'inaccurate', note: null },
    ]);
  });

  it('the same state with an assumed date and reason keeps the stored ones: unchanged', () => {
    const ex = new Map([[key('A'), stored(1, 'A', { ledger_state: 'suspended', removal_date: '2024-10-01', removal_reason: 'damaged' })]]);
    const v = water('A', {
      ledgerState: 'suspended',
      removalDate: '2024-10-15',
      removalDateAssumed: true,
      removalReason: 'other',
      removalReasonAssumed: true,
    });
    const plan = planInstruments([parsed(2, v)], ex, ctx);
    expect(plan.rows[0]?.diff).toBeNull();
    expect(plan.states).toEqual([]);
  });

  it('a removed meter does not come back into service (warning); a blank state cell changes nothing', () => {
    const ex = new Map([
      [key('A'), stored(1, 'A', { ledger_state: 'removed', removal_date: '2024-06-01', removal_reason: 'rotation' })],
      [key('B'), stored(2, 'B', { ledger_state: 'suspended', removal_date: '2024-06-01', removal_reason: 'other' })],
    ]);
    const plan = planInstruments(
      [parsed(2, water('A', { ledgerState: 'filed' })), parsed(3, water('B', { ledgerState: 'filed', ledgerStateAssumed: true }))],
      ex,
      ctx,
    );
    expect(plan.rows.map((r) => r.diff)).toEqual([null, null]);
    expect(plan.warnings).toEqual([
      { row: 2, key: 'state', code: 'state_not_changed', params: { stored: '已拆除(轮换)', state: t('import.state.in_service') } },
    ]);
  });

  it('a new meter imported as scrapped, and 原表号 known / unknown', () => {
    const links = new Map([[key('OLD'), 9]]);
    const plan = planInstruments(
      [
        parsed(2, water('S', { ledgerState: 'scrapped', removalDate: '2024-02-01', removalReason: 'other', removalNote: 'x' })),
        parsed(3, water('N', { replacesSerial: 'OLD' })),
        parsed(4, water('M', { replacesSerial: 'NOPE' })),
      ],
      new Map(),
      ctx,
      links,
    );
    expect(plan.inserts.map((i) => [i.serial_no, i.values.ledger_state, i.values.removal_date, i.values.replaces_instrument_id])).toEqual([
      ['S', 'scrapped', '2024-02-01', null],
      ['N', 'filed', null, 9],
      ['M', 'filed', null, null],
    ]);
    assignNewIds(plan.rows, [21, 22, 23]);
    expect(stateChangesOf(plan)).toEqual([
      { instrument_id: 21, from_state: null, to_state: 'scrapped', effective_date: '2024-02-01', reason: 'other', note: 'x' },
    ]);
    expect(plan.warnings).toEqual([{ row: 4, key: 'replacesSerial', code: 'replaced_serial_unknown', params: { serialNo: 'NOPE' } }]);
  });
});
