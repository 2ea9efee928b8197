import { describe, expect, it } from 'vitest';
import { computeStatus, ruleSetAsOf, statusConfigFrom } from '../../src/modules/status/status.rules.js';
import { attrs, fail, pass, rulesAt, SEED_RULES } from './rules-fixture.js';

const D = '2024-10-15';
function status(
  category: string,
  o: Parameters<typeof attrs>[1],
  verifications: ReturnType<typeof pass>[],
  asOf = D,
  nozzles?: { nozzleNo: number; removalDate: string | null }[],
) {
  return computeStatus({ attrs: attrs(category, o), verifications, nozzles, asOf, rules: rulesAt(asOf) });
}

interface Row {
  name: string;
  category: string;
  attrs?: Parameters<typeof attrs>[1];
  history: ReturnType<typeof pass>[];
  asOf?: string;
  expect: {
    status: string;
    validUntil: string | null;
    ruleRef: string;
    reasonCode?: string;
    mode?: string;
    flags?: string[];
    reasonContains?: string;
  };
}

/** One row per line of docs/domain/regulations.md §2 (the rule cited in the name). */
const TABLE: Row[] = [
  {
    name: '燃油加油机 JJG 443-2023 (from 2024-05-01): periodic 6 months from the last pass',
    category: 'fuel_dispenser',
    history: [pass('2024-06-05')],
    asOf: '2025-01-10',
    expect: {
      status: 'overdue',
      validUntil: '2024-12-04',
      ruleRef: 'fuel_dispenser.jjg443_2023@1',
      reasonCode: 'overdue',
      reasonContains: '超期未检：JJG 443-2023 检定周期6个月，上次检定 2024-06-05，有效期至 2024-12-04',
    },
  },
  {
    name: '燃油加油机 JJG 443-2015 (until 2024-04-30): periodic 6 months, reason cites the 2015 edition',
    category: 'fuel_dispenser',
    history: [pass('2024-01-05')],
    asOf: '2024-07-10',
    expect: {
      status: 'overdue',
      validUntil: '2024-07-04',
      ruleRef: 'fuel_dispenser.jjg443_2015@1',
      reason: undefined,
      reasonContains: '超期未检：JJG 443-2015 检定周期6个月，上次检定 2024-01-05，有效期至 2024-07-04',
    } as Row['expect'],
  },
  {
    name: 'JJG 443 edition switch: verified 2024-04-30 → JJG 443-2015',
    category: 'fuel_dispenser',
    history: [pass('2024-04-30')],
    asOf: '2024-06-01',
    expect: { status: 'valid', validUntil: '2024-10-29', ruleRef: 'fuel_dispenser.jjg443_2015@1', reasonCode: 'valid_computed' },
  },
  {
    name: 'JJG 443 edition switch: verified 2024-05-01 → JJG 443-2023',
    category: 'fuel_dispenser',
    history: [pass('2024-05-01')],
    asOf: '2024-06-01',
    expect: { status: 'valid', validUntil: '2024-10-31', ruleRef: 'fuel_dispenser.jjg443_2023@1' },
  },
  {
    name: 'dispenser due soon inside the 30-day window (JJG 443-2023)',
    category: 'fuel_dispenser',
    history: [pass('2024-05-01')],
    asOf: '2024-10-10',
    expect: { status: 'due_soon', validUntil: '2024-10-31', ruleRef: 'fuel_dispenser.jjg443_2023@1', reasonCode: 'due_soon' },
  },
  {
    name: '水表 DN ≤25 (JJG 162-2019): first_only_limited_use ≤6 years from the passing initial verification',
    category: 'water_meter',
    attrs: { caliberDn: 25, installDate: '2020-03-05' },
    history: [pass('2020-03-01', { kind: 'initial' })],
    expect: { status: 'valid', validUntil: '2026-02-28', ruleRef: 'water_meter.limited_dn25@1', mode: 'first_only_limited_use', flags: [] },
  },
  {
    name: '水表 25 < DN ≤50 (JJG 162-2019): limited use ≤4 years — DN32 is past its limit where DN25 is not',
    category: 'water_meter',
    attrs: { caliberDn: 32, installDate: '2020-03-05' },
    history: [pass('2020-03-01', { kind: 'initial' })],
    expect: {
      status: 'rotation_overdue',
      validUntil: '2024-02-29',
      ruleRef: 'water_meter.limited_dn50@1',
      reasonCode: 'rotation_overdue',
      reasonContains: '到期未轮换：JJG 162-2019 使用期限4年，首次检定 2020-03-01',
    },
  },
  {
    name: '水表 DN >50 (JJG 162-2019): periodic 2 years from the last verification',
    category: 'water_meter',
    attrs: { caliberDn: 80 },
    history: [pass('2021-06-10', { kind: 'initial' }), pass('2023-06-10')],
    expect: { status: 'valid', validUntil: '2025-06-09', ruleRef: 'water_meter.periodic_large@1', mode: 'periodic' },
  },
  {
    name: '水表 Q3 >16 (JJG 162-2019): a DN50 meter with Q3 = 25 is periodic',
    category: 'water_meter',
    attrs: { caliberDn: 50, q3: 25 },
    history: [pass('2023-06-10', { kind: 'initial' })],
    expect: { status: 'valid', validUntil: '2025-06-09', ruleRef: 'water_meter.periodic_large@1', mode: 'periodic' },
  },
  {
    name: '水表 without caliber: household default DN ≤25 with flag attributes_assumed',
    category: 'water_meter',
    history: [pass('2020-03-01', { kind: 'initial' })],
    expect: {
      status: 'valid',
      validUntil: '2026-02-28',
      ruleRef: 'water_meter.limited_dn25@1',
      flags: ['attributes_assumed'],
      reasonContains: '器具属性缺失',
    },
  },
  {
    name: '燃气表 G1.6–G16 natural gas (JJG 577-2012/JJG 1190-2022): limited use ≤10 years',
    category: 'gas_meter',
    attrs: { gRating: 'G4', gasMedium: 'natural_gas' },
    history: [pass('2016-05-20', { kind: 'initial' })],
    expect: { status: 'valid', validUntil: '2026-05-19', ruleRef: 'gas_meter.limited_natural_gas@1', flags: [] },
  },
  {
    name: '燃气表 G1.6–G16 LPG / 人工煤气 (JJG 577-2012): limited use ≤6 years',
    category: 'gas_meter',
    attrs: { gRating: 'G2.5', gasMedium: 'lpg' },
    history: [pass('2016-05-20', { kind: 'initial' })],
    expect: { status: 'rotation_overdue', validUntil: '2022-05-19', ruleRef: 'gas_meter.limited_other_medium@1' },
  },
  {
    name: '燃气表 above G16 (JJG 577-2012, [U] placeholder): periodic 3 years',
    category: 'gas_meter',
    attrs: { gRating: 'G25', gasMedium: 'natural_gas' },
    history: [pass('2023-01-10')],
    expect: { status: 'valid', validUntil: '2026-01-09', ruleRef: 'gas_meter.periodic_large@1', mode: 'periodic' },
  },
  {
    name: '电能表 direct-connected class 2 (JJG 596-2012): 8-year limit, rotation due within 180 days',
    category: 'electricity_meter',
    attrs: { accuracyClass: '2级' },
    history: [pass('2017-03-15', { kind: 'initial' })],
    expect: {
      status: 'rotation_due',
      validUntil: '2025-03-14',
      ruleRef: 'electricity_meter.direct_class_1_2@1',
      reasonCode: 'rotation_due',
    },
  },
  {
    name: '电能表 class 2 without any record: install date counts as initial verification (assumed_from_install)',
    category: 'electricity_meter',
    attrs: { accuracyClass: '2', installDate: '2018-01-01' },
    history: [],
    expect: { status: 'valid', validUntil: '2025-12-31', ruleRef: 'electricity_meter.direct_class_1_2@1', flags: ['assumed_from_install'] },
  },
  {
    name: '电能表 class 0.5S / 0.2S (JJG 596-2012, [U]): periodic 6 years',
    category: 'electricity_meter',
    attrs: { accuracyClass: '0.5S级' },
    history: [pass('2020-01-01')],
    expect: { status: 'valid', validUntil: '2025-12-31', ruleRef: 'electricity_meter.class_05s_02s@1', mode: 'periodic' },
  },
  {
    name: '电能表 mechanical single-phase (JJG 307-2006): ≤10 years',
    category: 'electricity_meter',
    attrs: { instrumentName: '单相机械式电能表' },
    history: [pass('2012-01-01', { kind: 'initial' })],
    expect: { status: 'rotation_overdue', validUntil: '2021-12-31', ruleRef: 'electricity_meter.mechanical_single_phase@1' },
  },
  {
    name: '电能表 mechanical single-phase, magnetic / double-jewel bearings (JJG 307-2006): ≤15 years',
    category: 'electricity_meter',
    attrs: { instrumentName: '单相机械式电能表（磁力轴承）' },
    history: [pass('2012-01-01', { kind: 'initial' })],
    expect: { status: 'valid', validUntil: '2026-12-31', ruleRef: 'electricity_meter.mechanical_single_phase_long_life@1' },
  },
  {
    name: '电能表 mechanical three-phase (JJG 307-2006): ≤6 years',
    category: 'electricity_meter',
    attrs: { instrumentName: '三相机械式电能表' },
    history: [pass('2012-01-01', { kind: 'initial' })],
    expect: { status: 'rotation_overdue', validUntil: '2017-12-31', ruleRef: 'electricity_meter.mechanical_three_phase@1' },
  },
  ...(['dipstick', 'hydrometer', 'thermometer', 'tank_level_gauge', 'standard_measure'] as const).map(
    (c): Row => ({
      name: `station auxiliary ${c} ([U] placeholder, not mandatory): periodic 1 year`,
      category: c,
      history: [pass('2024-03-01')],
      expect: { status: 'valid', validUntil: '2025-02-28', ruleRef: `${c}.periodic@1`, mode: 'periodic' },
    }),
  ),
];

