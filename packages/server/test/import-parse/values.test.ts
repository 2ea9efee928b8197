import { describe, expect, it } from 'vitest';
import { excelSerialToDate, parseDate } from '../../src/lib/sheets/cells.js';
import { matchHeader } from '../../src/modules/ledger/import/header-match.js';
import {
  categoryFromName,
  electricityClassOf,
  gRatingFromModel,
  normalizeSerial,
  parseCaliber,
  parseQ3,
  parseValidity,
} from '../../src/modules/ledger/import/parse-values.js';

describe('value parsing', () => {
  it('dates', () => {
    const d = (v: string | number | Date) => {
      const r = parseDate(v);
      return r.ok ? (r.monthOnly ? `month:${r.date}` : r.date) : null;
    };
    expect(d('2019-03-05')).toBe('2019-03-05');
    expect(d('2019/3/5')).toBe('2019-03-05');
    expect(d('2019.3.5')).toBe('2019-03-05');
    expect(d('2019年3月5日')).toBe('2019-03-05');
    expect(d('2019 年 3 月 5 日')).toBe('2019-03-05');
    expect(d('20190305')).toBe('2019-03-05');
    expect(d(20190305)).toBe('2019-03-05');
    expect(d(43529)).toBe('2019-03-05');
    expect(d('43529')).toBe('2019-03-05');
    expect(d('43529.75')).toBe('2019-03-05');
    expect(d(new Date(Date.UTC(2019, 2, 5)))).toBe('2019-03-05');
    expect(d(new Date(Date.UTC(2019, 2, 4, 23, 59, 59, 999)))).toBe('2019-03-05');
    expect(d('2019-03-05 08:30:00')).toBe('2019-03-05');
    expect(d('２０１９－０３－０５')).toBe('2019-03-05');
    expect(d('2024-06')).toBe('month:2024-06-01');
    expect(d('2024年6月')).toBe('month:2024-06-01');
    expect(d('2023-02-30')).toBeNull();
    expect(d('2023-02-29')).toBeNull();
    expect(d('2024-02-29')).toBe('2024-02-29');
    expect(d('2024')).toBeNull();
    expect(d(2024)).toBeNull();
    expect(d('abc')).toBeNull();
    expect(excelSerialToDate(45292)).toEqual({ ok: true, date: '2024-01-01' });
  });

  it('validity periods', () => {
    expect(parseValidity('6个月')).toEqual({ kind: 'duration', months: 6 });
    expect(parseValidity('半年')).toEqual({ kind: 'duration', months: 6 });
    expect(parseValidity('1年')).toEqual({ kind: 'duration', months: 12 });
    expect(parseValidity('6年')).toEqual({ kind: 'duration', months: 72 });
    expect(parseValidity('2024-01-05至2024-07-04')).toEqual({ kind: 'range', from: '2024-01-05', to: '2024-07-04' });
    expect(parseValidity('2024.1.5~2024.7.4')).toEqual({ kind: 'range', from: '2024-01-05', to: '2024-07-04' });
    expect(parseValidity('2024-07-04')).toMatchObject({ kind: 'date', date: { date: '2024-07-04' } });
    expect(parseValidity('长期')).toEqual({ kind: 'invalid' });
  });

  it('numbers, serials and G-ratings', () => {
    for (const v of ['DN15', 'dn 15', '15', '15mm', 'Φ15', 'ＤＮ１５']) expect(parseCaliber(v)).toBe(15);
    expect(parseCaliber('DN-15')).toBeNull();
    expect(parseCaliber('大口径')).toBeNull();
    for (const v of ['2.5', 'Q3=2.5', '2.5m³/h', 'Q3 2.5']) expect(parseQ3(v)).toBe(2.5);
    expect(normalizeSerial(1.23e15)).toEqual({ ok: true, serial: '1230000000000000' });
    expect(normalizeSerial(2 ** 53 + 2)).toEqual({ ok: false, code: 'serial_precision_lost' });
    expect(normalizeSerial('1.23457E+15')).toEqual({ ok: false, code: 'serial_precision_lost' });
    expect(normalizeSerial(' Ab 12 ３ ')).toEqual({ ok: true, serial: 'Ab123' });
    expect(gRatingFromModel('JGD-G2.5')).toBe('G2.5');
    expect(gRatingFromModel('G4 膜式')).toBe('G4');
    expect(gRatingFromModel('LXS-15')).toBeNull();
  });

  it('category by the longest alias the name ends with, exclusions first', () => {
    expect(categoryFromName('单相智能电能表')).toBe('electricity_meter');
    expect(categoryFromName('三相四线电表')).toBe('electricity_meter');
    expect(categoryFromName('税控燃油加油机')).toBe('fuel_dispenser');
    expect(categoryFromName('IC卡水表')).toBe('water_meter');
    expect(categoryFromName('ic卡水表')).toBe('water_meter');
    expect(categoryFromName('水表（DN20）')).toBe('water_meter');
    expect(categoryFromName('物联网燃气表')).toBe('gas_meter');
    expect(categoryFromName('测深钢卷尺')).toBe('dipstick');
    expect(categoryFromName('自校罐')).toBe('standard_measure');
    expect(categoryFromName('热水表')).toBeNull();
    expect(categoryFromName('热量表')).toBeNull();
    expect(categoryFromName('电表箱')).toBeNull();
    expect(categoryFromName('水表井')).toBeNull();
  });

  it('header normalisation', () => {
    expect(matchHeader('出厂编号（表号）').key).toBe('serialNo');
    expect(matchHeader('* 器 具 名 称').key).toBe('instrumentName');
    expect(matchHeader('器具名称(必填)').key).toBe('instrumentName');
    expect(matchHeader('安装、使用地点').key).toBe('location');
    expect(matchHeader('安装／使用地点').key).toBe('location');
    expect(matchHeader('口径(mm)')).toMatchObject({ key: 'caliberDn', unitHint: 'mm' });
    expect(matchHeader('常用流量Q3(m³/h)')).toMatchObject({ key: 'q3', unitHint: 'm3/h' });
    expect(matchHeader('规格(G)').key).toBe('gRating');
    expect(matchHeader('乡镇（苏木）').key).toBe('adminDivisionCode');
    expect(matchHeader('No.').key).toBe('seq');
    expect(matchHeader('dn').key).toBe('caliberDn');
    expect(matchHeader('设备编号').key).toBe('fallbackSerial');
    expect(matchHeader('检定日期/有效期至').key).toBeNull();
    expect(matchHeader('用户名').key).toBeNull();
  });
});

describe('electricity meter accuracy class', () => {
  it.each([
    ['2级', '2'],
    ['2.0', '2'],
    ['1.0级', '1'],
    ['0.5s级', '0.5S'],
    ['０．５Ｓ', '0.5S'],
    ['C级', '0.5S'],
    ['2级（有功）', '2'],
    ['1级(有功) 2级(无功)', '1'],
    ['有功1级/无功2级', '1'],
    ['有功1.0级，无功2.0级', '1'],
    ['无功2级 有功1级', '1'],
    ['准确度等级：有功0.5S级', '0.5S'],
    ['1.0/2.0', '1'],
    ['有功:2级', '2'],
  ])('%s → %s', (text, code) => expect(electricityClassOf(text)).toBe(code));

  it.each([['2.5级'], ['12级'], ['无功2级'], ['class'], ['有功'], ['3级']])('%s → null', (text) =>
    expect(electricityClassOf(text)).toBeNull(),
  );
});
