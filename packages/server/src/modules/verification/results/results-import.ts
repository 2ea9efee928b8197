import { type TResultInput, t, ymd } from '@qiangjian/shared';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { type Cell, parseDate } from '../../../lib/sheets/cells.js';
import ExcelJS from '../../../lib/sheets/exceljs.js';
import { cleanText, normalizeHeader } from '../../../lib/sheets/text.js';
import { normalizeSerial } from '../../ledger/import/parse-values.js';
import * as appRepo from '../applications/applications.repository.js';
import { appScopeOf } from '../applications/applications.service.js';
import { standardsOf, verifiersOf } from '../institutions/oversight.repository.js';
import { recordResults } from './results.service.js';

/**
 * Bulk results from an XLSX results sheet (docs/domain/forms.md §4 "Results sheet"; headers from the catalog
 * excel.verificationResults.*). Values are parsed with the ledger parser's helpers. All-or-nothing: any row error refuses the file, and
 * every error names the sheet row and the column header as the file shows it.
 */
type Key =
  | 'serialNo'
  | 'nozzleNo'
  | 'date'
  | 'conclusion'
  | 'certificateNo'
  | 'validUntil'
  | 'verifierCertNo'
  | 'standardCertNo'
  | 'repeatability';
const KEYS: Key[] = [
  'serialNo',
  'nozzleNo',
  'date',
  'conclusion',
  'certificateNo',
  'validUntil',
  'verifierCertNo',
  'standardCertNo',
  'repeatability',
];

export interface RowError {
  row: number;
  column: string;
  message: string;
  code?: string;
}

const norm = normalizeHeader;

/** An ExcelJS cell value as the ledger parser's Cell (formula results, rich text flattened). */
function toCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    if ('result' in v) return toCell((v as { result: ExcelJS.CellValue }).result);
    if ('richText' in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
  }
  return String(v);
}

function cellText(v: ExcelJS.CellValue): string {
  const c = toCell(v);
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return ymd(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate());
  return cleanText(String(c));
}

/** Dates through the ledger parser's parseDate (Excel dates and serials, Chinese spellings); month-only values are refused. */
export function parseDateCell(v: ExcelJS.CellValue): string | null {
  const r = parseDate(toCell(v));
  return r.ok && !r.monthOnly ? r.date : null;
}

