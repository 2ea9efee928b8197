import { enumLabel, type TPublishedDraw, t } from '@qiangjian/shared';
import { REGION_SEED } from '@qiangjian/shared/data';
import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import { formatDateTime } from '../../lib/format.js';

/**
 * A draw's published record in Chinese (docs/SUPERVISION.md, Publication): the commitment, the seed and witness after
 * the run, each stratum's candidates, pool and drawn targets, the recusals and the assignments. Names are optional
 * (the regulator's page has them; the public page shows the keys only).
 */
export function DrawRecord({
  record,
  targetNames = {},
  inspectorNames = {},
}: {
  record: TPublishedDraw;
  targetNames?: Record<string, string>;
  inspectorNames?: Record<string, string>;
}) {
  const target = (k: string) => (targetNames[k] ? t('pages.common.nameCode', { name: targetNames[k], code: k }) : k);
  const inspector = (k: string) => (inspectorNames[k] ? t('pages.common.nameCode', { name: inspectorNames[k], code: k }) : k);
  const revealed = record.seed !== undefined;
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('pages.draws.algorithm')}>
            <code>{record.algorithm}</code>
          </Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.commitment')}>
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="draw-commitment">
              {record.commitment}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.seed')}>
            {revealed ? (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {record.seed}
              </Typography.Text>
            ) : (
              t('pages.draws.beforeRun')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.witness')}>{record.witness ?? t('pages.draws.noWitness')}</Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.committedAt')}>{formatDateTime(record.committedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.revealedAt')}>{formatDateTime(record.revealedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.perTarget')}>{record.inspectorsPerTarget}</Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.maxPerInspector')}>
            {record.maxTargetsPerInspector ?? t('pages.draws.none')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('pages.draws.strata')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={record.strata}
          columns={[
            {
              title: t('pages.draws.stratum'),
              dataIndex: 'key',
              render: (k: string) => (
                <>
                  {stratumLabel(k)}
                  <br />
                  <Typography.Text type="secondary" code>
                    {k}
                  </Typography.Text>
                </>
              ),
            },
            { title: t('pages.draws.ratio'), dataIndex: 'ratioBp', render: (bp: number) => `${bp / 100}%` },
            { title: t('pages.draws.min'), dataIndex: 'min' },
            {
              title: t('pages.draws.highRisk'),
              key: 'highRisk',
              render: (_: unknown, s: TPublishedDraw['strata'][number]) =>
                s.highRisk === undefined
                  ? '—'
                  : t('pages.draws.highRiskCell', {
                      ratio: (s.highRiskRatioBp ?? 0) / 100,
                      threshold: s.highRiskThreshold ?? 0,
                      count: s.highRisk.length,
                    }),
            },
            { title: t('pages.draws.candidates'), dataIndex: 'candidates', render: (c: string[]) => c.length },
            { title: t('pages.draws.pool'), dataIndex: 'pool', render: (p: string[]) => p.join('、') },
            {
              title: t('pages.draws.drawn'),
              dataIndex: 'drawn',
              render: (d: string[] | undefined) => (d ? d.map((k) => <Tag key={k}>{target(k)}</Tag>) : '—'),
            },
          ]}
        />
      </Card>
      <Card title={t('pages.draws.recusalList')} style={{ marginBottom: 16 }}>
        {record.recusals.length === 0
          ? t('pages.draws.none')
          : record.recusals.map((r) => (
              <div key={`${r.inspectorKey}|${r.targetKey}`}>
                {inspector(r.inspectorKey)} — {target(r.targetKey)}
              </div>
            ))}
      </Card>
      {record.assignments && (
        <Card title={t('pages.draws.assignments')}>
          <Table
            size="small"
            rowKey="targetKey"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={record.assignments}
            columns={[
              { title: t('pages.draws.target'), dataIndex: 'targetKey', render: (k: string) => target(k) },
              { title: t('pages.draws.inspectors'), dataIndex: 'inspectors', render: (i: string[]) => i.map(inspector).join('、') },
            ]}
          />
        </Card>
      )}
    </>
  );
}

const REGION_NAMES = new Map(REGION_SEED.map((r) => [r.code, r.name]));

/** A stratum key (`kind` or `kind/town`, docs/SUPERVISION.md) in Chinese: 加油站点 · 嘎鲁图镇; unknown parts stay codes. */
function stratumLabel(key: string): string {
  const [kind = '', area] = key.split('/');
  const kindName = enumLabel('targetKind', kind);
  return area ? t('pages.draws.stratumLabel', { kind: kindName, area: REGION_NAMES.get(area) ?? area }) : kindName;
}
