import { t } from '@qiangjian/shared';
import { Card, type PaginationProps, Table, type TableProps } from 'antd';
import { PAGE_SIZES, type PagedView } from './usePagedList.js';

/**
 * 共 N 条, or 超过 N 条 when the server stopped counting at its cap (`totalCapped`): the pager then offers the
 * pages up to the cap, and narrowing the filters gives an exact figure.
 */
export function totalText(total: number, capped: boolean | undefined): string {
  return capped ? t('pages.common.totalCapped', { total: total.toLocaleString('zh-CN') }) : t('pages.common.total', { total });
}

/** The standard pagination of a server-paged list: size changer, 共 N 条 (超过 N 条 beyond the count cap). */
export function listPagination(list: PagedView<unknown>): PaginationProps {
  const capped = list.data?.totalCapped;
  return {
    current: list.paging.page,
    pageSize: list.paging.pageSize,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES,
    showTotal: (total) => totalText(total, capped),
    onChange: (page, pageSize) => list.setPaging({ page, pageSize }),
  };
}

export type PagedTableProps<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> & {
  list: PagedView<T>;
};

/** A `Table` over a `usePagedList` result: server paging, `scroll.x` so phones can scroll, in a card. */
export function PagedTable<T extends object>({ list, ...props }: PagedTableProps<T>) {
  return (
    <Card styles={{ body: { padding: 0 } }}>
      <Table<T>
        rowKey="id"
        size="middle"
        scroll={{ x: 'max-content' }}
        {...props}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ ...listPagination(list), style: { paddingInline: 16 } }}
      />
    </Card>
  );
}
