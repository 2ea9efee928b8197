import { type THomeInstitution, t } from '@qiangjian/shared';
import { Col, List, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useAccess } from '../../hooks/useAccess.js';
import { formatDateTime } from '../../lib/format.js';
import { Figure, Figures, HomeCard, qs } from './parts.js';

/** A verification institution: the inbox by acceptance deadline and its standards / verifiers / authorizations expiring. */
export default function InstitutionHome({ d }: { d: THomeInstitution }) {
  const access = useAccess();
  const apps = access.can('application.read');
  const oversight = access.can('institution_data.read') ? '/verification/oversight' : undefined;
  const appsTo = (q: Record<string, string>) => (apps ? `/verification/applications${qs(q)}` : undefined);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <HomeCard title={t('home.inbox.title')}>
          <Figures>
            <Figure id="inbox.submitted" title={t('home.inbox.submitted')} value={d.inbox.submitted} to={appsTo({ status: 'submitted' })} />
            <Figure
              id="inbox.dueToday"
              title={t('home.inbox.dueToday')}
              value={d.inbox.dueToday}
              to={appsTo({ status: 'submitted' })}
              danger
            />
            <Figure id="inbox.late" title={t('home.inbox.late')} value={d.inbox.late} to={appsTo({ overdue: 'true' })} danger />
            <Figure id="inbox.accepted" title={t('home.inbox.accepted')} value={d.inbox.accepted} to={appsTo({ status: 'accepted' })} />
            <Figure
              id="inbox.inProgress"
              title={t('home.inbox.inProgress')}
              value={d.inbox.inProgress}
              to={appsTo({ status: 'in_progress' })}
            />
          </Figures>
          <List
            size="small"
            locale={{ emptyText: t('home.inbox.none') }}
            dataSource={d.inbox.next}
            renderItem={(a) => (
              <List.Item>
                <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                  <Space size={4} wrap>
                    <Link to={`/verification/applications/${a.id}`}>{a.orgName}</Link>
                    {a.overdue && <Tag color="red">{t('home.apps.lateTag')}</Tag>}
                  </Space>
                  <Typography.Text type={a.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                    {t('home.apps.deadline', { deadline: formatDateTime(a.acceptDeadline) })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </HomeCard>
      </Col>
      <Col xs={24} lg={12}>
        <HomeCard
          title={t('home.expiring.title')}
          extra={d.expiring.withinDays > 0 ? t('home.expiring.within', { days: d.expiring.withinDays }) : undefined}
        >
          <Figures>
            <Figure
              id="expiring.authorizations"
              title={t('home.expiring.authorizations')}
              value={d.expiring.authorizations}
              to={oversight}
              danger
            />
            <Figure id="expiring.standards" title={t('home.expiring.standards')} value={d.expiring.standards} to={oversight} danger />
            <Figure id="expiring.verifiers" title={t('home.expiring.verifiers')} value={d.expiring.verifiers} to={oversight} danger />
          </Figures>
          <List
            size="small"
            locale={{ emptyText: t('home.expiring.none') }}
            dataSource={d.expiring.items}
            renderItem={(i) => (
              <List.Item>
                <Space size={4} wrap style={{ minWidth: 0 }}>
                  <Tag>{t(`home.expiring.${i.kind}s`)}</Tag>
                  <Typography.Text>{i.name}</Typography.Text>
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {`${i.validUntil}　${t('home.expiring.daysLeft', { days: i.daysLeft })}`}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </HomeCard>
      </Col>
    </Row>
  );
}
