import { Checkbox, Empty, Grid, Pagination, type PaginationProps, Spin, Table, type TableProps } from 'antd';
import { type Key, useMemo, useState } from 'react';
import type { ListColumn } from './ListPage.js';
import { RowCard } from './RowCard.js';

export type ResponsiveTableProps<T extends object> = Omit<TableProps<T>, 'columns' | 'rowKey' | 'dataSource' | 'pagination'> & {
  columns: ListColumn<T>[];
  dataSource: readonly T[];
  rowKey: keyof T & string;
  /** server or client paging as for a `Table`; `false` for none */
  pagination?: PaginationProps | false;
};

/**
 * A table that is a table from `md` up and one card per row below it (phones), for tables inside a page rather than
 * a whole list page (an application's instruments, the candidates of a new application, result rows). The columns
 * are `ListColumn`s: `card: 'title' | 'extra' | 'hidden'` place a column on the card, as on `ListPage`. With a
 * `rowSelection`, each card gets a checkbox. Without a `pagination.onChange` the cards page on the client.
 */
export function ResponsiveTable<T extends object>(props: ResponsiveTableProps<T>) {
  const { columns, dataSource, rowKey, pagination, loading, rowSelection, ...rest } = props;
  const narrow = Grid.useBreakpoint().md === false;
  const tableColumns = useMemo(() => columns.map(({ card: _card, ...c }) => c), [columns]);
  const [local, setLocal] = useState({ page: 1, pageSize: 10 });
  if (!narrow) {
    return (
      <Table<T>
        size="small"
        scroll={{ x: 'max-content' }}
        {...rest}
        rowKey={rowKey}
        loading={loading}
        rowSelection={rowSelection}
        columns={tableColumns}
        dataSource={dataSource as T[]}
        pagination={pagination === undefined ? undefined : pagination}
      />
    );
  }
  // phones: server paging as given, else client paging of the rows held
  const serverPaged = pagination && pagination.onChange !== undefined;
  const page = serverPaged ? (pagination.current ?? 1) : local.page;
  const pageSize = serverPaged ? (pagination.pageSize ?? 20) : pagination === false ? dataSource.length || 1 : local.pageSize;
  const rows = serverPaged || pagination === false ? dataSource : dataSource.slice((page - 1) * pageSize, page * pageSize);
  const selected = new Set<Key>(rowSelection?.selectedRowKeys ?? []);
  const toggle = (row: T, on: boolean) => {
    if (!rowSelection?.onChange) return;
    const key = row[rowKey] as Key;
    const next = on ? [...selected, key] : [...selected].filter((k) => k !== key);
    rowSelection.onChange(
      next,
      dataSource.filter((r) => next.includes(r[rowKey] as Key)),
      { type: 'single' },
    );
  };
  const spinning = typeof loading === 'boolean' ? loading : !!loading?.spinning;
  return (
    <Spin spinning={spinning}>
      {rows.length === 0 && !spinning ? <Empty /> : null}
      {rows.map((row, i) => (
        <div key={row[rowKey] as Key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
          {rowSelection && (
            <Checkbox
              style={{ marginTop: 10 }}
              checked={selected.has(row[rowKey] as Key)}
              disabled={rowSelection.getCheckboxProps?.(row)?.disabled}
              onChange={(e) => toggle(row, e.target.checked)}
            />
          )}
          <div style={{ flex: 1, minWidth: 0 }}>
            <RowCard<T> row={row} index={i} columns={columns} />
          </div>
        </div>
      ))}
      {pagination !== false && (
        <Pagination
          size="small"
          align="center"
          {...(pagination ?? {})}
          current={page}
          pageSize={pageSize}
          total={serverPaged ? pagination.total : dataSource.length}
          onChange={(p, s) => (serverPaged ? pagination.onChange?.(p, s) : setLocal({ page: p, pageSize: s }))}
        />
      )}
    </Spin>
  );
}
