import { Card } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { ReactNode } from 'react';
import type { ListColumn } from './ListPage.js';

function cellOf<T extends object>(col: ColumnType<T>, row: T, index: number): ReactNode {
  const di = col.dataIndex;
  const path = di === undefined ? [] : Array.isArray(di) ? di : [di];
  let value: unknown = path.length ? row : undefined;
  for (const k of path) value = (value as Record<string | number, unknown> | undefined)?.[k as string];
  if (col.render) return col.render(value, row, index) as ReactNode;
  return value as ReactNode;
}

const isEmpty = (n: ReactNode) => n === undefined || n === null || n === '' || n === false;

/** Phone rendering of a row: the columns as `label: value` lines in a small card. */
export function RowCard<T extends object>({ row, index, columns }: { row: T; index: number; columns: ListColumn<T>[] }) {
  const title = columns.find((c) => c.card === 'title');
  const extra = columns.find((c) => c.card === 'extra');
  const lines = columns.filter((c) => !c.card);
  return (
    <Card
      size="small"
      className="qj-list-card"
      style={{ marginBottom: 12 }}
      title={title ? cellOf(title, row, index) : undefined}
      extra={extra ? cellOf(extra, row, index) : undefined}
    >
      {lines.map((c, i) => {
        const v = cellOf(c, row, index);
        if (isEmpty(v)) return null;
        return (
          <div key={String(c.key ?? c.dataIndex ?? i)} className="qj-list-card-line">
            <span className="qj-list-card-label">{c.title as ReactNode}</span>
            <span className="qj-list-card-value">{v}</span>
          </div>
        );
      })}
    </Card>
  );
}
