import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { t } from '@qiangjian/shared';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { login } from '../../services/account.js';
import { ApiError } from '../../services/api.js';
import { useAuth } from '../../services/auth.js';

interface LoginForm {
  username: string;
  password: string;
  totpCode?: string;
}

function safeRedirect(r: string | null): string {
  return r?.startsWith('/') && !r.startsWith('//') && !r.startsWith('/login') ? r : '/';
}

export default function LoginPage() {
  const { me, setMe } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // the server asked for the authenticator code (totp_required): show its field
  const [askTotp, setAskTotp] = useState(false);
  const redirect = safeRedirect(params.get('redirect'));

  if (me) return <Navigate to={me.mustChangePassword ? '/change-password' : redirect} replace />;

  const onFinish = async (v: LoginForm) => {
    setLoading(true);
    setError(null);
    try {
      const m = await login({ username: v.username, password: v.password, ...(v.totpCode ? { totpCode: v.totpCode } : {}) });
      setMe(m);
      void navigate(m.mustChangePassword ? '/change-password' : redirect, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'totp_required' || e.code === 'invalid_totp')) setAskTotp(true);
      setError(e instanceof ApiError ? e.message : t('pages.common.networkError'));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="qj-login-bg">
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <div className="qj-brand-logo" style={{ width: 48, height: 48, fontSize: 24, margin: '0 auto 12px' }}>
            {t('app.shortName').slice(0, 1)}
          </div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('pages.login.subtitle')}</Typography.Text>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
          <Form.Item
            label={t('pages.login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('pages.login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('pages.login.password')}
            name="password"
            rules={[{ required: true, message: t('pages.login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {askTotp && (
            <Form.Item
              label={t('pages.login.totpCode')}
              name="totpCode"
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('pages.login.totpCodeRequired') }]}
            >
              <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={loading}>
            {t('pages.login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