function parseNumber(v: ExcelJS.CellValue): number | null {
  if (typeof v === 'number') return v;
  const s = cellText(v).replace(/%$/, '');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

export async function importResults(ctx: AppContext, actor: Actor, applicationId: number, file: Buffer) {
  requirePermission(actor, 'application.result');
  const app = await appRepo.findApplication(ctx.db, applicationId, appScopeOf(actor));
  if (!app) throw new AppError('not_found', { details: { entity: 'application', id: applicationId } });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('result_import_unreadable', { params: { reason: e instanceof Error ? e.message : String(e) } });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('result_import_unreadable', { params: { reason: t('excel.verificationResults.noHeader') } });

  const headerNames = new Map<string, Key>(KEYS.map((k) => [norm(t(`excel.verificationResults.${k}`)), k]));
  const errorHeader = new RegExp(`^${norm(t('excel.verificationResults.error', { n: '' }))}(\\d+)$`);
  let headerRow = 0;
  const cols = new Map<Key, { col: number; text: string }>();
  const errCols: { n: number; col: number; text: string }[] = [];
  for (let r = 1; r <= Math.min(ws.rowCount, 20) && headerRow === 0; r++) {
    const row = ws.getRow(r);
    const found = new Map<Key, { col: number; text: string }>();
    const errs: { n: number; col: number; text: string }[] = [];
    row.eachCell((cell, col) => {
      const text = cellText(cell.value);
      const k = headerNames.get(norm(text));
      if (k) found.set(k, { col, text });
      const em = errorHeader.exec(norm(text));
      if (em) errs.push({ n: Number(em[1]), col, text });
    });
    if (found.has('serialNo') && found.has('conclusion')) {
      headerRow = r;
      for (const [k, v] of found) cols.set(k, v);
      errCols.push(...errs.sort((a, b) => a.n - b.n));
    }
  }
  if (headerRow === 0) throw new AppError('result_import_unreadable', { params: { reason: t('excel.verificationResults.noHeader') } });

  const version = await appRepo.currentVersion(ctx.db, { id: applicationId, version: Number(app.version) });
  const ids = JSON.parse(version.instrument_ids) as number[];
  const inst = await appRepo.instrumentsByIds(ctx.db, ids);
  const nozzles = await appRepo.nozzlesOf(ctx.db, ids);
  const institutionId = Number(app.institution_id);
  const verifiers = await verifiersOf(ctx.db, institutionId);
  const standards = await standardsOf(ctx.db, institutionId);
  const passed = t('verification.conclusion.passed');
  const failed = t('verification.conclusion.failed');

  const errors: RowError[] = [];
  const inputs: { row: number; input: TResultInput }[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const raw = (k: Key) => {
      const c = cols.get(k);
      return c ? row.getCell(c.col).value : null;
    };
    const colName = (k: Key) => cols.get(k)?.text ?? t(`excel.verificationResults.${k}`);
    const text = (k: Key) => cellText(raw(k));
    if (KEYS.every((k) => text(k) === '') && errCols.every((c) => cellText(row.getCell(c.col).value) === '')) continue;
    const rowErrors: RowError[] = [];
    const err = (k: Key, message: string) => rowErrors.push({ row: r, column: colName(k), message });
    for (const k of ['serialNo', 'date', 'conclusion', 'certificateNo', 'verifierCertNo', 'standardCertNo'] as const)
      if (text(k) === '') err(k, t('excel.verificationResults.errRequired'));
    const sr = normalizeSerial(toCell(raw('serialNo')));
    const serial = sr.ok ? sr.serial : '';
    const ins = serial ? inst.find((i) => i.serial_no === serial) : undefined;
    if (serial && !ins) err('serialNo', t('excel.verificationResults.errSerial', { serialNo: serial }));
    let nozzleId: number | undefined;
    if (text('nozzleNo') !== '' && ins) {
      const no = Number(text('nozzleNo').replace(/[^\d]/g, ''));
      const n = nozzles.find((x) => Number(x.instrument_id) === ins.id && Number(x.nozzle_no) === no);
      if (!n) err('nozzleNo', t('excel.verificationResults.errNozzle', { nozzleNo: text('nozzleNo') }));
      else nozzleId = Number(n.id);
    }
    const date = text('date') ? parseDateCell(raw('date')) : null;
    if (text('date') && !date) err('date', t('excel.verificationResults.errDate'));
    const validUntil = text('validUntil') ? parseDateCell(raw('validUntil')) : null;
    if (text('validUntil') && !validUntil) err('validUntil', t('excel.verificationResults.errDate'));
    const c = text('conclusion');
    const conclusion = c === passed ? 'passed' : c === failed ? 'failed' : null;
    if (c && !conclusion) err('conclusion', t('excel.verificationResults.errConclusion'));
    const v = verifiers.find((x) => x.certificate_no === text('verifierCertNo'));
    if (text('verifierCertNo') && !v) err('verifierCertNo', t('excel.verificationResults.errVerifier', { certNo: text('verifierCertNo') }));
    const s = standards.find((x) => x.certificate_no === text('standardCertNo'));
    if (text('standardCertNo') && !s) err('standardCertNo', t('excel.verificationResults.errStandard', { certNo: text('standardCertNo') }));
    const errs: number[] = [];
    for (const ec of errCols) {
      const n = parseNumber(row.getCell(ec.col).value);
      if (n === null) continue;
      if (Number.isNaN(n)) rowErrors.push({ row: r, column: ec.text, message: t('excel.verificationResults.errNumber') });
      else errs.push(n);
    }
    const rep = parseNumber(raw('repeatability'));
    if (rep !== null && Number.isNaN(rep)) err('repeatability', t('excel.verificationResults.errNumber'));
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const measurements =
      errs.length || rep !== null ? { errors: errs.length ? errs : undefined, repeatability: rep ?? undefined } : undefined;
    inputs.push({
      row: r,
      input: {
        instrumentId: (ins as { id: number }).id,
        nozzleId,
        date: date as string,
        conclusion: conclusion as 'passed' | 'failed',
        certificateNo: text('certificateNo'),
        validUntil: validUntil ?? undefined,
        verifierId: Number((v as { id: number }).id),
        standardId: Number((s as { id: number }).id),
        measurements,
      },
    });
  }
  if (errors.length) throw new AppError('result_import_invalid', { params: { count: errors.length }, details: { errors } });
  if (inputs.length === 0)
    throw new AppError('result_import_unreadable', { params: { reason: t('excel.verificationResults.errRequired') } });
  try {
    const res = await recordResults(
      ctx,
      actor,
      applicationId,
      inputs.map((i) => i.input),
    );
    return { imported: inputs.length, ...res };
  } catch (e) {
    const idx = e instanceof AppError ? (e.details as { index?: number } | undefined)?.index : undefined;
    if (e instanceof AppError && idx !== undefined && inputs[idx]) {
      throw new AppError('result_import_invalid', {
        params: { count: 1 },
        details: { errors: [{ row: (inputs[idx] as { row: number }).row, column: '', code: e.code, message: e.message }] },
      });
    }
    throw e;
  }
}
