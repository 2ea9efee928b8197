import type { Category, Conclusion, GasMedium, OwnershipType, Purpose, SubmissionMode } from '@qiangjian/shared';
import { t } from '@qiangjian/shared';
import type { LedgerImportKey } from '@qiangjian/shared/data';
import type { SheetLimits } from '../../../lib/sheets/limits.js';

export type { LedgerImportKey };

/** Division resolver: a 6/9-digit code or a town name → its region code, or null when unknown. */
export type DivisionResolver = (text: string) => string | null;

export interface ParseOptions {
  /** File name; its extension (.xlsx / .csv) chooses the reader. */
  fileName: string;
  /** Worksheet name (XLSX); default: the first sheet with a recognisable header row. */
  sheet?: string;
  /** Resolves 使用地点行政区划 values (codes or town names). Without it, codes pass through and names go to `adminDivisionName`. */
  resolveDivision?: DivisionResolver;
  /** Rows to search for the header row (default 30). */
  headerSearchRows?: number;
  /** Skip the in-file duplicate detection (default false: the parser marks `duplicate_in_file`). */
  skipDuplicateCheck?: boolean;
  /** Size limits (default DEFAULT_SHEET_LIMITS; the import passes the configured ones). */
  limits?: SheetLimits;
  /**
   * The importing organization's kind (docs/domain/forms.md §4): a utility's file without a name column takes the category its
   * kind implies (`category_from_org`), and a category the kind does not import is an error (`category_not_for_org`).
   */
  orgKind?: string;
  /** The import day (YYYY-MM-DD): the removal date of a suspended / removed / scrapped row without one (with a warning). Default: today (UTC). */
  importDay?: string;
  /** The user's column mapping (normalised header → field, '' = not imported): wins over the aliases. */
  mapping?: Readonly<Record<string, string>>;
  /** The organization's saved mappings: one whose header signature is a row of the file is applied (unless `mapping`). */
  templates?: readonly { id: number; name: string; signature: string; mapping: Readonly<Record<string, string>> }[];
}

export interface HeaderBlock {
  orgName?: string;
  creditCode?: string;
  /** `water_supply` / `power_supply` / `gas_supply` / `gas_station` when recognised, else the text. */
  orgKind?: string;
  address?: string;
  township?: string;
  contactName?: string;
  contactPhone?: string;
  /** YYYY-MM-DD when parseable, else the text. */
  reportDate?: string;
}

export interface ColumnInfo {
  /** 0-based column index in the sheet / CSV record. */
  index: number;
  /** Header text as the file shows it (trimmed); two-level headers `parent/child`. */
  header: string;
  /** Recognised key, or null (ignored column). */
  key: LedgerImportKey | null;
  /** Trailing bracketed part stripped before matching, e.g. `mm` from 口径(mm). */
  unitHint?: string;
  /** Further columns under the same horizontally merged header; their data cells are joined into this one. */
  spans?: number[];
}

export interface RowIssue {
  /** Spreadsheet row (CSV: 1-based record number, header record = 1); 0 for file-level issues. */
  row: number;
  /** Header text exactly as the file shows it, or null. */
  column: string | null;
  key?: string;
  /** Stable English code (README.md lists them). */
  code: string;
  /** Chinese message from the catalog (`import.issue.<code>`). */
  message: string;
  params?: Record<string, string | number>;
}

export interface VerificationValues {
  date?: string;
  validUntil?: string;
  certificateNo?: string;
  conclusion?: Conclusion;
  /** 结论 was blank and read as passed (docs/domain/forms.md §4); an update keeps a stored conclusion. */
  conclusionAssumed?: boolean;
  institution?: string;
  /** `initial` for 首检日期/首次检定日期 headers and first_only_limited_use instruments; else `periodic`. */
  kind?: 'initial' | 'periodic';
}

