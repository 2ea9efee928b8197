import { type TDrillItem, t } from '@qiangjian/shared';
import { Drawer, Grid, Table, Typography } from 'antd';
import { useState } from 'react';
import { EnumTag } from '../../../components/EnumTag.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { type AttachmentId, type DrillQuery, drillAttachment } from '../../../services/reports.js';

export interface DrillTarget {
  query: Omit<DrillQuery, 'page' | 'pageSize'>;
  title: string;
}

/** The records behind one number of the table (the server runs the same query as the number), paged. */
export function DrillDrawer({ id, target, onClose }: { id: AttachmentId; target: DrillTarget; onClose: () => void }) {
  const narrow = Grid.useBreakpoint().md === false;
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const { data, loading } = useRequest(() => drillAttachment(id, { ...target.query, page, pageSize }), [id, target, page]);
  return (
    <Drawer open title={target.title} size={narrow ? '100%' : 720} onClose={onClose} destroyOnHidden>
      {data && (
        <Typography.Paragraph type="secondary" data-testid="drill-summary">
          {t('pages.reports.drillTotal', { total: data.total, value: data.value })}
        </Typography.Paragraph>
      )}
      <Table<TDrillItem>
        rowKey={(r) => `${r.kind}-${r.id}-${r.label}`}
        size="small"
        loading={loading}
        scroll={{ x: 'max-content' }}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('pages.reports.item.kind'), key: 'kind', render: (_, r) => <EnumTag name="drillKind" value={r.kind} /> },
          { title: t('pages.reports.item.label'), dataIndex: 'label' },
          {
            title: t('pages.reports.item.category'),
            dataIndex: 'category',
            render: (v: string | null) => <EnumTag name="category" value={v} />,
          },
          { title: t('pages.reports.item.date'), dataIndex: 'date' },
          {
            title: t('pages.reports.item.status'),
            dataIndex: 'status',
            render: (v: string | null, r) => <EnumTag name={r.kind === 'sample_test' ? 'conclusion' : 'status'} value={v} />,
          },
          { title: t('pages.reports.item.quantity'), dataIndex: 'quantity' },
          {
            title: t('pages.reports.item.amount'),
            dataIndex: 'amountYuan',
            render: (v: number | null) => (v === null ? '' : v.toFixed(2)),
          },
        ]}
      />
    </Drawer>
  );
}
