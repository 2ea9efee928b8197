import { BankOutlined, ClusterOutlined, TeamOutlined } from '@ant-design/icons';
import { enumLabel, ORG_KINDS, type OrgKind, t } from '@qiangjian/shared';
import { Button, Card, Col, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { Suspense, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { DASHBOARD_CARDS } from '../../dashboard-cards.js';
import { useAccess } from '../../hooks/useAccess.js';
import { useRequest } from '../../hooks/useRequest.js';
import { useMe } from '../../services/auth.js';
import { getHome } from '../../services/home.js';
import { listOrganizations } from '../../services/orgs.js';
import CampaignBanner from '../campaigns/CampaignBanner.js';
import EnterpriseHome from './EnterpriseHome.js';
import InstitutionHome from './InstitutionHome.js';
import OversightHome from './OversightHome.js';

/**
 * The home page (docs/HOME.md): greeting, the role's home figures ("what needs me today", GET /home), organization counts by
 * kind for administrators, module cards, shortcuts the role may use.
 */
export default function DashboardPage() {
  const me = useMe();
  const access = useAccess();
  const navigate = useNavigate();
  // organization counts make sense for roles that oversee many organizations
  const showOrgCounts = access.can('org.create');
  const home = useRequest(getHome, []).data;
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
  // reference and administration pages, for those who administer (a station has nothing to do there)
  const shortcuts = [
    { to: '/admin/orgs', label: 'menu.admin.orgs', icon: <BankOutlined />, show: access.allows(['org.create', 'org.update']) },
    { to: '/admin/users', label: 'menu.admin.users', icon: <TeamOutlined />, show: access.can('user.read') },
    { to: '/regions', label: 'menu.admin.regions', icon: <ClusterOutlined />, show: access.can('org.create') && access.can('region.read') },
  ].filter((b) => b.show);
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
        {home && (
          <Typography.Text type="secondary" style={{ display: 'block' }}>
            {t('home.asOf', { asOf: home.asOf })}
          </Typography.Text>
        )}
      </Card>
      <CampaignBanner />
      {home === null || home === undefined ? (
        <Card loading />
      ) : home.kind === 'oversight' ? (
        <OversightHome d={home} />
      ) : home.kind === 'enterprise' ? (
        <EnterpriseHome d={home} />
      ) : (
        <InstitutionHome d={home} />
      )}
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
      {shortcuts.length > 0 && (
        <Card title={t('pages.dashboard.shortcuts')}>
          <Space wrap>
            {shortcuts.map((b) => (
              <Button key={b.to} icon={b.icon} onClick={() => navigate(b.to)}>
                {t(b.label)}
              </Button>
            ))}
          </Space>
        </Card>
      )}
    </Space>
  );
}
