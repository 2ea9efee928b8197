import type { Insertable, Updateable } from 'kysely';
import { likePrefix } from '../../auth/scope.js';
import type { DbOrTrx } from '../../db/database.js';
import { countRows, pageOf } from '../../db/paging.queries.js';
import type { ArticleRow, ArticlesTable } from '../../db/schema-portal-talent.js';

/** SQL of the portal's articles (docs/PORTAL.md). */

export type { ArticleRow };

export async function insertArticle(db: DbOrTrx, v: Insertable<ArticlesTable>): Promise<number> {
  return Number((await db.insertInto('articles').values(v).returning('id').executeTakeFirstOrThrow()).id);
}

export async function updateArticle(db: DbOrTrx, id: number, patch: Updateable<ArticlesTable>): Promise<void> {
  await db.updateTable('articles').set(patch).where('id', '=', id).execute();
}

export async function deleteArticle(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('articles').where('id', '=', id).execute();
}

export async function articleById(db: DbOrTrx, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Staff list: the articles of a region (null prefix: all), newest first; filters on kind, state (as of `today`) and title. */
export async function listArticles(
  db: DbOrTrx,
  regionPrefix: string | null,
  today: string,
  q: { page: number; pageSize: number; kind?: string; state?: string; q?: string },
) {
  let base = db.selectFrom('articles');
  if (regionPrefix !== null) base = base.where((eb) => likePrefix(eb.ref('region_code'), regionPrefix));
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.q) base = base.where((eb) => eb(eb.fn('lower', ['title']), 'like', `%${q.q?.toLowerCase()}%`));
  switch (q.state) {
    case 'draft':
      base = base.where('publish_on', 'is', null);
      break;
    case 'scheduled':
      base = base.where('publish_on', '>', today);
      break;
    case 'published':
      base = base.where('publish_on', '<=', today).where((eb) => eb.or([eb('expire_on', 'is', null), eb('expire_on', '>=', today)]));
      break;
    case 'expired':
      base = base.where('publish_on', 'is not', null).where('expire_on', '<', today);
      break;
  }
  const total = await countRows(base);
  const rows = await base.selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').$call(pageOf(q)).execute();
  return { rows, total };
}

/** The portal's list: published on or before `today` and not past its last day, newest first. */
export async function publishedArticles(db: DbOrTrx, today: string, q: { page: number; pageSize: number; kind?: string }) {
  let base = db
    .selectFrom('articles')
    .where('publish_on', '<=', today)
    .where((eb) => eb.or([eb('expire_on', 'is', null), eb('expire_on', '>=', today)]));
  if (q.kind) base = base.where('kind', '=', q.kind);
  const total = await countRows(base);
  const rows = await base
    .select(['id', 'kind', 'title', 'author', 'summary', 'publish_on'])
    .orderBy('publish_on', 'desc')
    .orderBy('id', 'desc')
    .$call(pageOf(q))
    .execute();
  return { rows, total };
}

/** One article when it is visible on the portal on `today`. */
export async function publishedArticle(db: DbOrTrx, id: number, today: string): Promise<ArticleRow | undefined> {
  return db
    .selectFrom('articles')
    .selectAll()
    .where('id', '=', id)
    .where('publish_on', '<=', today)
    .where((eb) => eb.or([eb('expire_on', 'is', null), eb('expire_on', '>=', today)]))
    .executeTakeFirst();
}
