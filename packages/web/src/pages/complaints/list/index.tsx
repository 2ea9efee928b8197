import { DownloadOutlined } from '@ant-design/icons';
import {
  COMPLAINT_FLAGS,
  COMPLAINT_STAGES,
  COMPLAINT_SUBJECTS,
  COMPLAINT_TYPES,
  enumLabel,
  type TComplaintListItem,
  t,
} from '@qiangjian/shared';
import { Button, Checkbox, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { formatDateTime } from '../../../lib/format.js';
import { type ComplaintListQuery, complaintsExportUrl, listComplaints } from '../../../services/complaints.js';

export function FlagTag({ flag, paused }: { flag: string | null; paused?: boolean }) {
  if (paused) return <Tag color="default">{t('pages.complaints.list.paused')}</Tag>;
  if (!flag) return null;
  return <Tag color={flag === 'overdue' ? 'red' : 'gold'}>{enumLabel('complaintFlag', flag)}</Tag>;
}

/**
 * 投诉举报: the complaints in the user's scope, personal data masked; `mine=true` is 我的投诉件 (the handler's list by
 * deadline), `flag=near|overdue` the items near or past a limit (docs/COMPLAINTS.md); 导出 downloads the filtered list as
 * XLSX, masked as shown.
 */
export default function ComplaintListPage({ mine }: { mine?: boolean }) {
  const list = usePagedList((q: ComplaintListQuery & { page?: number; pageSize?: number }) =>
    listComplaints({ ...q, mine: mine ? 'true' : q.mine }),
  );
  const columns: ListColumn<TComplaintListItem>[] = [
    {
      title: t('pages.complaints.list.code'),
      dataIndex: 'trackingCode',
      width: 210,
      card: 'title',
      render: (v: string, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/complaints/${r.id}`}>{v}</Link>
          {r.duplicateOf ? <Tag color="purple">{t('pages.complaints.list.duplicate', { code: r.duplicateOf })}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('pages.complaints.list.stage'),
      dataIndex: 'stage',
      width: 100,
      card: 'extra',
      render: (v: string) => <Tag>{enumLabel('complaintStage', v)}</Tag>,
    },
    { title: t('pages.complaints.list.type'), dataIndex: 'type', width: 70, render: (v: string) => enumLabel('complaintType', v) },
    { title: t('pages.complaints.list.subject'), dataIndex: 'subject', width: 90, render: (v: string) => enumLabel('complaintSubject', v) },
    { title: t('pages.complaints.list.org'), dataIndex: 'orgName', width: 180 },
    { title: t('pages.complaints.list.town'), dataIndex: 'townName', width: 100 },
    { title: t('pages.complaints.list.handler'), dataIndex: 'handler', width: 100 },
    {
      title: t('pages.complaints.list.complainant'),
      dataIndex: 'phoneMasked',
      width: 140,
      render: (_: unknown, r) => (r.nameMasked || r.phoneMasked ? `${r.nameMasked ?? ''} ${r.phoneMasked ?? ''}` : null),
    },
    { title: t('pages.complaints.list.receivedAt'), dataIndex: 'receivedAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('pages.complaints.list.deadline'), dataIndex: 'nextDeadline', width: 110 },
    {
      title: t('pages.complaints.list.flag'),
      dataIndex: 'flag',
      width: 100,
      render: (v: string | null, r) => <FlagTag flag={v} paused={r.paused} />,
    },
  ];
  return (
    <ListPage<TComplaintListItem, ComplaintListQuery, ComplaintListQuery & { mineBox?: boolean }>
      title={t(mine ? 'menu.complaints.mine' : 'menu.complaints.list')}
      extra={
        <Button icon={<DownloadOutlined />} href={complaintsExportUrl({ ...list.query, mine: mine ? 'true' : list.query.mine })}>
          {t('pages.complaints.list.export')}
        </Button>
      }
      list={list}
      columns={columns}
      filters={{
        name: mine ? 'myComplaintFilters' : 'complaintFilters',
        instant: true,
        fields: [
          {
            name: 'stage',
            label: t('pages.complaints.list.stage'),
            input: <EnumSelect enumName="complaintStage" values={COMPLAINT_STAGES} />,
          },
          { name: 'type', label: t('pages.complaints.list.type'), input: <EnumSelect enumName="complaintType" values={COMPLAINT_TYPES} /> },
          {
            name: 'subject',
            label: t('pages.complaints.list.subject'),
            input: <EnumSelect enumName="complaintSubject" values={COMPLAINT_SUBJECTS} />,
          },
          { name: 'flag', label: t('pages.complaints.list.flag'), input: <EnumSelect enumName="complaintFlag" values={COMPLAINT_FLAGS} /> },
          ...(mine ? [] : [{ name: 'mineBox', valuePropName: 'checked', input: <Checkbox>{t('menu.complaints.mine')}</Checkbox> }]),
        ],
        toForm: (q) => ({ ...q, mineBox: q.mine === 'true' }),
        toQuery: ({ mineBox, ...v }) => ({ ...v, mine: mineBox ? 'true' : undefined }),
      }}
    />
  );
}
