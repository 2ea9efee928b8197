import { ARTICLE_STATES, type TArticle, t } from '@qiangjian/shared';
import { ARTICLE_KINDS } from '@qiangjian/shared/data';
import { Link, useNavigate } from 'react-router-dom';
import { EnumTag } from '../../components/EnumTag.js';
import { EnumSelect, FilterSelect, searchField } from '../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../components/list/ListPage.js';
import { usePagedList } from '../../components/list/usePagedList.js';
import { formatDateTime } from '../../lib/format.js';
import { type ArticleListQuery, listArticles } from '../../services/portal.js';

/** 公告文章: the bureau's notices and articles for the portal (docs/PORTAL.md), every state; a regulator writes them. */
export default function ArticlesPage() {
  const navigate = useNavigate();
  const list = usePagedList(listArticles);
  const columns: ListColumn<TArticle>[] = [
    {
      title: t('pages.articles.title'),
      dataIndex: 'title',
      card: 'title',
      render: (v: string, r) => <Link to={`/articles/${r.id}`}>{v}</Link>,
    },
    { title: t('pages.articles.kind'), dataIndex: 'kindLabel', width: 130 },
    {
      title: t('pages.articles.state'),
      dataIndex: 'state',
      width: 100,
      card: 'extra',
      render: (v: string) => <EnumTag name="articleState" value={v} />,
    },
    { title: t('pages.articles.publishOn'), dataIndex: 'publishOn', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('pages.articles.expireOn'), dataIndex: 'expireOn', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('pages.articles.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <ListPage<TArticle, ArticleListQuery>
      title={t('menu.articles')}
      create={{ allowed: true, label: t('pages.articles.new'), onClick: () => void navigate('/articles/new') }}
      list={list}
      columns={columns}
      filters={{
        name: 'articleFilter',
        fields: [
          searchField(t('pages.articles.search')),
          {
            name: 'kind',
            label: t('pages.articles.kind'),
            input: <FilterSelect options={ARTICLE_KINDS.map((k) => ({ value: k.id, label: k.label }))} />,
          },
          { name: 'state', label: t('pages.articles.state'), input: <EnumSelect enumName="articleState" values={ARTICLE_STATES} /> },
        ],
      }}
    />
  );
}
