/** All SQL of the public disclosure (公示, docs/ENFORCEMENT.md): the `disclosures` table, generic over kind + item id. */
import type { DbOrTrx, Trx } from '../../../db/database.js';
import type { DisclosuresTable } from '../../../db/schema-enforcement.js';

export async function insertDisclosure(trx: Trx, row: Omit<DisclosuresTable, 'id'>): Promise<number> {
  const r = await trx.insertInto('disclosures').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Items published on or before `today` whose period has not ended (`until` ≥ today), newest first. */
export async function listActive(db: DbOrTrx, today: string, f: { kind?: string; q?: string }, page: { limit: number; offset: number }) {
  let q = db.selectFrom('disclosures').where('published_on', '<=', today).where('until', '>=', today);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('party_name', 'like', like), eb('document_no', 'like', like)]));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q.selectAll().orderBy('published_on', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { rows, total };
}

export async function findActive(db: DbOrTrx, id: number, today: string) {
  return db
    .selectFrom('disclosures')
    .selectAll()
    .where('id', '=', id)
    .where('published_on', '<=', today)
    .where('until', '>=', today)
    .executeTakeFirst();
}

/** The record of an item's publication, active or not (the records keep expired items). */
export async function findForItem(db: DbOrTrx, kind: string, itemId: number) {
  return db.selectFrom('disclosures').selectAll().where('kind', '=', kind).where('item_id', '=', itemId).executeTakeFirst();
}

/** How many rectification orders were issued on these findings (the inspection result's 已责令改正). */
export async function ordersOnFindings(db: DbOrTrx, findingIds: readonly number[]): Promise<number> {
  if (findingIds.length === 0) return 0;
  const r = await db
    .selectFrom('rectification_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('finding_id', 'in', [...findingIds])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
