import { PASSWORD_MIN_LENGTH, t } from '@qiangjian/shared';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { changePassword } from '../../services/account.js';
import { useAuth, useMe } from '../../services/auth.js';
import { applyFormError } from '../../services/form-errors.js';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Same rule as the server (auth/password.ts): length and three of four character classes. */
function classes(pw: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
}

export default function ChangePasswordPage() {
  const me = useMe();
  const { refresh, logout } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeForm>();
  const [loading, setLoading] = useState(false);

  const onFinish = async (v: ChangeForm) => {
    setLoading(true);
    try {
      await changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      void message.success(t('pages.changePassword.done'));
      await refresh();
      void navigate('/', { replace: true });
    } catch (e) {
      applyFormError(form, e, ['currentPassword', 'newPassword']);
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="qj-login-bg">
      <Card style={{ width: '100%', maxWidth: 440 }} styles={{ body: { padding: 28 } }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('pages.changePassword.title')}
        </Typography.Title>
        {me.mustChangePassword && (
          <Alert
            type="warning"
            showIcon
            title={t(me.passwordChangeReason === 'expired' ? 'pages.changePassword.expired' : 'pages.changePassword.forced')}
            style={{ marginBottom: 12 }}
          />
        )}
        <Alert type="info" title={t('pages.changePassword.policy', { min: PASSWORD_MIN_LENGTH })} style={{ marginBottom: 20 }} />
        <Form<ChangeForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            label={t('pages.changePassword.current')}
            name="currentPassword"
            rules={[{ required: true, message: t('field.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('pages.changePassword.new')}
            name="newPassword"
            rules={[
              { required: true, message: t('field.required') },
              { min: PASSWORD_MIN_LENGTH, message: t('pages.changePassword.tooShort', { min: PASSWORD_MIN_LENGTH }) },
              {
                validator: async (_, v: string | undefined) =>
                  !v || classes(v) >= 3 ? undefined : Promise.reject(new Error(t('pages.changePassword.weak'))),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('pages.changePassword.confirm')}
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('field.required') },
              ({ getFieldValue }) => ({
                validator: async (_, v: string | undefined) =>
                  !v || v === getFieldValue('newPassword') ? undefined : Promise.reject(new Error(t('pages.changePassword.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            {me.mustChangePassword ? (
              <Button onClick={() => void logout().then(() => navigate('/login', { replace: true }))}>{t('menu.account.logout')}</Button>
            ) : (
              <Button onClick={() => navigate(-1)}>{t('pages.common.cancel')}</Button>
            )}
            <Button type="primary" htmlType="submit" loading={loading}>
              {t('pages.changePassword.submit')}
            </Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
