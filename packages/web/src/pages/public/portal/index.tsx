import { enumLabel, t } from '@qiangjian/shared';
import { ARTICLE_KINDS } from '@qiangjian/shared/data';
import { Button, Card, Col, Empty, Input, List, Row, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useRequest } from '../../../hooks/useRequest.js';
import { listPublicArticles } from '../../../services/portal.js';
import { listDisclosures } from '../../../services/supervision.js';
import { PortalShell } from './PortalShell.js';

/** The complaint pages (built by the complaints module, issue 14): the form and the status look-up by tracking code. */
export const COMPLAINT_FORM_ROUTE = '/p/complaint';
export const COMPLAINT_STATUS_ROUTE = '/p/complaint/status';

/** 查询计量器具: a plain GET form to the server's look-up (`/p?q=&org=`), which opens the instrument's page. */
function LookupCard() {
  return (
    <Card title={t('portal.lookup.title')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('portal.lookup.hint')}
      </Typography.Paragraph>
      <form method="get" action="/p" data-testid="portal-lookup">
        <label htmlFor="portal-q" style={{ display: 'block', marginBottom: 6 }}>
          {t('portal.lookup.q')}
        </label>
        <Input id="portal-q" name="q" maxLength={64} autoComplete="off" size="large" required />
        <label htmlFor="portal-org" style={{ display: 'block', margin: '12px 0 6px' }}>
          {t('portal.lookup.org')}
        </label>
        <Input id="portal-org" name="org" maxLength={100} size="large" />
        <Button type="primary" htmlType="submit" size="large" block style={{ marginTop: 16 }}>
          {t('portal.lookup.submit')}
        </Button>
      </form>
    </Card>
  );
}

/** 投诉举报: the entries to the complaint form and to the status look-up by tracking code. */
function ComplaintCard() {
  return (
    <Card title={t('portal.complaint.title')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('portal.complaint.hint')}
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button type="primary" danger size="large" block href={COMPLAINT_FORM_ROUTE}>
          {t('portal.complaint.file')}
        </Button>
        <Button size="large" block href={COMPLAINT_STATUS_ROUTE}>
          {t('portal.complaint.status')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('portal.complaint.statusHint')}
        </Typography.Text>
      </Space>
    </Card>
  );
}

/** 通知公告: the latest published articles, by kind. */
function ArticlesCard() {
  const [kind, setKind] = useState<string>('all');
  const { data, loading } = useRequest(() => listPublicArticles({ kind: kind === 'all' ? undefined : kind, pageSize: 6 }), [kind]);
  const options = [{ label: t('portal.articles.all'), value: 'all' }, ...ARTICLE_KINDS.map((k) => ({ label: k.label, value: k.id }))];
  return (
    <Card
      title={t('portal.articles.title')}
      extra={<Link to={kind === 'all' ? '/p/articles' : `/p/articles?kind=${kind}`}>{t('portal.articles.more')}</Link>}
      style={{ marginBottom: 12 }}
    >
      <div style={{ overflowX: 'auto', marginBottom: 8 }}>
        <Segmented options={options} value={kind} onChange={(v) => setKind(String(v))} />
      </div>
      <List
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('portal.articles.empty')} /> }}
        renderItem={(a) => (
          <List.Item style={{ padding: '10px 0' }}>
            <div style={{ width: '100%' }}>
              <Link to={`/p/articles/${a.id}`} style={{ fontSize: 15 }}>
                {a.title}
              </Link>
              <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 4 }}>
                {a.kindLabel} · {a.publishOn}
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 监管信息公示: the latest disclosures of the supervision work (inspection results, penalty decisions). */
function DisclosuresCard() {
  const { data, loading } = useRequest(() => listDisclosures({ pageSize: 5 }), []);
  return (
    <Card
      title={t('portal.disclosures.title')}
      extra={<a href="/public/disclosures">{t('portal.disclosures.more')}</a>}
      style={{ marginBottom: 12 }}
    >
      <List
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('portal.disclosures.empty')} /> }}
        renderItem={(d) => (
          <List.Item style={{ padding: '10px 0' }}>
            <div style={{ width: '100%' }}>
              <a href={`/public/disclosures?kind=${d.kind}`} style={{ fontSize: 15 }}>
                {d.partyName}
              </a>
              <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 4 }}>
                {enumLabel('disclosureKind', d.kind)} · {d.publishedOn}
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The public portal's home (`/p`, no login, phone first; docs/PORTAL.md). */
export default function PortalHomePage() {
  return (
    <PortalShell subtitle>
      <Row gutter={12}>
        <Col xs={24} md={10}>
          <LookupCard />
          <ComplaintCard />
        </Col>
        <Col xs={24} md={14}>
          <ArticlesCard />
          <DisclosuresCard />
        </Col>
      </Row>
    </PortalShell>
  );
}