export interface LedgerRowValues {
  category: Category;
  instrumentName: string;
  catalogueItem: string;
  catalogueType: string;
  model: string;
  measuringRange: string;
  accuracyClass: string;
  serialNo: string;
  manufacturer: string;
  origin: 'domestic' | 'imported';
  location: string;
  quantity: number;
  purpose: Purpose;
  submissionMode: SubmissionMode;
  /** 6- or 9-digit region code (12 digits are cut to 9). */
  adminDivisionCode: string;
  /** A town name left unresolved because no `resolveDivision` option was given. */
  adminDivisionName: string;
  remarks: string;
  installDate: string;
  firstUseDate: string;
  manufactureDate: string;
  caliberDn: number;
  q3: number;
  gRating: string;
  gasMedium: GasMedium;
  nozzles: number;
  fuelGrade: string;
  sealNos: string[];
  typeApprovalNo: string;
  ownership: OwnershipType;
  /** Missing attributes took the household default (docs/domain/regulations.md §2 notes). */
  attributesAssumed: boolean;
  verification: VerificationValues;
  /**
   * The state column (docs/domain/forms.md §4): `filed` = in service (an in-service value or a blank cell of a state column);
   * absent when the file says nothing about the state (no state column and no removal date).
   */
  ledgerState: 'filed' | 'suspended' | 'removed' | 'scrapped';
  /** `ledgerState` came from a blank state cell: a stored record keeps its state (a blank never erases). */
  ledgerStateAssumed: boolean;
  /** Date the record leaves service (`removalDate` column); the import day when a leaving state has none (`removalDateAssumed`). */
  removalDate: string;
  removalDateAssumed: boolean;
  /** `rotation` / `inaccurate` / `failed` / `damaged` / `other`; `other` when blank (`removalReasonAssumed`) or unknown. */
  removalReason: 'rotation' | 'inaccurate' | 'failed' | 'damaged' | 'other';
  removalReasonAssumed: boolean;
  /** The reason's text when it is not one of the known reasons (kept in the state change's note). */
  removalNote: string;
  /** `replacesSerial`: the serial (normalised) of the meter this one replaced, same organization and category. */
  replacesSerial: string;
}

export interface ParsedLedgerRow {
  row: number;
  /** Original cell text by column index (same order as `ParsedLedger.columns`). */
  cells: string[];
  /** Original cell text by header (computed on access). */
  readonly raw: Record<string, string>;
  values: Partial<LedgerRowValues>;
  errors: RowIssue[];
  warnings: RowIssue[];
}

export interface ParsedLedger {
  format: 'xlsx' | 'csv';
  sheetName?: string;
  /** Row of the (first) header row; `dataStartRow` is the first row after the header rows. */
  headerRow: number;
  dataStartRow: number;
  columns: ColumnInfo[];
  headerBlock: HeaderBlock;
  /** Rows in file order. Consume once (either `rows` or `batches`). Skipped rows (blank, trailer) are not yielded. */
  rows: AsyncIterable<ParsedLedgerRow>;
  /** The same rows in file order, in arrays of up to `size` (bulk consumers: one await per batch). */
  batches(size: number): AsyncIterable<ParsedLedgerRow[]>;
  /** File-level notes; grows while rows are consumed (trailer rows are added here as warnings). */
  fileIssues: RowIssue[];
  /** Counts, final once `rows` is exhausted. */
  stats: { rows: number; rejected: number; skippedTrailer: number; encoding?: string };
  /** The header row's signature (saved mappings are found by it). */
  signature?: string;
  /** The saved mapping applied, if any. */
  template?: { id: number; name: string };
  /** The mapping applied (given, or the template's). */
  mapping?: Readonly<Record<string, string>>;
}

export type FileUnusableCode =
  | 'file_unreadable'
  | 'file_empty'
  | 'unsupported_format'
  | 'web_page_table'
  | 'no_header_row'
  | 'sheet_not_found'
  | 'csv_unbalanced_quote'
  | 'csv_invalid_utf8'
  | 'limit_exceeded';

// ---------------------------------------------------------------------------------------------
// Row issues

const messageCache = new Map<string, string>();
/** Catalog message; cached because the same issue repeats on many rows of a big file. */
function issueMessage(column: string | null, code: string, params: Record<string, string | number>): string {
  let k = `${code}\u0001${column ?? ''}`;
  for (const v of Object.values(params)) k += `\u0001${v}`;
  let m = messageCache.get(k);
  if (m === undefined) {
    m = t(`import.issue.${code}`, column === null ? params : { column, ...params });
    if (messageCache.size > 50000) messageCache.clear();
    messageCache.set(k, m);
  }
  return m;
}

/** A row issue with its catalog message (`import.issue.<code>`). */
export function issue(
  row: number,
  column: string | null,
  key: string | undefined,
  code: string,
  params: Record<string, string | number> = {},
): RowIssue {
  const out: RowIssue = { row, column, code, message: issueMessage(column, code, params) };
  if (key) out.key = key;
  if (Object.keys(params).length > 0) out.params = params;
  return out;
}
