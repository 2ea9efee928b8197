import { enumLabel, ORDER_STATES, type TOrder, t } from '@qiangjian/shared';
import { Badge, Checkbox, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { listOrders, type OrderListQuery } from '../../../services/supervision.js';

interface FilterValues {
  state?: string;
  overdue?: boolean;
}

/**
 * 责令改正 (regulator / office: every order in scope, 只看逾期) and 我的整改通知 (an enterprise: its own, unread
 * ones marked) — one list, the server scopes it (docs/ENFORCEMENT.md).
 */
export default function OrdersPage() {
  const access = useAccess();
  const mine = !access.can('order.read');
  const list = usePagedList(listOrders);
  const columns: ListColumn<TOrder>[] = [
    {
      title: t('orders.orderNo'),
      dataIndex: 'orderNo',
      width: 220,
      card: 'title',
      render: (no: string, r) => (
        <Link to={`/supervision/orders/${r.id}`}>
          {mine && r.unread ? (
            <Badge dot offset={[6, 0]}>
              {no}
            </Badge>
          ) : (
            no
          )}
        </Link>
      ),
    },
    {
      title: t('orders.state'),
      dataIndex: 'state',
      width: 160,
      card: 'extra',
      render: (s: string, r) => (
        <>
          <EnumTag name="orderState" value={s} />
          {r.overdue && <Tag color="red">{t('orders.overdue')}</Tag>}
          {mine && r.unread && <Tag color="blue">{t('orders.unread')}</Tag>}
        </>
      ),
    },
    ...(mine ? [] : [{ title: t('orders.org'), dataIndex: 'orgName', width: 220, ellipsis: true } as ListColumn<TOrder>]),
    { title: t('orders.code'), dataIndex: 'code', width: 220, render: (c: string) => enumLabel('violation', c) },
    { title: t('orders.issuedOn'), dataIndex: 'issuedOn', width: 110 },
    { title: t('orders.deadline'), dataIndex: 'deadline', width: 110 },
    {
      title: t('pages.common.actions'),
      key: 'actions',
      width: 80,
      card: 'hidden',
      render: (_, r) => (
        <Link to={`/supervision/orders/${r.id}`} aria-label={`${t('orders.detail')} ${r.orderNo}`}>
          {t('orders.detail')}
        </Link>
      ),
    },
  ];
  return (
    <ListPage<TOrder, OrderListQuery, FilterValues>
      title={mine ? t('orders.mineTitle') : t('orders.title')}
      list={list}
      columns={columns}
      filters={{
        name: 'orderFilters',
        instant: true,
        toForm: (q) => ({ state: q.state, overdue: q.overdue === '1' }),
        toQuery: (v) => ({ state: v.state, overdue: v.overdue ? '1' : undefined }),
        fields: [
          { name: 'state', label: t('orders.state'), input: <EnumSelect enumName="orderState" values={ORDER_STATES} /> },
          { name: 'overdue', valuePropName: 'checked', input: <Checkbox>{t('orders.overdueFilter')}</Checkbox> },
        ],
      }}
    />
  );
}
