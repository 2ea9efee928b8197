import { enumLabel, type TNotificationPreference, t, ZEmailAddress } from '@qiangjian/shared';
import { Alert, App, Button, Card, Checkbox, Form, Input, Table } from 'antd';
import { useEffect, useState } from 'react';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { getPreferences, updatePreferences } from '../../../services/notifications.js';

/** 提醒设置: per kind, in the inbox and/or by e-mail, and the address e-mails go to. */
export default function PreferencesPage() {
  const { message } = App.useApp();
  const { data, loading, setData } = useRequest(getPreferences, []);
  const [kinds, setKinds] = useState<TNotificationPreference[]>([]);
  const [email, setEmail] = useState('');
  const [saving, setSaving] = useState(false);
  const [badAddress, setBadAddress] = useState(false);
  useEffect(() => {
    if (!data) return;
    setKinds(data.kinds);
    setEmail(data.email ?? '');
  }, [data]);

  const toggle = (kind: string, field: 'inApp' | 'email', value: boolean) =>
    setKinds((ks) => ks.map((k) => (k.kind === kind ? { ...k, [field]: value } : k)));

  const save = async () => {
    const address = email.trim();
    if (address && !ZEmailAddress.safeParse(address).success) {
      setBadAddress(true);
      return;
    }
    setBadAddress(false);
    setSaving(true);
    try {
      setData(await updatePreferences({ kinds, email: address || null }));
      void message.success(t('pages.notifications.prefs.saved'));
    } catch {
      // shown by the error policy
    } finally {
      setSaving(false);
    }
  };

  const emailOn = data?.emailEnabled ?? false;
  return (
    <>
      <PageTitle
        title={t('menu.notifications.preferences')}
        extra={
          <Button type="primary" loading={saving} onClick={() => void save()}>
            {t('pages.notifications.prefs.save')}
          </Button>
        }
      />
      {!emailOn && data && <Alert type="info" title={t('pages.notifications.prefs.emailOff')} style={{ marginBottom: 16 }} />}
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Form.Item
            label={t('pages.notifications.prefs.address')}
            htmlFor="prefs_email"
            extra={t('pages.notifications.prefs.addressHint')}
            validateStatus={badAddress ? 'error' : undefined}
            help={badAddress ? t('pages.notifications.prefs.badAddress') : undefined}
            style={{ marginBottom: 0, maxWidth: 420 }}
          >
            <Input id="prefs_email" type="email" value={email} disabled={!emailOn} onChange={(e) => setEmail(e.target.value)} />
          </Form.Item>
        </Form>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<TNotificationPreference>
          loading={loading}
          rowKey="kind"
          dataSource={kinds}
          pagination={false}
          size="middle"
          columns={[
            { title: t('pages.notifications.prefs.kind'), dataIndex: 'kind', render: (k: string) => enumLabel('notificationKind', k) },
            {
              title: t('pages.notifications.prefs.inApp'),
              dataIndex: 'inApp',
              width: 96,
              align: 'center',
              render: (v: boolean, k) => (
                <Checkbox
                  checked={v}
                  aria-label={`${enumLabel('notificationKind', k.kind)} ${t('pages.notifications.prefs.inApp')}`}
                  onChange={(e) => toggle(k.kind, 'inApp', e.target.checked)}
                />
              ),
            },
            {
              title: t('pages.notifications.prefs.email'),
              dataIndex: 'email',
              width: 96,
              align: 'center',
              render: (v: boolean, k) => (
                <Checkbox
                  checked={v}
                  disabled={!emailOn}
                  aria-label={`${enumLabel('notificationKind', k.kind)} ${t('pages.notifications.prefs.email')}`}
                  onChange={(e) => toggle(k.kind, 'email', e.target.checked)}
                />
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
