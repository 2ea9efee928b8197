import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useRequest } from '../../hooks/useRequest.js';
import type { Page } from '../../services/api.js';

export interface Paging {
  page: number;
  pageSize: number;
}

/** Filters (and sort) of a list as they stand in the URL: strings, absent when not set. */
export type ListQuery = Record<string, string | undefined>;

export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZES = [10, 20, 50, 100];

export interface PagedList<R extends Page<unknown>, Q extends ListQuery = ListQuery> {
  /** The filters in the URL (`?kind=water&page=2` → `{ kind: 'water' }`). */
  query: Q;
  /** New filters: back to page 1 (a new history entry, so Back restores the previous filters). */
  setQuery: (q: Q) => void;
  paging: Paging;
  setPaging: (p: Paging) => void;
  /** The last page the server answered (kept while the next one loads). */
  data: R | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** What a table or card list needs of a paged list (any filter shape). */
export type PagedView<T> = Pick<PagedList<Page<T>>, 'paging' | 'setPaging' | 'data' | 'loading'>;

function toSearch(q: ListQuery, p: Paging): URLSearchParams {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') sp.set(k, v);
  if (p.page !== 1) sp.set('page', String(p.page));
  if (p.pageSize !== DEFAULT_PAGE_SIZE) sp.set('pageSize', String(p.pageSize));
  return sp;
}

const positive = (s: string | null, fallback: number) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/**
 * A server-paged list whose filters and paging live in the URL search params, so a list survives a reload and a
 * link can be shared. `load` gets the filters plus `page`/`pageSize` and returns a `Page` (ZPage).
 */
export function usePagedList<R extends Page<unknown>, Q extends ListQuery = ListQuery>(
  load: (params: Q & Paging) => Promise<R>,
): PagedList<R, Q> {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const { query, paging } = useMemo(() => {
    const sp = new URLSearchParams(search);
    const q: ListQuery = {};
    for (const [k, v] of sp) if (k !== 'page' && k !== 'pageSize' && v !== '') q[k] = v;
    return {
      query: q as Q,
      paging: { page: positive(sp.get('page'), 1), pageSize: positive(sp.get('pageSize'), DEFAULT_PAGE_SIZE) },
    };
  }, [search]);
  const req = useRequest(() => load({ ...query, ...paging }), [search]);
  const setQuery = useCallback((q: Q) => setParams(toSearch(q, { page: 1, pageSize: paging.pageSize })), [setParams, paging.pageSize]);
  const setPaging = useCallback((p: Paging) => setParams(toSearch(query, p)), [setParams, query]);
  return { query, setQuery, paging, setPaging, data: req.data ?? null, loading: req.loading, reload: req.reload };
}
