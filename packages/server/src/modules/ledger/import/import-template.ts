/**
 * The downloadable import template of a category (docs/LEDGER.md "Import templates"): one sheet with the
 * Attachment 1 headers that category uses (data/attachment1.ts) plus 使用状态, a sample row the importer reads back,
 * and drop-down lists (data validation) for the columns with fixed values, taken from the import's value aliases.
 */
import { type Category, enumLabel, t } from '@qiangjian/shared';
import {
  ATTACHMENT1_LAYOUT,
  IMPORT_CONCLUSION_ALIASES,
  IMPORT_GAS_MEDIUM_ALIASES,
  IMPORT_ORIGIN_ALIASES,
  IMPORT_PURPOSE_ALIASES,
  IMPORT_STATE_ALIASES,
  IMPORT_SUBMISSION_MODE_ALIASES,
  IMPORT_TEMPLATE_EXTRA_COLUMNS,
  IMPORT_TEMPLATE_SAMPLES,
} from '@qiangjian/shared/data';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import ExcelJS from '../../../lib/sheets/exceljs.js';

/** Columns left out of a template: computed by the system, not typed in. */
const NOT_INPUT = new Set(['seq', 'status', 'catalogueItem', 'catalogueType']);

const firstAliases = (table: Readonly<Record<string, readonly string[]>>) => Object.values(table).map((a) => a[0] as string);

const LISTS: Record<string, readonly string[]> = {
  conclusion: firstAliases(IMPORT_CONCLUSION_ALIASES),
  origin: firstAliases(IMPORT_ORIGIN_ALIASES),
  purpose: firstAliases(IMPORT_PURPOSE_ALIASES),
  state: firstAliases(IMPORT_STATE_ALIASES),
  submissionMode: firstAliases(IMPORT_SUBMISSION_MODE_ALIASES),
  gasMedium: firstAliases(IMPORT_GAS_MEDIUM_ALIASES),
};

export function templateColumns(category: Category) {
  const layout = ATTACHMENT1_LAYOUT.columns.filter(
    (c) =>
      !NOT_INPUT.has(c.key) &&
      (!c.categories || c.categories.includes(category)) &&
      (!c.optional || c.categories || c.key === 'installDate'),
  );
  return [
    ...layout.map((c) => ({ key: c.key, header: c.unit ? `${c.header}(${c.unit})` : c.header, width: c.width })),
    ...IMPORT_TEMPLATE_EXTRA_COLUMNS,
  ];
}

export async function importTemplate(actor: Actor, category: Category): Promise<{ bytes: Buffer; fileName: string }> {
  requirePermission(actor, 'instrument.read');
  const cols = templateColumns(category);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(enumLabel('category', category));
  ws.columns = cols.map((c) => ({ key: c.key, width: Math.max(c.width, c.header.length * 2 + 2) }));
  const head = ws.addRow(cols.map((c) => c.header));
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const sample = IMPORT_TEMPLATE_SAMPLES[category];
  ws.addRow(cols.map((c) => sample[c.key] ?? null));
  // drop-down lists on the columns with fixed values, for the sample row and 1,000 more
  cols.forEach((c, i) => {
    const list = LISTS[c.key];
    if (!list) return;
    const col = ws.getColumn(i + 1);
    for (let r = 2; r <= 1001; r++) {
      ws.getCell(r, col.number).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list.join(',')}"`],
        showErrorMessage: true,
        errorTitle: t('excel.importTemplate.errorTitle'),
        error: t('excel.importTemplate.error', { values: list.join('、') }),
      };
    }
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, fileName: `${t('file.importTemplate', { category: enumLabel('category', category) })}.xlsx` };
}
