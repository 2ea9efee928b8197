import { FlagOutlined } from '@ant-design/icons';
import { t } from '@qiangjian/shared';
import { Button, Card, Progress, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { EnumTag } from '../../components/EnumTag.js';
import { useAccess } from '../../hooks/useAccess.js';
import { useRequest } from '../../hooks/useRequest.js';
import { formatDateTime } from '../../lib/format.js';
import { currentCampaign } from '../../services/campaigns.js';

/**
 * The current campaign on the home page (docs/CAMPAIGNS.md): its phase and days left, the next progress-report day,
 * and for a participant its own self-inspection status, due date and the last reminder (已催报). Nothing when there is
 * no campaign or the user may not read campaigns.
 */
export default function CampaignBanner() {
  const access = useAccess();
  const navigate = useNavigate();
  const { data } = useRequest(currentCampaign, [], { ready: access.can('campaign.read') });
  if (!data?.campaign || !data.now) return null;
  const c = data.campaign;
  const now = data.now;
  const phase = now.phase;
  const total = phase ? Math.max(1, Math.round((Date.parse(phase.end) - Date.parse(phase.start)) / 86400000)) : 1;
  const mine = data.mine;
  return (
    <Card
      data-testid="campaign-banner"
      styles={{ title: { whiteSpace: 'normal' } }}
      title={
        <Space wrap>
          <FlagOutlined />
          <span>{t('pages.campaigns.banner.title', { name: c.name })}</span>
          <EnumTag name="campaignStage" value={now.stage} />
        </Space>
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text strong>
          {now.stage === 'running' && phase
            ? t('pages.campaigns.banner.phase', { phase: phase.name, start: phase.start, end: phase.end, days: now.daysLeft ?? 0 })
            : now.stage === 'before' && phase
              ? t('pages.campaigns.banner.before', { start: phase.start, days: now.daysLeft ?? 0 })
              : t('pages.campaigns.banner.after')}
        </Typography.Text>
        {now.stage === 'running' && phase && (
          <Progress percent={Math.round(((total - (now.daysLeft ?? 0)) / total) * 100)} size="small" showInfo={false} />
        )}
        {now.nextReportDate && (
          <Typography.Text type="secondary">{t('pages.campaigns.banner.nextReport', { date: now.nextReportDate })}</Typography.Text>
        )}
        {access.can('self_inspection.read') && (
          <Typography.Text>
            {t('pages.campaigns.banner.submitted', { submitted: c.submitted, participants: c.participants })}
          </Typography.Text>
        )}
        {mine && (
          <Space wrap>
            <EnumTag name="participantStatus" value={mine.status} />
            <Typography.Text>
              {t('pages.campaigns.banner.due', { date: mine.due })}
              {mine.status !== 'submitted' &&
                mine.status !== 'late' &&
                (mine.daysToDue >= 0
                  ? t('pages.campaigns.banner.daysToDue', { days: mine.daysToDue })
                  : t('pages.campaigns.banner.pastDue', { days: -mine.daysToDue }))}
            </Typography.Text>
            {mine.lastRemindedAt && (
              <Tag color="red">{t('pages.campaigns.banner.reminded', { date: formatDateTime(mine.lastRemindedAt) })}</Tag>
            )}
          </Space>
        )}
        <Space wrap>
          {access.can('self_inspection.submit') && mine && (
            <Button type="primary" onClick={() => void navigate('/self-inspection')}>
              {t('pages.campaigns.banner.open')}
            </Button>
          )}
          {access.can('self_inspection.read') && (
            <Button onClick={() => void navigate(`/campaigns/${c.id}`)}>{t('pages.campaigns.banner.manage')}</Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
