import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { RegionsTable } from '../../db/schema.js';

/** Inserts a region unless its code exists (never overwrites an edited name). */
export async function insertRegionIfMissing(db: DbOrTrx, region: Insertable<RegionsTable>): Promise<void> {
  await db
    .insertInto('regions')
    .values(region)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function listRegions(db: DbOrTrx) {
  return db.selectFrom('regions').selectAll().orderBy('code').execute();
}

export async function regionExists(db: DbOrTrx, code: string): Promise<boolean> {
  return !!(await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst());
}

export async function regionNames(db: DbOrTrx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('regions').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Reads one region row: throws when the database cannot be read. */
export async function readOneRegion(db: DbOrTrx): Promise<void> {
  await db.selectFrom('regions').select('code').limit(1).execute();
}
