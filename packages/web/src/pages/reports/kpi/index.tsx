import { enumLabel, KPI_GROUPINGS, type KpiGrouping, ratePrinted, type TRatio, t } from '@qiangjian/shared';
import { kpiFormulaSet } from '@qiangjian/shared/data';
import { Button, Card, Form, Progress, Select, Table, Typography } from 'antd';
import * as echarts from 'echarts';
import { useEffect, useRef, useState } from 'react';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { drillKpi, getKpis, type KpiDrillQuery, type ReportQuery } from '../../../services/reports.js';
import { DrillList } from '../attachment/DrillDrawer.js';
import { DEFAULT_REPORT_QUERY, ReportFilters } from '../attachment/ReportFilters.js';
import { KpiTrend } from './KpiTrend.js';

/** KPIs whose figures have a record list behind them (the acceptance clock's has none yet: docs/REPORTS.md). */
const DRILLABLE = new Set([
  'firstVerificationRate',
  'rotationRate',
  'onTimeRotationRate',
  'verificationRate',
  'samplePassRateInService',
  'samplePassRateStock',
  'overdueRate',
  'filingRate',
]);

interface KpiDrillTarget {
  query: Omit<KpiDrillQuery, 'page' | 'pageSize'>;
  title: string;
}

const pct = (r: TRatio | undefined) => (r?.rate === null || r?.rate === undefined ? null : Math.round(r.rate * 10000) / 100);

/**
 * KPI page (docs/domain/forms.md §7): each KPI of the stated formula version against its target (100 %; overdue rate 0 %),
 * as bars with the target line, and per organization, town or category.
 */
export default function KpiPage() {
  const [query, setQuery] = useState<ReportQuery & { by?: KpiGrouping }>(DEFAULT_REPORT_QUERY);
  const { data, loading } = useRequest(() => getKpis(query), [query]);
  const formulas = kpiFormulaSet(data?.formulaVersion)?.formulas ?? [];
  const chartEl = useRef<HTMLDivElement>(null);
  const [drill, setDrill] = useState<KpiDrillTarget | null>(null);
  const labelOf = (key: string) => formulas.find((f) => f.key === key)?.label ?? '';
  /** A KPI's numerator / denominator as links opening the records behind them (plain text when not drillable). */
  const fraction = (key: string, r: TRatio | undefined, group?: string) => {
    const part = (p: 'numerator' | 'denominator') => {
      const value = r?.[p] ?? 0;
      if (!DRILLABLE.has(key)) return <span>{value}</span>;
      return (
        <Button
          type="link"
          size="small"
          style={{ padding: 0, height: 'auto' }}
          data-testid={`kpi-${key}-${p}${group === undefined ? '' : `-${group}`}`}
          onClick={() =>
            setDrill({
              query: { ...query, kpi: key, part: p, ...(group === undefined ? { by: undefined } : { by: query.by, group }) },
              title: t('pages.reports.kpiDrillTitle', { kpi: labelOf(key), part: t(`pages.reports.part.${p}`), value }),
            })
          }
        >
          {value}
        </Button>
      );
    };
    return (
      <span>
        {part('numerator')} / {part('denominator')}
      </span>
    );
  };

  useEffect(() => {
    if (!chartEl.current || !data) return;
    const chart = echarts.init(chartEl.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 20, top: 20, bottom: 90 },
      xAxis: { type: 'category', data: formulas.map((f) => f.label), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', max: 100, name: '%' },
      series: [
        {
          type: 'bar',
          data: formulas.map((f) => pct(data.total[f.key])),
          itemStyle: { color: '#1677ff' },
          markLine: {
            symbol: 'none',
            data: [{ yAxis: 100, name: t('pages.reports.target', { target: '100%' }) }],
            lineStyle: { color: '#cf1322' },
          },
        },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [data, formulas]);

  const groupBy = (
    <Form.Item label={t('pages.reports.by')}>
      <Select
        style={{ minWidth: 120 }}
        value={query.by ?? ''}
        onChange={(v: string) => setQuery({ ...query, by: (v || undefined) as KpiGrouping | undefined })}
        options={[
          { value: '', label: t('pages.reports.byNone') },
          ...KPI_GROUPINGS.map((g) => ({ value: g, label: enumLabel('kpiGrouping', g) })),
        ]}
      />
    </Form.Item>
  );

  return (
    <>
      <PageTitle title={t('menu.reports.kpi')} />
      <ReportFilters value={query} onSubmit={(q) => setQuery({ ...q, by: query.by })} extra={groupBy} />
      <Card
        loading={loading}
        title={data ? t('pages.reports.formulaVersion', { version: data.formulaVersion }) : undefined}
        style={{ marginBottom: 16 }}
      >
        <div ref={chartEl} style={{ height: 320 }} role="img" aria-label={t('menu.reports.kpi')} />
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={formulas}
          columns={[
            { title: t('pages.reports.kpi'), dataIndex: 'label' },
            {
              title: t('pages.reports.value'),
              key: 'v',
              render: (_, f) => {
                const r = data?.total[f.key];
                const p = pct(r);
                return (
                  <div style={{ minWidth: 180 }}>
                    <Progress
                      percent={p ?? 0}
                      format={() => ratePrinted(r?.rate ?? null)}
                      status={f.lowerIsBetter ? (p ? 'exception' : 'success') : p === 100 ? 'success' : 'active'}
                    />
                    <Typography.Text type="secondary">{fraction(f.key, r)}</Typography.Text>
                  </div>
                );
              },
            },
            { title: t('pages.reports.target', { target: '' }), key: 't', render: (_, f) => `${f.target * 100}%` },
          ]}
        />
      </Card>
      {data?.by && (
        <Card>
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.groups}
            columns={[
              { title: t('pages.reports.group'), dataIndex: 'label', fixed: 'left' },
              ...formulas.map((f) => ({
                title: f.label,
                key: f.key,
                render: (_: unknown, g: (typeof data.groups)[number]) => {
                  const r = g.kpis[f.key];
                  return (
                    <span>
                      {ratePrinted(r?.rate ?? null)}（{fraction(f.key, r, g.key)}）
                    </span>
                  );
                },
              })),
            ]}
          />
        </Card>
      )}
      <KpiTrend formulas={formulas} />
      {drill && (
        <DrillList
          title={drill.title}
          load={(page, pageSize) => drillKpi({ ...drill.query, page, pageSize })}
          deps={[drill]}
          onClose={() => setDrill(null)}
        />
      )}
    </>
  );
}
