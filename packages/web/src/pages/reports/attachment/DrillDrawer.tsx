import { type TDrillItem, type TDrillPage, t } from '@qiangjian/shared';
import { Drawer, Grid, Table, Typography } from 'antd';
import { useState } from 'react';
import { EnumTag } from '../../../components/EnumTag.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { type AttachmentId, type DrillQuery, drillAttachment } from '../../../services/reports.js';

export interface DrillTarget {
  query: Omit<DrillQuery, 'page' | 'pageSize'>;
  title: string;
}

/** The records behind one number of an attachment table (the server runs the same query as the number), paged. */
export function DrillDrawer({ id, target, onClose }: { id: AttachmentId; target: DrillTarget; onClose: () => void }) {
  return (
    <DrillList
      title={target.title}
      load={(page, pageSize) => drillAttachment(id, { ...target.query, page, pageSize })}
      deps={[id, target]}
      onClose={onClose}
    />
  );
}

/** A drawer with the records behind one figure, paged (`load` fetches a page: attachment cells, KPI parts). */
export function DrillList({
  title,
  load,
  deps,
  onClose,
}: {
  title: string;
  load: (page: number, pageSize: number) => Promise<TDrillPage>;
  deps: unknown[];
  onClose: () => void;
}) {
  const narrow = Grid.useBreakpoint().md === false;
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const { data, loading } = useRequest(() => load(page, pageSize), [...deps, page]);
  return (
    <Drawer open title={title} size={narrow ? '100%' : 720} onClose={onClose} destroyOnHidden>
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
