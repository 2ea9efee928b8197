import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile } from '../../test/files.js';
import { registerErrorHandler } from './error-handler.js';
import { sniffType, uploadedFile } from './upload.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(20, 1)]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

describe('sniffType (by content, never by name)', () => {
  it('recognises zip/xlsx, pdf, png, jpeg and text; refuses OLE2, NUL-bearing binaries and empty files', () => {
    expect(sniffType(ZIP)).toBe('xlsx');
    expect(sniffType(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffType(PNG)).toBe('png');
    expect(sniffType(JPEG)).toBe('jpeg');
    expect(sniffType(Buffer.from('a,b\n1,2\n'))).toBe('csv');
    expect(sniffType(Buffer.from([0xc6, 0xf7, 0xbe, 0xdf, 0x2c, 0x0a]))).toBe('csv'); // GBK text
    expect(sniffType(OLE2)).toBeNull();
    expect(sniffType(Buffer.from([1, 2, 0, 3]))).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
  });
});

describe('uploadedFile', () => {
  const app = Fastify();
  beforeAll(async () => {
    registerErrorHandler(app);
    await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
    app.post('/sheet', async (req) => {
      const f = await uploadedFile(req, { maxBytes: 64, types: ['xlsx', 'csv'] });
      return { fileName: f.fileName, type: f.type, bytes: f.content.length };
    });
    app.post('/image', async (req) => (await uploadedFile(req, { maxBytes: 1024, types: ['png', 'jpeg'] })).type);
    await app.ready();
  });
  afterAll(() => app.close());

  it('returns the file with the type its content shows, whatever its name says', async () => {
    const res = await app.inject({ method: 'POST', url: '/sheet', ...multipartFile('ledger.xls', Buffer.from('a,b\n1,2\n')) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ fileName: 'ledger.xls', type: 'csv', bytes: 8 });
    const img = await app.inject({ method: 'POST', url: '/image', ...multipartFile('photo.png', JPEG) });
    expect(img.body).toBe('jpeg');
  });

  it('refuses another type by content (415 upload_type_not_allowed, naming the accepted types)', async () => {
    const res = await app.inject({ method: 'POST', url: '/sheet', ...multipartFile('ledger.xlsx', PNG) });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({ code: 'upload_type_not_allowed', details: { types: ['xlsx', 'csv'], found: 'png' } });
    expect(res.json().error.message).toContain('.xlsx');
    const ole = await app.inject({ method: 'POST', url: '/sheet', ...multipartFile('old.xls', OLE2) });
    expect(ole.json().error.code).toBe('upload_type_not_allowed');
  });

  it('refuses a file over the limit (413 upload_too_large)', async () => {
    const res = await app.inject({ method: 'POST', url: '/sheet', ...multipartFile('big.csv', Buffer.alloc(65, 0x61)) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'upload_too_large', details: { maxBytes: 64 } });
  });

  it('refuses a request without a file (400 upload_missing)', async () => {
    const json = await app.inject({ method: 'POST', url: '/sheet', payload: { a: 1 } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('upload_missing');
    const empty = await app.inject({ method: 'POST', url: '/sheet', ...multipartFile('empty.csv', Buffer.alloc(0)) });
    expect(empty.json().error.code).toBe('upload_missing');
  });
});
