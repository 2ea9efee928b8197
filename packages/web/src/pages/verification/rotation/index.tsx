import { CATEGORIES, enumLabel, type TRotationLot, type TRotationOrder, t } from '@qiangjian/shared';
import { App, Button, Card, Col, DatePicker, Form, Input, Modal, Progress, Row, Space, Statistic, Tabs, Tag } from 'antd';
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { EnumSelect } from '../../../components/list/fields.js';
import type { ListColumn } from '../../../components/list/ListPage.js';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { useMe } from '../../../services/auth.js';
import { applyFormError } from '../../../services/form-errors.js';
import { useRegions } from '../../../services/regions.js';
import {
  createRotationOrder,
  getRotationForecast,
  listRotationLots,
  listRotationOrders,
  type RotationQuery,
} from '../../../services/verification.js';

const lotKey = (l: TRotationLot) => [l.orgId, l.category, l.manufacturer, l.model, l.installYear, l.townCode].join('|');

/** 轮换管理: the 24-month forecast of limited-use meters falling due, the lots (make × model × install year × town) and the rotation orders. */
export default function RotationPage() {
  const me = useMe();
  const access = useAccess();
  const canOrder = access.can('rotation.order');
  const { regions } = useRegions();
  const townName = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const [filter, setFilter] = useState<RotationQuery>({});
  const [lotPage, setLotPage] = useState({ page: 1, pageSize: 20 });
  const [orderPage, setOrderPage] = useState({ page: 1, pageSize: 20 });
  const forecast = useRequest(() => getRotationForecast(filter), [filter]);
  const lots = useRequest(() => listRotationLots({ ...filter, ...lotPage }), [filter, lotPage]);
  const orders = useRequest(() => listRotationOrders({ ...filter, ...orderPage }), [filter, orderPage]);
  const [ordering, setOrdering] = useState<TRotationLot | null>(null);
  const chartEl = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const f = forecast.data;
    if (!chartEl.current || !f) return;
    const chart = echarts.init(chartEl.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 40 },
      xAxis: { type: 'category', data: f.months.map((m) => m.month), axisLabel: { rotate: 45, fontSize: 10 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('pages.rotation.dueCount'), type: 'bar', data: f.months.map((m) => m.count), itemStyle: { color: '#1677ff' } }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [forecast.data]);

  const lotColumns: ListColumn<TRotationLot>[] = [
    {
      title: t('pages.rotation.lot'),
      key: 'lot',
      card: 'title',
      render: (_, l) => [l.manufacturer ?? t('pages.rotation.unknown'), l.model ?? ''].filter(Boolean).join(' · '),
    },
    { title: t('pages.rotation.org'), dataIndex: 'orgName' },
    { title: t('pages.rotation.category'), dataIndex: 'category', render: (c: string) => enumLabel('category', c) },
    { title: t('pages.rotation.installYear'), dataIndex: 'installYear', render: (y: string | null) => y ?? t('pages.rotation.unknown') },
    { title: t('pages.rotation.town'), dataIndex: 'townCode', render: (c: string | null) => (c ? (townName.get(c) ?? c) : '') },
    { title: t('pages.rotation.count'), dataIndex: 'count', render: (n: number) => n.toLocaleString('zh-CN') },
    { title: t('pages.rotation.earliest'), dataIndex: 'earliestValidUntil' },
    { title: t('pages.rotation.due12'), dataIndex: 'dueWithin12Months', render: (n: number) => n.toLocaleString('zh-CN') },
    {
      title: t('pages.rotation.overdue'),
      dataIndex: 'overdue',
      card: 'extra',
      render: (n: number) => (n > 0 ? <Tag color="red">{t('pages.rotation.overdueN', { n: n.toLocaleString('zh-CN') })}</Tag> : ''),
    },
    ...(canOrder
      ? [
          {
            title: t('pages.common.actions'),
            key: 'actions',
            render: (_: unknown, l: TRotationLot) => (
              <Button type="link" size="small" onClick={() => setOrdering(l)}>
                {t('pages.rotation.order')}
              </Button>
            ),
          } satisfies ListColumn<TRotationLot>,
        ]
      : []),
  ];
  const orderColumns: ListColumn<TRotationOrder>[] = [
    {
      title: t('pages.rotation.lot'),
      key: 'lot',
      card: 'title',
      render: (_, o) =>
        [enumLabel('category', o.lot.category), o.lot.manufacturer, o.lot.model, o.lot.installYear].filter(Boolean).join(' · '),
    },
    { title: t('pages.rotation.org'), dataIndex: 'orgName' },
    {
      title: t('pages.rotation.deadline'),
      dataIndex: 'deadline',
      card: 'extra',
      render: (d: string, o) => (o.overdue ? <Tag color="red">{t('pages.rotation.lateDeadline', { d })}</Tag> : d),
    },
    {
      title: t('pages.rotation.progress'),
      key: 'progress',
      render: (_, o) => (
        <Space>
          <Progress percent={o.total ? Math.round((o.rotated / o.total) * 100) : 0} size="small" style={{ width: 120 }} />
          {t('pages.rotation.progressN', { done: o.rotated, total: o.total })}
        </Space>
      ),
    },
    { title: t('pages.rotation.note'), dataIndex: 'note' },
  ];

  const overdueBefore = forecast.data?.overdueBefore ?? 0;
  const next12 = (forecast.data?.months ?? []).slice(0, 12).reduce((s, m) => s + m.count, 0);
  return (
    <>
      <PageTitle title={t('pages.rotation.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          {me.role !== 'enterprise' && (
            <OrgSelect
              allowClear
              placeholder={t('pages.rotation.allOrgs')}
              style={{ width: 240 }}
              onChange={(v) => setFilter((f) => ({ ...f, orgId: v ? String(v) : undefined }))}
            />
          )}
          <EnumSelect
            enumName="category"
            values={CATEGORIES.filter((c) => c.endsWith('_meter'))}
            placeholder={t('pages.rotation.allCategories')}
            onChange={(v: unknown) => setFilter((f) => ({ ...f, category: v ? String(v) : undefined }))}
          />
        </Space>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic
              title={t('pages.rotation.overdueBefore')}
              value={overdueBefore}
              valueStyle={{ color: overdueBefore ? '#cf1322' : undefined }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('pages.rotation.next12')} value={next12} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('pages.rotation.forecastTitle')} styles={{ body: { padding: 8 } }}>
            <div ref={chartEl} style={{ width: '100%', height: 220 }} data-testid="rotation-forecast" />
          </Card>
        </Col>
      </Row>
      <Card>
        <Tabs
          items={[
            {
              key: 'lots',
              label: t('pages.rotation.lotsTab', { n: lots.data?.total ?? 0 }),
              children: (
                <ResponsiveTable<TRotationLot & { key: string }>
                  rowKey="key"
                  loading={lots.loading}
                  dataSource={(lots.data?.items ?? []).map((l) => ({ ...l, key: lotKey(l) }))}
                  columns={lotColumns as ListColumn<TRotationLot & { key: string }>[]}
                  pagination={{
                    current: lotPage.page,
                    pageSize: lotPage.pageSize,
                    total: lots.data?.total ?? 0,
                    showTotal: (n) => t('pages.common.total', { total: n }),
                    onChange: (page, pageSize) => setLotPage({ page, pageSize }),
                  }}
                />
              ),
            },
            {
              key: 'orders',
              label: t('pages.rotation.ordersTab', { n: orders.data?.total ?? 0 }),
              children: (
                <ResponsiveTable<TRotationOrder>
                  rowKey="id"
                  loading={orders.loading}
                  dataSource={orders.data?.items ?? []}
                  columns={orderColumns}
                  pagination={{
                    current: orderPage.page,
                    pageSize: orderPage.pageSize,
                    total: orders.data?.total ?? 0,
                    showTotal: (n) => t('pages.common.total', { total: n }),
                    onChange: (page, pageSize) => setOrderPage({ page, pageSize }),
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
      {ordering && (
        <OrderModal
          lot={ordering}
          townName={ordering.townCode ? (townName.get(ordering.townCode) ?? null) : null}
          onClose={() => setOrdering(null)}
          onSaved={() => {
            setOrdering(null);
            void orders.reload();
          }}
        />
      )}
    </>
  );
}

function OrderModal(props: { lot: TRotationLot; townName: string | null; onClose: () => void; onSaved: () => void }) {
  const { lot } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ deadline: string; note?: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await createRotationOrder({
        orgId: lot.orgId,
        lot: {
          category: lot.category as TRotationOrder['lot']['category'],
          manufacturer: lot.manufacturer,
          model: lot.model,
          installYear: lot.installYear,
          townCode: lot.townCode,
        },
        deadline: v.deadline,
        note: v.note?.trim() || undefined,
      });
      void message.success(t('pages.rotation.ordered'));
      props.onSaved();
    } catch (e) {
      applyFormError(form, e, ['deadline', 'note']);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('pages.rotation.orderTitle')}
      okText={t('pages.rotation.order')}
      cancelText={t('pages.common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <p>
        {t('pages.rotation.orderSummary', {
          org: lot.orgName,
          lot: [enumLabel('category', lot.category), lot.manufacturer, lot.model, lot.installYear, props.townName]
            .filter(Boolean)
            .join(' · '),
          n: lot.count.toLocaleString('zh-CN'),
        })}
      </p>
      <Form form={form} name="rotationOrder" layout="vertical">
        <Form.Item
          name="deadline"
          label={t('pages.rotation.deadline')}
          rules={[{ required: true, message: t('pages.rotation.deadlineRequired') }]}
          {...dateFieldProps}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('pages.rotation.note')} rules={[{ max: 500, message: t('field.tooLong', { max: 500 }) }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
