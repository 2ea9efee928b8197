import type { ColumnType, Generated } from 'kysely';

export interface InstrumentStateChangesTable {
  id: Generated<number>;
  org_id: number;
  instrument_id: number;
  from_state: string | null;
  to_state: string;
  effective_date: string;
  reason: string | null;
  note: string | null;
  actor: string;
  at: string;
}
export interface ImportJobFilesTable {
  job_id: number;
  org_id: number;
  content: Buffer;
  /** Bytes of `content` (the uploader's quota). */
  bytes: ColumnType<number, number | undefined, number>;
}
export interface ImportJobRejectsTable {
  id: Generated<number>;
  job_id: number;
  row_no: number;
  /** JSON array of the original cells (header order). */
  raw: string;
  /** JSON array of { column, code, message }. */
  errors: string;
}

/** Tables of the ledger module (mirror its migrations). */
export interface LedgerTables {
  instrument_state_changes: InstrumentStateChangesTable;
  import_job_files: ImportJobFilesTable;
  import_job_rejects: ImportJobRejectsTable;
}
