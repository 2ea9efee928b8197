import fs from 'node:fs';
import { openContext } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { isPostgresUrl } from '../db/database.js';
import { AppError } from '../errors.js';
import type { GlobalOpts } from '../modules/module.js';

// GlobalOpts is declared beside ModuleDef (module CLIs read it there without importing the shell).
export type { GlobalOpts };

/**
 * Opens the configured database (migrated), runs fn, closes. `existing: true` (commands that read or check a
 * database: `audit verify`, `db backup`) refuses a SQLite path with no file instead of creating an empty database.
 */
export async function withContext<T>(opts: GlobalOpts, fn: (ctx: AppContext) => Promise<T>, o: { existing?: boolean } = {}): Promise<T> {
  const config = loadConfig(opts.db ? { db: opts.db } : {});
  if (o.existing) requireExistingDatabase(config.db);
  const ctx = await openContext(config);
  try {
    return await fn(ctx);
  } finally {
    await ctx.handle.close();
  }
}

/** A SQLite path must name an existing file (a mistyped path would otherwise become a new, empty database). */
export function requireExistingDatabase(location: string): void {
  if (isPostgresUrl(location) || location === ':memory:') return;
  if (!fs.existsSync(location)) throw new AppError('database_missing', { params: { path: location }, details: { path: location } });
}
