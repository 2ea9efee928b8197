/**
 * The import's parse-and-validate stage, run in a worker thread (`lib/read-worker.ts`) on its own read-only
 * connection: the file is read, every row converted and checked (in-file duplicates, 有效期至 beyond the rule), and
 * only the result crosses back — accepted rows in chunks, then the rejected rows and issues. No transaction is open
 * while this runs, and the server's event loop keeps answering requests (issue 11: a 1,048,575-row preview used to
 * hold the write transaction, and with it every other request on SQLite, for ~100 s).
 */
import { type TRowIssue, t } from '@qiangjian/shared';
import type { Config } from '../../../config.js';
import type { AppContext } from '../../../context.js';
import { today } from '../../../context.js';
import type { DatabaseHandle } from '../../../db/database.js';
import { AppError } from '../../../errors.js';
import type { ReadFn } from '../../../lib/read-worker.js';
import { fixedClock } from '../../../time.js';
import { type RuleAttrsInput, validUntilChecker } from '../../status/status.api.js';
import { checkMappingAgainstFile } from './column-mapping.rules.js';
import { instrumentKey, withoutStatusRemark } from './import-plan.rules.js';
import { divisionResolver } from './ledger-import.repository.js';
import { importErrorOf, parseLedger } from './parse-ledger.js';
import type { LedgerRowValues, RowIssue } from './parse-types.js';

/** How an import read the file's columns (the job result's `mapping`). */
export interface ImportColumnMapping {
  signature: string;
  template: { id: number; name: string } | null;
  applied: Record<string, string> | null;
  columns: { header: string; key: string | null }[];
}

export interface ParseStageInput {
  content: Uint8Array;
  fileName: string;
  sheet?: string;
  /** the target organization's 统一社会信用代码 (a file whose header block names another is refused) */
  orgCreditCode: string;
  /** the target organization's kind (category from the organization, categories it may import: docs/domain/forms.md §4) */
  orgKind: string;
  /** the import's instant (today in the configured zone decides the rules in force) */
  now: string;
  config: Config;
  /** accepted rows per chunk (the write stage writes one chunk at a time) */
  chunk: number;
  /** the user's column mapping (checked: docs/LEDGER.md "Column mapping") */
  mapping?: Record<string, string>;
  /** the organization's saved mappings (one whose header is in the file is applied) */
  templates?: { id: number; name: string; signature: string; mapping: Record<string, string> }[];
}

/** An accepted row as the write stage needs it. */
export interface StagedRow {
  row: number;
  values: Partial<LedgerRowValues>;
}

export interface StagedReject {
  row_no: number;
  raw: string;
  errors: string;
}

export type ParseStageItem =
  | {
      kind: 'head';
      columns: string[];
      headerRow: number | null;
      keyColumns: Record<string, string>;
      /** how each column was read: its field or null, the header signature, the saved mapping applied */
      mapping: ImportColumnMapping;
    }
  | { kind: 'rows'; rows: StagedRow[]; processed: number }
  | { kind: 'rejects'; rejects: StagedReject[] }
  | { kind: 'end'; rejected: number; processed: number; errors: TRowIssue[]; warnings: TRowIssue[] }
  | { kind: 'error'; code: string; message: string; details: unknown };

function issue(r: RowIssue): TRowIssue {
  return { row: r.row, column: r.column, key: r.key ?? null, code: r.code, message: r.message };
}

/** The stage's body (a `ReadFn`): reads `h` (regions, rules), emits one item per batch. Failures end as an `error` item. */
export const parseForImport: ReadFn<ParseStageInput, ParseStageItem> = async (h, input, emit) => {
  try {
    await stage(h, input, emit);
  } catch (e) {
    const app = e instanceof AppError ? e : importErrorOf(e);
    if (app) await emit([{ kind: 'error', code: app.code, message: app.message, details: app.details ?? null }]);
    else await emit([{ kind: 'error', code: 'internal_error', message: e instanceof Error ? e.message : String(e), details: null }]);
  }
};

