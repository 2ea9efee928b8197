import Database from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS } from './database.js';

/**
 * A connection of its own for WAL checkpoints (db/checkpointer.ts runs it in a worker thread). `checkpoint()` copies
 * the committed WAL frames into the database file without waiting for readers or writers (PASSIVE) and returns
 * the frames in the WAL and those checkpointed.
 */
export function openCheckpointConnection(file: string): { checkpoint(): { log: number; done: number }; close(): void } {
  const db = new Database(file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return {
    checkpoint() {
      const r = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      return { log: r[0]?.log ?? 0, done: r[0]?.checkpointed ?? 0 };
    },
    close: () => db.close(),
  };
}

/** The main connection stops (0) or resumes (SQLite's default 1,000 pages) checkpointing at its own commits. */
export function setAutoCheckpoint(sqlite: Database.Database, pages: number): void {
  sqlite.pragma(`wal_autocheckpoint = ${pages}`);
}
