import { enumLabel, type TPublicComplaintStatus, t } from '@qiangjian/shared';
import { Alert, Button, Card, Descriptions, Empty, Input, Layout, List, Space, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../../lib/format.js';
import { ApiError, showError } from '../../../services/api.js';
import { publicStatus } from '../../../services/complaints.js';

/** 投诉举报办理进度 (docs/COMPLAINTS.md): by tracking code, no login — the stage, the deadline, the replies. */
export default function PublicComplaintStatusPage() {
  const [params, setParams] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [status, setStatus] = useState<TPublicComplaintStatus | null>(null);
  const [missing, setMissing] = useState(false);
  const [loading, setLoading] = useState(false);
  const query = useCallback(
    async (c: string) => {
      if (!c.trim()) return;
      setLoading(true);
      setMissing(false);
      try {
        setStatus(await publicStatus(c.trim()));
        setParams({ code: c.trim() }, { replace: true });
      } catch (err) {
        setStatus(null);
        if (err instanceof ApiError && err.code === 'not_found') setMissing(true);
        else showError(err);
      } finally {
        setLoading(false);
      }
    },
    [setParams],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the code in the address at the first render
  useEffect(() => {
    if (code) void query(code);
  }, []);
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Header style={{ background: '#1677ff', color: '#fff', fontSize: 18, fontWeight: 600, padding: '0 16px' }}>
        {t('pages.complaints.public.statusTitle')}
      </Layout.Header>
      <Layout.Content style={{ maxWidth: 560, width: '100%', margin: '0 auto', padding: 12 }}>
        <Card style={{ marginBottom: 12 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              placeholder={t('pages.complaints.public.codePlaceholder')}
              onPressEnter={() => void query(code)}
              data-testid="tracking-input"
            />
            <Button type="primary" loading={loading} onClick={() => void query(code)}>
              {t('pages.complaints.public.query')}
            </Button>
          </Space.Compact>
        </Card>
        {missing ? <Alert type="warning" showIcon title={t('pages.complaints.public.notFound')} /> : null}
        {status ? (
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('pages.complaints.public.trackingCode')}>{status.trackingCode}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.field.type')}>{enumLabel('complaintType', status.type)}</Descriptions.Item>
              <Descriptions.Item label={t('pages.complaints.public.stage')}>
                <Tag color={status.stage === 'closed' ? 'green' : status.stage === 'refused' ? 'red' : 'blue'} data-testid="stage">
                  {enumLabel('complaintStage', status.stage)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('pages.complaints.public.receivedAt')}>{formatDateTime(status.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('pages.complaints.public.decisionBy')}>{status.decisionDeadline}</Descriptions.Item>
            </Descriptions>
            {status.paused ? (
              <Alert
                type="warning"
                showIcon
                style={{ margin: '12px 0' }}
                title={t('pages.complaints.public.paused', { reason: status.pauseReason ?? '' })}
              />
            ) : null}
            <h3 style={{ marginTop: 16 }}>{t('pages.complaints.public.replies')}</h3>
            {status.replies.length === 0 ? (
              <Empty description={t('pages.complaints.public.noReply')} />
            ) : (
              <List
                dataSource={status.replies}
                renderItem={(r) => (
                  <List.Item>
                    <List.Item.Meta title={formatDateTime(r.at)} description={<span data-testid="reply">{r.text}</span>} />
                  </List.Item>
                )}
              />
            )}
          </Card>
        ) : null}
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Link to="/p/complaint">{t('pages.complaints.public.fileAnother')}</Link>
        </div>
      </Layout.Content>
    </Layout>
  );
}
