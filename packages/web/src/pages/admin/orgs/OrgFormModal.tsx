import {
  enumLabel,
  ORG_KINDS,
  OWNERSHIP_TYPES,
  type TCreateOrganizationRequest,
  type TOrganization,
  type TRegion,
  t,
} from '@qiangjian/shared';
import { App, Col, Form, Input, Modal, Row, Select, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { applyFormError } from '../../../services/form-errors.js';
import { createOrganization, updateOrganization } from '../../../services/orgs.js';
import { regionTree } from '../../../services/regions.js';

type OrgForm = Required<Pick<TCreateOrganizationRequest, 'name' | 'kind' | 'creditCode' | 'regionCode'>> & {
  address?: string;
  contactName?: string;
  contactPhone?: string;
  ownershipType?: TCreateOrganizationRequest['ownershipType'];
  townCodes?: string[];
};

const FIELDS = ['name', 'kind', 'creditCode', 'regionCode', 'address', 'contactName', 'contactPhone', 'ownershipType', 'townCodes'];

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** Create / edit an organization. Server errors land on their field (e.g. invalid_credit_code). */
export function OrgFormModal(props: {
  org: TOrganization | null;
  regions: TRegion[];
  defaultRegion?: string;
  onClose: () => void;
  onSaved: (o: TOrganization) => void;
}) {
  const { org, regions } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgForm>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);
  const tree = useMemo(() => regionTree(regions), [regions]);
  const towns = useMemo(
    () =>
      regions
        .filter((r) => r.level === 'town')
        .map((r) => ({ value: r.code, label: t('pages.common.nameCode', { name: r.name, code: r.code }) })),
    [regions],
  );

  const initial: Partial<OrgForm> = org
    ? {
        name: org.name,
        kind: org.kind,
        creditCode: org.creditCode,
        regionCode: org.regionCode,
        address: org.address ?? undefined,
        contactName: org.contactName ?? undefined,
        contactPhone: org.contactPhone ?? undefined,
        ownershipType: org.ownershipType ?? undefined,
        townCodes: org.townCodes,
      }
    : { regionCode: props.defaultRegion };

  const submit = async () => {
    let v: OrgForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: TCreateOrganizationRequest = {
      name: v.name.trim(),
      kind: v.kind,
      creditCode: v.creditCode.trim(),
      regionCode: v.regionCode,
      address: blank(v.address),
      contactName: blank(v.contactName),
      contactPhone: blank(v.contactPhone),
      ownershipType: v.ownershipType ?? null,
      ...(v.kind === 'office' ? { townCodes: v.townCodes ?? [] } : {}),
    };
    setSaving(true);
    try {
      const saved = org ? await updateOrganization(org.id, body) : await createOrganization(body);
      void message.success(org ? t('pages.common.saved') : t('pages.common.created'));
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
      title={org ? t('pages.orgs.editTitle') : t('pages.orgs.createTitle')}
      okText={t('pages.common.save')}
      cancelText={t('pages.common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      width={720}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<OrgForm> name="org" form={form} layout="vertical" initialValues={initial} requiredMark onFinish={() => void submit()}>
        <Row gutter={16}>
          <Col xs={24} md={24}>
            <Form.Item
              label={t('pages.orgs.name')}
              name="name"
              rules={[
                { required: true, whitespace: true, message: t('pages.orgs.nameRequired') },
                { max: 200, message: t('field.tooLong', { max: 200 }) },
              ]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('pages.orgs.kind')} name="kind" rules={[{ required: true, message: t('pages.orgs.kindRequired') }]}>
              <Select options={ORG_KINDS.map((k) => ({ value: k, label: enumLabel('orgKind', k) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('pages.orgs.creditCode')}
              name="creditCode"
              extra={t('pages.orgs.creditCodeHelp')}
              rules={[
                { required: true, whitespace: true, message: t('pages.orgs.creditCodeRequired') },
                { max: 40, message: t('field.tooLong', { max: 40 }) },
              ]}
            >
              <Input maxLength={40} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('pages.orgs.region')}
              name="regionCode"
              rules={[{ required: true, message: t('pages.orgs.regionRequired') }]}
            >
              <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('pages.orgs.ownershipType')} name="ownershipType">
              <Select allowClear options={OWNERSHIP_TYPES.map((o) => ({ value: o, label: enumLabel('ownershipType', o) }))} />
            </Form.Item>
          </Col>
          {kind === 'office' && (
            <Col xs={24}>
              <Form.Item
                label={t('pages.orgs.townCodes')}
                name="townCodes"
                extra={t('pages.orgs.townCodesHelp')}
                rules={[{ required: true, type: 'array', min: 1, message: t('pages.orgs.townsRequired') }]}
              >
                <Select mode="multiple" options={towns} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item label={t('pages.orgs.address')} name="address" rules={[{ max: 2000, message: t('field.tooLong', { max: 2000 }) }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('pages.orgs.contactName')}
              name="contactName"
              rules={[{ max: 200, message: t('field.tooLong', { max: 200 }) }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('pages.orgs.contactPhone')}
              name="contactPhone"
              rules={[{ max: 40, message: t('field.tooLong', { max: 40 }) }]}
            >
              <Input />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
