import { describe, expect, it } from 'vitest';
import { checkCreditCode, makeCreditCode } from './credit-code.js';

describe('统一社会信用代码 (GB 32100-2015 + GB 11714)', () => {
  it.each(['914403001922038216', '911506263141592685', ' ９１４４０３００１９２２０３８２１６ ', '914403001922038216'.toLowerCase()])(
    'accepts %s',
    (c) => {
      expect(checkCreditCode(c).ok).toBe(true);
    },
  );
  it('names a wrong length', () => {
    expect(checkCreditCode('91440300192203821')).toMatchObject({ ok: false, problem: { kind: 'length', length: 17 } });
  });
  it('names a character that is not allowed, with its position', () => {
    expect(checkCreditCode('9144030019220382IS')).toMatchObject({ ok: false, problem: { kind: 'char', position: 17, char: 'I' } });
    expect(checkCreditCode('91440300O922038216')).toMatchObject({ ok: false, problem: { kind: 'char', position: 9, char: 'O' } });
  });
  it('names the wrong organization-code check digit (position 17)', () => {
    expect(checkCreditCode('914403001922038316')).toMatchObject({ ok: false, problem: { kind: 'org_check', position: 17 } });
  });
  it('names the wrong check character (position 18)', () => {
    expect(checkCreditCode('914403001922038217')).toMatchObject({ ok: false, problem: { kind: 'check', position: 18, expected: '6' } });
    expect(checkCreditCode('911506263141592686')).toMatchObject({ ok: false, problem: { kind: 'check', expected: '5' } });
  });
  it('makeCreditCode builds codes that pass both checks', () => {
    for (const body of ['MA000010', '12345678', 'MB1A0001', 'ABCDEFGH']) {
      const c = makeCreditCode('91150626', body);
      expect(checkCreditCode(c)).toEqual({ ok: true, code: c });
    }
  });
});
