import { DownloadOutlined } from '@ant-design/icons';
import { CATEGORIES, enumLabel, STATUSES, type TDueListItem, t } from '@qiangjian/shared';
import { Button, Checkbox, DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect, FilterSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRegions } from '../../../services/regions.js';
import { type DueListQuery, dueListExportUrl, listDueList } from '../../../services/status.js';

interface FilterValues {
  category?: string[];
  status?: string[];
  town?: string;
  window?: [Dayjs | null, Dayjs | null] | null;
  includeUnverified?: boolean;
}

const DUE_STATUSES = STATUSES.filter((s) => s !== 'removed' && s !== 'valid');
const split = (s: string | undefined) => (s ? s.split(',') : undefined);
const join = (a: string[] | undefined) => (a?.length ? a.join(',') : undefined);
const day = (s: string | undefined) => (s ? dayjs(s) : null);

/** 到期提醒: instruments due soon / overdue / due for rotation in the user's scope (stored status, server-side paging). */
export default function DueListPage() {
  const access = useAccess();
  const { regions } = useRegions();
  const towns = useMemo(() => regions.filter((r) => r.code.length === 9), [regions]);
  const townName = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const list = usePagedList(listDueList);
  const asOf = list.data?.asOf;

  const columns: ListColumn<TDueListItem>[] = [
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
      card: 'title',
      render: (s: string, r) => <Link to={`/status/instruments/${r.instrumentId}`}>{s}</Link>,
    },
    { title: t('excel.dueList.quantity'), dataIndex: 'quantity', width: 70 },
    {
      title: t('excel.dueList.status'),
      dataIndex: 'status',
      width: 110,
      card: 'extra',
      render: (s) => <EnumTag name="status" value={s} />,
    },
    { title: t('excel.dueList.dueDate'), dataIndex: 'dueDate', width: 110 },
    { title: t('excel.dueList.reason'), dataIndex: 'reason', ellipsis: true, width: 420 },
  ];

  return (
    <ListPage<TDueListItem, DueListQuery, FilterValues>
      title={`${t('pages.status.dueList.title')}${asOf ? t('pages.status.dueList.asOf', { asOf }) : ''}`}
      extra={
        access.can('instrument.export') && (
          <Button icon={<DownloadOutlined />} href={dueListExportUrl(list.query)}>
            {t('pages.status.dueList.export')}
          </Button>
        )
      }
      list={list}
      rowKey="instrumentId"
      columns={columns}
      filters={{
        name: 'dueListFilters',
        toForm: (q) => ({
          category: split(q.category),
          status: split(q.status),
          town: q.town,
          window: q.dueFrom || q.dueTo ? [day(q.dueFrom), day(q.dueTo)] : null,
          includeUnverified: q.includeUnverified === '1',
        }),
        toQuery: (v) => ({
          category: join(v.category),
          status: join(v.status),
          town: v.town || undefined,
          dueFrom: v.window?.[0]?.format('YYYY-MM-DD'),
          dueTo: v.window?.[1]?.format('YYYY-MM-DD'),
          includeUnverified: v.includeUnverified ? '1' : undefined,
        }),
        fields: [
          {
            name: 'category',
            label: t('pages.status.dueList.category'),
            input: <EnumSelect mode="multiple" enumName="category" values={CATEGORIES} width={180} />,
          },
          {
            name: 'status',
            label: t('pages.status.dueList.status'),
            input: (
              <EnumSelect
                mode="multiple"
                enumName="status"
                values={DUE_STATUSES}
                width={200}
                placeholder={t('pages.status.dueList.defaultStatuses')}
              />
            ),
          },
          {
            name: 'town',
            label: t('pages.status.dueList.town'),
            input: <FilterSelect showSearch width={160} options={towns.map((r) => ({ value: r.code, label: r.name }))} />,
          },
          { name: 'window', label: t('pages.status.dueList.dateWindow'), input: <DatePicker.RangePicker allowEmpty={[true, true]} /> },
          {
            name: 'includeUnverified',
            valuePropName: 'checked',
            input: <Checkbox>{t('pages.status.dueList.includeUnverified')}</Checkbox>,
          },
        ],
      }}
    />
  );
}
