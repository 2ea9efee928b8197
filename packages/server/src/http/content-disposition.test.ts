import { describe, expect, it } from 'vitest';
import { contentDisposition, fileNamePart } from './content-disposition.js';

describe('contentDisposition (RFC 6266 / RFC 8187)', () => {
  it('carries the Chinese name encoded and an ASCII fallback', () => {
    expect(contentDisposition('attachment', '附件1-乌审旗-2024-10-15.xlsx')).toBe(
      `attachment; filename="__1-___-2024-10-15.xlsx"; filename*=UTF-8''%E9%99%84%E4%BB%B61-%E4%B9%8C%E5%AE%A1%E6%97%97-2024-10-15.xlsx`,
    );
    expect(contentDisposition('inline', 'a b(1).pdf')).toBe(`inline; filename="a b(1).pdf"; filename*=UTF-8''a%20b%281%29.pdf`);
  });
  it('keeps quotes and backslashes out of the fallback', () => {
    expect(contentDisposition('attachment', 'x"y\\z.csv')).toMatch(/^attachment; filename="x_y_z\.csv"; /);
  });
  it('file name parts lose the characters file systems refuse', () => {
    expect(fileNamePart('乌审市监计改〔2026〕6号/副本:1')).toBe('乌审市监计改〔2026〕6号_副本_1');
  });
});
