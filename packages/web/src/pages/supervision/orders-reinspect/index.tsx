import { diffDays, enumLabel, type TOrder, t } from '@qiangjian/shared';
import { App, Button, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { todayLocal } from '../../../lib/format.js';
import { showError } from '../../../services/api.js';
import { listOrders, type OrderListQuery, reviewOrder } from '../../../services/supervision.js';

type Action = 'close' | 'desk' | 'escalate';

/**
 * 待复查整改 (office inspectors and regulators, phone-friendly; docs/SUPERVISION.md "Dashboard"): rectification orders in
 * the scope whose enterprise replied (awaiting review) or whose deadline has passed, by deadline, with 复查通过关闭 /
 * 书面审查通过 (a reply: close, after a re-inspection or a desk review) and 升级立案 (escalate) through the order's review.
 */
export default function OrdersReinspectPage() {
  const { modal, message } = App.useApp();
  const list = usePagedList((q: OrderListQuery & { page: number; pageSize: number }) => listOrders({ ...q, reinspect: '1' }));
  const [busy, setBusy] = useState<number | null>(null);
  const today = todayLocal();

  const act = (o: TOrder, action: Action) => {
    const confirm = { close: 'reinspect.confirmClose', desk: 'reinspect.confirmDesk', escalate: 'reinspect.confirmEscalate' }[action];
    modal.confirm({
      title: `${o.orgName} ${o.orderNo}`,
      content: t(confirm),
      onOk: async () => {
        setBusy(o.id);
        try {
          await reviewOrder(o.id, {
            outcome: action === 'escalate' ? 'escalate' : 'close',
            method: action === 'desk' ? 'desk_review' : 'reinspection',
            reviewedOn: today,
          });
          void message.success(t('reinspect.done'));
          await list.reload();
        } catch (err) {
          showError(err);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const columns: ListColumn<TOrder>[] = [
    {
      title: t('sdash.order'),
      dataIndex: 'orgName',
      card: 'title',
      render: (v: string, o) => <Link to={`/supervision/orders/${o.id}`}>{`${v} ${o.orderNo}`}</Link>,
    },
    { title: t('orders.state'), dataIndex: 'state', card: 'extra', render: (s: string) => <EnumTag name="orderState" value={s} /> },
    { title: t('sdash.code'), dataIndex: 'code', render: (c: string) => enumLabel('violation', c) },
    {
      title: t('sdash.deadline'),
      dataIndex: 'deadline',
      render: (d: string, o) => (
        <Space wrap>
          {d}
          {o.state === 'issued' && d < today ? <Tag color="red">{t('reinspect.overdue', { n: diffDays(d, today) })}</Tag> : null}
          {o.state === 'replied' ? <Tag color="gold">{t('reinspect.replied')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('orders.replyText'),
      dataIndex: 'replyText',
      render: (v: string | null) => (v ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : null),
    },
    {
      title: t('pages.common.actions'),
      dataIndex: 'id',
      render: (_: number, o) => (
        <Space wrap>
          {o.state === 'replied' ? (
            <>
              <Button type="primary" loading={busy === o.id} onClick={() => act(o, 'close')}>
                {t('reinspect.close')}
              </Button>
              <Button loading={busy === o.id} onClick={() => act(o, 'desk')}>
                {t('reinspect.desk')}
              </Button>
            </>
          ) : null}
          <Button danger loading={busy === o.id} onClick={() => act(o, 'escalate')}>
            {t('reinspect.escalate')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <ListPage<TOrder, OrderListQuery>
      title={t('reinspect.title')}
      banner={<div style={{ color: '#666' }}>{t('reinspect.hint')}</div>}
      list={list}
      columns={columns}
    />
  );
}
