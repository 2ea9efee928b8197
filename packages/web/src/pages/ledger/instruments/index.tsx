import { DownloadOutlined, ImportOutlined, QrcodeOutlined, SwapOutlined } from '@ant-design/icons';
import {
  CATEGORIES,
  type Category,
  enumLabel,
  type InstrumentStatus,
  LEDGER_STATES,
  type LedgerState,
  STATUSES,
  type TInstrument,
  t,
} from '@qiangjian/shared';
import { App, Button, Dropdown } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect, FilterSelect, searchField } from '../../../components/list/fields.js';
import { type ListColumn, ListPage, plainQuery } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { useMe } from '../../../services/auth.js';
import {
  type InstrumentListQuery,
  ledgerExportUrl,
  listInstruments,
  listSites,
  qrLabelsMatchingUrl,
  qrLabelsUrl,
} from '../../../services/ledger.js';
import { useRegions } from '../../../services/regions.js';
import { InstrumentFormModal } from '../InstrumentFormModal.js';

interface FilterValues {
  orgId?: number;
  category?: string;
  status?: string;
  siteId?: number;
  town?: string;
  ledgerState?: string;
  q?: string;
}

const DEFAULT_SORT = { sort: 'serialNo', order: 'asc' };
const num = (s: string | undefined) => (s ? Number(s) : undefined);

