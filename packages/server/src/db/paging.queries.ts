import { type CompiledQuery, type SelectQueryBuilder, sql } from 'kysely';
import { AppError } from '../errors.js';
import type { DbOrTrx } from './database.js';

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
  const r = await sql<{ n: number | string | bigint }>`select count(*) as n from (${inner}) as capped`.execute(db);
  const n = Number(r.rows[0]?.n ?? 0);
  return n > cap ? { total: cap, totalCapped: true } : { total: n, totalCapped: false };
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
