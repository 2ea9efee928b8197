/**
 * Sizes the chunks of a long write to a time budget per transaction. SQLite has one writer and the server one
 * connection: every request that touches the database waits for the transaction in progress, so a long write (an
 * import's commit, a status refresh's apply) is cut into transactions that each last about `budgetMs`. What a row
 * costs varies by a factor of ten with the table's indexes, the page cache and the machine's load, so the size is
 * measured, not guessed: after each chunk the next size moves toward the rows that would have filled the budget
 * (geometric mean of the two, so one slow chunk — a checkpoint, a cold page — does not collapse it).
 */
export class ChunkSizer {
  private size: number;

  constructor(private readonly o: { initial: number; min: number; max: number; budgetMs: number }) {
    this.size = o.initial;
  }

  /** Rows for the next chunk. */
  get next(): number {
    return this.size;
  }

  /** Records a chunk of `rows` that took `ms`. */
  record(rows: number, ms: number): void {
    if (rows <= 0) return;
    const fit = (rows * this.o.budgetMs) / Math.max(ms, 0.5);
    this.size = Math.round(Math.min(this.o.max, Math.max(this.o.min, Math.sqrt(this.size * fit))));
  }
}

/** Milliseconds one write transaction of a chunked SQLite write aims at (other requests wait at most about this long). */
export const WRITE_CHUNK_BUDGET_MS = 20;
