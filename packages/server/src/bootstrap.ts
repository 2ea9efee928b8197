import { t } from '@qiangjian/shared';
import { recordAudit } from './audit/audit.service.js';
import { SYSTEM_ACTOR } from './auth/actor.js';
import { hashPassword, randomPassword } from './auth/password.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { nowIso } from './context.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './db/database.js';
import { MODULES } from './modules/index.js';
import { type Clock, systemClock } from './time.js';

/** Opens the database, runs migrations and loads reference data. */
export async function openContext(
  config: Config,
  opts: { clock?: Clock; migrate?: boolean } = {},
): Promise<AppContext & { migrated: number }> {
  const handle: DatabaseHandle = openDatabase(config.db);
  const ctx: AppContext = { db: handle.db, engine: handle.engine, handle, clock: opts.clock ?? systemClock, config };
  let migrated = 0;
  if (opts.migrate !== false) {
    migrated = await migrateToLatest(handle.db);
    await loadReferenceData(ctx);
  }
  return { ...ctx, migrated };
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
  const any = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const password = ctx.config.adminPassword ?? randomPassword();
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    const now = nowIso(ctx);
    let org = await trx.selectFrom('organizations').select('id').where('kind', '=', 'bureau').orderBy('id').limit(1).executeTakeFirst();
    if (!org) {
      org = await trx
        .insertInto('organizations')
        .values({
          name: bureau.name,
          kind: 'bureau',
          credit_code: bureau.creditCode,
          region_code: bureau.regionCode,
          address: null,
          contact_name: null,
          contact_phone: null,
          ownership_type: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        ctx,
        trx,
        SYSTEM_ACTOR,
        { action: 'org_created', entityType: 'organization', entityId: String(org.id), data: bureau },
        Number(org.id),
      );
    }
    const u = await trx
      .insertInto('users')
      .values({
        username: 'admin',
        display_name: t('enum.role.admin'),
        role: 'admin',
        org_id: Number(org.id),
        password_hash: hash,
        must_change_password: 1,
        disabled: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, trx, SYSTEM_ACTOR, {
      action: 'user_created',
      entityType: 'user',
      entityId: String(u.id),
      data: { username: 'admin', role: 'admin', orgId: Number(org.id) },
    });
  });
  return password;
}

export { openDatabase };
