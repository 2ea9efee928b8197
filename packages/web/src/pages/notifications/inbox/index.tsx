import { CheckOutlined, SettingOutlined } from '@ant-design/icons';
import { NOTIFICATION_KINDS, type NotificationKind, notificationText, notificationTitle, type TNotification, t } from '@qiangjian/shared';
import { App, Badge, Button, Card, Empty, Grid, List, Pagination, Segmented, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { EnumSelect } from '../../../components/list/fields.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { formatDateTime } from '../../../lib/format.js';
import {
  announceUnreadChanged,
  listNotifications,
  markAllRead,
  markRead,
  type NotificationListQuery,
} from '../../../services/notifications.js';

/** 消息中心: the signed-in user's notifications, newest first; all or unread, by kind; open one (read), mark all read. */
export default function InboxPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  // on a phone the buttons go below the text, which then takes the whole width
  const narrow = Grid.useBreakpoint().md === false;
  const list = usePagedList<Awaited<ReturnType<typeof listNotifications>>, NotificationListQuery>(listNotifications);
  const items = list.data?.items ?? [];

  const open = async (n: TNotification) => {
    try {
      if (!n.readAt) await markRead(n.id);
      announceUnreadChanged();
      void navigate(n.link);
    } catch {
      // shown by the error policy
    }
  };
  const readOne = async (n: TNotification) => {
    try {
      await markRead(n.id);
      announceUnreadChanged();
      void list.reload();
    } catch {
      // shown by the error policy
    }
  };
  const readAll = async () => {
    try {
      const r = await markAllRead();
      void message.success(t('pages.notifications.markedAll', { count: r.updated }));
      announceUnreadChanged();
      void list.reload();
    } catch {
      // shown by the error policy
    }
  };

  return (
    <>
      <PageTitle
        title={t('menu.notifications')}
        extra={
          <Space wrap>
            <Button icon={<CheckOutlined />} onClick={() => void readAll()}>
              {t('pages.notifications.markAllRead')}
            </Button>
            <Button icon={<SettingOutlined />} onClick={() => void navigate('/notifications/preferences')}>
              {t('pages.notifications.preferences')}
            </Button>
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap size={12}>
          <Segmented
            value={list.query.unread === '1' ? 'unread' : 'all'}
            options={[
              { value: 'all', label: t('pages.notifications.all') },
              { value: 'unread', label: t('pages.notifications.unread') },
            ]}
            onChange={(v) => list.setQuery({ ...list.query, unread: v === 'unread' ? '1' : undefined })}
          />
          <EnumSelect<NotificationKind>
            enumName="notificationKind"
            values={NOTIFICATION_KINDS}
            width={170}
            aria-label={t('pages.notifications.kindFilter')}
            placeholder={t('pages.notifications.kindFilter')}
            value={list.query.kind}
            onChange={(v) => list.setQuery({ ...list.query, kind: v ?? undefined })}
          />
        </Space>
      </Card>
      <Card styles={{ body: { padding: '0 16px' } }}>
        <List<TNotification>
          itemLayout={narrow ? 'vertical' : 'horizontal'}
          loading={list.loading}
          dataSource={items}
          rowKey="id"
          locale={{ emptyText: <Empty description={t('pages.notifications.empty')} /> }}
          renderItem={(n) => (
            <List.Item
              actions={[
                <Button key="open" type="link" size="small" onClick={() => void open(n)}>
                  {t('pages.notifications.open')}
                </Button>,
                ...(n.readAt
                  ? []
                  : [
                      <Button key="read" type="link" size="small" onClick={() => void readOne(n)}>
                        {t('pages.notifications.markRead')}
                      </Button>,
                    ]),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={8} wrap>
                    <Badge status={n.readAt ? 'default' : 'processing'} />
                    <Typography.Text strong={!n.readAt}>{notificationTitle(n.kind)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(n.createdAt)}
                    </Typography.Text>
                  </Space>
                }
                description={<span style={{ color: n.readAt ? undefined : 'rgba(0,0,0,0.78)' }}>{notificationText(n.kind, n.params)}</span>}
              />
            </List.Item>
          )}
        />
        {(list.data?.total ?? 0) > list.paging.pageSize && (
          <div style={{ display: 'flex', justifyContent: 'flex-end', padding: '12px 0' }}>
            <Pagination
              size="small"
              current={list.paging.page}
              pageSize={list.paging.pageSize}
              total={list.data?.total ?? 0}
              showSizeChanger={false}
              onChange={(page, pageSize) => list.setPaging({ page, pageSize })}
            />
          </div>
        )}
      </Card>
    </>
  );
}
