import { BellOutlined } from '@ant-design/icons';
import { t } from '@qiangjian/shared';
import { Badge, Button } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { UNREAD_CHANGED, unreadCount } from '../services/notifications.js';

/** How often the header asks for the unread count (ms). */
const POLL_MS = 60_000;

/** The header's bell (every role): the unread count as a badge, counted again on every page change and every minute. */
export function NotificationBell() {
  const navigate = useNavigate();
  const location = useLocation();
  const [count, setCount] = useState(0);
  const refresh = useCallback(() => {
    unreadCount()
      .then((r) => setCount(r.unread))
      .catch(() => undefined);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: count again when the page changes
  useEffect(refresh, [refresh, location.pathname]);
  useEffect(() => {
    const timer = window.setInterval(refresh, POLL_MS);
    window.addEventListener(UNREAD_CHANGED, refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(UNREAD_CHANGED, refresh);
    };
  }, [refresh]);
  return (
    <Button
      type="text"
      style={{ paddingInline: 6 }}
      aria-label={t('pages.notifications.bell', { count })}
      title={t('pages.notifications.bell', { count })}
      onClick={() => void navigate('/notifications')}
    >
      <Badge count={count} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
}
