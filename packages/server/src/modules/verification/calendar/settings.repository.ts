import type { DbOrTrx } from '../../../db/database.js';

/** calendar_days (holidays and 调休 workdays) and the verification settings row. */

/** Adds days that are not there yet (never overwrites an admin's edit), 200 per statement. */
export async function insertMissingDays(db: DbOrTrx, rows: readonly { date: string; kind: string; name: string | null }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('calendar_days')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('date').doNothing())
      .execute();
  }
}

export async function allDays(db: DbOrTrx) {
  return db.selectFrom('calendar_days').select(['date', 'kind']).execute();
}

/** Days of [from, to], in date order. */
export async function daysBetween(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('calendar_days')
    .select(['date', 'kind', 'name'])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .execute();
}

export async function findDay(db: DbOrTrx, date: string) {
  return db.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
}

export async function deleteDay(db: DbOrTrx, date: string): Promise<void> {
  await db.deleteFrom('calendar_days').where('date', '=', date).execute();
}

export async function upsertDay(db: DbOrTrx, row: { date: string; kind: string; name: string | null }): Promise<void> {
  await db
    .insertInto('calendar_days')
    .values(row)
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, name: row.name }))
    .execute();
}

export { settingValue, upsertSetting } from '../../../db/settings.queries.js';