async function stage(h: DatabaseHandle, input: ParseStageInput, emit: (items: ParseStageItem[]) => Promise<void>): Promise<void> {
  const ctx: AppContext = { db: h.db, engine: h.engine, handle: h, clock: fixedClock(input.now), config: input.config };
  const content = Buffer.from(input.content.buffer, input.content.byteOffset, input.content.byteLength);
  const resolveDivision = await divisionResolver(h.db);
  const parsed = await parseLedger(content, {
    fileName: input.fileName,
    sheet: input.sheet,
    resolveDivision,
    limits: input.config.importLimits,
    orgKind: input.orgKind,
    importDay: today(ctx),
    mapping: input.mapping,
    templates: input.templates,
  });
  if (parsed.mapping) checkMappingAgainstFile(parsed.mapping, parsed.columns);
  const fileCode = parsed.headerBlock.creditCode?.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (fileCode && fileCode !== input.orgCreditCode) {
    throw new AppError('import_org_mismatch', {
      params: { fileCode, orgCode: input.orgCreditCode },
      details: { fileCode, orgCode: input.orgCreditCode },
    });
  }
  const keyColumns: Record<string, string> = {};
  for (const c of parsed.columns) if (c.key && keyColumns[c.key] === undefined) keyColumns[c.key] = c.header;
  const mapping: ImportColumnMapping = {
    signature: parsed.signature ?? '',
    template: parsed.template ?? null,
    applied: parsed.mapping ? { ...parsed.mapping } : null,
    columns: parsed.columns.filter((c) => c.header.trim() !== '').map((c) => ({ header: c.header, key: c.key })),
  };
  await emit([{ kind: 'head', columns: parsed.columns.map((c) => c.header), headerRow: parsed.headerRow ?? null, keyColumns, mapping }]);
  const beyondRule = await validUntilChecker(ctx, h.db);
  const validUntilCol = parsed.columns.find((c) => c.key === 'validUntil')?.header ?? null;
  const serialCol = parsed.columns.find((c) => c.key === 'serialNo')?.header ?? null;
  const errors: TRowIssue[] = [];
  const warnings: TRowIssue[] = [];
  const chunkKeys = new Map<string, number>();
  let rejects: StagedReject[] = [];
  let chunk: StagedRow[] = [];
  let rejected = 0;
  let processed = 0;
  // rows naming a replaced meter (`replacesSerial`) are written after the others, so that the meter they name is in the ledger
  // by then when it is a row of this file too
  const held: StagedRow[] = [];
  for await (const batch of parsed.batches(input.chunk))
    for (const row of batch) {
      processed++;
      for (const w of row.warnings) warnings.push(issue(w));
      // the parser marks duplicates inside the file (org + category + serial); a chunk never holds two
      let rowErrors = row.errors;
      if (rowErrors.length === 0) {
        const key = instrumentKey(String(row.values.category), String(row.values.serialNo));
        const first = chunkKeys.get(key);
        if (first !== undefined) {
          rowErrors = [
            {
              row: row.row,
              column: serialCol,
              key: 'serialNo',
              code: 'duplicate_in_file',
              message: t('ledger.rowError.duplicate_in_file', { firstRow: first }),
            },
          ];
        } else chunkKeys.set(key, row.row);
      }
      if (rowErrors.length) {
        rejected++;
        for (const e of rowErrors) errors.push(issue(e));
        rejects.push({
          row_no: row.row,
          raw: JSON.stringify(parsed.columns.map((c) => row.cells[c.index] ?? '')),
          errors: JSON.stringify(rowErrors.map(issue)),
        });
        if (rejects.length >= input.chunk) {
          await emit([{ kind: 'rejects', rejects }]);
          rejects = [];
        }
        continue;
      }
      const v = row.values;
      if (v.remarks) v.remarks = withoutStatusRemark(v.remarks);
      const ver = v.verification;
      if (ver?.validUntil && ver.date && v.category) {
        // the parsed values carry the rule attributes under the rule's own names (RuleAttrsInput)
        const over = beyondRule(v as RuleAttrsInput, ver.date, ver.validUntil);
        if (over) {
          warnings.push({
            row: row.row,
            column: validUntilCol,
            key: 'validUntil',
            code: 'valid_until_beyond_rule',
            message: t('ledger.rowWarning.valid_until_beyond_rule', { validUntil: ver.validUntil, ...over }),
          });
        }
      }
      if (v.replacesSerial) {
        held.push({ row: row.row, values: v });
        continue;
      }
      chunk.push({ row: row.row, values: v });
      if (chunk.length >= input.chunk) {
        await emit([{ kind: 'rows', rows: chunk, processed }]);
        chunk = [];
        chunkKeys.clear();
      }
    }
  if (chunk.length) await emit([{ kind: 'rows', rows: chunk, processed }]);
  for (const level of replacementLevels(held))
    for (let i = 0; i < level.length; i += input.chunk) await emit([{ kind: 'rows', rows: level.slice(i, i + input.chunk), processed }]);
  if (rejects.length) await emit([{ kind: 'rejects', rejects }]);
  for (const f of parsed.fileIssues) warnings.push(issue(f));
  await emit([{ kind: 'end', rejected, processed, errors, warnings }]);
}

/**
 * Rows naming a replaced meter, in levels: a row whose replaced meter is itself such a row comes in a later level (a
 * chain of rotations in one file), so that each chunk's look-up finds the meters written by the chunks before it.
 */
function replacementLevels(held: StagedRow[]): StagedRow[][] {
  const levels: StagedRow[][] = [];
  let rest = held;
  while (rest.length > 0) {
    const pending = new Set(rest.map((r) => instrumentKey(String(r.values.category), String(r.values.serialNo))));
    const ready: StagedRow[] = [];
    const later: StagedRow[] = [];
    for (const r of rest) {
      const target = instrumentKey(String(r.values.category), String(r.values.replacesSerial));
      const self = instrumentKey(String(r.values.category), String(r.values.serialNo));
      if (pending.has(target) && target !== self) later.push(r);
      else ready.push(r);
    }
    // a cycle (A replaced B, B replaced A): the rest at once
    if (ready.length === 0) {
      levels.push(later);
      break;
    }
    levels.push(ready);
    rest = later;
  }
  return levels;
}
