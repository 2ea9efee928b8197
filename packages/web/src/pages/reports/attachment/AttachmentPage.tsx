import { enumLabel, ratePrinted, type TRatio, type TReportRow, t, yuanToWan } from '@qiangjian/shared';
import { ATTACHMENT2_LAYOUT, ATTACHMENT3_LAYOUT, type ReportColumn } from '@qiangjian/shared/data';
import { Alert, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { type AttachmentId, attachmentDownloadUrl, getAttachment, type ReportQuery } from '../../../services/reports.js';
import { DrillDrawer, type DrillTarget } from './DrillDrawer.js';
import { DEFAULT_REPORT_QUERY, ReportFilters } from './ReportFilters.js';

const isRatio = (v: unknown): v is TRatio => typeof v === 'object' && v !== null && 'denominator' in v;

/** A cell as the table shows it (the layout's kind: counts, rates, wan-yuan, yes/no, enum labels). */
function cellText(col: ReportColumn, v: TReportRow[string] | undefined): string {
  if (v === null || v === undefined) return col.kind === 'rate' ? ratePrinted(null) : '';
  if (isRatio(v)) return ratePrinted(v.rate);
  if (col.kind === 'money' && typeof v === 'number') return yuanToWan(v);
  if (col.kind === 'bool' && typeof v === 'boolean') return enumLabel('yesNo', v ? 'yes' : 'no');
  return String(v);
}

const DRILLABLE = new Set(['count', 'rate', 'money']);
const NOT_DRILLABLE = new Set(['complaintsReceived', 'utilityComplaintsHandled']);

/**
 * Attachment 2 / Attachment 3 pages: the layout's multi-level header (group → column), every number a link opening the records
 * behind it, downloads of the printed XLSX and PDF. The total row drills into every row's records (distinct).
 */
export function AttachmentPage({ id, title }: { id: AttachmentId; title: string }) {
  const layout = id === 'attachment2' ? ATTACHMENT2_LAYOUT : ATTACHMENT3_LAYOUT;
  const [query, setQuery] = useState<ReportQuery>(DEFAULT_REPORT_QUERY);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const { data, loading } = useRequest(() => getAttachment(id, query), [id, query]);

  const rowName = (r: TReportRow) =>
    r.seq === null
      ? t('report.stats.total')
      : String(id === 'attachment2' ? `${r.enterpriseName} · ${enumLabel('category', String(r.meterType))}` : r.stationName);
  const leaf = (col: ReportColumn) => ({
    title: col.unit && col.kind !== 'rate' ? `${col.header}（${col.unit}）` : col.header,
    key: col.key,
    align: (col.kind === 'text' ? 'left' : 'center') as 'left' | 'center',
    render: (_: unknown, r: TReportRow) => {
      if (col.key === 'seq') return r.seq === null ? t('report.stats.total') : String(r.seq);
      if (col.kind === 'enum') return <EnumTag name={col.enumName ?? ''} value={r[col.key] as string | null} />;
      const text = cellText(col, r[col.key]);
      if (!DRILLABLE.has(col.kind) || NOT_DRILLABLE.has(col.key) || text === '') return text;
      const rowParams =
        r.seq === null
          ? {}
          : id === 'attachment2'
            ? { orgId: Number(r.orgId), meterType: String(r.meterType) }
            : { siteId: Number(r.siteId) };
      return (
        <Typography.Link
          data-testid={`cell-${r.seq ?? 'total'}-${col.key}`}
          onClick={() =>
            setDrill({
              query: { ...query, ...rowParams, column: col.key },
              title: t('pages.reports.drillTitle', { row: rowName(r), column: col.header, value: text }),
            })
          }
        >
          {text}
        </Typography.Link>
      );
    },
  });
  const columns: ColumnsType<TReportRow> = [];
  for (const col of layout.columns) {
    if (!col.group) {
      columns.push(leaf(col));
      continue;
    }
    const last = columns[columns.length - 1] as { title?: unknown; children?: ColumnsType<TReportRow> } | undefined;
    if (last?.children && last.title === col.group) last.children.push(leaf(col));
    else columns.push({ title: col.group, key: `g-${col.group}`, children: [leaf(col)] });
  }
  const rows = data ? [...data.rows, data.total] : [];

  return (
    <>
      <PageTitle title={title} />
      <ReportFilters value={query} onSubmit={setQuery} />
      {data && data.identityViolations.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('pages.reports.violations')} />
      )}
      <Card
        title={data ? t('pages.reports.templateVersion', { title: layout.title, version: data.template.version }) : undefined}
        extra={
          <Space wrap>
            <Button href={attachmentDownloadUrl(id, query, 'xlsx')} disabled={!data || data.identityViolations.length > 0}>
              {t('pages.reports.downloadXlsx')}
            </Button>
            <Button href={attachmentDownloadUrl(id, query, 'pdf')} disabled={!data || data.identityViolations.length > 0}>
              {t('pages.reports.downloadPdf')}
            </Button>
          </Space>
        }
      >
        <Table<TReportRow>
          rowKey={(r) => String(r.seq ?? 'total')}
          size="small"
          bordered
          loading={loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          columns={columns}
        />
        {data?.blocks && (
          <Descriptions style={{ marginTop: 16 }} size="small" bordered title={t('pages.reports.blocks')} column={{ xs: 1, sm: 2, md: 3 }}>
            {(ATTACHMENT2_LAYOUT.blocks ?? []).map((b) => (
              <Descriptions.Item key={b.key} label={`${b.group} · ${b.label}`}>
                {data.blocks?.[b.key] ?? ratePrinted(null)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Card>
      {drill && <DrillDrawer id={id} target={drill} onClose={() => setDrill(null)} />}
    </>
  );
}
