import { type CompiledQuery, type SelectQueryBuilder, sql } from 'kysely';
import { AppError } from '../errors.js';
import { type DbOrTrx, isSqliteMain } from './database.js';

/**
 * Named fragments every paged list shares (repositories only): the total of a filtered query and one page
 * of it. `const total = await countRows(base); const rows = await base.select(…).$call(pageOf(q)).execute();`
 * A list that can grow large counts with `countPage(db, base, q, cap)` instead: at most `cap` + 1 rows are
 * counted, so page 1 of an organization with a million instruments costs a short index walk, not a scan.
 */

/** How many rows the query matches: `select count(*) as n` on the same from/joins/where. */
export async function countRows<D, TB extends keyof D, O>(qb: SelectQueryBuilder<D, TB, O>): Promise<number> {
  const r = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number((r as unknown as { n: number | string | bigint }).n);
}

/** A list's total as a page reports it: exact, or `cap` with `totalCapped` when more rows match. */
export interface PageTotal {
  total: number;
  totalCapped: boolean;
}

/**
 * Counts at most `cap` + 1 rows of the query (`select count(*) from (select 1 … limit cap + 1)`): the exact
 * total when it is at most `cap`, else `{ total: cap, totalCapped: true }`. The engine stops after `cap` + 1
 * rows, so the cost is bounded whatever the list's size.
 */
export async function countRowsCapped<D, TB extends keyof D, O>(
  db: DbOrTrx,
  qb: SelectQueryBuilder<D, TB, O>,
  cap: number,
): Promise<PageTotal> {
  const inner = qb.select(sql<number>`1`.as('one')).limit(cap + 1);
  const query = sql<{ n: number | string | bigint }>`select count(*) as n from (${inner}) as capped`;
  const count = async () => Number((await query.execute(db)).rows[0]?.n ?? 0);
  const n = keep && isSqliteMain(db) ? await cachedCount(db, query.compile(db), count) : await count();
  return n > cap ? { total: cap, totalCapped: true } : { total: n, totalCapped: false };
}

let keep = true;
/** Turns keeping counts between writes on or off (the load bench measures the count itself with it off). */
export function keepCounts(on: boolean): void {
  keep = on;
}

/** Counts kept per SQLite connection while nothing was written: SQL and parameters → count. */
const countCaches = new WeakMap<object, { version: string; counts: Map<string, number> }>();
const COUNT_CACHE_SIZE = 1000;

/**
 * A count of the SQLite main connection, reused while the database is unchanged: `total_changes()` (rows this
 * connection changed, rolled-back ones included) and `data_version` (commits of other connections and processes)
 * name the database's state, and any write starts a new cache. Page 2, 3 … and every reload of a list then
 * skip the count's index walk until the next write.
 */
async function cachedCount(db: DbOrTrx, compiled: CompiledQuery, count: () => Promise<number>): Promise<number> {
  const v = await sql<{ c: number; v: number }>`select total_changes() as c, (select data_version from pragma_data_version) as v`.execute(
    db,
  );
  const version = `${v.rows[0]?.c}:${v.rows[0]?.v}`;
  let cache = countCaches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, counts: new Map() };
    countCaches.set(db, cache);
  }
  const key = `${compiled.sql}\u0000${JSON.stringify(compiled.parameters)}`;
  const hit = cache.counts.get(key);
  if (hit !== undefined) return hit;
  const n = await count();
  if (cache.counts.size >= COUNT_CACHE_SIZE) cache.counts.clear();
  cache.counts.set(key, n);
  return n;
}

/**
 * The total of a paged list under the count cap; refuses (`list_too_deep`, 400) a page that starts beyond the
 * counted rows when the list is larger than `cap` — its OFFSET would walk the whole list. A list within the cap
 * pages as before (a page past the end is empty).
 */
export async function countPage<D, TB extends keyof D, O>(
  db: DbOrTrx,
  qb: SelectQueryBuilder<D, TB, O>,
  q: { page: number; pageSize: number },
  cap: number,
): Promise<PageTotal> {
  const total = await countRowsCapped(db, qb, cap);
  if (total.totalCapped && (q.page - 1) * q.pageSize >= cap) {
    const shown = cap.toLocaleString('en');
    throw new AppError('list_too_deep', { params: { cap: shown }, details: { cap, page: q.page, pageSize: q.pageSize } });
  }
  return total;
}

/** One page of a query (page numbers start at 1); use with `.$call(pageOf(q))`. */
export function pageOf(q: { page: number; pageSize: number }) {
  return <D, TB extends keyof D, O>(qb: SelectQueryBuilder<D, TB, O>): SelectQueryBuilder<D, TB, O> =>
    qb.limit(q.pageSize).offset((q.page - 1) * q.pageSize);
}

/**
 * The plan the engine chooses for a compiled query, one line per step: SQLite `EXPLAIN QUERY PLAN` details
 * ("SEARCH instruments USING INDEX …", "USE TEMP B-TREE FOR ORDER BY") or PostgreSQL `EXPLAIN` lines.
 * For tests that pin a list page to its index, and for diagnosis.
 */
export async function explainLines(db: DbOrTrx, engine: 'sqlite' | 'postgres', q: CompiledQuery): Promise<string[]> {
  if (engine === 'sqlite') {
    const r = await db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` });
    return r.rows.map((x) => x.detail);
  }
  const r = await db.executeQuery<{ 'QUERY PLAN': string }>({ ...q, sql: `explain ${q.sql}` });
  return r.rows.map((x) => x['QUERY PLAN']);
}
