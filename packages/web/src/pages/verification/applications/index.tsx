import { PlusOutlined } from '@ant-design/icons';
import { APPLICATION_STATES, type ApplicationState, enumLabel, type TApplication, t } from '@qiangjian/shared';
import { Button, Card, Checkbox, Form, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { accessOf } from '../../../access.js';
import { PageTitle } from '../../../components/Results.js';
import { api, type Page } from '../../../services/api.js';
import { useMe } from '../../../services/auth.js';
import { hoursLeft, localDateTime } from '../service.js';
import { NewApplicationModal } from './NewApplicationModal.js';

const STATUS_COLOR: Record<ApplicationState, string> = {
  submitted: 'blue',
  accepted: 'cyan',
  returned: 'orange',
  in_progress: 'purple',
  completed: 'green',
  withdrawn: 'default',
};

export function StatusTag({ status }: { status: ApplicationState }) {
  return <Tag color={STATUS_COLOR[status]}>{enumLabel('applicationStatus', status)}</Tag>;
}

/** The acceptance clock of an open version: hours left, or hours overdue in red. */
export function Clock({ a }: { a: Pick<TApplication, 'status' | 'acceptDeadline'> }) {
  if (a.status !== 'submitted') return <span>—</span>;
  const h = hoursLeft(a.acceptDeadline);
  return h < 0 ? (
    <Tag color="red">
      {Math.abs(h) > 48
        ? t('pages.vapps.overdueByDays', { days: Math.floor(Math.abs(h) / 24) })
        : t('pages.vapps.overdueBy', { hours: Math.abs(h) })}
    </Tag>
  ) : (
    <Tag color={h < 24 ? 'gold' : 'green'}>{t('pages.vapps.leftHours', { hours: h })}</Tag>
  );
}

export default function ApplicationsPage() {
  const me = useMe();
  const access = useMemo(() => accessOf(me), [me]);
  const [filters, setFilters] = useState<{ status?: ApplicationState; overdue?: boolean }>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [data, setData] = useState<Page<TApplication> | null>(null);
  const [loading, setLoading] = useState(false);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(
        await api.get<Page<TApplication>>('/applications', {
          status: filters.status,
          overdue: filters.overdue ? 'true' : undefined,
          ...paging,
        }),
      );
    } catch {
      // shown by the error policy
    } finally {
      setLoading(false);
    }
  }, [filters, paging]);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: ColumnsType<TApplication> = [
    {
      title: t('pages.vapps.id'),
      dataIndex: 'id',
      width: 90,
      render: (id: number, r) => <Link to={`/verification/applications/${id}`}>{`${id}-${r.version}`}</Link>,
    },
    { title: t('pages.vapps.status'), dataIndex: 'status', width: 100, render: (s: ApplicationState) => <StatusTag status={s} /> },
    { title: t('pages.vapps.clock'), key: 'clock', width: 150, render: (_, r) => <Clock a={r} /> },
    { title: t('pages.vapps.deadline'), dataIndex: 'acceptDeadline', width: 150, render: (v: string) => localDateTime(v) },
    { title: t('pages.vapps.applicant'), dataIndex: 'orgName', width: 220, ellipsis: true },
    { title: t('pages.vapps.institution'), dataIndex: 'institutionName', width: 220, ellipsis: true },
    { title: t('pages.vapps.mode'), dataIndex: 'mode', width: 90, render: (m: string) => enumLabel('submissionMode', m) },
    { title: t('pages.vapps.instruments'), dataIndex: 'instrumentIds', width: 80, render: (ids: number[]) => ids.length },
    { title: t('pages.vapps.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (v: string) => localDateTime(v) },
    {
      title: t('pages.common.actions'),
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_, r) => (
        <Link to={`/verification/applications/${r.id}`} aria-label={`${t('pages.vapps.open')} ${r.id}`}>
          {t('pages.vapps.open')}
        </Link>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('pages.vapps.title')}
        extra={
          access.can('application.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('pages.vapps.create')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
        <Form
          name="vappFilters"
          layout="inline"
          className="qj-filters"
          onValuesChange={(_, v: { status?: ApplicationState; overdue?: boolean }) => {
            setFilters({ status: v.status, overdue: v.overdue });
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        >
          <Form.Item name="status" label={t('pages.vapps.status')}>
            <Select
              allowClear
              placeholder={t('pages.common.all')}
              style={{ width: 140 }}
              options={APPLICATION_STATES.map((s) => ({ value: s, label: enumLabel('applicationStatus', s) }))}
            />
          </Form.Item>
          <Form.Item name="overdue" valuePropName="checked">
            <Checkbox>{t('pages.vapps.overdueOnly')}</Checkbox>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <Table<TApplication>
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
            showTotal: (total) => t('pages.common.total', { total }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
        />
      </Card>
      {creating && (
        <NewApplicationModal
          onClose={(created) => {
            setCreating(false);
            if (created) void load();
          }}
        />
      )}
    </>
  );
}
