import { DownloadOutlined, ImportOutlined, PlusOutlined, QrcodeOutlined, SwapOutlined } from '@ant-design/icons';
import {
  CATEGORIES,
  type Category,
  enumLabel,
  type InstrumentStatus,
  LEDGER_STATES,
  type LedgerState,
  STATUSES,
  type TInstrument,
  type TSite,
  t,
} from '@qiangjian/shared';
import { Button, Card, Form, Input, message, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { accessOf } from '../../../access.js';
import { EnumTag } from '../../../components/EnumTag.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { API_BASE, api, type Page } from '../../../services/api.js';
import { useMe } from '../../../services/auth.js';
import { useRegions } from '../../../services/regions.js';
import { InstrumentFormModal } from '../InstrumentFormModal.js';
import { exportUrl } from '../service.js';

interface Filters {
  orgId?: number;
  category?: Category;
  status?: InstrumentStatus;
  siteId?: number;
  town?: string;
  ledgerState?: LedgerState;
  q?: string;
}
type Sort = { sort: string; order: 'asc' | 'desc' };

/** 器具台账: server-side paging, filters (category, status, site, town, filing state, serial), sorting. */
export default function InstrumentsPage() {
  const me = useMe();
  const access = useMemo(() => accessOf(me), [me]);
  const navigate = useNavigate();
  const { regions } = useRegions();
  const towns = useMemo(() => regions.filter((r) => r.level === 'town'), [regions]);
  const townName = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const [filterForm] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [sort, setSort] = useState<Sort>({ sort: 'serialNo', order: 'asc' });
  const [data, setData] = useState<Page<TInstrument> | null>(null);
  const [loading, setLoading] = useState(false);
  const [sites, setSites] = useState<TSite[]>([]);
  const [selected, setSelected] = useState<number[]>([]);
  const [creating, setCreating] = useState(false);
  const isEnterprise = me?.role === 'enterprise';
  const exportOrg = filters.orgId ?? (isEnterprise ? me?.orgId : undefined);
  // without one organization: a regional export (one worksheet per organization) of the chosen town, else of
  // the user's county; the server keeps it to the user's scope
  const exportRegion = exportOrg ? undefined : (filters.town ?? regions.find((r) => r.level === 'county')?.code);
  const exportTarget = exportOrg ? { orgId: exportOrg } : exportRegion ? { region: exportRegion } : null;

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<TInstrument>>('/instruments', { ...filters, ...paging, ...sort }));
    } catch {
      // error policy
    } finally {
      setLoading(false);
    }
  }, [filters, paging, sort]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    api
      .get<Page<TSite>>('/sites', { orgId: filters.orgId, page: 1, pageSize: 200 })
      .then((p) => setSites(p.items))
      .catch(() => setSites([]));
  }, [filters.orgId]);

  const sorter = (key: string) => ({
    sorter: true,
    sortOrder: sort.sort === key ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  });
  const columns: ColumnsType<TInstrument> = [
    {
      title: t('pages.ledger.serialNo'),
      dataIndex: 'serialNo',
      key: 'serialNo',
      width: 170,
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
      ...sorter('status'),
      render: (s: InstrumentStatus | null) => <EnumTag name="status" value={s} />,
    },
    { title: t('pages.ledger.validUntil'), dataIndex: 'validUntil', key: 'validUntil', width: 120, ...sorter('validUntil') },
    {
      title: t('pages.ledger.ledgerState'),
      dataIndex: 'ledgerState',
      width: 110,
      render: (s: LedgerState) => (
        <Tag color={s === 'filed' ? 'blue' : s === 'draft' ? 'orange' : 'default'}>{enumLabel('ledgerState', s)}</Tag>
      ),
    },
  ];

  const printLabels = () => {
    if (selected.length === 0) {
      void message.info(t('pages.ledger.qrSelectHint'));
      return;
    }
    window.open(`${API_BASE}/instruments/qr-labels?ids=${selected.join(',')}`, '_blank');
  };

  return (
    <>
      <PageTitle
        title={t('pages.ledger.title')}
        extra={
          <Space wrap>
            {access.can('instrument.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('pages.ledger.create')}
              </Button>
            )}
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
                <Button icon={<DownloadOutlined />} href={exportUrl({ ...exportTarget, format: 'xlsx', layout: 'attachment1' })}>
                  {exportOrg ? t('pages.ledger.exportA1') : t('pages.ledger.exportA1Region')}
                </Button>
                <Button icon={<DownloadOutlined />} href={exportUrl({ ...exportTarget, format: 'xlsx', layout: 'ecqs' })}>
                  {exportOrg ? t('pages.ledger.exportEcqs') : t('pages.ledger.exportEcqsRegion')}
                </Button>
              </>
            )}
            <Button icon={<QrcodeOutlined />} onClick={printLabels}>
              {t('pages.ledger.qrLabels')}
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
        <Form<Filters>
          name="instrumentFilters"
          form={filterForm}
          layout="inline"
          className="qj-filters"
          onFinish={(v) => {
            setFilters({ ...v, q: v.q?.trim() || undefined });
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        >
          {!isEnterprise && (
            <Form.Item name="orgId" label={t('pages.ledger.org')}>
              <OrgSelect allowClear placeholder={t('pages.common.all')} style={{ width: 220 }} />
            </Form.Item>
          )}
          <Form.Item name="category" label={t('pages.ledger.category')}>
            <Select
              allowClear
              placeholder={t('pages.common.all')}
              style={{ width: 140 }}
              options={CATEGORIES.map((c) => ({ value: c, label: enumLabel('category', c) }))}
            />
          </Form.Item>
          <Form.Item name="status" label={t('pages.ledger.status')}>
            <Select
              allowClear
              placeholder={t('pages.common.all')}
              style={{ width: 130 }}
              options={STATUSES.map((s) => ({ value: s, label: enumLabel('status', s) }))}
            />
          </Form.Item>
          <Form.Item name="siteId" label={t('pages.ledger.site')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('pages.common.all')}
              style={{ width: 200 }}
              options={sites.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
          <Form.Item name="town" label={t('pages.ledger.town')}>
            <Select
              allowClear
              placeholder={t('pages.common.all')}
              style={{ width: 140 }}
              options={towns.map((r) => ({ value: r.code, label: r.name }))}
            />
          </Form.Item>
          <Form.Item name="ledgerState" label={t('pages.ledger.ledgerState')}>
            <Select
              allowClear
              placeholder={t('pages.common.all')}
              style={{ width: 130 }}
              options={LEDGER_STATES.map((s) => ({ value: s, label: enumLabel('ledgerState', s) }))}
            />
          </Form.Item>
          <Form.Item name="q" label={t('pages.ledger.serialNo')}>
            <Input allowClear placeholder={t('pages.ledger.serialSearch')} style={{ width: 180 }} />
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
        <Table<TInstrument>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          onChange={(_p, _f, s) => {
            const one = Array.isArray(s) ? s[0] : s;
            if (one?.columnKey && one.order) setSort({ sort: String(one.columnKey), order: one.order === 'ascend' ? 'asc' : 'desc' });
            else setSort({ sort: 'serialNo', order: 'asc' });
          }}
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
      <InstrumentFormModal
        open={creating}
        instrument={null}
        defaultOrgId={isEnterprise ? me?.orgId : filters.orgId}
        onClose={() => setCreating(false)}
        onSaved={(i) => {
          setCreating(false);
          void navigate(`/ledger/instruments/${i.id}`);
        }}
      />
    </>
  );
}
