import { TOTP_ROLES, t } from '@qiangjian/shared';
import { Alert, App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime } from '../../../lib/format.js';
import { endOtherSessions, endSession, listSessions } from '../../../services/account.js';
import { useMe } from '../../../services/auth.js';
import { TotpCard } from './TotpCard.js';

/** 我的会话: where the user is signed in (GET /auth/sessions); end one, or sign out everywhere else. */
export default function SessionsPage() {
  const { message } = App.useApp();
  const me = useMe();
  const { data: items = [], loading, reload } = useRequest(listSessions, []);
  const others = items.filter((s) => !s.current).length;

  const endOne = async (id: string) => {
    try {
      await endSession(id);
      void message.success(t('pages.sessions.endedOne'));
      void reload();
    } catch {
      // shown by the error policy
    }
  };
  const endOthers = async () => {
    try {
      const r = await endOtherSessions();
      void message.success(t('pages.sessions.endedOthers', { n: r.ended }));
      void reload();
    } catch {
      // shown by the error policy
    }
  };

  return (
    <>
      <PageTitle
        title={t('pages.sessions.title')}
        extra={
          <Popconfirm
            title={t('pages.sessions.endOthersConfirm')}
            okText={t('pages.common.ok')}
            cancelText={t('pages.common.cancel')}
            onConfirm={() => endOthers()}
            disabled={others === 0}
          >
            <Button danger disabled={others === 0}>
              {t('pages.sessions.endOthers')}
            </Button>
          </Popconfirm>
        }
      />
      <Alert type="info" title={t('pages.sessions.intro')} style={{ marginBottom: 16 }} />
      <Card styles={{ body: { padding: '0 16px' } }}>
        <List
          loading={loading}
          dataSource={items}
          rowKey="id"
          renderItem={(s) => (
            <List.Item
              actions={
                s.current
                  ? []
                  : [
                      <Popconfirm
                        key="end"
                        title={t('pages.sessions.endConfirm')}
                        okText={t('pages.common.ok')}
                        cancelText={t('pages.common.cancel')}
                        onConfirm={() => endOne(s.id)}
                      >
                        <Button type="link" danger size="small">
                          {t('pages.sessions.end')}
                        </Button>
                      </Popconfirm>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={8}>
                    <span>{s.ip ?? t('pages.sessions.unknown')}</span>
                    {s.current && <Tag color="green">{t('pages.sessions.current')}</Tag>}
                  </Space>
                }
                description={
                  <>
                    <div>
                      {t('pages.sessions.times', { signedIn: formatDateTime(s.createdAt), lastSeen: formatDateTime(s.lastSeenAt) })}
                    </div>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: '100%' }}>
                      {s.userAgent ?? t('pages.sessions.unknown')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      {TOTP_ROLES.includes(me.role) && <TotpCard />}
    </>
  );
}
