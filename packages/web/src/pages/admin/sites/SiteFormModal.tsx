import { enumLabel, SITE_KINDS, type TRegion, type TSite, t } from '@qiangjian/shared';
import { App, Form, Input, Modal, Select } from 'antd';
import { useMemo, useState } from 'react';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { applyFormError } from '../../../services/form-errors.js';
import { createSite, updateSite } from '../../../services/orgs.js';

interface SiteForm {
  orgId?: number;
  name: string;
  kind: TSite['kind'];
  townCode: string;
  address?: string;
}

const FIELDS = ['orgId', 'name', 'kind', 'townCode', 'address'];

/** Create / edit a site (加油站点、供水片区…): organization (fixed for an enterprise and when editing), name, kind, town, address. */
export function SiteFormModal(props: {
  site: TSite | null;
  regions: TRegion[];
  /** the enterprise's own organization: no organization picker */
  ownOrgId?: number;
  onClose: () => void;
  onSaved: (s: TSite) => void;
}) {
  const { site } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<SiteForm>();
  const [saving, setSaving] = useState(false);
  const towns = useMemo(
    () => props.regions.filter((r) => r.level === 'town').map((r) => ({ value: r.code, label: r.name })),
    [props.regions],
  );
  const initial: Partial<SiteForm> = site
    ? { name: site.name, kind: site.kind, townCode: site.townCode, address: site.address ?? undefined }
    : { orgId: props.ownOrgId };

  const submit = async () => {
    let v: SiteForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = { name: v.name.trim(), kind: v.kind, townCode: v.townCode, address: v.address?.trim() || null };
    setSaving(true);
    try {
      const saved = site ? await updateSite(site.id, body) : await createSite({ ...body, orgId: (v.orgId ?? props.ownOrgId) as number });
      void message.success(site ? t('pages.common.saved') : t('pages.common.created'));
      props.onSaved(saved);
    } catch (e) {
      applyFormError(form, e, FIELDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={site ? t('pages.sites.editTitle') : t('pages.sites.createTitle')}
      okText={t('pages.common.save')}
      cancelText={t('pages.common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<SiteForm> name="site" form={form} layout="vertical" initialValues={initial} requiredMark onFinish={() => void submit()}>
        {!site && props.ownOrgId === undefined && (
          <Form.Item label={t('pages.sites.org')} name="orgId" rules={[{ required: true, message: t('pages.sites.orgRequired') }]}>
            <OrgSelect />
          </Form.Item>
        )}
        <Form.Item
          label={t('pages.sites.name')}
          name="name"
          rules={[
            { required: true, whitespace: true, message: t('pages.sites.nameRequired') },
            { max: 200, message: t('field.tooLong', { max: 200 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item label={t('pages.sites.kind')} name="kind" rules={[{ required: true, message: t('pages.sites.kindRequired') }]}>
          <Select options={SITE_KINDS.map((k) => ({ value: k, label: enumLabel('siteKind', k) }))} />
        </Form.Item>
        <Form.Item label={t('pages.sites.town')} name="townCode" rules={[{ required: true, message: t('pages.sites.townRequired') }]}>
          <Select showSearch optionFilterProp="label" options={towns} />
        </Form.Item>
        <Form.Item label={t('pages.sites.address')} name="address" rules={[{ max: 500, message: t('field.tooLong', { max: 500 }) }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
