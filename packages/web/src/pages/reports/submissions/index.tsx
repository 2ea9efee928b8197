import { enumLabel, t } from '@qiangjian/shared';
import { Button, Card, Empty, Form, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { listCampaigns } from '../../../services/campaigns.js';
import { draftReport, listReportDays } from '../../../services/report-submissions.js';

/**
 * Progress and final reports of a campaign (docs/REPORTS-SUBMISSIONS.md): its reporting days with the state of their
 * report (未起草 / 草稿 / 审核中 / 已提交), late days in red, 从数据起草 on a day not drafted yet.
 */
export default function ReportSubmissionsPage() {
  const access = useAccess();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const campaigns = useRequest(() => listCampaigns({ page: 1, pageSize: 100 }), []);
  const campaignId = Number(params.get('campaignId') ?? campaigns.data?.items[0]?.id ?? 0);
  const days = useRequest(() => listReportDays(campaignId), [campaignId], { ready: campaignId > 0 });
  const [busy, setBusy] = useState<string | null>(null);

  const draft = async (day: string) => {
    setBusy(day);
    try {
      const r = await draftReport(campaignId, day);
      void navigate(`/reports/submissions/${r.id}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageTitle title={t('reportSubmission.page.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label={t('reportSubmission.page.campaign')} style={{ minWidth: 0, maxWidth: '100%' }}>
            <Select
              style={{ minWidth: 240, maxWidth: '100%' }}
              loading={campaigns.loading}
              value={campaignId || undefined}
              onChange={(v: number) => setParams({ campaignId: String(v) })}
              options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        </Form>
      </Card>
      <Card title={t('reportSubmission.page.days')} loading={days.loading && campaignId > 0}>
        {!days.data?.days.length ? (
          <Empty description={t('reportSubmission.page.empty')} />
        ) : (
          <List
            dataSource={days.data.days}
            rowKey={(d) => `${d.kind}-${d.day}`}
            renderItem={(d) => (
              <List.Item
                data-testid={`report-day-${d.day}`}
                style={d.late ? { background: '#fff1f0' } : undefined}
                actions={[
                  d.reportId ? (
                    <Link key="open" to={`/reports/submissions/${d.reportId}`}>
                      {t('reportSubmission.page.open')}
                    </Link>
                  ) : access.can('report.draft') ? (
                    <Button key="draft" size="small" type="primary" loading={busy === d.day} onClick={() => draft(d.day)}>
                      {t('reportSubmission.page.draft')}
                    </Button>
                  ) : null,
                ]}
              >
                <Space wrap size={[8, 4]}>
                  <Typography.Text strong>{d.day}</Typography.Text>
                  <Tag>{enumLabel('reportSubmissionKind', d.kind)}</Tag>
                  <EnumTag name="reportDayState" value={d.state} />
                  {d.version && d.version > 1 ? <Tag>{t('reportSubmission.doc.version', { version: d.version })}</Tag> : null}
                  {d.late ? <Tag color="red">{t('reportSubmission.page.late')}</Tag> : null}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
