import { CATEGORIES, enumLabel, STATUSES, type THomeOversight, t } from '@qiangjian/shared';
import { Card, Col, Empty, Progress, Space, Statistic, Tag, Typography } from 'antd';
import * as echarts from 'echarts';
import { type ReactNode, useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { enumColor } from '../../components/EnumTag.js';

/** Query string of the defined values. */
export const qs = (o: Record<string, string | number | null | undefined>) => {
  const s = new URLSearchParams(
    Object.entries(o)
      .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
  return s ? `?${s}` : '';
};

export const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

/**
 * One figure of the home page: a statistic that links to the filtered list behind it when `to` is given (the caller
 * passes `to` only when the role may open that page). `data-figure` names it for the browser test.
 */
export function Figure({ id, title, value, to, danger }: { id: string; title: ReactNode; value: number; to?: string; danger?: boolean }) {
  const stat = <Statistic title={title} value={value} styles={{ content: { color: danger && value > 0 ? '#cf1322' : undefined } }} />;
  return (
    <div data-figure={id} style={{ minWidth: 96 }}>
      {to ? (
        <Link to={to} aria-label={typeof title === 'string' ? title : undefined}>
          {stat}
        </Link>
      ) : (
        stat
      )}
    </div>
  );
}

/** A row of figures that wraps on a phone. */
export function Figures({ children }: { children: ReactNode }) {
  return (
    <Space size={[32, 16]} wrap>
      {children}
    </Space>
  );
}

type Instruments = Pick<THomeOversight, 'counts' | 'inService'>;

/**
 * Instruments by category × status: one line per category (its name, its total, a tag per status with its count),
 * each count a link to the instrument list filtered by category and status (`instrumentLink` null: no link).
 */
export function StatusCounts({ d, link }: { d: Instruments; link: ((category: string, status?: string) => string) | null }) {
  const categories = CATEGORIES.filter((c) => d.counts.some((r) => r.category === c));
  if (categories.length === 0) return <Empty description={t('home.instruments.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {categories.map((c) => {
        const rows = STATUSES.map((s) => d.counts.find((r) => r.category === c && r.status === s)).filter((r) => r !== undefined);
        const total = rows.reduce((n, r) => n + r.instruments, 0);
        return (
          <div key={c} data-category={c}>
            <Typography.Text strong>
              {link ? <Link to={link(c)}>{enumLabel('category', c)}</Link> : enumLabel('category', c)}
            </Typography.Text>
            <Typography.Text type="secondary">{`　${t('home.instruments.total')} ${total}`}</Typography.Text>
            <div style={{ marginTop: 4 }}>
              <Space size={[4, 4]} wrap>
                {rows.map((r) => {
                  const tag = (
                    <Tag key={r.status} color={enumColor('status', r.status)}>{`${enumLabel('status', r.status)} ${r.instruments}`}</Tag>
                  );
                  return link ? (
                    <Link key={r.status} to={link(c, r.status)} data-figure={`count.${c}.${r.status}`} data-value={r.instruments}>
                      {tag}
                    </Link>
                  ) : (
                    <span key={r.status} data-figure={`count.${c}.${r.status}`} data-value={r.instruments}>
                      {tag}
                    </span>
                  );
                })}
              </Space>
            </div>
          </div>
        );
      })}
    </Space>
  );
}

type Rates = Pick<THomeOversight, 'verificationRate' | 'overdueRate' | 'inService'>;

