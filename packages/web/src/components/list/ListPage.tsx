import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Grid, Pagination, Space, Spin } from 'antd';
import type { ColumnType, TableProps } from 'antd/es/table';
import { type Key, type ReactNode, useMemo, useRef } from 'react';
import type { Page } from '../../services/api.js';
import { PageTitle } from '../PageTitle.js';
import { FilterBar, type FilterField } from './FilterBar.js';
import { listPagination, PagedTable } from './PagedTable.js';
import { RowCard } from './RowCard.js';
import type { ListQuery, PagedList } from './usePagedList.js';

/**
 * A column of a list page: an antd column, plus where it goes on a phone card (below `md` the list is one card per
 * row): `title` = the card's title, `extra` = its top-right corner, `hidden` = not on the card; by default a
 * `label: value` line (empty values are left out).
 */
export type ListColumn<T> = ColumnType<T> & { card?: 'title' | 'extra' | 'hidden' };

export interface ListFilters<Q extends ListQuery, F extends object> {
  /** Unique form name (`<name>_<field>` ids). */
  name: string;
  /** The filters (each becomes a `Form.Item`). */
  fields: FilterField[];
  /** URL query → form values (default: the strings as they are). */
  toForm?: (q: Q) => F;
  /** Form values → URL query (default: trimmed strings, empty ones dropped). */
  toQuery?: (values: F) => Q;
  /** Search on every change (no text inputs). */
  instant?: boolean;
}

export interface ListPageProps<T extends object, Q extends ListQuery, F extends object> {
  title: ReactNode;
  /** The primary 新建… button (shown when `allowed`). */
  create?: { allowed: boolean; label: string; onClick: () => void };
  /** More buttons right of the title (导入, 导出 …). */
  extra?: ReactNode;
  /** Between the title and the filters: a hint, or the result of a page action. */
  banner?: ReactNode;
  list: PagedList<Page<T>, Q>;
  filters?: ListFilters<Q, F>;
  columns: ListColumn<T>[];
  rowKey?: keyof T & string;
  /** More Table props (rowSelection, onChange for sorting …); desktop only. */
  table?: Omit<TableProps<T>, 'columns' | 'rowKey' | 'dataSource' | 'loading' | 'pagination'>;
  /** Modals and drawers of the page. */
  children?: ReactNode;
}

/** Trimmed strings, empty ones dropped: the default form → URL mapping. */
export function plainQuery<Q extends ListQuery>(values: object): Q {
  const q: ListQuery = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null) continue;
    const s = String(v).trim();
    if (s) q[k] = s;
  }
  return q as Q;
}

/**
 * The list page: title + buttons, a filter bar, and a server-paged table (≥ md) or cards (phones), with the
 * filters and paging in the URL (`usePagedList`). See docs/WEB.md "List pages".
 */
export function ListPage<T extends object, Q extends ListQuery, F extends object = Q>(props: ListPageProps<T, Q, F>) {
  const { list, filters, columns, create } = props;
  const narrow = Grid.useBreakpoint().md === false;
  const mapping = useRef(filters);
  mapping.current = filters;
  const formValues = useMemo(
    () => (mapping.current?.toForm ? mapping.current.toForm(list.query) : (list.query as object as F)),
    [list.query],
  );
  const rowKey = props.rowKey ?? ('id' as keyof T & string);
  const tableColumns = useMemo(() => columns.map(({ card: _card, ...c }) => c), [columns]);
  const items = list.data?.items ?? [];

  return (
    <>
      <PageTitle
        title={props.title}
        extra={
          (create?.allowed || props.extra) && (
            <Space wrap>
              {create?.allowed && (
                <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick}>
                  {create.label}
                </Button>
              )}
              {props.extra}
            </Space>
          )
        }
      />
      {props.banner}
      {filters && (
        <FilterBar<F>
          name={filters.name}
          values={formValues}
          instant={filters.instant}
          onSearch={(v) => list.setQuery(filters.toQuery ? filters.toQuery(v) : plainQuery<Q>(v))}
          onReset={() => list.setQuery({} as Q)}
          fields={filters.fields}
        />
      )}
      {narrow ? (
        <Spin spinning={list.loading}>
          {items.length === 0 && !list.loading ? <Empty /> : null}
          {items.map((row, i) => (
            <RowCard<T> key={row[rowKey] as Key} row={row} index={i} columns={columns} />
          ))}
          <Pagination size="small" align="center" {...listPagination(list)} />
        </Spin>
      ) : (
        <PagedTable<T> list={list} rowKey={rowKey} columns={tableColumns} {...props.table} />
      )}
      {props.children}
    </>
  );
}