describe('status per rule of docs/domain/regulations.md §2', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const r = status(row.category, row.attrs ?? {}, row.history, row.asOf ?? D);
      expect(r.status).toBe(row.expect.status);
      expect(r.validUntil).toBe(row.expect.validUntil);
      expect(r.ruleRef).toBe(row.expect.ruleRef);
      if (row.expect.reasonCode) expect(r.reasonCode).toBe(row.expect.reasonCode);
      if (row.expect.mode) expect(r.mode).toBe(row.expect.mode);
      if (row.expect.flags) expect(r.reasonFlags).toEqual(row.expect.flags);
      if (row.expect.reasonContains) expect(r.reason).toContain(row.expect.reasonContains);
      if (r.status !== 'failed' && r.status !== 'unverified') expect(r.dueDate).toBe(r.validUntil);
    });
  }
});

describe('status rules of docs/domain/forms.md §1', () => {
  it('the certificate 有效期至 wins over the computed cycle (JJG 443-2023)', () => {
    const r = status('fuel_dispenser', {}, [pass('2024-06-05', { validUntil: '2024-09-30' })]);
    expect(r).toMatchObject({ status: 'overdue', validUntil: '2024-09-30', reasonCode: 'overdue' });
    expect(r.reason).toContain('证书有效期至 2024-09-30');
    const ok = status('fuel_dispenser', {}, [pass('2024-06-05', { validUntil: '2024-12-31' })], '2024-07-01');
    expect(ok).toMatchObject({
      status: 'valid',
      reasonCode: 'valid_certificate',
      validUntil: '2024-12-31',
      reasonFlags: ['certificate_beyond_rule'],
    });
  });

  it('a certificate date before its verification date is ignored and flagged', () => {
    const r = status('fuel_dispenser', {}, [pass('2024-06-05', { validUntil: '2024-01-01' })], '2024-07-01');
    expect(r).toMatchObject({ validUntil: '2024-12-04', reasonFlags: ['certificate_invalid'] });
  });

  it('failed, then passed after repair: valid from the new pass (JJG 443-2023)', () => {
    const failed = status('fuel_dispenser', {}, [pass('2024-01-05'), fail('2024-06-01')], '2024-06-05');
    expect(failed).toMatchObject({ status: 'failed', reasonCode: 'failed_verification', dueDate: '2024-06-01', validUntil: null });
    const r = status('fuel_dispenser', {}, [pass('2024-01-05'), fail('2024-06-01'), pass('2024-06-10', { kind: 'subsequent' })]);
    expect(r).toMatchObject({ status: 'valid', validUntil: '2024-12-09' });
  });

  it('never verified: unverified with dueDate = install date; water and gas have no install fallback', () => {
    const r = status('water_meter', { caliberDn: 15, installDate: '2023-05-01' }, []);
    expect(r).toMatchObject({ status: 'unverified', reasonCode: 'never_verified', dueDate: '2023-05-01', validUntil: null });
    expect(r.reason).toContain('未检定');
    expect(status('gas_meter', { gRating: 'G4', gasMedium: 'natural_gas', installDate: '2023-05-01' }, []).status).toBe('unverified');
  });

  it('removed from its removal date; suspended without a date; not yet in service before its install date', () => {
    const h = [pass('2024-06-05')];
    expect(status('fuel_dispenser', { removalDate: '2024-09-01', ledgerState: 'removed' }, h)).toMatchObject({
      status: 'removed',
      reasonCode: 'removed',
      dueDate: null,
    });
    expect(status('fuel_dispenser', { removalDate: '2024-09-01', ledgerState: 'removed' }, h, '2024-08-01').status).toBe('valid');
    expect(status('fuel_dispenser', { ledgerState: 'suspended' }, h)).toMatchObject({ status: 'removed', reasonCode: 'suspended' });
    const early = status('water_meter', { caliberDn: 15, installDate: '2024-11-01' }, [pass('2024-09-01', { kind: 'initial' })]);
    expect(early).toMatchObject({ status: 'removed', inService: false, beforeStart: true });
  });

  it('a spot-check failure in the valid period cancels validity; a passing spot check neither renews nor clears (印证办法 第七条)', () => {
    const h = [pass('2024-06-05'), fail('2024-08-01', { kind: 'spot_check' })];
    expect(status('fuel_dispenser', {}, h)).toMatchObject({ status: 'failed', reasonCode: 'failed_spot_check', dueDate: '2024-08-01' });
    expect(status('fuel_dispenser', {}, [...h, pass('2024-09-01', { kind: 'spot_check' })]).status).toBe('failed');
    expect(status('fuel_dispenser', {}, [pass('2024-01-05'), pass('2024-06-01', { kind: 'spot_check' })], '2024-07-10').status).toBe(
      'overdue',
    );
    expect(status('fuel_dispenser', {}, [...h, pass('2024-09-10')])).toMatchObject({ status: 'valid', validUntil: '2025-03-09' });
  });

  it('a dispenser with one bad nozzle is failed; validUntil is the earliest nozzle; dispenser records apply to nozzles without later own records', () => {
    const nozzles = [1, 2, 3].map((n) => ({ nozzleNo: n, removalDate: null }));
    const h = [pass('2024-06-05'), fail('2024-07-01', { nozzleNo: 2 }), pass('2024-08-01', { nozzleNo: 3 })];
    const r = status('fuel_dispenser', {}, h, D, nozzles);
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/^2号枪：不合格/);
    expect(r.validUntil).toBe('2024-12-04');
    expect(r.nozzles.map((n) => [n.nozzleNo, n.status, n.validUntil])).toEqual([
      [1, 'valid', '2024-12-04'],
      [2, 'failed', null],
      [3, 'valid', '2025-01-31'],
    ]);
    // a later dispenser-level pass supersedes the nozzle's failure
    const r2 = status('fuel_dispenser', {}, [...h, pass('2024-09-01')], D, nozzles);
    expect(r2.nozzles.map((n) => n.validUntil)).toEqual(['2025-02-28', '2025-02-28', '2025-02-28']);
    // a removed nozzle no longer counts
    const r3 = status('fuel_dispenser', {}, h, D, [
      { nozzleNo: 1, removalDate: null },
      { nozzleNo: 2, removalDate: '2024-07-02' },
      { nozzleNo: 3, removalDate: null },
    ]);
    expect(r3.status).toBe('valid');
  });

  it('initial verification after installation flags installed_before_verification (dispensers: after first use)', () => {
    const r = status('water_meter', { caliberDn: 15, installDate: '2020-01-01' }, [pass('2020-03-01', { kind: 'initial' })]);
    expect(r.reasonFlags).toContain('installed_before_verification');
    const d = status(
      'fuel_dispenser',
      { installDate: '2024-01-01', firstUseDate: '2024-02-01' },
      [pass('2024-01-20', { kind: 'initial' })],
      '2024-03-01',
    );
    expect(d.reasonFlags).not.toContain('installed_before_verification');
    const d2 = status(
      'fuel_dispenser',
      { installDate: '2024-01-01', firstUseDate: '2024-01-10' },
      [pass('2024-01-20', { kind: 'initial' })],
      '2024-03-01',
    );
    expect(d2.reasonFlags).toContain('installed_before_verification');
  });

  it('limited-use water meters: a later periodic pass does not extend the limit; electricity: a new pass does', () => {
    const w = status('water_meter', { caliberDn: 32 }, [pass('2020-03-01', { kind: 'initial' }), pass('2023-01-01')]);
    expect(w).toMatchObject({ status: 'rotation_overdue', validUntil: '2024-02-29' });
    const e = status('electricity_meter', { accuracyClass: '2' }, [pass('2015-01-01', { kind: 'initial' }), pass('2023-01-01')]);
    expect(e).toMatchObject({ status: 'valid', validUntil: '2030-12-31' });
  });

  it('electricity meters of every class count from the install date when they have no verification record (docs/domain/forms.md §1 step 2)', () => {
    for (const accuracyClass of ['2', '1', '0.5S', '0.2S']) {
      const r = status('electricity_meter', { accuracyClass, installDate: '2020-01-10' }, []);
      expect(r.reasonFlags).toContain('assumed_from_install');
      expect(r.governing?.date).toBe('2020-01-10');
      // the reason names the install date as such, not as a verification
      expect(r.reason).toContain('安装日期 2020-01-10');
      expect(r.reason).not.toContain('上次检定');
    }
    expect(status('electricity_meter', { accuracyClass: '0.5S', installDate: '2018-01-10' }, [])).toMatchObject({
      status: 'overdue',
      validUntil: '2024-01-09',
    });
  });

  it('a passing spot check is not a verification record: the install-date fallback still applies', () => {
    const r = status('electricity_meter', { accuracyClass: '2', installDate: '2017-01-10' }, [pass('2023-01-01', { kind: 'spot_check' })]);
    expect(r).toMatchObject({ status: 'rotation_due', validUntil: '2025-01-09', reasonFlags: ['assumed_from_install'] });
  });

  it('an electricity meter installed before its initial verification is unverified until that verification (docs/domain/regulations.md §2)', () => {
    const h = [pass('2017-02-01', { kind: 'initial' })];
    const gap = status('electricity_meter', { accuracyClass: '2', installDate: '2017-01-10' }, h, '2017-01-20');
    expect(gap).toMatchObject({ status: 'unverified', reasonCode: 'never_verified', dueDate: '2017-01-10' });
    const after = status('electricity_meter', { accuracyClass: '2', installDate: '2017-01-10' }, h, '2017-03-01');
    expect(after).toMatchObject({ status: 'valid', validUntil: '2025-01-31' });
    expect(after.reasonFlags).toContain('installed_before_verification');
  });

  it("a nozzle's own passing spot check does not displace dispenser-level records (it can only fail)", () => {
    const nozzles = [1, 2].map((n) => ({ nozzleNo: n, removalDate: null }));
    // dispenser pass, dispenser-level spot-check failure, then a nozzle's own passing spot check: still failed
    const a = status(
      'fuel_dispenser',
      {},
      [pass('2024-01-10'), fail('2024-03-01', { kind: 'spot_check' }), pass('2024-03-05', { kind: 'spot_check', nozzleNo: 1 })],
      '2024-04-01',
      nozzles,
    );
    expect(a.nozzles.map((n) => [n.nozzleNo, n.status, n.reasonCode])).toEqual([
      [1, 'failed', 'failed_spot_check'],
      [2, 'failed', 'failed_spot_check'],
    ]);
    // dispenser failed, then a nozzle's passing spot check: the nozzle stays failed
    const b = status(
      'fuel_dispenser',
      {},
      [pass('2024-01-10'), fail('2024-02-01'), pass('2024-03-01', { kind: 'spot_check', nozzleNo: 1 })],
      '2024-04-01',
      nozzles,
    );
    expect(b.status).toBe('failed');
    expect(b.nozzles[0]).toMatchObject({ status: 'failed', reasonCode: 'failed_verification' });
    // dispenser pass + a nozzle's passing spot check: the nozzle is valid from the dispenser's pass
    const c = status(
      'fuel_dispenser',
      {},
      [pass('2024-01-10'), pass('2024-03-01', { kind: 'spot_check', nozzleNo: 1 })],
      '2024-04-01',
      nozzles,
    );
    expect(c.nozzles.map((n) => [n.status, n.validUntil])).toEqual([
      ['valid', '2024-07-09'],
      ['valid', '2024-07-09'],
    ]);
  });

  it('reasons: a failure cites the regulation; never verified cites the cycle; scrapped and undated removals read as such', () => {
    expect(status('fuel_dispenser', {}, [fail('2024-09-01')]).reason).toContain('JJG 443-2023');
    expect(status('water_meter', { caliberDn: 15 }, []).reason).toContain('使用期限6年');
    expect(status('fuel_dispenser', { ledgerState: 'scrapped', removalDate: '2024-09-01' }, [pass('2024-06-05')]).reason).toContain(
      '已报废：2024-09-01',
    );
    const undated = status('fuel_dispenser', { ledgerState: 'removed' }, [pass('2024-06-05')]);
    expect(undated).toMatchObject({ status: 'removed', reasonCode: 'removed' });
    expect(undated.reason).toContain('拆除日期未登记');
  });

  it('no rule matches (a retired rule): valid without a computed date, and the reason says no rule applies', () => {
    const rules = ruleSetAsOf(
      SEED_RULES.filter((r) => r.ruleKey !== 'water_meter.limited_dn25'),
      D,
    );
    const r = computeStatus({
      attrs: attrs('water_meter', { caliberDn: 15 }),
      verifications: [pass('2020-01-01', { kind: 'initial' })],
      asOf: D,
      rules,
    });
    expect(r).toMatchObject({ status: 'valid', validUntil: null, ruleRef: null });
    expect(r.reason).toContain('没有与该器具属性相符的规则');
    expect(r.reason).not.toContain('失准报废');
  });

  it('warning windows are configuration (meters 180 days by default)', () => {
    const h = [pass('2017-03-15', { kind: 'initial' })];
    const a = attrs('electricity_meter', { accuracyClass: '2' });
    const narrow = computeStatus({
      attrs: a,
      verifications: h,
      asOf: D,
      rules: rulesAt(D),
      config: statusConfigFrom({ 'status.warn_days.meter': '30' }),
    });
    expect(narrow.status).toBe('valid');
  });
});
