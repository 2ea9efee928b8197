import { enumLabel, MEDIATION_OUTCOMES, type TComplaintDetail, t } from '@qiangjian/shared';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  message,
  Rate,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { formatDateTime } from '../../../lib/format.js';
import {
  addComplaintNote,
  addMediationSession,
  addUtilityHandling,
  complaintAttachmentUrl,
  decideComplaint,
  extendCaseDecision,
  getComplaint,
  pauseComplaint,
  proposeRefund,
  recordSatisfaction,
  replyComplaint,
  resumeComplaint,
  showPersonal,
} from '../../../services/complaints.js';
import { FlagTag } from '../list/index.js';
import { ActionForm, required } from './components/ActionForm.js';
import { ArbitrationForm } from './components/ArbitrationForm.js';
import { AssignForm } from './components/AssignForm.js';
import { CaseDecisionForm } from './components/CaseDecisionForm.js';

/** 投诉举报详情 (docs/COMPLAINTS.md): the complaint with its clocks and every handling action of its stage. */
export default function ComplaintDetailPage() {
  const { id } = useParams();
  const access = useAccess();
  const { data: c, setData, loading } = useRequest(() => getComplaint(id as string), [id]);
  const [personal, setPersonal] = useState<{ name: string | null; phone: string | null } | null>(null);
  if (!c) return <Card loading={loading} />;
  const done = async (p: Promise<TComplaintDetail>) => {
    setData(await p);
    void message.success(t('pages.complaints.detail.done'));
  };
  const open = c.stage !== 'closed' && c.stage !== 'refused';
  const handle = c.canHandle;
  const grid = { xs: 1, md: 2 } as const;
  return (
    <>
      <PageTitle title={`${t('menu.complaints.detail')} ${c.trackingCode}`} />
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <Card title={t('pages.complaints.detail.basic')} extra={<Tag data-testid="stage">{enumLabel('complaintStage', c.stage)}</Tag>}>
          <Descriptions column={grid} size="small">
            <Descriptions.Item label={t('pages.complaints.list.type')}>{enumLabel('complaintType', c.type)}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.list.subject')}>{enumLabel('complaintSubject', c.subject)}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.list.org')}>{c.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.detail.site')}>{c.siteName}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.detail.instrument')}>{c.instrumentLabel}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.list.town')}>{c.townName}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.list.office')}>{c.officeName}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.list.handler')}>{c.handler}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.list.receivedAt')}>{formatDateTime(c.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.detail.occurredOn')}>{c.occurredOn}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.detail.amount')}>{c.amountYuan}</Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.list.complainant')}>
              {c.anonymous ? (
                t('pages.complaints.list.anonymous')
              ) : (
                <Space wrap>
                  <span data-testid="personal">
                    {personal ? `${personal.name ?? ''} ${personal.phone ?? ''}` : `${c.nameMasked ?? ''} ${c.phoneMasked ?? ''}`}
                  </span>
                  {c.canShowPersonal && !personal ? (
                    <Button
                      size="small"
                      onClick={() => void showPersonal(c.id).then(setPersonal)}
                      title={t('pages.complaints.detail.personalAudited')}
                    >
                      {t('pages.complaints.detail.showPersonal')}
                    </Button>
                  ) : null}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.complaints.detail.description')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.description}</Typography.Paragraph>
            </Descriptions.Item>
            {c.caseDecision ? (
              <Descriptions.Item label={t('pages.complaints.detail.caseDecision')}>
                <span data-testid="case-decision">{enumLabel('complaintCaseDecision', c.caseDecision)}</span>
              </Descriptions.Item>
            ) : null}
            {c.refusalReason ? (
              <Descriptions.Item label={t('pages.complaints.detail.refusal')} span={2}>
                {c.refusalReason}
              </Descriptions.Item>
            ) : null}
            {c.duplicateOf || c.duplicates.length > 0 ? (
              <Descriptions.Item label={t('pages.complaints.detail.duplicates')} span={2}>
                {[c.duplicateOf, ...c.duplicates].filter(Boolean).join('，')}
              </Descriptions.Item>
            ) : null}
            {c.attachments.length > 0 ? (
              <Descriptions.Item label={t('pages.complaints.detail.attachments')} span={2}>
                <Space wrap>
                  {c.attachments.map((f) => (
                    <a key={f.id} href={complaintAttachmentUrl(c.id, f.id)} target="_blank" rel="noreferrer">
                      {f.fileName}
                    </a>
                  ))}
                </Space>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>

        <Card title={t('pages.complaints.detail.clocks')} extra={<FlagTag flag={c.flag} paused={c.paused} />}>
          {c.paused ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('pages.complaints.public.paused', { reason: c.pauseReason ?? '' })}
            />
          ) : null}
          <List
            size="small"
            dataSource={c.clocks}
            renderItem={(k) => (
              <List.Item>
                <Space wrap>
                  <strong>{enumLabel('complaintClock', k.kind)}</strong>
                  <span>
                    {t('pages.complaints.detail.deadline')} {k.deadline}
                  </span>
                  {k.met ? (
                    <Tag color="green">{t('pages.complaints.detail.met')}</Tag>
                  ) : k.daysLeft !== null ? (
                    <Tag color={k.daysLeft < 0 ? 'red' : k.flag === 'near' ? 'gold' : 'blue'}>
                      {k.daysLeft < 0
                        ? t('pages.complaints.detail.daysOver', { n: -k.daysLeft })
                        : t('pages.complaints.detail.daysLeft', { n: k.daysLeft })}
                    </Tag>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
          {c.pausedWorkingDays > 0 ? (
            <Typography.Text type="secondary">{t('pages.complaints.detail.pausedDays', { n: c.pausedWorkingDays })}</Typography.Text>
          ) : null}
        </Card>

        {handle && open ? (
          <Card title={t('pages.complaints.detail.actions')}>
            <Space direction="vertical" style={{ width: '100%' }} size={16}>
              {c.stage === 'received' ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Button type="primary" block data-testid="accept" onClick={() => void done(decideComplaint(c.id, { accept: true }))}>
                    {t('pages.complaints.detail.accept')}
                  </Button>
                  <ActionForm
                    name="refuse"
                    label={t('pages.complaints.detail.refuse')}
                    danger
                    onSubmit={(v) => done(decideComplaint(c.id, { accept: false, reason: String(v.reason) }))}
                  >
                    <Form.Item name="reason" label={t('pages.complaints.detail.refuseReason')} rules={required}>
                      <Input.TextArea rows={2} />
                    </Form.Item>
                  </ActionForm>
                </Space>
              ) : null}
              {c.paused ? (
                <Button block onClick={() => void done(resumeComplaint(c.id))}>
                  {t('pages.complaints.detail.resume')}
                </Button>
              ) : (
                <ActionForm
                  name="pause"
                  label={t('pages.complaints.detail.pause')}
                  onSubmit={(v) => done(pauseComplaint(c.id, String(v.reason)))}
                >
                  <Form.Item name="reason" label={t('pages.complaints.detail.pauseReason')} rules={required}>
                    <Input />
                  </Form.Item>
                </ActionForm>
              )}
              <AssignForm c={c} done={done} />
              {c.type === 'complaint' && c.stage !== 'received' && !c.mediationResult ? (
                <ActionForm
                  name="session"
                  label={t('pages.complaints.detail.addSession')}
                  onSubmit={(v) =>
                    done(
                      addMediationSession(c.id, {
                        heldOn: String(v.heldOn),
                        parties: String(v.parties)
                          .split(/[,，]/)
                          .map((x) => x.trim())
                          .filter(Boolean),
                        summary: String(v.summary),
                        outcome: String(v.outcome),
                      }),
                    )
                  }
                >
                  <Form.Item {...dateFieldProps} name="heldOn" label={t('pages.complaints.detail.heldOn')} rules={required}>
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name="parties" label={t('pages.complaints.detail.parties')} rules={required}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="summary" label={t('pages.complaints.detail.summary')} rules={required}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                  <Form.Item name="outcome" label={t('pages.complaints.detail.outcome')} rules={required}>
                    <Select options={MEDIATION_OUTCOMES.map((o) => ({ value: o, label: enumLabel('mediationOutcome', o) }))} />
                  </Form.Item>
                </ActionForm>
              ) : null}
              {c.type === 'report' && c.stage !== 'received' && !c.caseDecision ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <CaseDecisionForm c={c} done={done} />
                  {!c.caseExtended ? (
                    <Button block onClick={() => void done(extendCaseDecision(c.id))}>
                      {t('pages.complaints.detail.extend')}
                    </Button>
                  ) : null}
                </Space>
              ) : null}
              {c.instrumentId && c.stage !== 'received' ? <ArbitrationForm c={c} done={done} /> : null}
              <ActionForm
                name="note"
                label={t('pages.complaints.detail.note')}
                onSubmit={(v) => done(addComplaintNote(c.id, String(v.text)))}
              >
                <Form.Item name="text" label={t('pages.complaints.detail.notes')} rules={required}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </ActionForm>
              {c.stage !== 'received' ? (
                <ActionForm
                  name="reply"
                  label={t('pages.complaints.detail.reply')}
                  onSubmit={(v) => done(replyComplaint(c.id, String(v.text)))}
                >
                  <Form.Item name="text" label={t('pages.complaints.detail.replyText')} rules={required}>
                    <Input.TextArea rows={3} />
                  </Form.Item>
                </ActionForm>
              ) : null}
            </Space>
          </Card>
        ) : null}

        {handle && !open ? (
          <Card title={t('pages.complaints.detail.satisfaction')}>
            <Rate value={c.satisfaction ?? 0} onChange={(n) => void done(recordSatisfaction(c.id, n))} />
          </Card>
        ) : null}

        {access.can('complaint.read_own') && !access.can('complaint.read') ? (
          <Card title={t('pages.complaints.detail.handling')}>
            <ActionForm
              name="handling"
              label={t('pages.complaints.detail.handling')}
              onSubmit={(v) => done(addUtilityHandling(c.id, String(v.text)))}
            >
              <Form.Item name="text" rules={required}>
                <Input.TextArea rows={3} />
              </Form.Item>
            </ActionForm>
          </Card>
        ) : null}

        {c.arbitrations.length > 0 ? (
          <Card title={t('pages.complaints.detail.arbitration')}>
            {c.arbitrations.map((a) => (
              <Space key={a.id} direction="vertical" style={{ width: '100%' }}>
                <Descriptions column={grid} size="small">
                  <Descriptions.Item label={t('pages.complaints.detail.institution')}>{a.institutionName}</Descriptions.Item>
                  <Descriptions.Item label={t('pages.complaints.detail.application')}>
                    {a.applicationId} <Tag>{enumLabel('applicationStatus', a.applicationStatus)}</Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('pages.complaints.detail.result')}>
                    {a.result ? (
                      <span data-testid="arbitration-result">
                        <Tag color={a.result.conclusion === 'failed' ? 'red' : 'green'}>{enumLabel('conclusion', a.result.conclusion)}</Tag>
                        {a.result.date} {a.result.certificateNo}
                        {a.result.errorPct !== null ? ` ${t('pages.complaints.detail.errorPct')} ${a.result.errorPct}` : ''}
                      </span>
                    ) : (
                      t('pages.complaints.detail.noResult')
                    )}
                  </Descriptions.Item>
                  {a.refund ? (
                    <Descriptions.Item label={t('pages.complaints.detail.refund')} span={2}>
                      {t('pages.complaints.detail.refundResult', {
                        errorPct: a.refund.errorPct,
                        counted: a.refund.countedQuantity,
                        from: a.refund.cappedFrom,
                        months: a.refund.capMonths,
                        refund: a.refund.refundQuantity,
                      })}
                    </Descriptions.Item>
                  ) : null}
                </Descriptions>
                {handle && open && a.result?.conclusion === 'failed' ? (
                  <ActionForm
                    name={`refund${a.id}`}
                    label={t('pages.complaints.detail.computeRefund')}
                    onSubmit={(v) =>
                      done(
                        proposeRefund(c.id, a.id, {
                          billedQuantity: Number(v.billedQuantity),
                          billedFrom: String(v.billedFrom),
                          billedTo: String(v.billedTo),
                          errorPct: v.errorPct === undefined || v.errorPct === null ? undefined : Number(v.errorPct),
                        }),
                      )
                    }
                  >
                    <Form.Item name="billedQuantity" label={t('pages.complaints.detail.billedQuantity')} rules={required}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item {...dateFieldProps} name="billedFrom" label={t('pages.complaints.detail.billedFrom')} rules={required}>
                      <DatePicker />
                    </Form.Item>
                    <Form.Item {...dateFieldProps} name="billedTo" label={t('pages.complaints.detail.billedTo')} rules={required}>
                      <DatePicker />
                    </Form.Item>
                    <Form.Item name="errorPct" label={t('pages.complaints.detail.errorPct')}>
                      <InputNumber style={{ width: '100%' }} />
                    </Form.Item>
                  </ActionForm>
                ) : null}
              </Space>
            ))}
          </Card>
        ) : null}

        {c.sessions.length > 0 ? (
          <Card title={t('pages.complaints.detail.mediation')}>
            <List
              size="small"
              dataSource={c.sessions}
              renderItem={(s) => (
                <List.Item>
                  <List.Item.Meta
                    title={`${s.heldOn} ${enumLabel('mediationOutcome', s.outcome)}`}
                    description={`${s.parties.join('，')}：${s.summary}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        ) : null}

        <Card title={t('pages.complaints.detail.notes')}>
          <List
            size="small"
            dataSource={c.notes}
            locale={{ emptyText: t('pages.complaints.public.noReply') }}
            renderItem={(n) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag color={n.kind === 'reply' ? 'green' : n.kind === 'utility' ? 'blue' : 'default'}>
                        {enumLabel('complaintNoteKind', n.kind)}
                      </Tag>
                      {formatDateTime(n.at)} {n.by}
                    </Space>
                  }
                  description={<span style={{ whiteSpace: 'pre-wrap' }}>{n.text}</span>}
                />
              </List.Item>
            )}
          />
        </Card>
      </Space>
    </>
  );
}
