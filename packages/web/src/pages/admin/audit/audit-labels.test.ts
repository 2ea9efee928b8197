import { describe, expect, it } from 'vitest';
import { actionLabel, actorText, chainLabel, diffRows, entityLabel, fieldLabel, formatValue, problemText } from './audit-labels.js';

const CJK = /[\u4e00-\u9fff]/;

describe('audit labels of the 审计日志 page', () => {
  it('labels known codes in Chinese and marks unknown ones (generic label, code kept for the tooltip)', () => {
    expect(actionLabel('org_updated')).toEqual({ text: '修改单位', known: true, code: 'org_updated' });
    expect(actionLabel('verifier_deleted').text).toBe('删除检定人员');
    expect(actionLabel('something_new')).toEqual({ text: '其他操作', known: false, code: 'something_new' });
    expect(entityLabel('organization').text).toBe('单位');
    expect(entityLabel('widget')).toEqual({ text: '其他对象', known: false, code: 'widget' });
  });

  it('labels data fields in either spelling, falling back to the key', () => {
    expect(fieldLabel('display_name')).toBe('姓名');
    expect(fieldLabel('displayName')).toBe('姓名');
    expect(fieldLabel('serialNo')).toBe('出厂编号');
    expect(fieldLabel('zzz_unlisted')).toBe('zzz_unlisted');
  });

  it('formats values: enums, booleans, lists, nothing', () => {
    expect(formatValue('role', 'enterprise')).toMatch(CJK);
    expect(formatValue('kind', 'gas_station', 'organization')).toMatch(CJK);
    expect(formatValue('disabled', true)).toBe('是');
    expect(formatValue('address', null)).toBe('—');
    expect(formatValue('townCodes', ['150626100', '150626102'])).toBe('150626100、150626102');
    expect(formatValue('categories', ['gas_meter', 'water_meter'])).not.toMatch(/[a-z_]{3,}/);
    expect(formatValue('chain', 'org:3')).toBe('单位链 3');
    expect(formatValue('code', 'forbidden')).toBe('无权执行此操作');
    expect(formatValue('reason', 'wrong_password', 'user')).toBe('密码错误');
  });

  it('formats nested records as label：value pairs, with their codes labelled', () => {
    const v = formatValue('results', [{ conclusion: 'passed', certificateNo: 'C-1' }], 'application');
    expect(v).toBe('检定结论：合格，证书编号：C-1');
    expect(formatValue('contact', { name: '李海峰', phone: '139' })).toBe('名称：李海峰，电话：139');
  });

  it('turns a before/after diff into rows', () => {
    expect(diffRows({ changes: { display_name: { before: 'a', after: 'b' } } }, 'user')).toEqual([
      { field: 'display_name', label: '姓名', before: 'a', after: 'b' },
    ]);
    expect(diffRows({ username: 'x' }, 'user')).toBeNull();
  });

  it('names chains and actors', () => {
    expect(chainLabel('platform')).toBe('平台链');
    expect(chainLabel('org:12')).toBe('单位链 12');
    expect(actorText({ actor: 'cli', actorName: null })).toBe('命令行');
    expect(actorText({ actor: 'system', actorName: null })).toBe('系统');
    expect(actorText({ actor: 'user:admin', actorName: '系统管理员' })).toBe('系统管理员（admin）');
  });

  it('describes a chain problem in Chinese with its chain and sequence number', () => {
    expect(problemText({ chain: 'org:3', seq: 5, id: 40, problem: 'hash_mismatch' })).toBe('单位链 3 第 5 条：内容被修改（哈希不符）');
    expect(problemText({ chain: 'org:9', seq: null, id: null, problem: 'chain_unregistered' })).toBe(
      '单位链 9：该链未在平台链中登记（来历不明的链）',
    );
    expect(problemText({ chain: 'platform', seq: 2, id: 2, problem: 'key_unknown', keyId: 'k1' })).toContain('“k1”');
    expect(problemText({ chain: '-', seq: null, id: null, problem: 'checkpoint_forged' })).toMatch(/^检查点文件：/);
    expect(problemText({ chain: 'platform', seq: 1, id: 1, problem: 'new_problem' })).toBe('平台链 第 1 条：未知问题（new_problem）');
  });
});
