import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { enumLabel, ORG_KINDS, type OrgKind, type TOrganization, t } from '@qiangjian/shared';
import { Button, Card, Form, Input, Select, Table, TreeSelect } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { accessOf } from '../../../access.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { api, type Page } from '../../../services/api.js';
import { useMe } from '../../../services/auth.js';
import { regionTree, useRegions } from '../../../services/regions.js';
import { OrgFormModal } from './OrgFormModal.js';

interface Filters {
  q?: string;
  kind?: OrgKind;
  regionCode?: string;
}

export default function OrgsPage() {
  const me = useMe();
  const access = useMemo(() => accessOf(me), [me]);
  const { regions } = useRegions();
  const regionName = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const tree = useMemo(() => regionTree(regions), [regions]);
  const [filterForm] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [data, setData] = useState<Page<TOrganization> | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<TOrganization | 'new' | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<TOrganization>>('/organizations', { ...filters, ...paging }));
    } catch {
      // shown by the error policy
    } finally {
      setLoading(false);
    }
  }, [filters, paging]);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: ColumnsType<TOrganization> = [
    { title: t('pages.orgs.name'), dataIndex: 'name', ellipsis: true, width: 280 },
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
    <>
      <PageTitle
        title={t('pages.orgs.title')}
        extra={
          access.can('org.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('pages.orgs.create')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
        <Form<Filters>
          name="orgFilters"
          form={filterForm}
          layout="inline"
          className="qj-filters"
          onFinish={(v) => {
            setFilters({ q: v.q?.trim() || undefined, kind: v.kind, regionCode: v.regionCode });
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        >
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
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('pages.common.search')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                filterForm.resetFields();
                setFilters({});
                setPaging((p) => ({ ...p, page: 1 }));
              }}
            >
              {t('pages.common.reset')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<TOrganization>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('pages.common.total', { total }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
            style: { paddingInline: 16 },
          }}
        />
      </Card>
      {editing && (
        <OrgFormModal
          org={editing === 'new' ? null : editing}
          regions={regions}
          defaultRegion={regions.find((r) => r.level === 'county')?.code}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
    </>
  );
}
