import { DownloadOutlined } from '@ant-design/icons';
import { CATEGORIES, enumLabel, STATUSES, type TDueListItem, t } from '@qiangjian/shared';
import { Button, Card, Checkbox, DatePicker, Form, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { accessOf } from '../../../access.js';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { api, buildUrl, type Page } from '../../../services/api.js';
import { useMe } from '../../../services/auth.js';
import { useRegions } from '../../../services/regions.js';

interface FilterForm {
  category?: string[];
  status?: string[];
  town?: string;
  window?: [Dayjs | null, Dayjs | null] | null;
  includeUnverified?: boolean;
}
interface Query {
  category?: string;
  status?: string;
  town?: string;
  dueFrom?: string;
  dueTo?: string;
  includeUnverified?: string;
}

const DUE_STATUSES = STATUSES.filter((s) => s !== 'removed' && s !== 'valid');

/** 到期提醒: instruments due soon / overdue / due for rotation in the user's scope (stored status, server-side paging). */
export default function DueListPage() {
  const me = useMe();
  const access = useMemo(() => accessOf(me), [me]);
  const { regions } = useRegions();
  const towns = useMemo(() => regions.filter((r) => r.code.length === 9), [regions]);
  const townName = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const [form] = Form.useForm<FilterForm>();
  const [query, setQuery] = useState<Query>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [data, setData] = useState<(Page<TDueListItem> & { asOf: string | null }) | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<TDueListItem> & { asOf: string | null }>('/due-list', { ...query, ...paging }));
    } catch {
      // shown by the error policy
    } finally {
      setLoading(false);
    }
  }, [query, paging]);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: ColumnsType<TDueListItem> = [
    { title: t('excel.dueList.orgName'), dataIndex: 'orgName', ellipsis: true, width: 220 },
    { title: t('excel.dueList.siteName'), dataIndex: 'siteName', ellipsis: true, width: 160 },
    {
      title: t('excel.dueList.town'),
      dataIndex: 'adminDivisionCode',
      width: 110,
      render: (c: string | null) => (c ? (townName.get(c.slice(0, 9)) ?? c) : ''),
    },
    { title: t('excel.dueList.category'), dataIndex: 'category', width: 100, render: (c: string) => enumLabel('category', c) },
    {
      title: t('excel.dueList.serialNo'),
      dataIndex: 'serialNo',
      width: 150,
      render: (s: string, r) => <Link to={`/status/instruments/${r.instrumentId}`}>{s}</Link>,
    },
    { title: t('excel.dueList.quantity'), dataIndex: 'quantity', width: 70 },
    { title: t('excel.dueList.status'), dataIndex: 'status', width: 110, render: (s) => <EnumTag name="status" value={s} /> },
    { title: t('excel.dueList.dueDate'), dataIndex: 'dueDate', width: 110 },
    { title: t('excel.dueList.reason'), dataIndex: 'reason', ellipsis: true, width: 420 },
  ];

  const exportHref = buildUrl('/due-list.xlsx', { ...query });

  return (
    <>
      <PageTitle
        title={`${t('pages.status.dueList.title')}${data?.asOf ? t('pages.status.dueList.asOf', { asOf: data.asOf }) : ''}`}
        extra={
          access.can('instrument.export') && (
            <Button icon={<DownloadOutlined />} href={exportHref}>
              {t('pages.status.dueList.export')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
        <Form<FilterForm>
          name="dueListFilters"
          form={form}
          layout="inline"
          className="qj-filters"
          onFinish={(v) => {
            setQuery({
              category: v.category?.length ? v.category.join(',') : undefined,
              status: v.status?.length ? v.status.join(',') : undefined,
              town: v.town || undefined,
              dueFrom: v.window?.[0]?.format('YYYY-MM-DD'),
              dueTo: v.window?.[1]?.format('YYYY-MM-DD'),
              includeUnverified: v.includeUnverified ? '1' : undefined,
            });
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        >
          <Form.Item name="category" label={t('pages.status.dueList.category')}>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('pages.common.all')}
              style={{ minWidth: 180 }}
              options={CATEGORIES.map((c) => ({ value: c, label: enumLabel('category', c) }))}
            />
          </Form.Item>
          <Form.Item name="status" label={t('pages.status.dueList.status')}>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('pages.status.dueList.defaultStatuses')}
              style={{ minWidth: 200 }}
              options={DUE_STATUSES.map((s) => ({ value: s, label: enumLabel('status', s) }))}
            />
          </Form.Item>
          <Form.Item name="town" label={t('pages.status.dueList.town')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('pages.common.all')}
              style={{ width: 160 }}
              options={towns.map((r) => ({ value: r.code, label: r.name }))}
            />
          </Form.Item>
          <Form.Item name="window" label={t('pages.status.dueList.dateWindow')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item name="includeUnverified" valuePropName="checked">
            <Checkbox>{t('pages.status.dueList.includeUnverified')}</Checkbox>
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('pages.common.search')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields();
                setQuery({});
                setPaging((p) => ({ ...p, page: 1 }));
              }}
            >
              {t('pages.common.reset')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<TDueListItem>
          rowKey="instrumentId"
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
          }}
        />
      </Card>
    </>
  );
}
