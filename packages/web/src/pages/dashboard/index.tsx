import { BankOutlined, ClusterOutlined, TeamOutlined } from '@ant-design/icons';
import { enumLabel, ORG_KINDS, type OrgKind, t } from '@qiangjian/shared';
import { Button, Card, Col, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { Suspense, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { DASHBOARD_CARDS } from '../../dashboard-cards.js';
import { useAccess } from '../../hooks/useAccess.js';
import { useRequest } from '../../hooks/useRequest.js';
import { useMe } from '../../services/auth.js';
import { listOrganizations } from '../../services/orgs.js';
import CampaignBanner from '../campaigns/CampaignBanner.js';

/** 工作台: greeting, organization counts by kind (one count query per kind), module cards, shortcuts. */
export default function DashboardPage() {
  const me = useMe();
  const access = useAccess();
  const navigate = useNavigate();
  // organization counts make sense for roles that oversee many organizations
  const showOrgCounts = access.can('dashboard.read') || access.can('org.create');
  const cards = useMemo(() => DASHBOARD_CARDS.filter((c) => access.allows(c.permission)), [access]);
  const countsReq = useRequest(
    async () => {
      const count = (kind?: OrgKind) => listOrganizations({ page: 1, pageSize: 1, kind }, { skipErrorHandler: true }).then((p) => p.total);
      const [all, ...byKind] = await Promise.all([count(), ...ORG_KINDS.map((k) => count(k))]);
      const c: Partial<Record<OrgKind | 'all', number>> = { all };
      ORG_KINDS.forEach((k, i) => {
        c[k] = byKind[i];
      });
      return c;
    },
    [],
    { ready: showOrgCounts },
  );
  const counts = countsReq.error ? {} : (countsReq.data ?? null);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('pages.dashboard.greeting', { name: me.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('pages.dashboard.intro', { org: me.orgName, role: enumLabel('role', me.role) })}
        </Typography.Text>
      </Card>
      <CampaignBanner />
      {showOrgCounts && (
        <Card title={t('pages.dashboard.orgCounts')}>
          {counts === null ? (
            <Skeleton active paragraph={{ rows: 2 }} />
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={12} sm={8} lg={6} xl={3}>
                <Statistic title={t('pages.dashboard.orgTotal')} value={counts.all ?? 0} />
              </Col>
              {ORG_KINDS.filter((k) => (counts[k] ?? 0) > 0).map((k) => (
                <Col key={k} xs={12} sm={8} lg={6} xl={3}>
                  <Statistic title={enumLabel('orgKind', k)} value={counts[k] ?? 0} />
                </Col>
              ))}
            </Row>
          )}
        </Card>
      )}
      {cards.length > 0 && (
        <Row gutter={[16, 16]}>
          {cards.map((c) => {
            const CardComponent = c.component;
            return (
              <Col key={c.key} xs={24} lg={c.width === 'full' ? 24 : 12}>
                <Suspense fallback={<Card loading />}>
                  <CardComponent />
                </Suspense>
              </Col>
            );
          })}
        </Row>
      )}
      <Card title={t('pages.dashboard.shortcuts')}>
        <Space wrap>
          {access.allows(['org.create', 'org.update']) && (
            <Button icon={<BankOutlined />} onClick={() => navigate('/admin/orgs')}>
              {t('menu.admin.orgs')}
            </Button>
          )}
          {access.can('user.read') && (
            <Button icon={<TeamOutlined />} onClick={() => navigate('/admin/users')}>
              {t('menu.admin.users')}
            </Button>
          )}
          <Button icon={<ClusterOutlined />} onClick={() => navigate('/regions')}>
            {t('menu.admin.regions')}
          </Button>
        </Space>
      </Card>
    </Space>
  );
}
