import { t } from '@qiangjian/shared';
import { Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router-dom';
import { useRequest } from '../../../hooks/useRequest.js';
import { countApplications } from '../../../services/verification.js';

/** 工作台 card: applications waiting, overdue and returned, in the user's scope. */
export default function ApplicationsCard() {
  const { data: n } = useRequest(async () => {
    const [submitted, overdue, returned] = await Promise.all([
      countApplications({ status: 'submitted' }),
      countApplications({ overdue: 'true' }),
      countApplications({ status: 'returned' }),
    ]);
    return { submitted, overdue, returned };
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
