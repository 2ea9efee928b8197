import { type THomeOversight, t } from '@qiangjian/shared';
import { Col, List, Row, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../components/EnumTag.js';
import { useAccess } from '../../hooks/useAccess.js';
import { Figure, Figures, HomeCard, InstrumentCards, qs, TownChart } from './parts.js';

const OVERDUE = 'overdue,rotation_overdue';

/** Regulator, viewer, office inspector (its towns), administrator: the region's instruments, rates, towns, queues. */
export default function OversightHome({ d }: { d: THomeOversight }) {
  const access = useAccess();
  const instruments = access.can('instrument.read');
  const due = access.can('status.read');
  const apps = access.can('application.read');
  const orders = access.can('order.read');
  const scope = d.towns ? t('home.scopeTowns', { towns: d.towns.map((x) => x.name).join('、') }) : t('home.scopeRegion');
  return (
    <Row gutter={[16, 16]}>
      <InstrumentCards
        d={d}
        title={t('home.instruments.title')}
        extra={<Typography.Text type="secondary">{scope}</Typography.Text>}
        instruments={instruments}
        due={due}
      />
      <Col xs={24} lg={12}>
        <HomeCard title={t('home.towns.title')}>
          <TownChart rows={d.overdueByTown} link={due ? (town) => `/status/due-list${qs({ status: OVERDUE, town })}` : null} />
        </HomeCard>
      </Col>
      <Col xs={24} lg={12}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {d.tasks && (
            <HomeCard title={t('home.tasks.title')}>
              <Figures>
                <Figure id="tasks.today" title={t('home.tasks.today')} value={d.tasks.today} to="/supervision/inspections/tasks" />
                <Figure
                  id="tasks.overdue"
                  title={t('home.tasks.overdue')}
                  value={d.tasks.overdue}
                  to="/supervision/inspections/tasks"
                  danger
                />
              </Figures>
            </HomeCard>
          )}
          {d.applications && (
            <HomeCard title={t('home.apps.title')}>
              <Figures>
                <Figure
                  id="apps.waiting"
                  title={t('home.apps.waiting')}
                  value={d.applications.waiting}
                  to={apps ? `/verification/applications${qs({ status: 'submitted' })}` : undefined}
                />
                <Figure
                  id="apps.late"
                  title={t('home.apps.late')}
                  value={d.applications.late}
                  to={apps ? `/verification/applications${qs({ overdue: 'true' })}` : undefined}
                  danger
                />
              </Figures>
            </HomeCard>
          )}
          {d.orders && (
            <HomeCard title={t('home.orders.title')}>
              <Figures>
                <Figure
                  id="orders.overdue"
                  title={t('home.orders.overdue')}
                  value={d.orders.overdue}
                  to={orders ? `/supervision/orders${qs({ overdue: '1' })}` : undefined}
                  danger
                />
                {d.reinspect !== null && (
                  <Figure
                    id="orders.reinspect"
                    title={t('home.orders.reinspect')}
                    value={d.reinspect}
                    to={access.can('order.review') ? '/supervision/orders/reinspect' : undefined}
                  />
                )}
              </Figures>
              {d.orders.newest.length > 0 && (
                <List
                  size="small"
                  dataSource={d.orders.newest}
                  renderItem={(o) => (
                    <List.Item>
                      <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                        <Link to={`/supervision/orders/${o.id}`}>{o.orgName}</Link>
                        <Typography.Text type="danger" style={{ fontSize: 12 }}>
                          {t('home.orders.deadline', { deadline: o.deadline })}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </HomeCard>
          )}
          {d.findings && (
            <HomeCard title={t('home.findings.title')}>
              <Figure
                id="findings.total"
                title={t('home.findings.total')}
                value={d.findings.total}
                to={access.can('finding.read') ? '/supervision/findings' : undefined}
              />
              {d.findings.newest.length > 0 && (
                <List
                  size="small"
                  dataSource={d.findings.newest}
                  renderItem={(f) => (
                    <List.Item>
                      <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                        <Typography.Text ellipsis>{f.orgName}</Typography.Text>
                        <Space size={4} wrap>
                          <EnumTag name="violation" value={f.code} />
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {f.date}
                          </Typography.Text>
                        </Space>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </HomeCard>
          )}
        </Space>
      </Col>
    </Row>
  );
}
