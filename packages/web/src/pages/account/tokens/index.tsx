import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { t } from '@qiangjian/shared';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime } from '../../../lib/format.js';
import { type AdminApiToken, type ApiToken, createToken, listAllTokens, listTokens, revokeToken } from '../../../services/account.js';
import { applyFormError } from '../../../services/form-errors.js';

interface CreateForm {
  name: string;
  expiresInDays?: number;
}

const fmt = (v: string | null, empty: string) => (v ? formatDateTime(v) : empty);

function StateTag({ r }: { r: ApiToken }) {
  if (r.revokedAt) return <Tag>{t('pages.tokens.revoked')}</Tag>;
  if (r.expiresAt && Date.parse(r.expiresAt) < Date.now()) return <Tag color="orange">{t('pages.tokens.expired')}</Tag>;
  return <Tag color="green">{t('pages.tokens.active')}</Tag>;
}

/** The columns both token tables end with: last use, expiry, and revoking a token that still works. */
function usageColumns<T extends ApiToken>(revoke: (id: number) => Promise<void>): ColumnsType<T> {
  return [
    {
      title: t('pages.tokens.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 160,
      render: (v: string | null) => fmt(v, t('pages.tokens.never')),
    },
    {
      title: t('pages.tokens.expiresAt'),
      dataIndex: 'expiresAt',
      width: 160,
      render: (v: string | null) => fmt(v, t('pages.tokens.forever')),
    },
    {
      title: t('pages.common.actions'),
      key: 'actions',
      width: 90,
      render: (_, r) =>
        r.revokedAt ? null : (
          <Popconfirm
            title={t('pages.tokens.revokeConfirm')}
            okText={t('pages.common.ok')}
            cancelText={t('pages.common.cancel')}
            onConfirm={() => revoke(r.id)}
          >
            <Button type="link" danger size="small">
              {t('pages.tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];
}

/** Administrators: every user's tokens (GET /auth/all-tokens), any of them revocable. */
function AllTokens({ version, onRevoked }: { version: number; onRevoked: () => void }) {
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [onlyActive, setOnlyActive] = useState(true);
  const { data, loading, reload } = useRequest(
    () => listAllTokens({ page, pageSize: 20, ...(q ? { q } : {}), ...(onlyActive ? { active: '1' as const } : {}) }),
    [page, q, onlyActive, version],
  );
  const revoke = async (id: number) => {
    try {
      await revokeToken(id);
      void message.success(t('pages.tokens.revokedDone'));
      void reload();
      onRevoked();
    } catch {
      // shown by the error policy
    }
  };
  const columns: ColumnsType<AdminApiToken> = [
    {
      title: t('pages.tokens.owner'),
      key: 'owner',
      width: 180,
      render: (_, r) => t('pages.tokens.ownerName', { name: r.displayName, username: r.username }),
    },
    { title: t('pages.tokens.name'), dataIndex: 'name', width: 160 },
    { title: t('pages.tokens.state'), key: 'state', width: 90, render: (_, r) => <StateTag r={r} /> },
    ...usageColumns<AdminApiToken>(revoke),
  ];
  return (
    <Card title={t('pages.tokens.allTitle')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
      <div style={{ padding: 16 }}>
        <Typography.Paragraph type="secondary">{t('pages.tokens.allIntro')}</Typography.Paragraph>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('pages.tokens.ownerSearch')}
            onSearch={(v) => {
              setPage(1);
              setQ(v.trim());
            }}
            style={{ width: 220 }}
          />
          <Checkbox
            checked={onlyActive}
            onChange={(e) => {
              setPage(1);
              setOnlyActive(e.target.checked);
            }}
          >
            {t('pages.tokens.onlyActive')}
          </Checkbox>
        </Space>
      </div>
      <Table<AdminApiToken>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/** 访问令牌: the user's personal API tokens (GET/POST/DELETE /auth/tokens); a new token is shown once. */
export default function TokensPage() {
  const { message } = App.useApp();
  const access = useAccess();
  const { data: items = [], loading, reload: reloadMine } = useRequest(listTokens, []);
  // the administrators' list below shows the same tokens: reload it with this one
  const [version, setVersion] = useState(0);
  const load = async () => {
    setVersion((v) => v + 1);
    await reloadMine();
  };
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [form] = Form.useForm<CreateForm>();

  const create = async () => {
    let v: CreateForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const r = await createToken({ name: v.name.trim(), ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) });
      setCreating(false);
      form.resetFields();
      setCreated(r.token);
      void load();
    } catch (e) {
      applyFormError(form, e, ['name', 'expiresInDays']);
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (id: number) => {
    try {
      await revokeToken(id);
      void message.success(t('pages.tokens.revokedDone'));
      void load();
    } catch {
      // shown by the error policy
    }
  };

  const columns: ColumnsType<ApiToken> = [
    { title: t('pages.tokens.name'), dataIndex: 'name', width: 200 },
    { title: t('pages.tokens.state'), key: 'state', width: 100, render: (_, r) => <StateTag r={r} /> },
    { title: t('pages.tokens.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => fmt(v, '') },
    ...usageColumns<ApiToken>(revoke),
  ];

  return (
    <>
      <PageTitle
        title={t('pages.tokens.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('pages.tokens.create')}
          </Button>
        }
      />
      <Alert type="info" title={t('pages.tokens.intro')} style={{ marginBottom: 16 }} />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      {access.can('user.manage') && <AllTokens version={version} onRevoked={() => void reloadMine()} />}
      <Modal
        open={creating}
        title={t('pages.tokens.create')}
        okText={t('pages.common.ok')}
        cancelText={t('pages.common.cancel')}
        onOk={() => void create()}
        onCancel={() => setCreating(false)}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form<CreateForm> name="token" form={form} layout="vertical">
          <Form.Item
            label={t('pages.tokens.name')}
            name="name"
            rules={[{ required: true, whitespace: true, message: t('pages.tokens.nameRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label={t('pages.tokens.expiresInDays')} name="expiresInDays" extra={t('pages.tokens.expiresHelp')}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={created !== null}
        title={t('pages.tokens.newTitle')}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('pages.common.ok')}
          </Button>
        }
        mask={{ closable: false }}
      >
        <Alert type="warning" showIcon title={t('pages.tokens.newWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          copyable={{
            text: created ?? '',
            icon: [<CopyOutlined key="c" />, <CopyOutlined key="d" />],
            tooltips: [t('pages.tokens.copy'), t('pages.tokens.copied')],
          }}
        >
          <code style={{ wordBreak: 'break-all' }}>{created}</code>
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
