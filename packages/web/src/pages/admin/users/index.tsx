import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { enumLabel, ROLES, type Role, type TUser, t } from '@qiangjian/shared';
import { Button, Form, Input, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { formatDateTime } from '../../../lib/format.js';
import { listUsers, type UserListQuery } from '../../../services/orgs.js';
import { UserFormModal } from './UserFormModal.js';

interface FilterValues {
  q?: string;
  role?: Role;
  orgId?: number;
}

/** 用户管理: accounts in the user's scope with role, organization and state. */
export default function UsersPage() {
  const access = useAccess();
  const list = usePagedList(listUsers);
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);

  const columns: ListColumn<TUser>[] = [
    { title: t('pages.users.username'), dataIndex: 'username', width: 140, card: 'title' },
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
    { title: t('pages.users.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('pages.common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      card: 'extra',
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
    <ListPage<TUser, UserListQuery, FilterValues>
      title={t('pages.users.title')}
      extra={
        access.can('user.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('pages.users.create')}
          </Button>
        )
      }
      list={list}
      columns={columns}
      filters={{
        name: 'userFilters',
        toForm: (q) => ({ q: q.q, role: q.role as Role | undefined, orgId: q.orgId ? Number(q.orgId) : undefined }),
        items: (
          <>
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
          </>
        ),
      }}
    >
      {editing && (
        <UserFormModal
          user={editing === 'new' ? null : editing}
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
