import type { TRegion } from '@qiangjian/shared';
import { REGION_SEED } from '@qiangjian/shared/data';
import type { Actor } from '../../auth/actor.js';
import { requirePermission } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import * as repo from './regions.repository.js';

/** Inserts the seeded regions that are missing (never overwrites an edited name). */
export async function ensureRegions(db: DbOrTrx): Promise<void> {
  for (const r of REGION_SEED) {
    await repo.insertRegionIfMissing(db, { code: r.code, name: r.name, parent_code: r.parentCode, level: r.level });
  }
}

export async function listRegions(ctx: AppContext, actor: Actor): Promise<TRegion[]> {
  requirePermission(actor, 'region.read');
  const rows = await repo.listRegions(ctx.db);
  return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code, level: r.level as TRegion['level'] }));
}

export async function regionExists(db: DbOrTrx, code: string): Promise<boolean> {
  return repo.regionExists(db, code);
}

/** Map of code → name, for presenting towns and regions. */
export async function regionNames(db: DbOrTrx): Promise<Map<string, string>> {
  return repo.regionNames(db);
}

/** The health check's read: one region row (throws when the database cannot be read). */
export async function checkDatabaseReadable(db: DbOrTrx): Promise<void> {
  await repo.readOneRegion(db);
}
