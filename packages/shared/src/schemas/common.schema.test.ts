import { describe, expect, it } from 'vitest';
import { isSafeName, ZName, ZQueryFlag } from './common.schema.js';
import { ZComplaintListQuery } from './complaints.schema.js';
import {
  ZCreateOrganizationRequest,
  ZCreateSiteRequest,
  ZCreateTokenRequest,
  ZCreateUserRequest,
  ZUpdateUserRequest,
} from './core.schema.js';
import { ZContact, ZCreateStandard, ZCreateVerifier } from './verification.schema.js';

describe('names', () => {
  it('accept ordinary Chinese and Latin names, including characters outside the BMP', () => {
    for (const s of ['张伟', '示例乌审旗供水有限责任公司', 'Zhang Wei', '阿拉腾·巴特尔', '𠀋村加油站']) expect(isSafeName(s), s).toBe(true);
  });

  it('refuse control characters, bidi overrides and isolates, zero-width characters, the BOM and lone surrogates', () => {
    const bad = {
      nul: 'a\u0000b',
      tab: 'a\tb',
      newline: 'a\nb',
      del: 'a\u007fb',
      c1: 'a\u0085b',
      lrm: 'a\u200eb',
      rlo: '张\u202e伟',
      lre: 'a\u202ab',
      lri: 'a\u2066b',
      pdi: 'a\u2069b',
      zwsp: 'a\u200bb',
      zwj: 'a\u200db',
      wordJoiner: 'a\u2060b',
      bom: '\ufeff张伟',
      loneHigh: 'a\ud800b',
      loneLow: 'a\udc00b',
    };
    for (const [k, s] of Object.entries(bad)) expect(isSafeName(s), k).toBe(false);
  });

  it('the refusal names the field in Chinese', () => {
    const r = ZName('displayName').safeParse('张\u202e伟');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('姓名含有不允许的字符：控制字符、文字方向控制符、零宽字符或残缺字符');
  });

  it('every name field uses it: person, organization, contact, site, user and token names', () => {
    const evil = 'x\u202ey';
    const cases: [string, { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, unknown, string][] = [
      ['org', ZCreateOrganizationRequest, { name: evil, kind: 'gas_station', creditCode: 'x', regionCode: '150626' }, '单位名称'],
      [
        'contact',
        ZCreateOrganizationRequest,
        { name: 'ok', kind: 'gas_station', creditCode: 'x', regionCode: '150626', contactName: evil },
        '联系人',
      ],
      ['site', ZCreateSiteRequest, { orgId: 1, name: evil, kind: 'gas_station', townCode: '150626100' }, '场所名称'],
      ['user', ZCreateUserRequest, { username: 'abc', displayName: evil, role: 'viewer', orgId: 1, password: 'x' }, '姓名'],
      ['username', ZCreateUserRequest, { username: 'ab\u0000c', displayName: 'ok', role: 'viewer', orgId: 1, password: 'x' }, '用户名'],
      ['user update', ZUpdateUserRequest, { displayName: evil }, '姓名'],
      ['token', ZCreateTokenRequest, { name: evil }, '令牌名称'],
      [
        'verifier',
        ZCreateVerifier,
        { name: evil, certificateNo: 'c', categories: ['water_meter'], validUntil: '2026-01-01' },
        '检定人员姓名',
      ],
      [
        'standard',
        ZCreateStandard,
        { name: evil, certificateNo: 'c', categories: ['water_meter'], validUntil: '2026-01-01' },
        '计量标准名称',
      ],
      ['application contact', ZContact, { name: evil, phone: '0477-1234567' }, '联系人'],
    ];
    for (const [label, schema, value, field] of cases) {
      const r = schema.safeParse(value);
      expect(r.success, label).toBe(false);
      expect(r.error?.issues.map((i) => i.message).join('|'), label).toContain(`${field}含有不允许的字符`);
    }
  });
});

describe('ZQueryFlag', () => {
  it('reads 1/true as yes and 0/false as no, and refuses anything else', () => {
    expect(ZQueryFlag.parse('1')).toBe(true);
    expect(ZQueryFlag.parse('true')).toBe(true);
    expect(ZQueryFlag.parse('0')).toBe(false);
    expect(ZQueryFlag.parse('false')).toBe(false);
    expect(ZQueryFlag.safeParse('yes').success).toBe(false);
    expect(ZComplaintListQuery.parse({ mine: 'false' }).mine).toBe(false);
  });
});
