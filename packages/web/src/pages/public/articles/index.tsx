import { t } from '@qiangjian/shared';
import { ARTICLE_KINDS } from '@qiangjian/shared/data';
import { Card, Empty, List, Pagination, Segmented, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useRequest } from '../../../hooks/useRequest.js';
import { listPublicArticles } from '../../../services/portal.js';
import { PortalShell } from '../portal/PortalShell.js';

const PAGE_SIZE = 10;

/** 通知公告 (`/p/articles`, no login): the published articles, newest first, by kind (docs/PORTAL.md). */
export default function PublicArticlesPage() {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? 'all';
  const page = Number(params.get('page') ?? 1) || 1;
  const { data, loading } = useRequest(
    () => listPublicArticles({ kind: kind === 'all' ? undefined : kind, page, pageSize: PAGE_SIZE }),
    [kind, page],
  );
  const options = [{ label: t('portal.articles.all'), value: 'all' }, ...ARTICLE_KINDS.map((k) => ({ label: k.label, value: k.id }))];
  return (
    <PortalShell>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('portal.articles.title')}
        </Typography.Title>
        <div style={{ overflowX: 'auto', marginBottom: 8 }}>
          <Segmented
            options={options}
            value={kind}
            onChange={(v) => setParams(v === 'all' ? {} : { kind: String(v) }, { replace: true })}
          />
        </div>
        <List
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={t('portal.articles.empty')} /> }}
          renderItem={(a) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Link to={`/p/articles/${a.id}`} style={{ fontSize: 16 }}>
                  {a.title}
                </Link>
                <div style={{ color: '#595959', fontSize: 13, margin: '6px 0' }}>{a.summary}</div>
                <div style={{ color: '#8c8c8c', fontSize: 12 }}>
                  {a.kindLabel} · {a.author} · {a.publishOn}
                </div>
              </div>
            </List.Item>
          )}
        />
        {(data?.total ?? 0) > PAGE_SIZE ? (
          <Pagination
            style={{ marginTop: 12 }}
            current={page}
            pageSize={PAGE_SIZE}
            total={data?.total ?? 0}
            onChange={(p) => setParams({ ...(kind === 'all' ? {} : { kind }), page: String(p) })}
          />
        ) : null}
      </Card>
      <p style={{ textAlign: 'center', marginTop: 16 }}>
        <Link to="/p">{t('portal.back')}</Link>
      </p>
    </PortalShell>
  );
}
