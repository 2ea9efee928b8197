import { openContext } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import type { GlobalOpts } from '../modules/module.js';

// GlobalOpts is declared beside ModuleDef (module CLIs read it there without importing the shell).
export type { GlobalOpts };

/** Opens the configured database (migrated), runs fn, closes. */
export async function withContext<T>(opts: GlobalOpts, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig(opts.db ? { db: opts.db } : {});
  const ctx = await openContext(config);
  try {
    return await fn(ctx);
  } finally {
    await ctx.handle.close();
  }
}
