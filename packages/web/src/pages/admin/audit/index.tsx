import { CheckCircleOutlined, DownloadOutlined, EyeOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { type TAuditEntry, type TAuditVerifyResult, t, zhCN } from '@qiangjian/shared';
import { Alert, Button, DatePicker, Input, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { FilterSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { formatDateTime } from '../../../lib/format.js';
import { type AuditListQuery, auditCheckpointUrl, listAuditLog, verifyAuditLog } from '../../../services/audit.js';
import type { PageParams } from '../../../services/orgs.js';
import { AuditEntryDrawer } from './AuditEntryDrawer.js';
import { actionLabel, actorText, chainLabel, entityLabel, problemText } from './audit-labels.js';
import { CodeLabel } from './CodeLabel.js';

interface FilterValues {
  action?: string;
  entityType?: string;
  entityId?: string;
  orgId?: number;
  from?: Dayjs | null;
  to?: Dayjs | null;
  actor?: string;
}

const DAY = 'YYYY-MM-DD';

/** The codes the catalog labels in a namespace (`audit.action.*`), for the filter selects, in label order. */
function catalogOptions(ns: 'action' | 'entity') {
  const prefix = `audit.${ns}.`;
  return Object.keys(zhCN)
    .filter((k) => k.startsWith(prefix) && k !== `${prefix}unknown`)
    .map((k) => ({ value: k.slice(prefix.length), label: t(k) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
}
const ACTION_OPTIONS = catalogOptions('action');
const ENTITY_OPTIONS = catalogOptions('entity');

/** A URL whose dates stand the wrong way round is read with them swapped (the server refuses `to` < `from`). */
function ordered(q: AuditListQuery & PageParams): AuditListQuery & PageParams {
  return q.from && q.to && q.to < q.from ? { ...q, from: q.to, to: q.from } : q;
}

/** 审计日志 (docs/SECURITY.md 安全审计): the hash-chained audit trail, filtered and paged, with chain verification. */
export default function AuditLogPage() {
  const access = useAccess();
  const load = useCallback((q: AuditListQuery & PageParams) => listAuditLog(ordered(q)), []);
  const list = usePagedList(load);
  const [open, setOpen] = useState<TAuditEntry | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [result, setResult] = useState<TAuditVerifyResult | null>(null);
  const canVerify = access.can('audit.verify');

  const verify = async () => {
    setVerifying(true);
    try {
      setResult(await verifyAuditLog());
    } catch {
      // the error policy showed the message
    } finally {
      setVerifying(false);
    }
  };

  const columns: ListColumn<TAuditEntry>[] = [
    { title: t('pages.audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('pages.audit.actor'), key: 'actor', width: 160, render: (_, e) => actorText(e) },
    {
      title: t('pages.audit.action'),
      dataIndex: 'action',
      width: 170,
      card: 'title',
      render: (a: string) => <CodeLabel label={actionLabel(a)} />,
    },
    {
      title: t('pages.audit.entity'),
      key: 'entity',
      width: 160,
      render: (_, e) => (e.entityType ? <CodeLabel label={entityLabel(e.entityType)} suffix={e.entityId ?? undefined} /> : null),
    },
    {
      title: t('pages.audit.org'),
      key: 'org',
      width: 220,
      ellipsis: true,
      render: (_, e) => e.orgName ?? (e.orgId === null ? null : String(e.orgId)),
    },
    {
      title: t('pages.audit.chainSeq'),
      key: 'chain',
      width: 150,
      render: (_, e) => `${chainLabel(e.chain)} ${t('pages.audit.seq', { seq: e.seq })}`,
    },
    {
      title: t('pages.audit.details'),
      key: 'details',
      width: 90,
      fixed: 'right',
      card: 'extra',
      render: (_, e) => (
        <Button
          type="link"
          size="small"
          icon={<EyeOutlined />}
          onClick={() => setOpen(e)}
          aria-label={t('pages.audit.detailsOf', { id: e.id })}
        >
          {t('pages.audit.details')}
        </Button>
      ),
    },
  ];

  const banner = (
    <>
      {canVerify && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }} data-testid="audit-checkpoint-hint">
          <InfoCircleOutlined /> {t('pages.audit.checkpointHint')}
        </Typography.Paragraph>
      )}
      {result && (
        <Alert
          style={{ marginBottom: 16 }}
          data-testid="audit-verify-result"
          type={result.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setResult(null)}
          title={
            result.ok
              ? t('pages.audit.verifyOk', { chains: result.chains, entries: result.entries })
              : t('pages.audit.verifyBroken', { chains: result.chains, entries: result.entries, count: result.problems.length })
          }
          description={
            result.ok ? undefined : (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {result.problems.slice(0, 10).map((p) => (
                  <li key={`${p.chain}-${p.seq}-${p.problem}`}>{problemText(p)}</li>
                ))}
                {result.problems.length > 10 && <li>{t('cli.audit.more', { count: result.problems.length - 10 })}</li>}
              </ul>
            )
          }
        />
      )}
    </>
  );

  return (
    <ListPage<TAuditEntry, AuditListQuery, FilterValues>
      title={t('pages.audit.title')}
      list={list}
      columns={columns}
      banner={banner}
      extra={
        canVerify && (
          <>
            <Button type="primary" icon={<CheckCircleOutlined />} loading={verifying} onClick={() => void verify()}>
              {t('pages.audit.verify')}
            </Button>
            <Button icon={<DownloadOutlined />} href={auditCheckpointUrl()} download>
              {t('pages.audit.checkpoint')}
            </Button>
          </>
        )
      }
      filters={{
        name: 'auditFilters',
        toForm: (q) => ({
          action: q.action,
          entityType: q.entityType,
          entityId: q.entityId,
          orgId: q.orgId ? Number(q.orgId) : undefined,
          from: q.from ? dayjs(q.from) : undefined,
          to: q.to ? dayjs(q.to) : undefined,
          actor: q.actor,
        }),
        toQuery: (v) => {
          let [from, to] = [v.from?.format(DAY), v.to?.format(DAY)];
          if (from && to && to < from) [from, to] = [to, from];
          const q: AuditListQuery = {
            action: v.action,
            entityType: v.entityType,
            entityId: v.entityId?.trim() || undefined,
            orgId: v.orgId ? String(v.orgId) : undefined,
            from,
            to,
            actor: v.actor?.trim() || undefined,
          };
          for (const k of Object.keys(q) as (keyof AuditListQuery)[]) if (q[k] === undefined) delete q[k];
          return q;
        },
        fields: [
          {
            name: 'action',
            label: t('pages.audit.action'),
            input: <FilterSelect showSearch options={ACTION_OPTIONS} width={190} />,
          },
          {
            name: 'entityType',
            label: t('pages.audit.entityType'),
            input: <FilterSelect showSearch options={ENTITY_OPTIONS} width={150} />,
          },
          {
            name: 'entityId',
            label: t('pages.audit.entityId'),
            input: <Input allowClear placeholder={t('pages.audit.entityIdPlaceholder')} style={{ width: 110 }} />,
          },
          {
            name: 'orgId',
            label: t('pages.audit.org'),
            input: <OrgSelect allowClear placeholder={t('pages.audit.orgPlaceholder')} style={{ width: 220 }} />,
          },
          {
            // two pickers, not a RangePicker: its two-month popup does not fit a phone
            name: 'from',
            label: t('pages.audit.dateFrom'),
            input: <DatePicker placeholder={t('pages.audit.datePlaceholder')} style={{ width: 140 }} />,
          },
          {
            name: 'to',
            label: t('pages.audit.dateTo'),
            input: <DatePicker placeholder={t('pages.audit.datePlaceholder')} style={{ width: 140 }} />,
          },
          {
            name: 'actor',
            label: t('pages.audit.actor'),
            input: <Input allowClear placeholder={t('pages.audit.actorPlaceholder')} style={{ width: 130 }} />,
          },
        ],
      }}
    >
      {open && <AuditEntryDrawer entry={open} onClose={() => setOpen(null)} />}
    </ListPage>
  );
}
