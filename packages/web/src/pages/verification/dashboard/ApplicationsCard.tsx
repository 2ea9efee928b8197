import { t } from '@qiangjian/shared';
import { Card, Col, Row, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Page } from '../../../services/api.js';

/** 工作台 card: applications waiting, overdue and returned, in the user's scope. */
export default function ApplicationsCard() {
  const [n, setN] = useState<{ submitted: number; overdue: number; returned: number } | null>(null);
  useEffect(() => {
    const count = (q: Record<string, string>) => api.get<Page<unknown>>('/applications', { ...q, pageSize: 1 }).then((p) => p.total);
    void Promise.all([count({ status: 'submitted' }), count({ overdue: 'true' }), count({ status: 'returned' })]).then(
      ([submitted, overdue, returned]) => setN({ submitted, overdue, returned }),
      () => undefined,
    );
  }, []);
  return (
    <Card title={t('menu.verification.applications')} extra={<Link to="/verification/applications">{t('pages.vapps.open')}</Link>}>
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title={t('enum.applicationStatus.submitted')} value={n?.submitted ?? '—'} />
        </Col>
        <Col span={8}>
          <Statistic title={t('pages.vdash.overdueOpen')} value={n?.overdue ?? '—'} valueStyle={{ color: '#cf1322' }} />
        </Col>
        <Col span={8}>
          <Statistic title={t('enum.applicationStatus.returned')} value={n?.returned ?? '—'} valueStyle={{ color: '#d48806' }} />
        </Col>
      </Row>
    </Card>
  );
}
