import { t } from '@qiangjian/shared';
import { App, Button, Card, Form, InputNumber, Modal, Popover, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { formatDateTime } from '../../../lib/format.js';
import { ApiError } from '../../../services/api.js';
import { applyFormError } from '../../../services/form-errors.js';
import { type StatusSetting, updateStatusSetting } from '../../../services/status.js';
import { recordedByText } from './condition.js';

/** Display order of the known settings (server: STATUS_SETTING_DEFAULTS); unknown keys follow. */
const ORDER = [
  'status.warn_days.dispenser',
  'status.warn_days.auxiliary',
  'status.warn_days.meter',
  'status.gas_g_max',
  'status.electricity_extension',
];
const BOOLEAN = new Set(['status.electricity_extension']);

export const settingName = (key: string) => t(`pages.status.settings.name.${key}`);

/** A setting's value as read by a person: `30 天`, `G16`, `开启`/`关闭`. */
export function settingValueText(key: string, value: string): string {
  if (BOOLEAN.has(key)) return value === 'true' ? t('pages.status.settings.on') : t('pages.status.settings.off');
  if (key.startsWith('status.warn_days.')) return t('pages.status.settings.days', { n: value });
  if (key === 'status.gas_g_max') return t('pages.status.settings.gValue', { n: value });
  return value;
}

export function sortSettings(rows: StatusSetting[]): StatusSetting[] {
  const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  return [...rows].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

/** 状态设置: warning windows, the electricity extension switch and the gas G boundary; editable with settings.update. */
export function SettingsTab(props: { settings: StatusSetting[]; loading: boolean; canEdit: boolean; onSaved: () => void }) {
  const [editing, setEditing] = useState<StatusSetting | null>(null);
  const columns: ColumnsType<StatusSetting> = [
    {
      title: t('pages.status.settings.col.name'),
      dataIndex: 'key',
      width: 300,
      render: (k: string) => (
        <>
          <div>{settingName(k)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`pages.status.settings.help.${k}`)}
          </Typography.Text>
        </>
      ),
    },
    { title: t('pages.status.settings.col.value'), dataIndex: 'value', width: 110, render: (v: string, r) => settingValueText(r.key, v) },
    {
      title: t('pages.status.settings.col.updatedAt'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (v: string | null) => formatDateTime(v),
    },
    { title: t('pages.status.settings.col.history'), key: 'history', width: 110, render: (_, r) => <SettingHistory setting={r} /> },
    {
      title: t('pages.status.settings.col.key'),
      dataIndex: 'key',
      width: 220,
      render: (k: string) => <Typography.Text code>{k}</Typography.Text>,
    },
  ];
  if (props.canEdit) {
    columns.push({
      title: t('pages.common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 80,
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          onClick={() => setEditing(r)}
          aria-label={`${t('pages.status.settings.edit')} ${settingName(r.key)}`}
        >
          {t('pages.status.settings.edit')}
        </Button>
      ),
    });
  }
  return (
    <Card styles={{ body: { padding: 0 } }}>
      <Typography.Paragraph type="secondary" style={{ padding: '12px 16px 0', marginBottom: 8 }}>
        {t('pages.status.settings.intro')}
      </Typography.Paragraph>
      <Table<StatusSetting>
        rowKey="key"
        size="middle"
        loading={props.loading}
        columns={columns}
        dataSource={sortSettings(props.settings)}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {editing && (
        <SettingModal
          setting={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            props.onSaved();
          }}
        />
      )}
    </Card>
  );
}

/** The versions of a setting, newest first, in a popover (a status for a past date uses the version in force then). */
function SettingHistory({ setting }: { setting: StatusSetting }) {
  const history = setting.history ?? [];
  if (history.length === 0) return <Typography.Text type="secondary">{t('pages.status.settings.historyNone')}</Typography.Text>;
  const lines = [...history].reverse().map((h) => (
    <div key={h.version}>
      {t('pages.status.settings.historyLine', {
        version: h.version,
        value: settingValueText(setting.key, h.value),
        by: h.version === 1 ? t('pages.status.settings.historyBaseline') : recordedByText(h.recordedBy),
        at: h.version === 1 ? '' : formatDateTime(h.recordedAt),
      })}
    </div>
  ));
  return (
    <Popover title={t('pages.status.settings.historyTitle', { name: settingName(setting.key) })} content={lines} trigger="click">
      <Typography.Link>{t('pages.status.settings.historyCount', { n: history.length })}</Typography.Link>
    </Popover>
  );
}

function SettingModal(props: { setting: StatusSetting; onClose: () => void; onSaved: () => void }) {
  const { setting } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ value: number | boolean }>();
  const [saving, setSaving] = useState(false);
  const isBool = BOOLEAN.has(setting.key);

  const submit = async () => {
    let v: { value: number | boolean };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await updateStatusSetting(setting.key, String(v.value));
      void message.success(t('pages.status.settings.saved'));
      props.onSaved();
    } catch (e) {
      // invalid_parameter names the setting (details.name), not a form field: it belongs on the one value field
      if (e instanceof ApiError && e.code === 'invalid_parameter') form.setFields([{ name: 'value', errors: [e.message] }]);
      else applyFormError(form, e, ['value']);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('pages.status.settings.editTitle', { name: settingName(setting.key) })}
      okText={t('pages.common.save')}
      cancelText={t('pages.common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form
        name="statusSetting"
        form={form}
        layout="vertical"
        initialValues={{ value: isBool ? setting.value === 'true' : Number(setting.value) }}
        onFinish={() => void submit()}
      >
        <Form.Item
          label={settingName(setting.key)}
          name="value"
          extra={t(`pages.status.settings.help.${setting.key}`)}
          valuePropName={isBool ? 'checked' : 'value'}
          rules={isBool ? [] : [{ required: true, message: t('pages.status.settings.valueRequired') }]}
        >
          {isBool ? (
            <Switch checkedChildren={t('pages.status.settings.on')} unCheckedChildren={t('pages.status.settings.off')} />
          ) : (
            <InputNumber min={0} precision={setting.key.startsWith('status.warn_days.') ? 0 : undefined} style={{ width: '100%' }} />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}
