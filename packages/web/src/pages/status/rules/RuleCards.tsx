import { enumLabel, type TRule, t } from '@qiangjian/shared';
import { Button, Card, Empty, Spin, Tag, Typography } from 'antd';
import { formatDateTime } from '../../../lib/format.js';
import { conditionText, cycleText, recordedByText, regulationText, type SettingValues } from './condition.js';

export const TAG_COLOR: Record<TRule['tag'], string> = { C: 'green', P: 'blue', U: 'orange' };

const Secondary = ({ children }: { children: string }) => (
  <div>
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {children}
    </Typography.Text>
  </div>
);

/** Phone layout of the catalog: one card per rule version (the table needs ~1,100 px). */
export function RuleCards(props: {
  rules: TRule[];
  loading: boolean;
  history: boolean;
  settings: SettingValues;
  canEdit: boolean;
  onEdit: (r: TRule) => void;
}) {
  if (!props.loading && props.rules.length === 0) return <Empty />;
  return (
    <Spin spinning={props.loading}>
      {props.rules.map((r) => (
        <Card
          key={r.id}
          size="small"
          className="qj-rule-card"
          style={{ marginBottom: 12, ...(r.current ? {} : { background: '#fafafa', color: 'rgba(0, 0, 0, 0.45)' }) }}
          title={`${enumLabel('category', r.category)} · ${regulationText(r)}`}
          extra={
            <>
              <span>{t('pages.status.rules.versionNo', { version: r.version })}</span>{' '}
              {r.current ? <Tag color="green">{t('pages.status.rules.current')}</Tag> : <Tag>{t('pages.status.rules.superseded')}</Tag>}
              {props.canEdit && r.current && (
                <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => props.onEdit(r)}>
                  {t('pages.status.rules.edit')}
                </Button>
              )}
            </>
          }
        >
          <div style={{ fontWeight: 500 }}>{conditionText(r.condition, props.settings)}</div>
          <div style={{ marginTop: 4 }}>
            {`${enumLabel('verificationMode', r.mode)} · `}
            <span style={{ fontWeight: 500 }}>{cycleText(r.cycleMonths)}</span>
          </div>
          <Secondary>{t('pages.status.rules.countedFromText', { from: enumLabel('countedFrom', r.countedFrom) })}</Secondary>
          <div style={{ marginTop: 4 }}>
            {props.canEdit && (
              <Tag color={TAG_COLOR[r.tag]} style={{ whiteSpace: 'normal' }}>{`[${r.tag}] ${enumLabel('ruleTag', r.tag)}`}</Tag>
            )}
            {!r.mandatory && <Tag>{t('pages.status.rules.notMandatory')}</Tag>}
            {!r.active && <Tag color="red">{t('pages.status.rules.inactive')}</Tag>}
          </div>
          <div style={{ marginTop: 4 }}>
            {`${t('pages.status.rules.col.effective')}：${r.effectiveFrom ?? t('pages.status.rules.effectiveOpenStart')} ${
              r.effectiveTo ? t('pages.status.rules.effectiveTo', { to: r.effectiveTo }) : t('pages.status.rules.effectiveOpenEnd')
            }`}
          </div>
          <div style={{ marginTop: 4 }}>{`${t('pages.status.rules.col.citation')}：${r.citation}`}</div>
          {props.canEdit && r.note && <Secondary>{t('pages.status.rules.noteText', { note: r.note })}</Secondary>}
          {props.history && (
            <Secondary>
              {t('pages.status.rules.recordedAtBy', { at: formatDateTime(r.recordedAt), by: recordedByText(r.recordedBy) })}
            </Secondary>
          )}
          {props.history && r.supersededAt && (
            <Secondary>{t('pages.status.rules.supersededAt', { at: formatDateTime(r.supersededAt) })}</Secondary>
          )}
        </Card>
      ))}
    </Spin>
  );
}
