import type { DbOrTrx } from './database.js';

/**
 * The `settings` table (one JSON or text value per key) and `setting_versions` (every recorded value of a key, by
 * version): the statements every module's settings share. Modules re-export them from their repositories.
 */

/** The stored value of a settings key, or undefined. */
export async function settingValue(db: DbOrTrx, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Writes one setting, created when missing. */
export async function upsertSetting(db: DbOrTrx, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

/** The highest recorded version of a key (0: none). */
export async function lastSettingVersion(db: DbOrTrx, key: string): Promise<number> {
  const r = await db
    .selectFrom('setting_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

export async function insertSettingVersion(
  db: DbOrTrx,
  row: { key: string; version: number; value: string; recorded_at: string; recorded_by: string },
): Promise<void> {
  await db.insertInto('setting_versions').values(row).execute();
}
