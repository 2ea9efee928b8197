import type { DbOrTrx } from '../../../db/database.js';

/** The `enforcement` row of `settings` and its history in `setting_versions` (docs/ENFORCEMENT.md, "Data and settings"). */

export async function settingValue(db: DbOrTrx, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function upsertSetting(db: DbOrTrx, key: string, value: string, now: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

export async function lastVersion(db: DbOrTrx, key: string): Promise<number> {
  const r = await db
    .selectFrom('setting_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

export async function insertVersion(
  db: DbOrTrx,
  row: { key: string; version: number; value: string; recorded_at: string; recorded_by: string },
): Promise<void> {
  await db.insertInto('setting_versions').values(row).execute();
}
