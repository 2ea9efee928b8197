import { enumLabel, ROLES, type Role, type TUser, t } from '@qiangjian/shared';
import { Space, Tag } from 'antd';
import { useState } from 'react';
import { editColumn } from '../../../components/list/columns.js';
import { EnumSelect, searchField } from '../../../components/list/fields.js';
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
    editColumn<TUser>({ allowed: access.can('user.manage'), name: (u) => u.username, onEdit: setEditing }),
  ];

  return (
    <ListPage<TUser, UserListQuery, FilterValues>
      title={t('pages.users.title')}
      create={{ allowed: access.can('user.manage'), label: t('pages.users.create'), onClick: () => setEditing('new') }}
      list={list}
      columns={columns}
      filters={{
        name: 'userFilters',
        toForm: (q) => ({ q: q.q, role: q.role as Role | undefined, orgId: q.orgId ? Number(q.orgId) : undefined }),
        fields: [
          searchField(t('pages.users.searchPlaceholder')),
          { name: 'role', label: t('pages.users.role'), input: <EnumSelect enumName="role" values={ROLES} width={150} /> },
          {
            name: 'orgId',
            label: t('pages.users.org'),
            input: <OrgSelect allowClear placeholder={t('pages.users.orgPlaceholder')} style={{ width: 240 }} />,
          },
        ],
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
