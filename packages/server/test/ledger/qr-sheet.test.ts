import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { QR_LABEL_SHEET } from '@qiangjian/shared/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { useTestApp } from '../db.js';
import { buildInstrument } from '../factories.js';

/** The text of a PDF (poppler's pdftotext), and its page count. */
function pdfText(pdf: Buffer, name: string): { text: string; pages: number } {
  const p = path.join(REPO_ROOT, '.tmp', name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, pdf);
  const text = execFileSync('pdftotext', ['-layout', p, '-']).toString('utf8');
  // rendered for a person to look at (.tmp/qr-sheet-*.png)
  execFileSync('pdftoppm', ['-png', '-r', '70', p, p.replace(/\.pdf$/, '')]);
  return { text, pages: text.split('\f').filter((s) => s.trim().length > 0).length };
}

describe('QR label sheet (A4 PDF)', () => {
  const t = useTestApp();
  const codes: string[] = [];
  let ids: number[] = [];
  beforeAll(async () => {
    const w = t.world;
    for (let i = 0; i < 30; i++) {
      const r = await buildInstrument(t.ctx, { orgId: w.water.id, category: 'water_meter', serialNo: `QR-${String(i).padStart(2, '0')}` });
      ids.push(r.id);
    }
    ids = ids.sort((a, b) => a - b);
    const rows = await t.ctx.db
      .selectFrom('instruments')
      .select(['id', 'public_code'])
      .where('id', 'in', ids)
      .orderBy('serial_no')
      .execute();
    codes.push(...rows.map((r) => r.public_code));
  });

  it('one label per chosen instrument: the public code, category, serial and organization; 24 a page', async () => {
    const res = await t.as('waterUser').get(`/api/v1/instruments/qr-labels.pdf?ids=${ids.slice(0, 5).join(',')}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('二维码标签-');
    const { text, pages } = pdfText(res.rawPayload, 'qr-sheet-5.pdf');
    expect(pages).toBe(1);
    for (let i = 0; i < 5; i++) expect(text).toContain(`QR-0${i}`);
    expect(text).not.toContain('QR-05');
    expect(text.match(/出厂编号：/g)).toHaveLength(5);
    expect(text).toContain(t.world.water.name);
    expect(text).toContain('水表');
    for (const c of codes.slice(0, 5)) expect(text).toContain(c);
  });

  it('every instrument matching the list filters ("select all that match"), over several pages', async () => {
    const res = await t.as('waterUser').get('/api/v1/instruments/qr-labels.pdf?category=water_meter&q=qr-');
    expect(res.statusCode).toBe(200);
    const { text, pages } = pdfText(res.rawPayload, 'qr-sheet-all.pdf');
    const perPage = QR_LABEL_SHEET.columns * QR_LABEL_SHEET.rows;
    expect(pages).toBe(Math.ceil(30 / perPage));
    expect(text.match(/出厂编号：QR-\d\d/g)).toHaveLength(30);
  });

  it('scope and input: another organization’s id is 404, nothing matching is 400 naming ids', async () => {
    expect((await t.as('enterpriseA').get(`/api/v1/instruments/qr-labels.pdf?ids=${ids[0]}`)).statusCode).toBe(404);
    const none = await t.as('enterpriseA').get('/api/v1/instruments/qr-labels.pdf?q=qr-');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('qr_sheet_empty');
    expect(none.json().error.details.name).toBe('ids');
  });
});
