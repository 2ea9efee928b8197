import { type TCampaign, t } from '@qiangjian/shared';
import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { type CampaignListQuery, createCampaign, listCampaigns } from '../../../services/campaigns.js';
import { applyFormError } from '../../../services/form-errors.js';

/** 专项整治: the campaigns in the user's region, newest year first; a regulator creates one from the notice's template. */
export default function CampaignsPage() {
  const access = useAccess();
  const navigate = useNavigate();
  const list = usePagedList(listCampaigns);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ year: number; regionCode: string }>();
  const [saving, setSaving] = useState(false);
  const columns: ListColumn<TCampaign>[] = [
    {
      title: t('pages.campaigns.col.name'),
      dataIndex: 'name',
      width: 320,
      card: 'title',
      render: (v: string, r) => <Link to={`/campaigns/${r.id}`}>{v}</Link>,
    },
    { title: t('pages.campaigns.col.year'), dataIndex: 'year', width: 80, card: 'extra' },
    { title: t('pages.campaigns.col.region'), dataIndex: 'regionName', width: 120, render: (v: string | null, r) => v ?? r.regionCode },
    { title: t('pages.campaigns.col.due'), dataIndex: 'selfInspectionDue', width: 120 },
    { title: t('pages.campaigns.col.participants'), dataIndex: 'participants', width: 100 },
    { title: t('pages.campaigns.col.submitted'), dataIndex: 'submitted', width: 100 },
  ];
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const c = await createCampaign(v);
      setCreating(false);
      void navigate(`/campaigns/${c.id}`);
    } catch (err) {
      applyFormError(form, err, ['year', 'regionCode']);
    } finally {
      setSaving(false);
    }
  };
  return (
    <ListPage<TCampaign, CampaignListQuery>
      title={t('menu.campaigns.list')}
      create={{
        allowed: access.can('campaign.manage'),
        label: t('pages.campaigns.list.create'),
        onClick: () => {
          form.setFieldsValue({ year: new Date().getFullYear(), regionCode: list.data?.items[0]?.regionCode ?? '' });
          setCreating(true);
        },
      }}
      list={list}
      columns={columns}
    >
      <Modal
        open={creating}
        title={t('pages.campaigns.create.title')}
        onCancel={() => setCreating(false)}
        onOk={() => void submit()}
        confirmLoading={saving}
        okText={t('pages.common.create')}
        cancelText={t('pages.common.cancel')}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('pages.campaigns.create.hint')} style={{ marginBottom: 16 }} />
        <Form form={form} name="campaignCreate" layout="vertical">
          <Form.Item name="year" label={t('pages.campaigns.create.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('pages.campaigns.create.region')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
            <Input maxLength={6} />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
