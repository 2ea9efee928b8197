import { upgradeLegacyAudit } from './audit/audit.service.js';
import { assertPasswordPolicy } from './auth/auth.service.js';
import { hashPassword, randomPassword } from './auth/password.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { nowIso } from './context.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './db/database.js';
import { MODULES } from './modules/index.js';
import { ensureBureau } from './modules/orgs/orgs.service.js';
import { createFirstAdmin, hasUsers } from './modules/users/users.service.js';
import { type Clock, systemClock } from './time.js';

/**
 * Opens the database, runs migrations, loads reference data and rekeys a wholly legacy (unkeyed) audit log once
 * (`rekeyed`: the entries rehashed under the audit key).
 */
export async function openContext(
  config: Config,
  opts: { clock?: Clock; migrate?: boolean } = {},
): Promise<AppContext & { migrated: number; rekeyed: { chains: number; entries: number } | null }> {
  const handle: DatabaseHandle = openDatabase(config.db);
  const ctx: AppContext = { db: handle.db, engine: handle.engine, handle, clock: opts.clock ?? systemClock, config };
  let migrated = 0;
  let rekeyed: { chains: number; entries: number } | null = null;
  if (opts.migrate !== false) {
    migrated = await migrateToLatest(handle.db);
    await loadReferenceData(ctx);
    rekeyed = await upgradeLegacyAudit(ctx);
    for (const m of MODULES) if (m.startup) await m.startup(ctx);
  }
  return { ...ctx, migrated, rekeyed };
}

export async function loadReferenceData(ctx: AppContext): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const m of MODULES) if (m.referenceData) await m.referenceData(trx, { nowIso: nowIso(ctx) });
  });
}

export const BUREAU_SEED = {
  name: 'bureau.defaultName',
};

/**
 * Creates the first admin (`admin`) when the database has no users: the password comes from
 * QIANGJIAN_ADMIN_PASSWORD or is random and printed once. Returns the password when one was created.
 * Needs a bureau organization: creates a placeholder bureau for the configured county if none exists.
 */
export async function ensureAdmin(
  ctx: AppContext,
  bureau: { name: string; creditCode: string; regionCode: string },
): Promise<string | null> {
  if (await hasUsers(ctx.db)) return null;
  const password = ctx.config.adminPassword ?? randomPassword();
  // a configured initial password follows the same rules as any other (it must still be changed at first login)
  assertPasswordPolicy(password, { username: 'admin', field: 'QIANGJIAN_ADMIN_PASSWORD' });
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    const org = await ensureBureau(ctx, trx, bureau);
    await createFirstAdmin(ctx, trx, org.id, hash);
  });
  return password;
}

export { openDatabase };
