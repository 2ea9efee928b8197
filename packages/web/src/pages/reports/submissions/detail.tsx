import { enumLabel, REPORT_SECTION_KEYS, reportFigureName, reportFigureText, type TReportSubmission, t } from '@qiangjian/shared';
import { kpiFormulaSet } from '@qiangjian/shared/data';
import { Alert, Button, Card, Descriptions, Input, List, message, Space, Steps, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime } from '../../../lib/format.js';
import {
  correctReportSubmission,
  decideReportSubmission,
  getReportSubmission,
  reportDocumentUrl,
  updateReportSubmission,
} from '../../../services/report-submissions.js';

/**
 * One progress or final report (docs/REPORTS-SUBMISSIONS.md): the sections (editable in a draft), the problems with
 * their explanations, the figures, the approval steps, versions and corrections, and for a submitted report the
 * figures that changed since (提交后数据已变化). Downloads as DOCX and PDF.
 */
export default function ReportSubmissionPage() {
  const { id = '' } = useParams();
  const access = useAccess();
  const navigate = useNavigate();
  const { data: r, loading, setData } = useRequest(() => getReportSubmission(id), [id]);
  const [sections, setSections] = useState<Record<string, string>>({});
  const [explanations, setExplanations] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!r) return;
    setSections(Object.fromEntries(r.sections.map((s) => [s.key, s.text])));
    setExplanations(r.explanations);
  }, [r]);

  if (!r) return <Card loading={loading} />;
  const canAct = access.can('report.draft');
  const editable = canAct && r.state === 'draft';
  const labels = Object.fromEntries((kpiFormulaSet(r.data.kpis.formulaVersion)?.formulas ?? []).map((f) => [f.key, f.label]));
  const title =
    r.kind === 'final'
      ? t('reportSubmission.title.final', { campaign: r.campaignName })
      : t('reportSubmission.title.progress', { campaign: r.campaignName, day: r.reportingDay });

  const run = async (fn: () => Promise<TReportSubmission>, done?: string) => {
    setBusy(true);
    try {
      const next = await fn();
      if (next.id !== r.id) void navigate(`/reports/submissions/${next.id}`);
      else setData(next);
      if (done) void message.success(done);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(
      () =>
        updateReportSubmission(r.id, {
          sections: REPORT_SECTION_KEYS.map((key) => ({ key, text: sections[key] ?? '' })),
          explanations,
        }),
      t('reportSubmission.page.saved'),
    );
  const decide = (decision: 'approve' | 'return') =>
    run(async () => {
      if (editable)
        await updateReportSubmission(r.id, {
          sections: REPORT_SECTION_KEYS.map((key) => ({ key, text: sections[key] ?? '' })),
          explanations,
        });
      const next = await decideReportSubmission(r.id, decision, comment);
      setComment('');
      return next;
    });
  const lastStep = r.step === r.chain.length - 1;

  return (
    <>
      <PageTitle title={t('reportSubmission.page.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ marginTop: 0, wordBreak: 'break-all' }}>
          {title}
        </Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag>{enumLabel('reportSubmissionKind', r.kind)}</Tag>
          <EnumTag name="reportSubmissionState" value={r.state} />
          <Tag>{t('reportSubmission.doc.version', { version: r.version })}</Tag>
          {r.supersededBy ? (
            <Link to={`/reports/submissions/${r.supersededBy}`}>
              <Tag color="orange">{t('reportSubmission.page.supersededBy')}</Tag>
            </Link>
          ) : null}
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('reportSubmission.page.period')}>
            {t('reportSubmission.subtitle', { from: r.periodStart, to: r.reportingDay })}
          </Descriptions.Item>
          {r.correctionReason ? (
            <Descriptions.Item label={t('reportSubmission.page.correction')}>
              {t('reportSubmission.page.correctionOf', { version: r.version - 1, reason: r.correctionReason })}
            </Descriptions.Item>
          ) : null}
          {r.submittedAt ? (
            <Descriptions.Item label={t('reportSubmission.page.submittedAt')}>{formatDateTime(r.submittedAt)}</Descriptions.Item>
          ) : null}
          {r.snapshotSha256 ? (
            <Descriptions.Item label={t('reportSubmission.page.hash')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="report-hash">
                {r.snapshotSha256}
              </Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Space wrap>
          <Button href={reportDocumentUrl(r.id, 'docx')}>{t('reportSubmission.page.docx')}</Button>
          <Button href={reportDocumentUrl(r.id, 'pdf')}>{t('reportSubmission.page.pdf')}</Button>
          <Link to={`/reports/submissions?campaignId=${r.campaignId}`}>{t('reportSubmission.page.back')}</Link>
        </Space>
      </Card>

      {r.changes ? (
        r.changes.length ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('reportSubmission.page.changed')}
            description={
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={r.changes}
                columns={[
                  { title: t('reportSubmission.page.figureName'), render: (_, c) => reportFigureName(c.key, labels) },
                  { title: t('reportSubmission.page.atSubmission'), render: (_, c) => reportFigureText(c.kind, c.atSubmission) },
                  { title: t('reportSubmission.page.now'), render: (_, c) => reportFigureText(c.kind, c.now) },
                ]}
              />
            }
          />
        ) : (
          <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('reportSubmission.page.unchanged')} />
        )
      ) : null}

      <Card title={t('reportSubmission.page.sections')} style={{ marginBottom: 16 }}>
        {r.sections.map((s) => (
          <div key={s.key} style={{ marginBottom: 16 }}>
            <Typography.Text strong>{t(`reportSubmission.section.${s.key}`)}</Typography.Text>
            {editable ? (
              <Input.TextArea
                data-testid={`section-${s.key}`}
                autoSize={{ minRows: 3 }}
                value={sections[s.key] ?? ''}
                onChange={(e) => setSections({ ...sections, [s.key]: e.target.value })}
              />
            ) : (
              <Typography.Paragraph data-testid={`section-${s.key}`} style={{ whiteSpace: 'pre-wrap', textIndent: '2em' }}>
                {s.text}
              </Typography.Paragraph>
            )}
          </div>
        ))}
        {editable ? (
          <Button onClick={save} loading={busy}>
            {t('reportSubmission.page.save')}
          </Button>
        ) : null}
      </Card>

      {r.problems.length ? (
        <Card title={t('reportSubmission.page.problems')} style={{ marginBottom: 16 }}>
          <List
            dataSource={r.problems}
            rowKey="key"
            renderItem={(p) => (
              <List.Item style={{ display: 'block' }}>
                <Space wrap>
                  <Tag color="red">{enumLabel('reportProblemKind', p.kind)}</Tag>
                  <span>{p.kind === 'identity' ? p.subject : reportFigureName(p.subject, labels)}</span>
                  <span>
                    {t('reportSubmission.page.problemExpected')} {p.expected ?? '\u2014'} · {t('reportSubmission.page.problemActual')}{' '}
                    {p.actual ?? '\u2014'}
                  </span>
                </Space>
                {editable ? (
                  <Input.TextArea
                    style={{ marginTop: 8 }}
                    placeholder={t('reportSubmission.page.explanation')}
                    autoSize={{ minRows: 2 }}
                    value={explanations[p.key] ?? ''}
                    onChange={(e) => setExplanations({ ...explanations, [p.key]: e.target.value })}
                  />
                ) : (
                  <Typography.Paragraph style={{ marginTop: 8 }}>{r.explanations[p.key] ?? ''}</Typography.Paragraph>
                )}
              </List.Item>
            )}
          />
        </Card>
      ) : null}

      <Card title={t('reportSubmission.page.chain')} style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          responsive
          current={Math.min(r.step, r.chain.length)}
          items={r.chain.map((s) => ({ title: enumLabel('reportChainStep', s) }))}
        />
        {canAct && r.state !== 'submitted' ? (
          <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
            <Input.TextArea
              placeholder={t('reportSubmission.page.comment')}
              autoSize={{ minRows: 2 }}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <Space wrap>
              <Button type="primary" loading={busy} onClick={() => decide('approve')}>
                {lastStep ? t('reportSubmission.page.submit') : t('reportSubmission.page.approve')}
              </Button>
              {r.step > 0 ? (
                <Button danger loading={busy} onClick={() => decide('return')}>
                  {t('reportSubmission.page.return')}
                </Button>
              ) : null}
            </Space>
          </Space>
        ) : null}
        {r.approvals.length ? (
          <List
            style={{ marginTop: 16 }}
            header={t('reportSubmission.page.approvals')}
            size="small"
            dataSource={r.approvals}
            renderItem={(a) => (
              <List.Item>
                <Space wrap>
                  <span>{enumLabel('reportChainStep', a.step)}</span>
                  <Tag color={a.decision === 'approve' ? 'green' : 'orange'}>{enumLabel('reportDecision', a.decision)}</Tag>
                  <span>{a.comment}</span>
                  <Typography.Text type="secondary">{formatDateTime(a.at)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : null}
      </Card>

      <Card title={t('reportSubmission.page.figures')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={r.data.figures}
          columns={[
            { title: t('reportSubmission.page.figureName'), render: (_, f) => reportFigureName(f.key, labels) },
            { title: t('reportSubmission.page.value'), align: 'right', render: (_, f) => reportFigureText(f.kind, f.value) },
          ]}
        />
      </Card>

      <Card title={t('reportSubmission.page.versions')}>
        <List
          size="small"
          dataSource={r.versions}
          rowKey="id"
          renderItem={(v) => (
            <List.Item>
              <Space wrap>
                <Link to={`/reports/submissions/${v.id}`}>{t('reportSubmission.doc.version', { version: v.version })}</Link>
                <EnumTag name="reportSubmissionState" value={v.state} />
                {v.submittedAt ? <Typography.Text type="secondary">{formatDateTime(v.submittedAt)}</Typography.Text> : null}
              </Space>
            </List.Item>
          )}
        />
        {canAct && r.state === 'submitted' && !r.supersededBy ? (
          <Space wrap style={{ marginTop: 12 }}>
            <Input
              style={{ minWidth: 200 }}
              placeholder={t('reportSubmission.page.correctionReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <Button disabled={!reason.trim()} loading={busy} onClick={() => run(() => correctReportSubmission(r.id, reason))}>
              {t('reportSubmission.page.correction')}
            </Button>
          </Space>
        ) : null}
      </Card>
    </>
  );
}
