import { DownloadOutlined, FileAddOutlined } from '@ant-design/icons';
import { type THomeEnterprise, t } from '@qiangjian/shared';
import { Button, Col, List, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../components/EnumTag.js';
import { useAccess } from '../../hooks/useAccess.js';
import { formatDateTime } from '../../lib/format.js';
import { dueListExportUrl } from '../../services/status.js';
import { Figure, Figures, HomeCard, InstrumentCards, qs } from './parts.js';

/** A utility or a station: my instruments by status, what falls due, my applications and my open orders. */
export default function EnterpriseHome({ d }: { d: THomeEnterprise }) {
  const access = useAccess();
  const instruments = access.can('instrument.read');
  const due = access.can('status.read');
  const apps = access.can('application.read');
  const orders = access.can('order.read_own');
  return (
    <Row gutter={[16, 16]}>
      <InstrumentCards d={d} title={t('home.instruments.myTitle')} instruments={instruments} due={due} />
      <Col xs={24} lg={12}>
        <HomeCard title={t('home.due.title')}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Figures>
              {d.dueWithin.map((w) => (
                <Figure
                  key={w.days}
                  id={`due.${w.days}`}
                  title={t('home.due.within', { days: w.days })}
                  value={w.instruments}
                  to={due ? `/status/due-list${qs({ dueFrom: w.dueFrom, dueTo: w.dueTo })}` : undefined}
                />
              ))}
            </Figures>
            <Space wrap>
              {access.can('application.create') && (
                <Link to="/verification/applications">
                  <Button type="primary" icon={<FileAddOutlined />}>
                    {t('home.apps.apply')}
                  </Button>
                </Link>
              )}
              {access.can('instrument.export') && d.dueWithin.length > 0 && (
                <Button
                  icon={<DownloadOutlined />}
                  href={dueListExportUrl({
                    dueFrom: d.dueWithin[d.dueWithin.length - 1]?.dueFrom,
                    dueTo: d.dueWithin[d.dueWithin.length - 1]?.dueTo,
                  })}
                >
                  {t('home.due.export')}
                </Button>
              )}
            </Space>
          </Space>
        </HomeCard>
      </Col>
      <Col xs={24} lg={12}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <HomeCard title={t('home.apps.myTitle')}>
            <Figures>
              <Figure
                id="apps.open"
                title={t('home.apps.open')}
                value={d.applications.open}
                to={apps ? '/verification/applications' : undefined}
              />
              <Figure
                id="apps.late"
                title={t('home.apps.late')}
                value={d.applications.late}
                to={apps ? `/verification/applications${qs({ overdue: 'true' })}` : undefined}
                danger
              />
              <Figure
                id="apps.returned"
                title={t('home.apps.returned')}
                value={d.applications.returned}
                to={apps ? `/verification/applications${qs({ status: 'returned' })}` : undefined}
                danger
              />
            </Figures>
            <List
              size="small"
              locale={{ emptyText: t('home.apps.none') }}
              dataSource={d.applications.newest}
              renderItem={(a) => (
                <List.Item>
                  <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                    <Space size={4} wrap>
                      <Link to={`/verification/applications/${a.id}`}>{a.institutionName}</Link>
                      <EnumTag name="applicationStatus" value={a.status} />
                      {a.overdue && <Tag color="red">{t('home.apps.lateTag')}</Tag>}
                    </Space>
                    {a.status === 'submitted' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('home.apps.deadline', { deadline: formatDateTime(a.acceptDeadline) })}
                      </Typography.Text>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          </HomeCard>
          <HomeCard title={t('home.orders.myTitle')}>
            <Figures>
              <Figure
                id="orders.open"
                title={t('home.orders.open')}
                value={d.orders.open}
                to={orders ? `/my/orders${qs({ state: 'issued' })}` : undefined}
              />
              <Figure
                id="orders.overdue"
                title={t('home.orders.overdue')}
                value={d.orders.overdue}
                to={orders ? `/my/orders${qs({ overdue: '1' })}` : undefined}
                danger
              />
            </Figures>
            <List
              size="small"
              locale={{ emptyText: t('home.orders.noneOpen') }}
              dataSource={d.orders.newest}
              renderItem={(o) => (
                <List.Item>
                  <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                    <Link to={`/supervision/orders/${o.id}`}>{o.orderNo}</Link>
                    <Typography.Text type={o.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                      {t('home.orders.deadline', { deadline: o.deadline })}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </HomeCard>
        </Space>
      </Col>
    </Row>
  );
}
