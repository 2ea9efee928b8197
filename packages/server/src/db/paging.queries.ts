import type { SelectQueryBuilder } from 'kysely';

/**
 * Named fragments every paged list shares (repositories only): the total of a filtered query and one page
 * of it. `const total = await countRows(base); const rows = await base.select(…).$call(pageOf(q)).execute();`
 */

/** How many rows the query matches: `select count(*) as n` on the same from/joins/where. */
export async function countRows<D, TB extends keyof D, O>(qb: SelectQueryBuilder<D, TB, O>): Promise<number> {
  const r = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number((r as unknown as { n: number | string | bigint }).n);
}

/** One page of a query (page numbers start at 1); use with `.$call(pageOf(q))`. */
export function pageOf(q: { page: number; pageSize: number }) {
  return <D, TB extends keyof D, O>(qb: SelectQueryBuilder<D, TB, O>): SelectQueryBuilder<D, TB, O> =>
    qb.limit(q.pageSize).offset((q.page - 1) * q.pageSize);
}
