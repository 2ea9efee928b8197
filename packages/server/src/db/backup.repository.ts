import Database from 'better-sqlite3';

/**
 * SQLite file-level operations of backup and restore, each on its own connection (they run in a worker
 * thread: see backup.ts). `VACUUM INTO` copies one consistent snapshot inside a single read transaction,
 * so writers never restart it (the online backup API restarts on every write by another connection).
 */
export function vacuumInto(source: string, target: string): void {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of a database file: the problems it names (empty when the file is sound). */
export function integrityProblems(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
  } catch (e) {
    return [(e as Error).message];
  } finally {
    db.close();
  }
}
