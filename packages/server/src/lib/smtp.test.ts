import { describe, expect, it } from 'vitest';
import { buildMessage, encodeHeaderWords, SmtpError } from './smtp.js';

const decode = (v: string) =>
  v
    .split('\r\n ')
    .map((w) => {
      const m = /^=\?UTF-8\?B\?([^?]*)\?=$/.exec(w);
      return m ? Buffer.from(m[1] ?? '', 'base64').toString('utf8') : w;
    })
    .join('');

describe('smtp message', () => {
  it('leaves a printable ASCII subject as it is', () => {
    expect(encodeHeaderWords('Order due')).toBe('Order due');
  });

  it('encodes a Chinese subject as RFC 2047 words of at most 75 characters that decode back', () => {
    const subject = '责令改正通知书：请在期限前完成整改并回复，逾期将依法处理'.repeat(2);
    const encoded = encodeHeaderWords(subject);
    for (const w of encoded.split('\r\n ')) {
      expect(w.length).toBeLessThanOrEqual(75);
      expect(w).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    }
    expect(decode(encoded)).toBe(subject);
  });

  it('builds a base64 UTF-8 body in lines of at most 76 characters', () => {
    const text = '第 12 号检定申请已受理。\n'.repeat(20);
    const m = buildMessage('a@example.test', { to: 'b@example.test', subject: '受理', text }, new Date(0), 'x@example.test');
    const [head, body] = m.split('\r\n\r\n') as [string, string];
    expect(head).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(head).toContain('Content-Transfer-Encoding: base64');
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(text.replace(/\n/g, '\r\n'));
  });

  it('refuses an address that could inject a command or a header', () => {
    expect(() => buildMessage('a@example.test', { to: 'b@example.test\r\nBcc: c@x', subject: 's', text: 't' }, new Date(0), 'x@y')).toThrow(
      SmtpError,
    );
  });
});
