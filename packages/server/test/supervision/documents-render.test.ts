import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { officialDocx, renderOfficialPdf } from '../../src/lib/documents/official.js';
import { decisionDocument, orderNotice } from '../../src/modules/supervision/documents/enforcement.documents.js';

/**
 * 责令改正通知书 and 行政处罚决定书 rendered from sample records: the PDFs (and a PNG of each first page when pdftoppm
 * is installed) go to .tmp/enforcement-*.{pdf,png,docx} for a person to look at.
 */
const out = (name: string) => {
  const p = path.join(REPO_ROOT, '.tmp', name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
};
function toPng(pdfPath: string) {
  try {
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath, pdfPath.replace(/\.pdf$/, '')]);
  } catch {
    // pdftoppm not installed: the PDF alone
  }
}

describe('enforcement documents', () => {
  it('renders the rectification notice (red header) and the decision as A4 PDF and DOCX', async () => {
    const order = orderNotice(
      {
        id: 1,
        orderNo: '乌审市监计改〔2024〕3号',
        orgId: 1,
        orgName: '示例嘎鲁图顺达加油站',
        findingId: 1,
        code: 'not_filed',
        requiredActions: '将强制检定计量器具登记造册，向市场监督管理部门备案。\n提交备案回执复印件。',
        issuedOn: '2024-10-14',
        deadline: '2024-11-04',
        deadlineDays: 15,
        deadlineUnit: 'working',
        state: 'issued',
        overdue: false,
        repliedLate: false,
        issuedBy: 'inspector',
        replyText: null,
        repliedAt: null,
        reviewMethod: null,
        reviewNote: null,
        reviewedOn: null,
        reviewedBy: null,
        unread: true,
        files: [],
        createdAt: '2024-10-14T02:00:00.000Z',
      },
      '2024-10-10',
      '乌审旗市场监督管理局',
      true,
    );
    const decision = decisionDocument(
      {
        orgName: '示例无定河恒通加油站',
        code: 'seal_broken',
        caseNo: '乌审市监立〔2024〕2号',
        filedOn: '2024-08-28',
        summary: '当事人 1 台加油机铅封被破坏后继续使用，经调查获得违法所得 8500 元。',
        decision: {
          decisionNo: '乌审市监处罚〔2024〕2号',
          decidedOn: '2024-10-09',
          outcome: 'penalty',
          legalBasisId: 'rules_46',
          legalBasis: '《中华人民共和国计量法实施细则》第四十六条',
          fine: 2000,
          gains: 8500,
          reason: null,
        },
      },
      '91150626MA0N2Q3X1K',
      '乌审旗市场监督管理局',
      false,
    );
    for (const [name, doc] of [
      ['enforcement-order', order],
      ['enforcement-decision', decision],
    ] as const) {
      const pdf = await renderOfficialPdf(doc);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      fs.writeFileSync(out(`${name}.pdf`), pdf);
      toPng(out(`${name}.pdf`));
      const docx = officialDocx(doc);
      expect(docx.subarray(0, 4).toString('hex')).toBe('504b0304');
      fs.writeFileSync(out(`${name}.docx`), docx);
    }
  });
});
