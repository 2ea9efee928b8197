import { EditOutlined } from '@ant-design/icons';
import { t } from '@qiangjian/shared';
import { Button } from 'antd';
import type { ListColumn } from './ListPage.js';

/** The 操作 column with one 编辑 link (hidden without the permission); `name` labels it for screen readers. */
export function editColumn<T>(opts: { allowed: boolean; name: (row: T) => string; onEdit: (row: T) => void }): ListColumn<T> {
  return {
    title: t('pages.common.actions'),
    key: 'actions',
    width: 90,
    fixed: 'right',
    card: 'extra',
    render: (_, row) =>
      opts.allowed ? (
        <Button
          type="link"
          size="small"
          icon={<EditOutlined />}
          onClick={() => opts.onEdit(row)}
          aria-label={`${t('pages.common.edit')} ${opts.name(row)}`}
        >
          {t('pages.common.edit')}
        </Button>
      ) : null,
  };
}
