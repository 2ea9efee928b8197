import { t } from '@qiangjian/shared';
import { describe, expect, it } from 'vitest';
import { listPagination } from './PagedTable.js';
import type { PagedView } from './usePagedList.js';

const view = (total: number, totalCapped?: boolean): PagedView<unknown> => ({
  paging: { page: 1, pageSize: 20 },
  setPaging: () => undefined,
  data: { items: [], total, totalCapped, page: 1, pageSize: 20 },
  loading: false,
});

describe('listPagination', () => {
  it('shows 共 N 条 for an exact total', () => {
    const p = listPagination(view(42));
    expect(p.total).toBe(42);
    expect(p.showTotal?.(42, [1, 20])).toBe('共 42 条');
  });

  it('shows 超过 10,000 条 when the server stopped counting at its cap, and still pages up to the cap', () => {
    const p = listPagination(view(10_000, true));
    expect(p.total).toBe(10_000);
    expect(p.showTotal?.(10_000, [1, 20])).toBe(t('pages.common.totalCapped', { total: '10,000' }));
    expect(p.showTotal?.(10_000, [1, 20])).toBe('超过 10,000 条');
  });
});
