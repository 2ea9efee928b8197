import { t } from '@qiangjian/shared';
import { App, Button, Card, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { confirmTotp, disableTotp, enrolTotp } from '../../../services/account.js';
import { useAuth, useMe } from '../../../services/auth.js';
import { applyFormError } from '../../../services/form-errors.js';

/** 两步验证: enrol (secret and otpauth link shown once), confirm with a first code, or disable with a current code. */
export function TotpCard() {
  const me = useMe();
  const { refresh } = useAuth();
  const { message } = App.useApp();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string } | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ code: string }>();

  const start = async () => {
    try {
      setEnrolment(await enrolTotp());
    } catch {
      // shown by the error policy
    }
  };
  const submit = async () => {
    let v: { code: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      if (enrolment) {
        await confirmTotp(v.code);
        void message.success(t('pages.totp.enabledDone'));
      } else {
        await disableTotp(v.code);
        void message.success(t('pages.totp.disabledDone'));
      }
      setEnrolment(null);
      setDisabling(false);
      form.resetFields();
      await refresh();
    } catch (e) {
      applyFormError(form, e, ['code']);
    } finally {
      setSaving(false);
    }
  };
  const codeField = (
    <Form form={form} layout="vertical" name="totp">
      <Form.Item
        label={t('pages.totp.code')}
        name="code"
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('pages.login.totpCodeRequired') }]}
      >
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ maxWidth: 200 }} />
      </Form.Item>
    </Form>
  );

  return (
    <Card
      title={
        <Space>
          {t('pages.totp.title')}
          {me.totpEnabled ? <Tag color="green">{t('pages.totp.on')}</Tag> : <Tag>{t('pages.totp.off')}</Tag>}
        </Space>
      }
      extra={
        me.totpEnabled ? (
          <Button danger onClick={() => setDisabling(true)}>
            {t('pages.totp.disable')}
          </Button>
        ) : (
          <Button type="primary" onClick={() => void start()}>
            {t('pages.totp.enable')}
          </Button>
        )
      }
      style={{ marginTop: 16 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('pages.totp.intro')}
      </Typography.Paragraph>
      <Modal
        open={enrolment !== null || disabling}
        title={enrolment ? t('pages.totp.enable') : t('pages.totp.disableTitle')}
        okText={enrolment ? t('pages.totp.confirm') : t('pages.totp.disable')}
        cancelText={t('pages.common.cancel')}
        onOk={() => void submit()}
        onCancel={() => {
          setEnrolment(null);
          setDisabling(false);
        }}
        confirmLoading={saving}
        destroyOnHidden
      >
        {enrolment && (
          <>
            <Typography.Paragraph>{t('pages.totp.step1')}</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: enrolment.secret }}>
              {t('pages.totp.secret')}
              <code style={{ wordBreak: 'break-all' }}>{enrolment.secret}</code>
            </Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: enrolment.uri }}>
              {t('pages.totp.uri')}
              <code style={{ wordBreak: 'break-all', fontSize: 12 }}>{enrolment.uri}</code>
            </Typography.Paragraph>
            <Typography.Paragraph>{t('pages.totp.step2')}</Typography.Paragraph>
          </>
        )}
        {codeField}
      </Modal>
    </Card>
  );
}
