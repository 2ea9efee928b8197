import { t } from '@qiangjian/shared';
import { Card, Result, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useRequest } from '../../../hooks/useRequest.js';
import { getPublicArticle } from '../../../services/portal.js';
import { PortalShell } from '../portal/PortalShell.js';
import { ArticleBody } from './ArticleBody.js';

/** One published article (`/p/articles/:id`, no login); a draft, a scheduled or an expired one is not found. */
export default function PublicArticlePage() {
  const { id } = useParams();
  const { data, loading, error } = useRequest(() => getPublicArticle(id ?? ''), [id]);
  return (
    <PortalShell>
      {loading && !data ? (
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin />
        </div>
      ) : error || !data ? (
        <Result status="404" title={t('portal.article.notFound')} extra={<Link to="/p/articles">{t('portal.article.list')}</Link>} />
      ) : (
        <Card style={{ maxWidth: 820, margin: '0 auto' }}>
          <Tag color="blue">{data.kindLabel}</Tag>
          <Typography.Title level={3} style={{ marginTop: 8 }}>
            {data.title}
          </Typography.Title>
          <div style={{ color: '#8c8c8c', fontSize: 13, marginBottom: 16 }}>
            <span style={{ marginRight: 16 }}>{t('portal.article.author', { author: data.author })}</span>
            <span>{t('portal.article.publishedOn', { date: data.publishOn })}</span>
          </div>
          <ArticleBody html={data.bodyHtml} />
        </Card>
      )}
      <p style={{ textAlign: 'center', marginTop: 16 }}>
        <Link to="/p/articles" style={{ marginRight: 16 }}>
          {t('portal.article.list')}
        </Link>
        <Link to="/p">{t('portal.back')}</Link>
      </p>
    </PortalShell>
  );
}
