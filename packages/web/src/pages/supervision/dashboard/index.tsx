import { enumLabel, type TCoverageRow, type TSupervisionDashboard, t } from '@qiangjian/shared';
import { Button, Card, Col, DatePicker, Form, Grid, Progress, Row, Statistic, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import * as echarts from 'echarts';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { type DashboardQuery, getSupervisionDashboard } from '../../../services/supervision-dashboard.js';

/**
 * 监督检查看板 (docs/SUPERVISION.md "Dashboard"): coverage (inspected ÷ targets) per town × kind in a period, findings by
 * code, rectification orders by state and overdue, cases by stage and near their limit, targets visited repeatedly
 * outside any draw. Every figure links to the filtered list behind it.
 */

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const qs = (o: Record<string, string | null | undefined>) =>
  new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => !!e[1])).toString();

function CoverageChart({ d }: { d: TSupervisionDashboard }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    const towns = [...new Set(d.coverage.map((r) => r.townCode))];
    const kinds = [...new Set(d.coverage.map((r) => r.kind))];
    const townLabel = (c: string | null) => d.coverage.find((r) => r.townCode === c)?.townName ?? c ?? t('sdash.noTown');
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 90, containLabel: true },
      xAxis: { type: 'category', data: towns.map(townLabel), axisLabel: { interval: 0, rotate: towns.length > 3 ? 30 : 0 } },
      yAxis: { type: 'value', name: '%', max: 100 },
      series: kinds.map((k) => ({
        name: enumLabel('targetKind', k),
        type: 'bar',
        data: towns.map((c) => {
          const r = d.coverage.find((x) => x.townCode === c && x.kind === k);
          return r?.rate.rate == null ? null : Math.round(r.rate.rate * 1000) / 10;
        }),
      })),
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [d]);
  return <div ref={el} role="img" style={{ height: 320, width: '100%' }} aria-label={t('sdash.chart')} />;
}

