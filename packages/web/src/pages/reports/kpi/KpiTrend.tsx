import { type TRatio, t } from '@qiangjian/shared';
import type { KpiFormula } from '@qiangjian/shared/data';
import { Card, Empty, Form, Grid, Select, Typography } from 'antd';
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useRequest } from '../../../hooks/useRequest.js';
import { listCampaigns } from '../../../services/campaigns.js';
import { getKpiTrend } from '../../../services/reports.js';

const pct = (r: TRatio | undefined) => (r?.rate === null || r?.rate === undefined ? null : Math.round(r.rate * 10000) / 100);

/** An ECharts instance on a div, disposed with the component and resized with the window. */
function useChart(el: React.RefObject<HTMLDivElement | null>, option: echarts.EChartsCoreOption | null) {
  useEffect(() => {
    if (!el.current || !option) return;
    const chart = echarts.init(el.current);
    chart.setOption(option);
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [el, option]);
}

/**
 * KPI trend of a campaign (docs/REPORTS.md): each KPI on every past reporting day (14th, 28th, the final report date)
 * as lines against the 100 % target, and one KPI per town on the latest reporting day as bars.
 */
export function KpiTrend({ formulas }: { formulas: readonly KpiFormula[] }) {
  const narrow = Grid.useBreakpoint().md === false;
  const { data: campaigns } = useRequest(() => listCampaigns({ page: 1, pageSize: 50 }), []);
  const [campaignId, setCampaignId] = useState<number | undefined>(undefined);
  const chosen = campaignId ?? campaigns?.items[0]?.id;
  const { data, loading } = useRequest(() => getKpiTrend({ campaignId: chosen as number, by: 'town' }), [chosen], {
    ready: chosen !== undefined,
  });
  const [kpi, setKpi] = useState('verificationRate');
  const lineEl = useRef<HTMLDivElement>(null);
  const barEl = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => formulas.filter((f) => f.key !== 'onTimeAcceptanceRate'), [formulas]);
  const last = data?.points[data.points.length - 1];

  const lineOption = useMemo<echarts.EChartsCoreOption | null>(() => {
    if (!data || data.points.length === 0) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 45, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: data.points.map((p) => p.date.slice(5)) },
      yAxis: { type: 'value', max: 100, name: '%' },
      series: shown.map((f, i) => ({
        name: f.label,
        type: 'line',
        connectNulls: true,
        data: data.points.map((p) => pct(p.total[f.key])),
        ...(i === 0
          ? {
              markLine: {
                symbol: 'none',
                data: [{ yAxis: 100, name: t('pages.reports.target', { target: '100%' }) }],
                lineStyle: { color: '#cf1322' },
              },
            }
          : {}),
      })),
    };
  }, [data, shown]);
  const barOption = useMemo<echarts.EChartsCoreOption | null>(() => {
    if (!last) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 45, right: 20, top: 20, bottom: 80 },
      xAxis: { type: 'category', data: last.groups.map((g) => g.label), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', max: 100, name: '%' },
      series: [
        {
          type: 'bar',
          data: last.groups.map((g) => pct(g.kpis[kpi])),
          itemStyle: { color: '#1677ff' },
          markLine: {
            symbol: 'none',
            data: [{ yAxis: 100, name: t('pages.reports.target', { target: '100%' }) }],
            lineStyle: { color: '#cf1322' },
          },
        },
      ],
    };
  }, [last, kpi]);
  useChart(lineEl, lineOption);
  useChart(barEl, barOption);

  return (
    <Card title={t('pages.reports.trend')} loading={loading && !data} style={{ marginTop: 16 }}>
      <Form layout={narrow ? 'vertical' : 'inline'} style={{ marginBottom: 12 }}>
        <Form.Item label={t('pages.reports.trendCampaign')}>
          <Select
            style={{ minWidth: 220 }}
            value={chosen}
            onChange={(v: number) => setCampaignId(v)}
            options={(campaigns?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item label={t('pages.reports.trendKpi')}>
          <Select style={{ minWidth: 160 }} value={kpi} onChange={setKpi} options={shown.map((f) => ({ value: f.key, label: f.label }))} />
        </Form.Item>
      </Form>
      {campaigns && campaigns.items.length === 0 && <Empty description={t('pages.reports.trendNoCampaign')} />}
      {data && data.points.length === 0 && <Empty description={t('pages.reports.trendNoDays')} />}
      <div ref={lineEl} style={{ height: lineOption ? 320 : 0 }} role="img" aria-label={t('pages.reports.trend')} />
      {last && (
        <Typography.Title level={5} style={{ marginTop: 12 }}>
          {t('pages.reports.townComparison', { date: last.date })}
        </Typography.Title>
      )}
      <div ref={barEl} style={{ height: barOption ? 300 : 0 }} role="img" aria-label={t('pages.reports.trendKpi')} />
      {data && data.upcoming.length > 0 && (
        <Typography.Text type="secondary">
          {t('pages.reports.trendUpcoming', { days: data.upcoming.join(t('pages.reports.listSeparator')) })}
        </Typography.Text>
      )}
    </Card>
  );
}
