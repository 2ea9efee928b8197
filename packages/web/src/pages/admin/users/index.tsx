import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { enumLabel, ROLES, type Role, type TUser, t } from '@qiangjian/shared';
import { Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { accessOf } from '../../../access.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { api, type Page } from '../../../services/api.js';
import { useMe } from '../../../services/auth.js';
import { UserFormModal } from './UserFormModal.js';

interface Filters {
  q?: string;
  role?: Role;
  orgId?: number;
}

export default function UsersPage() {
  const me = useMe();
  const access = useMemo(() => accessOf(me), [me]);
  const [filterForm] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [data, setData] = useState<Page<TUser> | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<TUser>>('/users', { ...filters, ...paging }));
    } catch {
      // shown by the error policy
    } finally {
      setLoading(false);
    }
  }, [filters, paging]);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: ColumnsType<TUser> = [
    { title: t('pages.users.username'), dataIndex: 'username', width: 140 },
    { title: t('pages.users.displayName'), dataIndex: 'displayName', width: 120 },
    { title: t('pages.users.role'), dataIndex: 'role', width: 130, render: (r: Role) => enumLabel('role', r) },
    { title: t('pages.users.org'), dataIndex: 'orgName', ellipsis: true, width: 260 },
    {
      title: t('pages.users.state'),
      key: 'state',
      width: 150,
      render: (_, u) => (
        <Space size={4}>
          {u.disabled ? <Tag color="red">{t('pages.users.stateDisabled')}</Tag> : <Tag color="green">{t('pages.users.stateActive')}</Tag>}
          {u.mustChangePassword && <Tag color="orange">{t('pages.users.mustChange')}</Tag>}
        </Space>
      ),
    },
    { title: t('pages.users.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    {
      title: t('pages.common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, u) =>
        access.can('user.manage') ? (
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(u)}
            aria-label={`${t('pages.common.edit')} ${u.username}`}
          >
            {t('pages.common.edit')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageTitle
        title={t('pages.users.title')}
        extra={
          access.can('user.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('pages.users.create')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
        <Form<Filters>
          name="userFilters"
          form={filterForm}
          layout="inline"
          className="qj-filters"
          onFinish={(v) => {
            setFilters({ q: v.q?.trim() || undefined, role: v.role, orgId: v.orgId });
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        >
          <Form.Item name="q" label={t('pages.common.search')}>
            <Input allowClear placeholder={t('pages.users.searchPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="role" label={t('pages.users.role')}>
            <Select
              allowClear
              placeholder={t('pages.common.all')}
              style={{ width: 150 }}
              options={ROLES.map((r) => ({ value: r, label: enumLabel('role', r) }))}
            />
          </Form.Item>
          <Form.Item name="orgId" label={t('pages.users.org')}>
            <OrgSelect allowClear placeholder={t('pages.users.orgPlaceholder')} style={{ width: 240 }} />
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
        <Table<TUser>
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
        <UserFormModal
          user={editing === 'new' ? null : editing}
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
