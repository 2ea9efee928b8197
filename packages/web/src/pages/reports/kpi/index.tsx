import { enumLabel, KPI_GROUPINGS, type KpiGrouping, ratePrinted, type TRatio, t } from '@qiangjian/shared';
import { kpiFormulaSet } from '@qiangjian/shared/data';
import { Card, Form, Progress, Select, Table, Typography } from 'antd';
import * as echarts from 'echarts';
import { useEffect, useRef, useState } from 'react';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { getKpis, type ReportQuery } from '../../../services/reports.js';
import { DEFAULT_REPORT_QUERY, ReportFilters } from '../attachment/ReportFilters.js';

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
                    <Typography.Text type="secondary">
                      {t('pages.reports.ratio', { numerator: r?.numerator ?? 0, denominator: r?.denominator ?? 0 })}
                    </Typography.Text>
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
                  return `${ratePrinted(r?.rate ?? null)}（${r?.numerator ?? 0}/${r?.denominator ?? 0}）`;
                },
              })),
            ]}
          />
        </Card>
      )}
    </>
  );
}
