import { type TDrawSummary, t } from '@qiangjian/shared';
import { Link, useNavigate } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { formatDateTime } from '../../../lib/format.js';
import { useRegionName } from '../../../services/regions.js';
import { type DrawListQuery, listDraws } from '../../../services/supervision.js';

/** 双随机抽取: the draw plans in the user's scope, newest first. */
export default function DrawsPage() {
  const regionName = useRegionName();
  const access = useAccess();
  const navigate = useNavigate();
  const list = usePagedList(listDraws);
  const columns: ListColumn<TDrawSummary>[] = [
    {
      title: t('pages.draws.planTitle'),
      dataIndex: 'title',
      width: 260,
      card: 'title',
      render: (v: string, r) => <Link to={`/supervision/draws/${r.id}`}>{v}</Link>,
    },
    {
      title: t('pages.draws.state'),
      dataIndex: 'state',
      width: 150,
      card: 'extra',
      render: (s: string) => <EnumTag name="drawState" value={s} />,
    },
    { title: t('pages.draws.region'), dataIndex: 'regionCode', width: 110, render: (c: string) => regionName(c) },
    { title: t('pages.draws.ratio'), dataIndex: 'ratioBp', width: 90, render: (bp: number) => `${bp / 100}%` },
    { title: t('pages.draws.candidates'), dataIndex: 'candidates', width: 100 },
    { title: t('pages.draws.drawnCount'), dataIndex: 'drawn', width: 100, render: (n: number | null) => n ?? '—' },
    { title: t('pages.draws.committedAt'), dataIndex: 'committedAt', width: 160, render: formatDateTime },
    { title: t('pages.draws.commitment'), dataIndex: 'commitment', width: 200, render: (c: string) => <code>{c.slice(0, 16)}…</code> },
  ];
  return (
    <ListPage<TDrawSummary, DrawListQuery>
      title={t('pages.draws.title')}
      create={{
        allowed: access.can('draw.manage'),
        label: t('pages.draws.create'),
        onClick: () => void navigate('/supervision/draws/new'),
      }}
      list={list}
      columns={columns}
    />
  );
}
