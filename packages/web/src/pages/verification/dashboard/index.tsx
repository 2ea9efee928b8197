import { addDays, t } from '@qiangjian/shared';
import { Card, Col, DatePicker, Form, Row, Statistic, Table } from 'antd';
import * as echarts from 'echarts';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { formatDateTime, todayLocal } from '../../../lib/format.js';
import { getVerificationDashboard, type OpenVersion, type VerificationKpi } from '../../../services/verification.js';

/** Default period: the last 90 days up to today (as the CLI's default). */
function defaultRange(): { from: string; to: string } {
  const to = todayLocal();
  return { from: addDays(to, -90), to };
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);

/** 预约受理时效: per institution on-time rate, median / p90 time to accept, overdue and unanswered resubmissions. */
export default function VerificationDashboardPage() {
  const [range, setRange] = useState(defaultRange);
  const { data: d } = useRequest(() => getVerificationDashboard(range), [range]);
  const chartEl = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!chartEl.current || !d) return;
    const chart = echarts.init(chartEl.current);
    const names = d.institutions.map((i) => i.institutionName);
    chart.setOption({
      title: { text: t('pages.vdash.chartTitle'), left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0 } },
      yAxis: [
        { type: 'value', name: '%', max: 100 },
        { type: 'value', name: t('pages.vdash.median') },
      ],
      series: [
        {
          name: t('pages.vdash.onTime'),
          type: 'bar',
          data: d.institutions.map((i) => (i.onTime.rate === null ? null : Math.round(i.onTime.rate * 10000) / 100)),
          itemStyle: { color: '#52c41a' },
        },
        {
          name: t('pages.vdash.median'),
          type: 'bar',
          yAxisIndex: 1,
          data: d.institutions.map((i) => i.medianWorkingDays),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: t('pages.vdash.p90'),
          type: 'bar',
          yAxisIndex: 1,
          data: d.institutions.map((i) => i.p90WorkingDays),
          itemStyle: { color: '#faad14' },
        },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [d]);

  const openCols = [
    {
      title: t('pages.vapps.id'),
      dataIndex: 'applicationId',
      render: (id: number, r: OpenVersion) => <Link to={`/verification/applications/${id}`}>{`${id}-${r.version}`}</Link>,
    },
    { title: t('pages.vapps.applicant'), dataIndex: 'orgName' },
    { title: t('pages.vapps.institution'), dataIndex: 'institutionName' },
    { title: t('pages.vapps.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => formatDateTime(v) },
    { title: t('pages.vapps.deadline'), dataIndex: 'acceptDeadline', render: (v: string) => formatDateTime(v) },
    { title: t('pages.vdash.overdueDays'), dataIndex: 'overdueWorkingDays' },
  ];
  const totals = d?.institutions.reduce(
    (a, i) => ({ n: a.n + i.onTime.numerator, d: a.d + i.onTime.denominator, sub: a.sub + i.submitted }),
    { n: 0, d: 0, sub: 0 },
  );

  return (
    <>
      <PageTitle title={t('pages.vdash.title')} />
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
        <Form
          name="vdashRange"
          layout="inline"
          initialValues={range}
          onValuesChange={(_, v: { from: string; to: string }) => v.from && v.to && setRange(v)}
        >
          <Form.Item {...dateFieldProps} name="from" label={t('pages.vdash.period')}>
            <DatePicker />
          </Form.Item>
          <Form.Item {...dateFieldProps} name="to">
            <DatePicker />
          </Form.Item>
        </Form>
      </Card>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('pages.vdash.submitted')} value={totals?.sub ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('pages.vdash.onTime')} value={totals?.d ? pct(totals.n / totals.d) : '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('pages.vdash.overdueOpen')} value={d?.overdueAcceptances.length ?? 0} valueStyle={{ color: '#cf1322' }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic
              title={t('pages.vdash.resubmissions')}
              value={d?.unansweredResubmissions.length ?? 0}
              valueStyle={{ color: '#d48806' }}
            />
          </Card>
        </Col>
      </Row>
      <Card style={{ marginBottom: 16 }}>
        <div ref={chartEl} style={{ height: 320 }} role="img" aria-label={t('pages.vdash.chartTitle')} />
        <Table<VerificationKpi>
          rowKey="institutionId"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={d?.institutions ?? []}
          columns={[
            { title: t('pages.vapps.institution'), dataIndex: 'institutionName' },
            { title: t('pages.vdash.submitted'), dataIndex: 'submitted' },
            {
              title: t('pages.vdash.onTime'),
              key: 'on',
              render: (_, r) => `${pct(r.onTime.rate)}（${r.onTime.numerator}/${r.onTime.denominator}）`,
            },
            { title: t('pages.vdash.median'), dataIndex: 'medianWorkingDays' },
            { title: t('pages.vdash.p90'), dataIndex: 'p90WorkingDays' },
            { title: t('pages.vdash.medianHours'), dataIndex: 'medianHours' },
            { title: t('pages.vdash.returnsNoFeedback'), dataIndex: 'returnsWithoutFeedback' },
            { title: t('pages.vdash.overdueOpen'), dataIndex: 'overdueOpen' },
            { title: t('pages.vdash.resubmissions'), dataIndex: 'unansweredResubmissions' },
          ]}
        />
      </Card>
      <Card title={t('pages.vdash.overdueList')} style={{ marginBottom: 16 }}>
        <Table<OpenVersion>
          rowKey={(r) => `${r.applicationId}-${r.version}`}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={d?.overdueAcceptances ?? []}
          columns={openCols}
        />
      </Card>
      <Card title={t('pages.vdash.resubmissionList')}>
        <Table<OpenVersion>
          rowKey={(r) => `${r.applicationId}-${r.version}`}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={d?.unansweredResubmissions ?? []}
          columns={openCols}
        />
      </Card>
    </>
  );
}