/** verificationRate (target 100 %) and overdueRate (target 0 %) as gauges with their numerator / denominator. */
export function RateGauges({ d, verificationTo, overdueTo }: { d: Rates; verificationTo?: string; overdueTo?: string }) {
  // the target met: green; overdue use above 0 %: red; a verification rate short of 100 %: blue with its numerator / denominator
  const gauge = (id: string, title: string, r: Rates['verificationRate'], hint: string, good: boolean, alarm: boolean, to?: string) => {
    const body = (
      <Space orientation="vertical" align="center" size={4} data-figure={id} data-value={r.numerator}>
        <Typography.Text strong>{title}</Typography.Text>
        <Progress
          type="dashboard"
          size={120}
          percent={r.rate === null ? 0 : Math.round(r.rate * 1000) / 10}
          format={() => pct(r.rate)}
          status={r.rate === null ? 'normal' : good ? 'success' : alarm ? 'exception' : 'normal'}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
          {r.denominator === 0 ? t('home.rates.none') : hint}
        </Typography.Text>
      </Space>
    );
    return to ? (
      <Link key={id} to={to}>
        {body}
      </Link>
    ) : (
      <div key={id}>{body}</div>
    );
  };
  return (
    <Space size={[24, 16]} wrap style={{ justifyContent: 'space-around', width: '100%' }}>
      {gauge(
        'rate.verification',
        t('home.rates.verification'),
        d.verificationRate,
        t('home.rates.verificationHint', { n: d.verificationRate.numerator, m: d.verificationRate.denominator }),
        d.verificationRate.rate === 1,
        false,
        verificationTo,
      )}
      {gauge(
        'rate.overdue',
        t('home.rates.overdue'),
        d.overdueRate,
        t('home.rates.overdueHint', { n: d.overdueRate.numerator, m: d.overdueRate.denominator }),
        d.overdueRate.rate === 0,
        true,
        overdueTo,
      )}
    </Space>
  );
}

/** Overdue instruments by town as a horizontal bar chart (ECharts); a bar opens that town's due list when `link`. */
export function TownChart({ rows, link }: { rows: THomeOversight['overdueByTown']; link: ((townCode: string | null) => string) | null }) {
  const el = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  useEffect(() => {
    if (!el.current || rows.length === 0) return;
    const chart = echarts.init(el.current);
    const shown = [...rows].reverse(); // most at the top
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: shown.map((r) => r.townName ?? t('home.towns.unknown')) },
      series: [
        {
          type: 'bar',
          name: t('home.towns.title'),
          data: shown.map((r) => r.instruments),
          itemStyle: { color: '#cf1322' },
          label: { show: true, position: 'right' },
          cursor: link ? 'pointer' : 'default',
        },
      ],
    });
    if (link)
      chart.on('click', (p) => {
        void navigate(link(shown[p.dataIndex]?.townCode ?? null));
      });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [rows, link, navigate]);
  if (rows.length === 0) return <Empty description={t('home.towns.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div ref={el} role="img" aria-label={t('home.towns.chart')} style={{ height: Math.max(140, rows.length * 36 + 24), width: '100%' }} />
  );
}

/** A titled card of the home page. */
export function HomeCard({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} extra={extra} size="small" styles={{ body: { overflowX: 'hidden' } }}>
      {children}
    </Card>
  );
}

/**
 * The two cards every instrument-holding or overseeing home page opens with: instruments in service by category × status,
 * and the verification / overdue-use rates. Links only where the role may open the list (`instruments`, `due`).
 */
export function InstrumentCards({
  d,
  title,
  extra,
  instruments,
  due,
}: {
  d: Instruments & Rates;
  title: string;
  extra?: ReactNode;
  instruments: boolean;
  due: boolean;
}) {
  return (
    <>
      <Col xs={24} lg={12}>
        <HomeCard title={title} extra={extra}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Figure
              id="inService"
              title={t('home.instruments.inService')}
              value={d.inService}
              to={instruments ? '/ledger/instruments' : undefined}
            />
            <StatusCounts d={d} link={instruments ? (category, status) => `/ledger/instruments${qs({ category, status })}` : null} />
          </Space>
        </HomeCard>
      </Col>
      <Col xs={24} lg={12}>
        <HomeCard title={t('home.rates.title')}>
          <RateGauges
            d={d}
            verificationTo={instruments ? '/ledger/instruments' : undefined}
            overdueTo={due ? `/status/due-list${qs({ status: 'overdue,rotation_overdue' })}` : undefined}
          />
        </HomeCard>
      </Col>
    </>
  );
}