/** 器具台账: server-side paging, filters (category, status, site, town, filing state, serial), sorting — all in the URL. */
export default function InstrumentsPage() {
  const me = useMe();
  const access = useAccess();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { regions } = useRegions();
  const towns = useMemo(() => regions.filter((r) => r.level === 'town'), [regions]);
  const townName = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const list = usePagedList((p: InstrumentListQuery & { page: number; pageSize: number }) => listInstruments({ ...DEFAULT_SORT, ...p }));
  const { query } = list;
  const sites = useRequest(() => listSites(query.orgId), [query.orgId]).data?.items ?? [];
  const [selected, setSelected] = useState<number[]>([]);
  const [creating, setCreating] = useState(false);
  const isEnterprise = me.role === 'enterprise';
  const exportOrg = num(query.orgId) ?? (isEnterprise ? me.orgId : undefined);
  // without one organization: a regional export (one worksheet per organization) of the chosen town, else of
  // the user's county; the server keeps it to the user's scope
  const exportRegion = exportOrg ? undefined : (query.town ?? regions.find((r) => r.level === 'county')?.code);
  const exportTarget = exportOrg ? { orgId: exportOrg } : exportRegion ? { region: exportRegion } : null;
  const sort = { ...DEFAULT_SORT, ...(query.sort ? { sort: query.sort, order: query.order ?? 'asc' } : {}) };

  const sorter = (key: string) => ({
    sorter: true,
    sortOrder: sort.sort === key ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  });
  const columns: ListColumn<TInstrument>[] = [
    {
      title: t('pages.ledger.serialNo'),
      dataIndex: 'serialNo',
      key: 'serialNo',
      width: 170,
      card: 'title',
      ...sorter('serialNo'),
      render: (s: string, r) => <Link to={`/ledger/instruments/${r.id}`}>{s}</Link>,
    },
    {
      title: t('pages.ledger.category'),
      dataIndex: 'category',
      key: 'category',
      width: 110,
      ...sorter('category'),
      render: (c: Category) => enumLabel('category', c),
    },
    { title: t('pages.ledger.instrumentName'), dataIndex: 'instrumentName', width: 140, ellipsis: true },
    { title: t('pages.ledger.model'), dataIndex: 'model', width: 110, ellipsis: true },
    { title: t('pages.ledger.org'), dataIndex: 'orgName', width: 200, ellipsis: true },
    { title: t('pages.ledger.site'), dataIndex: 'siteName', width: 160, ellipsis: true },
    {
      title: t('pages.ledger.town'),
      dataIndex: 'townCode',
      width: 110,
      render: (c: string | null) => (c ? (townName.get(c.slice(0, 9)) ?? c) : ''),
    },
    {
      title: t('pages.ledger.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      card: 'extra',
      ...sorter('status'),
      render: (s: InstrumentStatus | null) => <EnumTag name="status" value={s} />,
    },
    { title: t('pages.ledger.validUntil'), dataIndex: 'validUntil', key: 'validUntil', width: 120, ...sorter('validUntil') },
    {
      title: t('pages.ledger.ledgerState'),
      dataIndex: 'ledgerState',
      width: 110,
      render: (s: LedgerState) => <EnumTag name="ledgerState" value={s} />,
    },
  ];

  const printSelected = () => {
    if (selected.length === 0) {
      void message.info(t('pages.ledger.qrSelectHint'));
      return;
    }
    window.open(qrLabelsUrl(selected), '_blank');
  };
  const { sort: _so, order: _o, ...filterQuery } = query;
  const matching = list.data?.total ?? 0;
  const printMatching = () => window.open(qrLabelsMatchingUrl(filterQuery), '_blank');

  return (
    <ListPage<TInstrument, InstrumentListQuery, FilterValues>
      title={t('pages.ledger.title')}
      create={{ allowed: access.can('instrument.write'), label: t('pages.ledger.create'), onClick: () => setCreating(true) }}
      extra={
        <>
          {access.can('instrument.import') && (
            <Button icon={<ImportOutlined />} onClick={() => void navigate('/ledger/import')}>
              {t('pages.ledger.import')}
            </Button>
          )}
          <Button icon={<SwapOutlined />} onClick={() => void navigate('/ledger/reconcile')}>
            {t('pages.ledger.reconcile')}
          </Button>
          {access.can('instrument.export') && exportTarget && (
            <>
              <Button icon={<DownloadOutlined />} href={ledgerExportUrl({ ...exportTarget, format: 'xlsx', layout: 'attachment1' })}>
                {exportOrg ? t('pages.ledger.exportA1') : t('pages.ledger.exportA1Region')}
              </Button>
              <Button icon={<DownloadOutlined />} href={ledgerExportUrl({ ...exportTarget, format: 'xlsx', layout: 'ecqs' })}>
                {exportOrg ? t('pages.ledger.exportEcqs') : t('pages.ledger.exportEcqsRegion')}
              </Button>
            </>
          )}
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'selected', label: t('pages.ledger.qrSelected', { n: selected.length }), disabled: selected.length === 0 },
                { key: 'matching', label: t('pages.ledger.qrMatching', { n: matching.toLocaleString('zh-CN') }), disabled: matching === 0 },
              ],
              onClick: ({ key }) => (key === 'selected' ? printSelected() : printMatching()),
            }}
          >
            <Button icon={<QrcodeOutlined />}>{t('pages.ledger.qrLabels')}</Button>
          </Dropdown>
        </>
      }
      list={list}
      columns={columns}
      table={{
        rowSelection: { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) },
        onChange: (_p, _f, s, extra) => {
          if (extra.action !== 'sort') return;
          const one = Array.isArray(s) ? s[0] : s;
          const next = one?.columnKey && one.order ? { sort: String(one.columnKey), order: one.order === 'ascend' ? 'asc' : 'desc' } : {};
          list.setQuery({ ...query, sort: undefined, order: undefined, ...next });
        },
      }}
      filters={{
        name: 'instrumentFilters',
        toForm: (q) => ({ ...q, orgId: num(q.orgId), siteId: num(q.siteId) }),
        // the sort stays when the filters change
        toQuery: (v) => ({ ...plainQuery<InstrumentListQuery>(v), sort: query.sort, order: query.order }),
        fields: [
          ...(isEnterprise
            ? []
            : [
                {
                  name: 'orgId',
                  label: t('pages.ledger.org'),
                  input: <OrgSelect allowClear placeholder={t('pages.common.all')} style={{ width: 220 }} />,
                },
              ]),
          { name: 'category', label: t('pages.ledger.category'), input: <EnumSelect enumName="category" values={CATEGORIES} /> },
          { name: 'status', label: t('pages.ledger.status'), input: <EnumSelect enumName="status" values={STATUSES} width={130} /> },
          {
            name: 'siteId',
            label: t('pages.ledger.site'),
            input: <FilterSelect<number> showSearch width={200} options={sites.map((s) => ({ value: s.id, label: s.name }))} />,
          },
          {
            name: 'town',
            label: t('pages.ledger.town'),
            input: <FilterSelect options={towns.map((r) => ({ value: r.code, label: r.name }))} />,
          },
          {
            name: 'ledgerState',
            label: t('pages.ledger.ledgerState'),
            input: <EnumSelect enumName="ledgerState" values={LEDGER_STATES} width={130} />,
          },
          searchField(t('pages.ledger.serialSearch'), { label: t('pages.ledger.serialNo'), width: 180 }),
        ],
      }}
    >
      <InstrumentFormModal
        open={creating}
        instrument={null}
        defaultOrgId={isEnterprise ? me.orgId : num(query.orgId)}
        onClose={() => setCreating(false)}
        onSaved={(i) => {
          setCreating(false);
          void navigate(`/ledger/instruments/${i.id}`);
        }}
      />
    </ListPage>
  );
}
