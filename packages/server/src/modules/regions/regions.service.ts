import type { TRegion } from '@qiangjian/shared';
import { REGION_SEED } from '@qiangjian/shared/data';
import type { Actor } from '../../auth/actor.js';
import { requirePermission } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';

/** Inserts the seeded regions that are missing (never overwrites an edited name). */
export async function ensureRegions(db: DbOrTrx): Promise<void> {
  for (const r of REGION_SEED) {
    await db
      .insertInto('regions')
      .values({ code: r.code, name: r.name, parent_code: r.parentCode, level: r.level })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}

export async function listRegions(ctx: AppContext, actor: Actor): Promise<TRegion[]> {
  requirePermission(actor, 'region.read');
  const rows = await ctx.db.selectFrom('regions').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code, level: r.level as TRegion['level'] }));
}

export async function regionExists(db: DbOrTrx, code: string): Promise<boolean> {
  return !!(await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst());
}

/** Map of code → name, for presenting towns and regions. */
export async function regionNames(db: DbOrTrx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('regions').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