export default function SupervisionDashboardPage() {
  const [q, setQ] = useState<DashboardQuery>({});
  const { data: d } = useRequest(() => getSupervisionDashboard(q), [q.from, q.to, q.regionCode]);
  const screens = Grid.useBreakpoint();
  const period = d ? { from: d.from, to: d.to } : {};
  const insLink = (r: Pick<TCoverageRow, 'townCode' | 'kind'>) =>
    `/supervision/inspections?${qs({ townCode: r.townCode, targetKind: r.kind, state: 'finished', ...period })}`;

  // a phone: town · kind in one column, inspected / targets as two links, the rate as a number
  const phoneCols = [
    {
      title: t('sdash.town'),
      dataIndex: 'townName',
      render: (v: string | null, r: TCoverageRow) => (
        <>
          <div>{v ?? r.townCode ?? t('sdash.noTown')}</div>
          <EnumTag name="targetKind" value={r.kind} />
        </>
      ),
    },
    {
      title: `${t('sdash.inspected')} / ${t('sdash.targets')}`,
      dataIndex: 'inspected',
      render: (n: number, r: TCoverageRow) => (
        <>
          <Link to={insLink(r)} aria-label={t('sdash.inspectedLink', { town: r.townName ?? '', kind: enumLabel('targetKind', r.kind) })}>
            {n}
          </Link>
          {' / '}
          <Link to={`/supervision/targets?${qs({ townCode: r.townCode, kind: r.kind })}`}>{r.targets}</Link>
        </>
      ),
    },
    { title: t('sdash.rate'), dataIndex: 'rate', render: (r: TCoverageRow['rate']) => pct(r.rate) },
  ];
  const coverageCols = [
    {
      title: t('sdash.town'),
      dataIndex: 'townName',
      render: (v: string | null, r: TCoverageRow) => v ?? r.townCode ?? t('sdash.noTown'),
    },
    { title: t('sdash.kind'), dataIndex: 'kind', render: (k: string) => <EnumTag name="targetKind" value={k} /> },
    {
      title: t('sdash.targets'),
      dataIndex: 'targets',
      render: (n: number, r: TCoverageRow) => <Link to={`/supervision/targets?${qs({ townCode: r.townCode, kind: r.kind })}`}>{n}</Link>,
    },
    {
      title: t('sdash.inspected'),
      dataIndex: 'inspected',
      render: (n: number, r: TCoverageRow) => (
        <Link to={insLink(r)} aria-label={t('sdash.inspectedLink', { town: r.townName ?? '', kind: enumLabel('targetKind', r.kind) })}>
          {n}
        </Link>
      ),
    },
    {
      title: t('sdash.rate'),
      dataIndex: 'rate',
      width: 200,
      render: (r: TCoverageRow['rate']) =>
        r.rate === null ? (
          '—'
        ) : (
          <Progress percent={Math.round(r.rate * 1000) / 10} size="small" status={r.rate >= 1 ? 'success' : 'normal'} />
        ),
    },
  ];

  return (
    <div>
      <PageTitle title={t('menu.supervision.dashboard')} />
      <Form
        name="supervisionDashboard"
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v: { period?: [Dayjs | null, Dayjs | null] | null }) =>
          setQ({ from: v.period?.[0]?.format('YYYY-MM-DD'), to: v.period?.[1]?.format('YYYY-MM-DD') })
        }
      >
        <Form.Item name="period" label={t('sdash.period')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={[d?.from ?? '', d?.to ?? '']} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('pages.common.search')}
          </Button>
        </Form.Item>
      </Form>
      {d && (
        <>
          <div style={{ marginBottom: 12, color: '#666' }}>
            {t('sdash.scopeLine', { region: d.regionName ?? d.regionCode ?? '', from: d.from, to: d.to, asOf: d.asOf })}
          </div>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Link to={`/supervision/inspections?${qs({ state: 'finished', ...period })}`}>
                  <Statistic title={t('sdash.coverage')} value={pct(d.coverageTotal.rate.rate)} />
                </Link>
                <div style={{ color: '#888' }}>{t('sdash.coverageOf', { n: d.coverageTotal.inspected, m: d.coverageTotal.targets })}</div>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Link to="/supervision/orders?overdue=1">
                  <Statistic
                    title={t('sdash.ordersOverdue')}
                    value={d.orders.overdue}
                    valueStyle={{ color: d.orders.overdue ? '#cf1322' : undefined }}
                  />
                </Link>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Link to="/supervision/cases?clock=warning">
                  <Statistic
                    title={t('sdash.casesWarning')}
                    value={d.cases.warning}
                    valueStyle={{ color: d.cases.warning ? '#d46b08' : undefined }}
                  />
                </Link>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Link to="/supervision/cases?clock=overdue">
                  <Statistic
                    title={t('sdash.casesOverdue')}
                    value={d.cases.overdue}
                    valueStyle={{ color: d.cases.overdue ? '#cf1322' : undefined }}
                  />
                </Link>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('sdash.coverageTitle')} size="small">
                <CoverageChart d={d} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('sdash.coverageTable')} size="small">
                <Table<TCoverageRow>
                  rowKey={(r) => `${r.townCode}|${r.kind}`}
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={d.coverage}
                  columns={screens.md === false ? phoneCols : coverageCols}
                />
              </Card>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Card title={t('sdash.findingsTitle')} size="small">
                <Table
                  rowKey="code"
                  size="small"
                  pagination={false}
                  dataSource={d.findings}
                  locale={{ emptyText: t('sdash.none') }}
                  columns={[
                    { title: t('sdash.code'), dataIndex: 'code', render: (c: string) => enumLabel('violation', c) },
                    {
                      title: t('sdash.count'),
                      dataIndex: 'count',
                      render: (n: number, r: { code: string }) => (
                        <Link to={`/supervision/findings?${qs({ code: r.code, ...period })}`}>{n}</Link>
                      ),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <StageCard
                title={t('sdash.ordersTitle')}
                counts={d.orders.byState.map((s) => ({
                  key: s.state,
                  count: s.count,
                  tag: <EnumTag name="orderState" value={s.state} />,
                  to: `/supervision/orders?${qs({ state: s.state, ...period })}`,
                }))}
                rows={d.orders.mostOverdue.map((r) => ({
                  id: r.id,
                  label: `${r.orgName} ${r.orderNo}`,
                  to: `/supervision/orders/${r.id}`,
                  date: r.deadline,
                  flag: <Tag color="red">{r.daysOverdue}</Tag>,
                }))}
                columns={[t('sdash.order'), t('sdash.deadline'), t('sdash.daysOverdue')]}
              />
            </Col>
            <Col xs={24} md={12} lg={8}>
              <StageCard
                title={t('sdash.casesTitle')}
                counts={d.cases.byStage.map((s) => ({
                  key: s.stage,
                  count: s.count,
                  tag: <EnumTag name="caseStage" value={s.stage} />,
                  to: `/supervision/cases?${qs({ stage: s.stage, ...period })}`,
                }))}
                rows={d.cases.nearLimit.map((r) => ({
                  id: r.id,
                  label: `${r.orgName} ${r.caseNo}`,
                  to: `/supervision/cases/${r.id}`,
                  date: r.limitDate,
                  flag: (
                    <Tag color={r.daysLeft < 0 ? 'red' : 'orange'}>
                      {r.daysLeft < 0 ? t('sdash.pastBy', { n: -r.daysLeft }) : r.daysLeft}
                    </Tag>
                  ),
                }))}
                columns={[t('sdash.case'), t('sdash.limitDate'), t('sdash.daysLeft')]}
              />
            </Col>
            <Col xs={24}>
              <Card
                title={t('sdash.repeatedTitle', { n: d.repeated.threshold, days: d.repeated.days })}
                size="small"
                extra={<Link to="/supervision/inspections?repeated=1">{t('sdash.repeatedList')}</Link>}
              >
                <Table
                  rowKey="targetId"
                  size="small"
                  pagination={false}
                  dataSource={d.repeated.targets}
                  locale={{ emptyText: t('sdash.none') }}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    {
                      title: t('sdash.target'),
                      dataIndex: 'orgName',
                      render: (v: string, r: { siteName: string | null }) => (r.siteName ? `${v} · ${r.siteName}` : v),
                    },
                    { title: t('sdash.kind'), dataIndex: 'kind', render: (k: string) => <EnumTag name="targetKind" value={k} /> },
                    { title: t('sdash.visits'), dataIndex: 'visits', render: (n: number) => <Tag color="red">{n}</Tag> },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}

interface StageRow {
  id: number;
  label: string;
  to: string;
  date: string;
  flag: ReactNode;
}

/** A card of counts by state (each a link to the filtered list) over a short table of the most urgent records. */
function StageCard({
  title,
  counts,
  rows,
  columns,
}: {
  title: string;
  counts: { key: string; count: number; tag: ReactNode; to: string }[];
  rows: StageRow[];
  columns: [string, string, string];
}) {
  return (
    <Card title={title} size="small">
      <div style={{ marginBottom: 8 }}>
        {counts.map((c) => (
          <Link key={c.key} to={c.to} style={{ marginRight: 8 }}>
            {c.tag} {c.count}
          </Link>
        ))}
      </div>
      <Table<StageRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('sdash.none') }}
        columns={[
          { title: columns[0], dataIndex: 'label', render: (v: string, r) => <Link to={r.to}>{v}</Link> },
          { title: columns[1], dataIndex: 'date' },
          { title: columns[2], dataIndex: 'flag' },
        ]}
      />
    </Card>
  );
}
