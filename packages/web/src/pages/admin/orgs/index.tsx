import { enumLabel, ORG_KINDS, type OrgKind, type TOrganization, t } from '@qiangjian/shared';
import { TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { editColumn } from '../../../components/list/columns.js';
import { EnumSelect, searchField } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { listOrganizations, type OrgListQuery } from '../../../services/orgs.js';
import { regionTree, useRegionName, useRegions } from '../../../services/regions.js';
import { OrgFormModal } from './OrgFormModal.js';

/** 单位管理: organizations in the user's scope, searchable by name or credit code, kind and region. */
export default function OrgsPage() {
  const access = useAccess();
  const { regions } = useRegions();
  const regionName = useRegionName();
  const tree = useMemo(() => regionTree(regions), [regions]);
  const list = usePagedList(listOrganizations);
  const [editing, setEditing] = useState<TOrganization | 'new' | null>(null);

  const columns: ListColumn<TOrganization>[] = [
    { title: t('pages.orgs.name'), dataIndex: 'name', ellipsis: true, width: 280, card: 'title' },
    { title: t('pages.orgs.kind'), dataIndex: 'kind', width: 140, render: (k: OrgKind) => enumLabel('orgKind', k) },
    { title: t('pages.orgs.creditCode'), dataIndex: 'creditCode', width: 200, render: (c: string) => <code>{c}</code> },
    { title: t('pages.orgs.region'), dataIndex: 'regionCode', width: 140, render: (c: string) => regionName(c) },
    { title: t('pages.orgs.contactName'), dataIndex: 'contactName', width: 100 },
    { title: t('pages.orgs.contactPhone'), dataIndex: 'contactPhone', width: 140 },
    editColumn<TOrganization>({ allowed: access.can('org.update'), name: (r) => r.name, onEdit: setEditing }),
  ];

  return (
    <ListPage<TOrganization, OrgListQuery>
      title={t('pages.orgs.title')}
      create={{ allowed: access.can('org.create'), label: t('pages.orgs.create'), onClick: () => setEditing('new') }}
      list={list}
      columns={columns}
      filters={{
        name: 'orgFilters',
        fields: [
          searchField(t('pages.orgs.searchPlaceholder'), { width: 240 }),
          { name: 'kind', label: t('pages.orgs.kindFilter'), input: <EnumSelect enumName="orgKind" values={ORG_KINDS} width={160} /> },
          {
            name: 'regionCode',
            label: t('pages.orgs.regionFilter'),
            input: (
              <TreeSelect
                allowClear
                placeholder={t('pages.common.all')}
                style={{ width: 180 }}
                treeData={tree}
                treeDefaultExpandAll
                showSearch
                treeNodeFilterProp="title"
              />
            ),
          },
        ],
      }}
    >
      {editing && (
        <OrgFormModal
          org={editing === 'new' ? null : editing}
          regions={regions}
          defaultRegion={regions.find((r) => r.level === 'county')?.code}
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
