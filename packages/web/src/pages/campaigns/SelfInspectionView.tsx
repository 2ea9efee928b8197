import { DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { enumLabel, type TSelfInspection, type TSelfInspectionForm, t } from '@qiangjian/shared';
import { Alert, Card, Descriptions, Form, type FormInstance, Input, InputNumber, List, Space, Switch, Tag, Typography } from 'antd';
import { EnumTag } from '../../components/EnumTag.js';
import { formatDateTime } from '../../lib/format.js';
import { attachment1Url, selfInspectionFileUrl } from '../../services/campaigns.js';

/** The status header of a self-inspection: status, late, records on the due date, gaps, re-check, reminders. */
export function SelfInspectionHeader({ r }: { r: TSelfInspection }) {
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong>{r.orgName}</Typography.Text>
        <Tag>{enumLabel('selfInspectionFormKind', r.formKind)}</Tag>
        <EnumTag name="participantStatus" value={r.status} />
        {r.late && r.status !== 'late' && <Tag color="red">{t('pages.selfInspection.late')}</Tag>}
        {r.recheck && <Tag color="purple">{t('pages.selfInspection.recheck')}</Tag>}
        <Typography.Text type="secondary">{t('pages.selfInspection.due', { date: r.due })}</Typography.Text>
      </Space>
      {r.submittedAt && r.version !== null && (
        <Typography.Text>
          {t('pages.selfInspection.submittedAt', { at: formatDateTime(r.submittedAt), version: r.version })}
        </Typography.Text>
      )}
      {r.correctionReason && <Typography.Text>{t('pages.selfInspection.correctionOf', { reason: r.correctionReason })}</Typography.Text>}
      {r.records && (
        <Typography.Text type="secondary">
          {t('pages.selfInspection.records', {
            date: r.records.asOf,
            instruments: r.records.instrumentCount,
            overdue: r.records.overdueCount,
            unverified: r.records.unverifiedCount,
            failed: r.records.failedCount,
            drafts: r.records.draftCount,
          })}
        </Typography.Text>
      )}
      {r.gaps.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('pages.selfInspection.gaps')}
          description={r.gaps.map((g) => (
            <div key={g.field}>
              {t('pages.campaigns.detail.gapLine', { field: enumLabel('gapField', g.field), reported: g.reported, records: g.records })}
            </div>
          ))}
        />
      )}
      {r.reminders.length > 0 && (
        <Space wrap>
          {r.reminders.map((x) => (
            <Tag key={x.at} color="red">
              {t('pages.campaigns.banner.reminded', { date: formatDateTime(x.at) })}
            </Tag>
          ))}
        </Space>
      )}
    </Space>
  );
}

type Values = Omit<TSelfInspectionForm, 'kind'> & Record<string, unknown>;

/** The form of the report's kind (utility / station / institution); `disabled` when frozen or read by the regulator. */
export function SelfInspectionFields({ r, form, disabled }: { r: TSelfInspection; form: FormInstance<Values>; disabled: boolean }) {
  const flag = (name: string) => (
    <Form.Item key={name} name={name} label={t(`pages.selfInspection.${name}`)} valuePropName="checked">
      <Switch disabled={disabled} checkedChildren={t('pages.common.yes')} unCheckedChildren={t('pages.common.no')} />
    </Form.Item>
  );
  const count = (name: string) => (
    <Form.Item key={name} name={name} label={t(`pages.selfInspection.${name}`)} rules={[{ required: true }]}>
      <InputNumber min={0} precision={0} disabled={disabled} style={{ width: '100%', maxWidth: 240 }} />
    </Form.Item>
  );
  const text = (name: string) => (
    <Form.Item key={name} name={name} label={t(`pages.selfInspection.${name}`)}>
      <Input.TextArea rows={3} maxLength={2000} disabled={disabled} />
    </Form.Item>
  );
  const kind = r.form.kind;
  return (
    <Form form={form} name="selfInspection" layout="vertical" initialValues={r.form as Values}>
      {kind === 'institution' ? (
        <>
          {flag('authorizationValid')}
          {flag('standardsValid')}
          {flag('verifiersQualified')}
        </>
      ) : (
        <>
          {flag('ledgerEstablished')}
          {flag('allFiled')}
          {kind === 'station' && flag('sealsIntact')}
          {count('instrumentCount')}
          {count('overdueCount')}
          {count('unverifiedCount')}
          {count('failedCount')}
          {count('fixedCount')}
        </>
      )}
      {text('fixedText')}
      {text('problemsText')}
      {text('notes')}
    </Form>
  );
}

/** Attachments, Attachment 1 as of the due date, and the versions. */
export function SelfInspectionFiles({ r, extra }: { r: TSelfInspection; extra?: React.ReactNode }) {
  return (
    <Card size="small" title={t('pages.selfInspection.attachments')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {r.attachment1 && (
          <a href={attachment1Url(r.attachment1.orgId, r.attachment1.asOf)} data-testid="attachment1-link">
            <DownloadOutlined /> {t('pages.selfInspection.attachment1', { date: r.attachment1.asOf })}
          </a>
        )}
        {r.files.length > 0 && (
          <List
            size="small"
            dataSource={r.files}
            renderItem={(f) => (
              <List.Item>
                <a href={selfInspectionFileUrl(r.campaignId, r.orgId, f.id)}>
                  <PaperClipOutlined /> {f.fileName}
                </a>
              </List.Item>
            )}
          />
        )}
        {extra}
        {r.versions.length > 0 && (
          <Descriptions size="small" column={1} title={t('pages.selfInspection.versions')}>
            {r.versions.map((v) => (
              <Descriptions.Item key={v.version} label={t('pages.selfInspection.version', { version: v.version })}>
                <Space wrap>
                  <EnumTag name="selfInspectionState" value={v.state} />
                  {v.late && <Tag color="red">{t('pages.selfInspection.late')}</Tag>}
                  {v.submittedAt && formatDateTime(v.submittedAt)}
                  {v.correctionReason && t('pages.selfInspection.correctionOf', { reason: v.correctionReason })}
                </Space>
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
