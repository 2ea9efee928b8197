import { APPLICATION_STATES, enumLabel, type TApplication, t } from '@qiangjian/shared';
import { Checkbox } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { formatDateTime } from '../../../lib/format.js';
import { type ApplicationListQuery, listApplications } from '../../../services/verification.js';
import { Clock } from '../Clock.js';
import { NewApplicationModal } from './NewApplicationModal.js';

interface FilterValues {
  status?: string;
  overdue?: boolean;
}

/** 检定预约: applications in the user's scope (applicant, institution or regulator view), newest first. */
export default function ApplicationsPage() {
  const access = useAccess();
  const list = usePagedList(listApplications);
  const [creating, setCreating] = useState(false);

  const columns: ListColumn<TApplication>[] = [
    {
      title: t('pages.vapps.id'),
      dataIndex: 'id',
      width: 90,
      card: 'title',
      render: (id: number, r) => <Link to={`/verification/applications/${id}`}>{`${id}-${r.version}`}</Link>,
    },
    {
      title: t('pages.vapps.status'),
      dataIndex: 'status',
      width: 100,
      card: 'extra',
      render: (s: string) => <EnumTag name="applicationStatus" value={s} />,
    },
    { title: t('pages.vapps.clock'), key: 'clock', width: 150, render: (_, r) => <Clock a={r} /> },
    { title: t('pages.vapps.deadline'), dataIndex: 'acceptDeadline', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('pages.vapps.applicant'), dataIndex: 'orgName', width: 220, ellipsis: true },
    { title: t('pages.vapps.institution'), dataIndex: 'institutionName', width: 220, ellipsis: true },
    { title: t('pages.vapps.mode'), dataIndex: 'mode', width: 90, render: (m: string) => enumLabel('submissionMode', m) },
    { title: t('pages.vapps.instruments'), dataIndex: 'instrumentIds', width: 80, render: (ids: number[]) => ids.length },
    { title: t('pages.vapps.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('pages.common.actions'),
      key: 'actions',
      width: 80,
      fixed: 'right',
      card: 'hidden',
      render: (_, r) => (
        <Link to={`/verification/applications/${r.id}`} aria-label={`${t('pages.vapps.open')} ${r.id}`}>
          {t('pages.vapps.open')}
        </Link>
      ),
    },
  ];

  return (
    <ListPage<TApplication, ApplicationListQuery, FilterValues>
      title={t('pages.vapps.title')}
      create={{ allowed: access.can('application.create'), label: t('pages.vapps.create'), onClick: () => setCreating(true) }}
      list={list}
      columns={columns}
      filters={{
        name: 'vappFilters',
        instant: true,
        toForm: (q) => ({ status: q.status, overdue: q.overdue === 'true' }),
        toQuery: (v) => ({ status: v.status, overdue: v.overdue ? 'true' : undefined }),
        fields: [
          {
            name: 'status',
            label: t('pages.vapps.status'),
            input: <EnumSelect enumName="applicationStatus" values={APPLICATION_STATES} />,
          },
          { name: 'overdue', valuePropName: 'checked', input: <Checkbox>{t('pages.vapps.overdueOnly')}</Checkbox> },
        ],
      }}
    >
      {creating && (
        <NewApplicationModal
          onClose={(created) => {
            setCreating(false);
            if (created) void list.reload();
          }}
        />
      )}
    </ListPage>
  );
}
