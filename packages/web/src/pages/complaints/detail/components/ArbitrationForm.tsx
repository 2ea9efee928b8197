import { authorizationCoverage, type TComplaintDetail, t } from '@qiangjian/shared';
import { DatePicker, Form, Input, Select } from 'antd';
import { useEffect } from 'react';
import { useRequest } from '../../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../../lib/date-field.js';
import { todayLocal } from '../../../../lib/format.js';
import { requestArbitration } from '../../../../services/complaints.js';
import { listInstitutions } from '../../../../services/verification.js';
import { ActionForm, required, type Values } from './ActionForm.js';

/**
 * 申请仲裁检定: the institution picked by name among those whose authorization covers the disputed instrument's category
 * and place today (the verification application's rule, packages/shared `authorizationCoverage`); the only one is
 * pre-selected. The server checks the authorization again when it files the application.
 */
export function ArbitrationForm({ c, done }: { c: TComplaintDetail; done: (p: Promise<TComplaintDetail>) => Promise<void> }) {
  const [form] = Form.useForm<Values>();
  const institutions = useRequest(() => listInstitutions(), []);
  const day = todayLocal();
  const category = c.instrumentCategory;
  const options = (institutions.data ?? [])
    .filter((i) => category !== null && authorizationCoverage(i.authorizations, category, c.instrumentRegion, day) === 'ok')
    .map((i) => ({ value: i.id, label: i.name }));
  const only = options.length === 1 ? options[0]?.value : undefined;
  useEffect(() => {
    if (only !== undefined && form.getFieldValue('institutionId') === undefined) form.setFieldsValue({ institutionId: only });
  }, [only, form]);
  return (
    <ActionForm
      form={form}
      name="arbitration"
      initialValues={{ institutionId: only }}
      label={t('pages.complaints.detail.requestArbitration')}
      onSubmit={(v) =>
        done(
          requestArbitration(c.id, {
            institutionId: Number(v.institutionId),
            preferredDate: String(v.preferredDate),
            contactName: String(v.contactName),
            contactPhone: String(v.contactPhone),
          }),
        )
      }
    >
      <Form.Item
        name="institutionId"
        label={t('pages.complaints.detail.institution')}
        extra={t('pages.complaints.detail.institutionHint')}
        rules={required}
      >
        <Select
          showSearch
          optionFilterProp="label"
          loading={institutions.loading}
          options={options}
          notFoundContent={institutions.loading ? undefined : t('pages.complaints.detail.noInstitution')}
        />
      </Form.Item>
      <Form.Item {...dateFieldProps} name="preferredDate" label={t('pages.complaints.detail.preferredDate')} rules={required}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="contactName" label={t('field.label.contactName')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="contactPhone" label={t('complaints.field.phone')} rules={required}>
        <Input inputMode="tel" />
      </Form.Item>
    </ActionForm>
  );
}
