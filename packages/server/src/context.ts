import type { Config } from './config.js';
import type { DatabaseHandle, Db, Engine } from './db/database.js';
import type { Clock } from './time.js';
import { dateInZone } from './time.js';

/** What every service needs: the database, the clock and the configuration. Passed explicitly. */
export interface AppContext {
  db: Db;
  engine: Engine;
  handle: DatabaseHandle;
  clock: Clock;
  config: Config;
}

export function nowIso(ctx: AppContext): string {
  return ctx.clock.now().toISOString();
}

/** Today's date in the configured zone (docs/domain/regulations.md §6). */
export function today(ctx: AppContext): string {
  return dateInZone(ctx.clock.now(), ctx.config.timeZone);
}
