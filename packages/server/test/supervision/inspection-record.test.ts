import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { useTestApp } from '../db.js';
import { buildRandomInspections } from './random-inspection-fixtures.js';

/**
 * 现场检查笔录 (docs/SUPERVISION.md "Documents"): GET /supervision/inspections/:id/record.{pdf,docx} filled from the
 * record, with the scope of the record's detail (the party its own finished visits; another office's → 404). The PDFs
 * go to .tmp/inspection-record-*.pdf (and a PNG of each page when pdftoppm is installed) for a person to look at.
 */

/** The text of one entry of a ZIP written by lib/documents/official.ts (deflate, sizes in the local header). */
function zipEntry(zip: Buffer, name: string): Buffer | null {
  let i = 0;
  while (i + 30 <= zip.length && zip.readUInt32LE(i) === 0x04034b50) {
    const size = zip.readUInt32LE(i + 18);
    const nameLen = zip.readUInt16LE(i + 26);
    const extra = zip.readUInt16LE(i + 28);
    const entry = zip.subarray(i + 30, i + 30 + nameLen).toString('utf8');
    const start = i + 30 + nameLen + extra;
    if (entry === name) return inflateRawSync(zip.subarray(start, start + size));
    i = start + size;
  }
  return null;
}
const zipNames = (zip: Buffer) => {
  const out: string[] = [];
  let i = 0;
  while (i + 30 <= zip.length && zip.readUInt32LE(i) === 0x04034b50) {
    const nameLen = zip.readUInt16LE(i + 26);
    out.push(zip.subarray(i + 30, i + 30 + nameLen).toString('utf8'));
    i += 30 + nameLen + zip.readUInt16LE(i + 28) + zip.readUInt32LE(i + 18);
  }
  return out;
};
const textOf = (docx: Buffer) => (zipEntry(docx, 'word/document.xml')?.toString('utf8') ?? '').replace(/<[^>]+>/g, '');

function save(name: string, pdf: Buffer) {
  const p = path.join(REPO_ROOT, '.tmp', name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, pdf);
  try {
    execFileSync('pdftoppm', ['-png', '-r', '60', p, p.replace(/\.pdf$/, '')]);
  } catch {
    // pdftoppm not installed: the PDF alone
  }
}

describe('现场检查笔录 (inspection record document)', () => {
  const t = useTestApp();
  let f: Awaited<ReturnType<typeof buildRandomInspections>>;
  let certs: string[];

  beforeAll(async () => {
    f = await buildRandomInspections(t.ctx, t.world);
    const d = (await t.as('inspector').get(`/api/v1/supervision/inspections/${f.siteInspection}`)).json();
    certs = d.inspectors.map((i: { certNo: string }) => i.certNo);
    for (const code of ['overdue_in_use', 'seal_broken'])
      expect(
        (
          await t
            .as('inspector')
            .post(`/api/v1/supervision/inspections/${f.siteInspection}/proposals/${f.proposals[code]}`, { decision: 'confirm' })
        ).statusCode,
      ).toBe(200);
  });

  it('a finished record as PDF (A4) and DOCX: target, number, origin and draw, inspectors with 执法证号, instruments, tests, findings, photos, signatures', async () => {
    const pdf = await t.as('inspector').get(`/api/v1/supervision/inspections/${f.siteInspection}/record.pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    save('inspection-record-finished.pdf', pdf.rawPayload);

    const docx = await t.as('inspector').get(`/api/v1/supervision/inspections/${f.siteInspection}/record.docx`);
    expect(docx.statusCode).toBe(200);
    expect(decodeURIComponent(String(docx.headers['content-disposition']).split("UTF-8''")[1] ?? '')).toBe(
      `现场检查笔录-${f.siteInspection}.docx`,
    );
    fs.writeFileSync(path.join(REPO_ROOT, '.tmp', 'inspection-record-finished.docx'), docx.rawPayload);
    const text = textOf(docx.rawPayload);
    for (const s of [
      '现场检查笔录',
      `乌审市监计检〔2024〕${f.siteInspection}号`,
      '示例嘎鲁图顺达加油站 一号站',
      t.world.stationA.creditCode,
      '乌审旗嘎鲁图镇萨拉乌苏大街 18 号',
      `双随机抽查（抽查计划“${f.drawTitle}”，编号 ${f.drawId}）`,
      '2024年10月15日 09:30',
      `执法证号 ${certs[0]}`,
      `执法证号 ${certs[1]}`,
      '王站长 站长 13900000000',
      'QF0101 完好',
      'QF0102 破坏',
      '超期未检',
      '-0.45%',
      '±0.3%',
      '超差',
      '超过检定周期继续使用',
      '现场拍摄照片 1 张',
      'dispenser-2.png',
      '当事人对检查结果无异议。',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('草稿');
    // the three drawn signatures are embedded as pictures
    expect(zipNames(docx.rawPayload).filter((n) => n.startsWith('word/media/'))).toHaveLength(3);
  });

  it('a draft prints marked 草稿, without findings', async () => {
    const pdf = await t.as('inspector').get(`/api/v1/supervision/inspections/${f.waterInspection}/record.pdf`);
    expect(pdf.statusCode).toBe(200);
    save('inspection-record-draft.pdf', pdf.rawPayload);
    const text = textOf((await t.as('inspector').get(`/api/v1/supervision/inspections/${f.waterInspection}/record.docx`)).rawPayload);
    expect(text).toContain('草稿');
    expect(text).toContain('示例乌审旗供水公司');
    expect(text).toContain('未发现违法行为。');
    expect(text).toContain('本次检查未拍摄现场照片。');
  });

  it('scope as the detail: the party its own finished record; another office, another party, a draft → 404', async () => {
    const url = (id: number, ext: string) => `/api/v1/supervision/inspections/${id}/record.${ext}`;
    expect((await t.as('enterpriseA').get(url(f.siteInspection, 'pdf'))).statusCode).toBe(200);
    expect((await t.as('enterpriseA').get(url(f.siteInspection, 'docx'))).statusCode).toBe(200);
    expect((await t.as('regulator').get(url(f.siteInspection, 'pdf'))).statusCode).toBe(200);
    expect((await t.as('enterpriseB').get(url(f.siteInspection, 'pdf'))).statusCode).toBe(404);
    expect((await t.as('enterpriseB').get(url(f.siteInspection, 'docx'))).statusCode).toBe(404);
    expect((await t.as('inspector2').get(url(f.siteInspection, 'pdf'))).statusCode).toBe(404);
    // the water utility does not see its visit while it is a draft
    expect((await t.as('waterUser').get(url(f.waterInspection, 'pdf'))).statusCode).toBe(404);
    expect((await t.as('institution').get(url(f.siteInspection, 'pdf'))).statusCode).toBe(403);
    expect((await t.as('inspector').get(url(999999, 'pdf'))).statusCode).toBe(404);
  });
});
