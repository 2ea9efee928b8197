/**
 * Size limits of a spreadsheet read (hostile and oversized files): rows, columns and non-empty cells counted while
 * rows stream by, and zip parts inflated only so far (per part, per file, and as a multiple of the compressed size).
 * The values come from the configuration (config.ts `importLimits`); a refusal is a `SheetLimitError` whose message
 * is the zh-CN reason naming the limit and the value found.
 */
import { t } from '@qiangjian/shared';
import type { RawRow } from './raw-row.js';

export interface SheetLimits {
  /** Rows read from the sheet (records of a CSV), header rows included. */
  maxRows: number;
  /** Columns of one row (the last used column's number). */
  maxColumns: number;
  /** Non-empty cells of the sheet. */
  maxCells: number;
  /** Inflated bytes of one zip part read as a stream (a worksheet). */
  maxPartBytes: number;
  /** Inflated bytes of one zip part read whole (shared strings, styles, workbook). */
  maxTextPartBytes: number;
  /** Inflated bytes of every part of one file together. */
  maxFileBytes: number;
  /** Inflated size of a streamed part as a multiple of its compressed size … */
  maxRatio: number;
  /** … counted once the part has inflated past this many bytes (small parts of real files compress very well). */
  ratioFloorBytes: number;
}

const MIB = 2 ** 20;

/**
 * Sized for real county ledgers: the demo county's 138,000 meters in one sheet of ~30 columns pass with room to spare;
 * the 1,048,575-row and 16,384-column sheets Excel can hold do not.
 */
export const DEFAULT_SHEET_LIMITS: SheetLimits = Object.freeze({
  maxRows: 200_000,
  maxColumns: 256,
  maxCells: 8_000_000,
  maxPartBytes: 1024 * MIB,
  maxTextPartBytes: 64 * MIB,
  maxFileBytes: 1536 * MIB,
  maxRatio: 250,
  ratioFloorBytes: 64 * MIB,
});

export type SheetLimitKind = 'rows' | 'columns' | 'cells' | 'part_bytes' | 'file_bytes' | 'ratio';

/** A limit was reached; `message` is the zh-CN reason (catalog `import.limit.<kind>`). */
export class SheetLimitError extends Error {
  constructor(
    readonly kind: SheetLimitKind,
    readonly limit: number,
    readonly found: number,
    params: Record<string, string | number> = {},
  ) {
    super(t(`import.limit.${kind}`, { limit, found, ...params }));
    this.name = 'SheetLimitError';
  }
}

/** `64 MB`, `1.5 MB`, `200 KB` */
function size(bytes: number): string {
  return bytes >= MIB ? `${Math.round((bytes / MIB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A zip part inflated past its byte limit (the part's name and the limit in the message). */
export function partTooLarge(part: string, limitBytes: number): SheetLimitError {
  return new SheetLimitError('part_bytes', limitBytes, limitBytes + 1, { part, limitSize: size(limitBytes) });
}

export function fileTooLarge(limitBytes: number, foundBytes: number): SheetLimitError {
  return new SheetLimitError('file_bytes', limitBytes, foundBytes, { limitSize: size(limitBytes), foundSize: size(foundBytes) });
}

export function ratioTooHigh(part: string, ratio: number, found: number): SheetLimitError {
  return new SheetLimitError('ratio', ratio, Math.floor(found), { part });
}

/** Counts rows, columns and non-empty cells of raw rows as they pass; throws at the first row beyond a limit. */
export class RowLimiter {
  private rows = 0;
  private cells = 0;
  constructor(private readonly limits: Pick<SheetLimits, 'maxRows' | 'maxColumns' | 'maxCells'>) {}

  check(r: RawRow): RawRow {
    this.rows++;
    if (this.rows > this.limits.maxRows) throw new SheetLimitError('rows', this.limits.maxRows, this.rows, { row: r.row });
    const cells = r.cells;
    if (cells.length > this.limits.maxColumns) {
      // trailing blanks do not count: the column of the last non-empty cell
      let last = cells.length;
      while (last > 0 && (cells[last - 1] === undefined || cells[last - 1] === null || cells[last - 1] === '')) last--;
      if (last > this.limits.maxColumns) throw new SheetLimitError('columns', this.limits.maxColumns, last, { row: r.row });
    }
    for (const c of cells) if (c !== undefined && c !== null && c !== '') this.cells++;
    if (this.cells > this.limits.maxCells) throw new SheetLimitError('cells', this.limits.maxCells, this.cells, { row: r.row });
    return r;
  }
}

/** The rows of `source`, each checked by one `RowLimiter` (sync iterators stay sync: the CSV path is hot). */
export function limitedSync(source: Iterator<RawRow>, limiter: RowLimiter): Iterator<RawRow> {
  return {
    next: () => {
      const n = source.next();
      return n.done ? n : { done: false, value: limiter.check(n.value) };
    },
    return: (v?: unknown) => source.return?.(v) ?? { done: true, value: undefined },
  };
}

export function limitedAsync(source: AsyncIterator<RawRow>, limiter: RowLimiter): AsyncIterator<RawRow> {
  return {
    next: async () => {
      const n = await source.next();
      return n.done ? n : { done: false, value: limiter.check(n.value) };
    },
    return: async (v?: unknown) => (source.return ? source.return(v) : { done: true, value: undefined }),
  };
}
