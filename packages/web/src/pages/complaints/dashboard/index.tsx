import { enumLabel, t } from '@qiangjian/shared';
import { Card, Col, List, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { complaintStats } from '../../../services/complaints.js';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function Figure({ title, value, to }: { title: string; value: ReactNode; to: string }) {
  return (
    <Col xs={12} md={6}>
      <Link to={to}>
        <Card hoverable size="small">
          <Statistic title={title} value={value as string} />
        </Card>
      </Link>
    </Col>
  );
}

function Breakdown({ title, rows }: { title: string; rows: { label: string; n: number; to: string }[] }) {
  return (
    <Col xs={24} md={12}>
      <Card title={title} size="small">
        <List
          size="small"
          dataSource={rows}
          renderItem={(r) => (
            <List.Item extra={<Link to={r.to}>{r.n}</Link>}>
              <Link to={r.to}>{r.label}</Link>
            </List.Item>
          )}
        />
      </Card>
    </Col>
  );
}

/** 投诉统计 (docs/COMPLAINTS.md "Statistics"): every figure opens the list it counts. */
export default function ComplaintDashboardPage() {
  const { data: s, loading } = useRequest(() => complaintStats(), []);
  if (!s) return <Card loading={loading} />;
  const L = '/complaints';
  return (
    <>
      <PageTitle title={t('menu.complaints.dashboard')} />
      <Row gutter={[12, 12]}>
        <Figure title={t('pages.complaints.dashboard.total')} value={s.total} to={L} />
        <Figure title={t('pages.complaints.dashboard.near')} value={s.near} to={`${L}?flag=near`} />
        <Figure title={t('pages.complaints.dashboard.overdue')} value={s.overdue} to={`${L}?flag=overdue`} />
        <Figure title={t('pages.complaints.dashboard.decidedInTime')} value={pct(s.decidedInTime.rate)} to={`${L}?decidedInTime=yes`} />
        <Figure
          title={t('pages.complaints.dashboard.mediationSuccess')}
          value={pct(s.mediationSuccess.rate)}
          to={`${L}?mediation=agreement`}
        />
        <Figure title={t('pages.complaints.dashboard.median')} value={s.handlingDays.median ?? '—'} to={`${L}?stage=closed`} />
        <Figure title={t('pages.complaints.dashboard.p90')} value={s.handlingDays.p90 ?? '—'} to={`${L}?stage=closed`} />
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Breakdown
          title={t('pages.complaints.dashboard.bySubject')}
          rows={s.bySubject.map((r) => ({ label: enumLabel('complaintSubject', r.key), n: r.n, to: `${L}?subject=${r.key}` }))}
        />
        <Breakdown
          title={t('pages.complaints.dashboard.byStage')}
          rows={s.byStage.map((r) => ({ label: enumLabel('complaintStage', r.key), n: r.n, to: `${L}?stage=${r.key}` }))}
        />
        <Breakdown
          title={t('pages.complaints.dashboard.byTown')}
          rows={s.byTown.map((r) => ({ label: r.name, n: r.n, to: `${L}?townCode=${r.key}` }))}
        />
        <Breakdown
          title={t('pages.complaints.dashboard.byOrg')}
          rows={s.byOrg.map((r) => ({ label: r.name, n: r.n, to: `${L}?orgId=${r.key}` }))}
        />
      </Row>
    </>
  );
}
