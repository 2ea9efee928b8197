import { enumLabel, type SiteKind, type TSite, t } from '@qiangjian/shared';
import { useMemo, useState } from 'react';
import { editColumn } from '../../../components/list/columns.js';
import { FilterSelect, searchField } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useMe } from '../../../services/auth.js';
import { listSitePage, type SiteListQuery } from '../../../services/orgs.js';
import { useRegionName, useRegions } from '../../../services/regions.js';
import { SiteFormModal } from './SiteFormModal.js';

interface FilterValues {
  orgId?: number;
  townCode?: string;
  q?: string;
}

/** 场所管理: the sites (加油站点、供水片区…) in the user's scope; create and edit with site.write. */
export default function SitesPage() {
  const me = useMe();
  const access = useAccess();
  const { regions } = useRegions();
  const regionName = useRegionName();
  const towns = useMemo(() => regions.filter((r) => r.level === 'town'), [regions]);
  const list = usePagedList(listSitePage);
  const [editing, setEditing] = useState<TSite | 'new' | null>(null);
  const isEnterprise = me.role === 'enterprise';
  const canWrite = access.can('site.write');

  const columns: ListColumn<TSite>[] = [
    { title: t('pages.sites.name'), dataIndex: 'name', ellipsis: true, width: 240, card: 'title' },
    ...(isEnterprise ? [] : [{ title: t('pages.sites.org'), dataIndex: 'orgName', ellipsis: true, width: 220 } as ListColumn<TSite>]),
    { title: t('pages.sites.kind'), dataIndex: 'kind', width: 120, render: (k: SiteKind) => enumLabel('siteKind', k) },
    { title: t('pages.sites.town'), dataIndex: 'townCode', width: 120, render: (c: string) => regionName(c) },
    { title: t('pages.sites.address'), dataIndex: 'address', ellipsis: true, width: 260 },
    editColumn<TSite>({ allowed: canWrite, name: (r) => r.name, onEdit: setEditing }),
  ];

  return (
    <ListPage<TSite, SiteListQuery, FilterValues>
      title={t('pages.sites.title')}
      create={{ allowed: canWrite, label: t('pages.sites.create'), onClick: () => setEditing('new') }}
      list={list}
      columns={columns}
      filters={{
        name: 'siteFilters',
        toForm: (q) => ({ ...q, orgId: q.orgId ? Number(q.orgId) : undefined }),
        fields: [
          searchField(t('pages.sites.searchPlaceholder'), { width: 200 }),
          ...(isEnterprise
            ? []
            : [
                {
                  name: 'orgId',
                  label: t('pages.sites.org'),
                  input: <OrgSelect allowClear placeholder={t('pages.common.all')} style={{ width: 220 }} />,
                },
              ]),
          {
            name: 'townCode',
            label: t('pages.sites.town'),
            input: <FilterSelect options={towns.map((r) => ({ value: r.code, label: r.name }))} />,
          },
        ],
      }}
    >
      {editing && (
        <SiteFormModal
          site={editing === 'new' ? null : editing}
          regions={regions}
          ownOrgId={isEnterprise ? me.orgId : undefined}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void list.reload();
          }}
        />
      )}
    </ListPage>
  );
}
