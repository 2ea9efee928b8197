import { type TAuditEntry, t } from '@qiangjian/shared';
import { Descriptions, Drawer, Grid, Table, Typography } from 'antd';
import { formatDateTime } from '../../../lib/format.js';
import { actionLabel, actorText, chainLabel, dataRows, diffRows, entityLabel } from './audit-labels.js';
import { CodeLabel } from './CodeLabel.js';

/** One audit entry: who, what, where in the chain, its data (changes as field → 原值 → 新值) and its hash. */
export function AuditEntryDrawer({ entry, onClose }: { entry: TAuditEntry; onClose: () => void }) {
  const narrow = Grid.useBreakpoint().md === false;
  const diff = diffRows(entry.data, entry.entityType);
  const rest = dataRows(entry.data, entry.entityType);
  return (
    <Drawer open title={t('pages.audit.drawerTitle', { id: entry.id })} size={narrow ? '100%' : 640} onClose={onClose} destroyOnHidden>
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }}>
        <Descriptions.Item label={t('pages.audit.at')}>{formatDateTime(entry.at)}</Descriptions.Item>
        <Descriptions.Item label={t('pages.audit.actor')}>{actorText(entry)}</Descriptions.Item>
        <Descriptions.Item label={t('pages.audit.action')}>
          <CodeLabel label={actionLabel(entry.action)} />
        </Descriptions.Item>
        <Descriptions.Item label={t('pages.audit.entity')}>
          {entry.entityType ? (
            <CodeLabel label={entityLabel(entry.entityType)} suffix={entry.entityId ?? undefined} />
          ) : (
            t('pages.audit.empty')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('pages.audit.org')}>
          {entry.orgName ?? (entry.orgId === null ? t('pages.audit.empty') : String(entry.orgId))}
        </Descriptions.Item>
        <Descriptions.Item label={t('pages.audit.chainSeq')}>
          {chainLabel(entry.chain)} {t('pages.audit.seq', { seq: entry.seq })}
        </Descriptions.Item>
        <Descriptions.Item label={t('pages.audit.hash')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="audit-hash">
            {entry.hash}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>

      {diff && (
        <>
          <h3 style={{ marginTop: 24 }}>{t('pages.audit.changes')}</h3>
          <Table
            size="small"
            rowKey="field"
            pagination={false}
            dataSource={diff}
            data-testid="audit-diff"
            columns={[
              { title: t('pages.audit.field'), dataIndex: 'label', width: 140 },
              { title: t('pages.audit.before'), dataIndex: 'before', render: (v: string) => <Typography.Text delete>{v}</Typography.Text> },
              { title: t('pages.audit.after'), dataIndex: 'after', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
            ]}
          />
        </>
      )}

      <h3 style={{ marginTop: 24 }}>{t('pages.audit.data')}</h3>
      {rest.length === 0 ? (
        <Typography.Text type="secondary">{t('pages.audit.noData')}</Typography.Text>
      ) : (
        <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }} data-testid="audit-data">
          {rest.map((r) => (
            <Descriptions.Item key={r.field} label={r.label}>
              <span style={{ wordBreak: 'break-all' }}>{r.value}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Drawer>
  );
}
