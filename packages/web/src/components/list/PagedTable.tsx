import { t } from '@qiangjian/shared';
import { Card, type PaginationProps, Table, type TableProps } from 'antd';
import { PAGE_SIZES, type PagedView } from './usePagedList.js';

/** The standard pagination of a server-paged list: size changer, 共 N 条. */
export function listPagination(list: PagedView<unknown>): PaginationProps {
  return {
    current: list.paging.page,
    pageSize: list.paging.pageSize,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES,
    showTotal: (total) => t('pages.common.total', { total }),
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
