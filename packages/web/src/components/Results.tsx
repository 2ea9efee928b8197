import { enumLabel, t } from '@qiangjian/shared';
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../services/auth.js';

/** 403: the user's role lacks the route's permission. */
export function Forbidden() {
  const { me } = useAuth();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('pages.forbidden.title')}
      subTitle={t('pages.forbidden.subTitle', { role: me ? enumLabel('role', me.role) : '' })}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('pages.common.backHome')}
        </Button>
      }
    />
  );
}

export function NotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('pages.notFound.title')}
      subTitle={t('pages.notFound.subTitle')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('pages.common.backHome')}
        </Button>
      }
    />
  );
}
