import { AppError } from '../errors.js';
import { parseLedgerFile } from './parse/index.js';
import type { ParsedLedger, ParseOptions } from './parse/types.js';

/**
 * The file parser lives in ./parse (its README documents it). The ledger's commit path only consumes
 * its output: rows with normalized values, errors and warnings, the header block and the columns.
 */

const UNUSABLE: Record<string, 'import_file_unreadable' | 'import_no_header'> = {
  file_unreadable: 'import_file_unreadable',
  file_empty: 'import_file_unreadable',
  unsupported_format: 'import_file_unreadable',
  web_page_table: 'import_file_unreadable',
  sheet_not_found: 'import_file_unreadable',
  no_header_row: 'import_no_header',
};

/** Parses a ledger file; a file that cannot be used at all becomes an AppError (CLI exit 2). */
export async function parseLedger(input: Buffer | string, opts: ParseOptions): Promise<ParsedLedger> {
  try {
    return await parseLedgerFile(input, opts);
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code ?? '';
    const mapped = UNUSABLE[code];
    const reason = e instanceof Error ? e.message : String(e);
    if (mapped === 'import_no_header') throw new AppError('import_no_header', { message: reason, details: { code, reason } });
    if (mapped) throw new AppError('import_file_unreadable', { params: { reason }, message: reason, details: { code, reason } });
    throw e;
  }
}

/** Whether an error means "the file cannot be used at all" (CLI exit status 2). */
export function isFileLevelError(e: unknown): boolean {
  return (
    e instanceof AppError &&
    (e.code === 'import_file_unreadable' ||
      e.code === 'import_no_header' ||
      e.code === 'import_org_mismatch' ||
      e.code === 'unknown_organization')
  );
}
