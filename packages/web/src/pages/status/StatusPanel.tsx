import { enumLabel, type TInstrumentStatusExplain, t } from '@qiangjian/shared';
import { Alert, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { EnumTag } from '../../components/EnumTag.js';
import { ResponsiveTable } from '../../components/list/ResponsiveTable.js';
import { useAccess } from '../../hooks/useAccess.js';
import { useRequest } from '../../hooks/useRequest.js';
import { getInstrumentStatus } from '../../services/status.js';

type Record_ = TInstrumentStatusExplain['verifications'][number];

/** GET /instruments/:id/status (scoped on the server; 404 outside the user's scope). */
export function useInstrumentStatus(instrumentId: number, asOf?: string) {
  const r = useRequest(() => getInstrumentStatus(instrumentId, asOf), [instrumentId, asOf]);
  return { data: r.error ? null : (r.data ?? null), loading: r.loading };
}

const ALERT_TYPE: Record<TInstrumentStatusExplain['status'], 'success' | 'info' | 'warning' | 'error'> = {
  valid: 'success',
  removed: 'info',
  due_soon: 'warning',
  rotation_due: 'warning',
  overdue: 'error',
  rotation_overdue: 'error',
  failed: 'error',
  unverified: 'error',
};

function cycleText(months: number | null): string {
  if (months === null) return t('status.cycle.none');
  return months % 12 === 0 ? t('status.cycle.years', { n: months / 12 }) : t('status.cycle.months', { n: months });
}

/**
 * The instrument status panel: badge, valid-until, the reason with the rule citation, the verification
 * records behind it (and nozzles for dispensers). Embeddable: `<InstrumentStatusPanel instrumentId={id} />`.
 */
export function InstrumentStatusPanel({
  instrumentId,
  asOf,
  bordered = true,
}: {
  instrumentId: number;
  asOf?: string;
  bordered?: boolean;
}) {
  const { data, loading } = useInstrumentStatus(instrumentId, asOf);
  // the source's confidence tag is for the rule editors (docs/STATUS.md), not for the enterprises
  const canEditRules = useAccess().can('rule.update');
  if (loading) return <Spin />;
  if (!data) return null;
  const recordColumns = [
    { title: t('pages.status.records.date'), dataIndex: 'date', width: 110, card: 'title' as const },
    { title: t('pages.status.records.kind'), dataIndex: 'kind', width: 100, render: (k: string) => enumLabel('verificationKind', k) },
    {
      title: t('pages.status.records.conclusion'),
      dataIndex: 'conclusion',
      width: 90,
      card: 'extra' as const,
      render: (c: string) => <EnumTag name="conclusion" value={c} />,
    },
    {
      title: t('pages.status.records.nozzle'),
      dataIndex: 'nozzleNo',
      width: 80,
      render: (n: number) => (n === 0 ? t('pages.status.records.whole') : t('pages.status.records.nozzleNo', { n })),
    },
    { title: t('pages.status.records.certificateNo'), dataIndex: 'certificateNo', width: 160 },
    { title: t('pages.status.records.validUntil'), dataIndex: 'validUntil', width: 110 },
    { title: t('pages.status.records.institution'), dataIndex: 'institutionName', ellipsis: true },
  ];
  const governingId = data.governing?.id ?? null;
  return (
    <Card title={t('pages.status.panel.title')} variant={bordered ? 'outlined' : 'borderless'} aria-label={t('pages.status.panel.title')}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Descriptions column={{ xs: 1, sm: 2, md: 3 }} size="small">
          <Descriptions.Item label={t('pages.status.panel.status')}>
            <EnumTag name="status" value={data.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('pages.status.panel.validUntil')}>{data.validUntil ?? t('pages.common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('pages.status.panel.asOf')}>{data.asOf}</Descriptions.Item>
          {data.rule && (
            <>
              <Descriptions.Item label={t('pages.status.panel.rule')}>
                {data.rule.edition ? `${data.rule.regulationId}-${data.rule.edition}` : data.rule.regulationId}{' '}
                {canEditRules && <Tag>{enumLabel('ruleTag', data.rule.tag)}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('pages.status.panel.mode')}>{enumLabel('verificationMode', data.rule.mode)}</Descriptions.Item>
              <Descriptions.Item label={t('pages.status.panel.cycle')}>{cycleText(data.rule.cycleMonths)}</Descriptions.Item>
            </>
          )}
        </Descriptions>
        <Alert
          type={ALERT_TYPE[data.status]}
          showIcon
          message={data.reason}
          description={
            data.rule ? (
              <Typography.Text type="secondary">{`${t('pages.status.panel.citation')}：${data.rule.citation}`}</Typography.Text>
            ) : undefined
          }
        />
        {data.nozzles.length > 0 && (
          <>
            <Typography.Text strong>{t('pages.status.panel.nozzles')}</Typography.Text>
            {/* a table from md up, one card per nozzle on a phone */}
            <ResponsiveTable
              rowKey="nozzleNo"
              pagination={false}
              dataSource={data.nozzles}
              columns={[
                {
                  title: t('pages.status.records.nozzle'),
                  dataIndex: 'nozzleNo',
                  width: 80,
                  card: 'title',
                  render: (n: number) => t('pages.status.records.nozzleNo', { n }),
                },
                {
                  title: t('pages.status.panel.status'),
                  dataIndex: 'status',
                  width: 110,
                  card: 'extra',
                  render: (s: string) => <EnumTag name="status" value={s} />,
                },
                { title: t('pages.status.panel.validUntil'), dataIndex: 'validUntil', width: 110 },
                { title: t('pages.status.panel.reason'), dataIndex: 'reason' },
              ]}
            />
          </>
        )}
        <Typography.Text strong>{t('pages.status.panel.records')}</Typography.Text>
        <ResponsiveTable<Record_ & { key: string }>
          rowKey="key"
          pagination={false}
          // a record's id may be null (a verification from before the platform): the key is the nozzle, date and id
          dataSource={data.verifications.map((v) => ({ ...v, key: `${v.nozzleNo}-${v.date}-${v.id ?? ''}` }))}
          columns={recordColumns}
          locale={{ emptyText: t('pages.status.panel.noRecords') }}
          rowClassName={(r) => (governingId !== null && r.id === governingId ? 'qj-row-governing' : '')}
        />
      </Space>
    </Card>
  );
}
