import type { Cell } from './cells.js';

/** One physical row from a reader: its sheet row number and cells by 0-based column. */
export interface RawRow {
  row: number;
  cells: Cell[];
  /** Columns that are non-master parts of a horizontal merge (XLSX). */
  hSlaves?: Set<number>;
}
