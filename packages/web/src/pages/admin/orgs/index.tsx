import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { enumLabel, ORG_KINDS, type OrgKind, type TOrganization, t } from '@qiangjian/shared';
import { Button, Form, Input, Select, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { listOrganizations, type OrgListQuery } from '../../../services/orgs.js';
import { regionTree, useRegions } from '../../../services/regions.js';
import { OrgFormModal } from './OrgFormModal.js';

/** 单位管理: organizations in the user's scope, searchable by name or credit code, kind and region. */
export default function OrgsPage() {
  const access = useAccess();
  const { regions } = useRegions();
  const regionName = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const tree = useMemo(() => regionTree(regions), [regions]);
  const list = usePagedList(listOrganizations);
  const [editing, setEditing] = useState<TOrganization | 'new' | null>(null);

  const columns: ListColumn<TOrganization>[] = [
    { title: t('pages.orgs.name'), dataIndex: 'name', ellipsis: true, width: 280, card: 'title' },
    { title: t('pages.orgs.kind'), dataIndex: 'kind', width: 140, render: (k: OrgKind) => enumLabel('orgKind', k) },
    { title: t('pages.orgs.creditCode'), dataIndex: 'creditCode', width: 200, render: (c: string) => <code>{c}</code> },
    { title: t('pages.orgs.region'), dataIndex: 'regionCode', width: 140, render: (c: string) => regionName.get(c) ?? c },
    { title: t('pages.orgs.contactName'), dataIndex: 'contactName', width: 100 },
    { title: t('pages.orgs.contactPhone'), dataIndex: 'contactPhone', width: 140 },
    {
      title: t('pages.common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      card: 'extra',
      render: (_, r) =>
        access.can('org.update') ? (
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(r)}
            aria-label={`${t('pages.common.edit')} ${r.name}`}
          >
            {t('pages.common.edit')}
          </Button>
        ) : null,
    },
  ];

  return (
    <ListPage<TOrganization, OrgListQuery>
      title={t('pages.orgs.title')}
      extra={
        access.can('org.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('pages.orgs.create')}
          </Button>
        )
      }
      list={list}
      columns={columns}
      filters={{
        name: 'orgFilters',
        items: (
          <>
            <Form.Item name="q" label={t('pages.common.search')}>
              <Input allowClear placeholder={t('pages.orgs.searchPlaceholder')} style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="kind" label={t('pages.orgs.kindFilter')}>
              <Select
                allowClear
                placeholder={t('pages.common.all')}
                style={{ width: 160 }}
                options={ORG_KINDS.map((k) => ({ value: k, label: enumLabel('orgKind', k) }))}
              />
            </Form.Item>
            <Form.Item name="regionCode" label={t('pages.orgs.regionFilter')}>
              <TreeSelect
                allowClear
                placeholder={t('pages.common.all')}
                style={{ width: 180 }}
                treeData={tree}
                treeDefaultExpandAll
                showSearch
                treeNodeFilterProp="title"
              />
            </Form.Item>
          </>
        ),
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
