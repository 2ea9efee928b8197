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

export function PageTitle({ title, extra }: { title: string; extra?: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
      <h1 className="qj-page-title" style={{ margin: 0 }}>
        {title}
      </h1>
      {extra}
    </div>
  );
}
