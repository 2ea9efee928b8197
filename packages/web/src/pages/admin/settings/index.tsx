import { t } from '@qiangjian/shared';
import { SETTINGS_CATALOG, type SettingEntry, type SettingsGroup } from '@qiangjian/shared/data';
import { App, Button, Card, Form, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ListColumn } from '../../../components/list/ListPage.js';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { ApiError } from '../../../services/api.js';
import { formatSettingValue, readGroup, type SettingValue, valueAt, writeValue } from '../../../services/settings.js';

const GROUPS: SettingsGroup[] = ['verification', 'enforcement', 'inspection', 'status'];
const CONFIDENCE_COLOR = { C: 'green', P: 'blue', U: 'orange', placeholder: 'default' } as const;
const label = (e: SettingEntry) => t(`pages.settings.item.${e.group}.${e.path}`);

/**
 * 参数设置: the rule values and settings an administrator may change (time limits, tolerances, warning windows,
 * publication periods), with unit, source and — for administrators — how sure the source is. Each edit goes through
 * the setting's own API, which checks it again and writes the audit entry.
 */
export default function SettingsPage() {
  const access = useAccess();
  const canEdit = access.can('settings.update');
  const values = useRequest(async () => {
    const entries = await Promise.all(GROUPS.map(async (g) => [g, await readGroup(g).catch(() => undefined)] as const));
    return Object.fromEntries(entries) as Record<SettingsGroup, Record<string, unknown> | undefined>;
  }, []);
  const [editing, setEditing] = useState<SettingEntry | null>(null);

  const columns: ListColumn<SettingEntry>[] = [
    { title: t('pages.settings.name'), key: 'name', card: 'title', render: (_, e) => label(e) },
    {
      title: t('pages.settings.value'),
      key: 'value',
      card: 'extra',
      render: (_, e) => {
        const v = valueAt(values.data?.[e.group], e.path, e.group);
        return v === undefined ? '—' : <Typography.Text strong>{`${formatSettingValue(v)} ${e.unit}`}</Typography.Text>;
      },
    },
    {
      title: t('pages.settings.range'),
      key: 'range',
      render: (_, e) => `${e.min.toLocaleString('zh-CN')}–${e.max.toLocaleString('zh-CN')} ${e.unit}`,
    },
    {
      title: t('pages.settings.citation'),
      dataIndex: 'citation',
      render: (c: string) => <span style={{ whiteSpace: 'normal' }}>{c}</span>,
    },
    ...(canEdit
      ? [
          {
            title: t('pages.settings.confidence'),
            dataIndex: 'confidence',
            render: (c: SettingEntry['confidence']) => <Tag color={CONFIDENCE_COLOR[c]}>{t(`pages.settings.confidence.${c}`)}</Tag>,
          } satisfies ListColumn<SettingEntry>,
          {
            title: t('pages.common.actions'),
            key: 'actions',
            render: (_: unknown, e: SettingEntry) => (
              <Button
                type="link"
                size="small"
                disabled={valueAt(values.data?.[e.group], e.path, e.group) === undefined}
                onClick={() => setEditing(e)}
                aria-label={`${t('pages.common.edit')} ${label(e)}`}
              >
                {t('pages.common.edit')}
              </Button>
            ),
          } satisfies ListColumn<SettingEntry>,
        ]
      : []),
  ];

  return (
    <>
      <PageTitle title={t('pages.settings.title')} />
      <Typography.Paragraph type="secondary">{t(canEdit ? 'pages.settings.hintEdit' : 'pages.settings.hint')}</Typography.Paragraph>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {GROUPS.filter((g) => values.data?.[g] !== undefined || values.loading).map((g) => (
          <Card key={g} title={t(`pages.settings.group.${g}`)} styles={{ body: { padding: 12 } }}>
            <ResponsiveTable<SettingEntry & { id: string }>
              rowKey="id"
              loading={values.loading}
              dataSource={SETTINGS_CATALOG.filter((e) => e.group === g).map((e) => ({ ...e, id: `${e.group}.${e.path}` }))}
              columns={columns as ListColumn<SettingEntry & { id: string }>[]}
              pagination={false}
            />
          </Card>
        ))}
      </Space>
      {editing && (
        <EditModal
          entry={editing}
          current={valueAt(values.data?.[editing.group], editing.path, editing.group) ?? 0}
          groupValues={values.data?.[editing.group] ?? {}}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void values.reload();
          }}
        />
      )}
    </>
  );
}

function EditModal(props: {
  entry: SettingEntry;
  current: SettingValue;
  groupValues: Record<string, unknown>;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { entry } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ value: SettingValue }>();
  const list = entry.maxItems !== undefined;
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      const value = Array.isArray(v.value) ? [...new Set(v.value.map(Number))].sort((a, b) => a - b) : v.value;
      await writeValue(entry.group, props.groupValues, entry.path, value);
      void message.success(t('pages.settings.saved'));
      props.onSaved();
    } catch (e) {
      form.setFields([{ name: 'value', errors: [e instanceof ApiError ? e.message : t('pages.settings.saveFailed')] }]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('pages.settings.editTitle', { name: label(entry) })}
      okText={t('pages.common.save')}
      cancelText={t('pages.common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{entry.citation}</Typography.Paragraph>
      <Form form={form} name="setting" layout="vertical" initialValues={{ value: props.current }}>
        {list ? (
          <Form.Item
            name="value"
            label={t('pages.settings.newValue', { unit: entry.unit })}
            extra={t('pages.settings.listHint', { max: entry.maxItems ?? 1 })}
            getValueFromEvent={(vs: (string | number)[]) =>
              vs.map((x) => (typeof x === 'number' || !/^\d{1,9}$/.test(x.trim()) ? x : Number(x.trim())))
            }
            rules={[
              { required: true, type: 'array', min: 1, message: t('pages.settings.required') },
              {
                validator: async (_, vs: (number | string)[] = []) => {
                  if (vs.length > (entry.maxItems ?? 1)) throw new Error(t('pages.settings.tooMany', { max: entry.maxItems ?? 1 }));
                  const bad = vs.find((x) => typeof x !== 'number');
                  if (bad !== undefined) throw new Error(t('pages.settings.notNumber', { value: String(bad) }));
                  if ((vs as number[]).some((x) => x < entry.min || x > entry.max))
                    throw new Error(t('pages.settings.outOfRange', { min: entry.min, max: entry.max, unit: entry.unit }));
                },
              },
            ]}
          >
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} style={{ width: '100%', maxWidth: 320 }} />
          </Form.Item>
        ) : (
          <Form.Item
            name="value"
            label={t('pages.settings.newValue', { unit: entry.unit })}
            rules={[
              { required: true, message: t('pages.settings.required') },
              {
                type: 'number',
                min: entry.min,
                max: entry.max,
                message: t('pages.settings.outOfRange', { min: entry.min, max: entry.max, unit: entry.unit }),
              },
            ]}
          >
            <InputNumber style={{ width: 200 }} precision={entry.precision} addonAfter={entry.unit} />
          </Form.Item>
        )}
        <Typography.Text type="secondary">{t('pages.settings.audited')}</Typography.Text>
      </Form>
    </Modal>
  );
}
