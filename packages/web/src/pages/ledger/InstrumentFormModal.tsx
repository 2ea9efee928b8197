import {
  CATEGORIES,
  type Category,
  enumLabel,
  GAS_MEDIA,
  ORIGINS,
  PURPOSES,
  SUBMISSION_MODES,
  type TInstrument,
  t,
} from '@qiangjian/shared';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { OrgSelect } from '../../components/OrgSelect.js';
import { useRequest } from '../../hooks/useRequest.js';
import { applyFormError } from '../../services/form-errors.js';
import { createInstrument, listSites, updateInstrument } from '../../services/ledger.js';

/** Fields shown per category (docs/domain/forms.md §3 optional columns). */
const ONLY: Record<string, readonly Category[]> = {
  caliberDn: ['water_meter'],
  q3: ['water_meter'],
  gRating: ['gas_meter'],
  gasMedium: ['gas_meter'],
  fuelGrade: ['fuel_dispenser'],
  firstUseDate: ['fuel_dispenser'],
  nozzleCount: ['fuel_dispenser'],
};
const DATE_FIELDS = ['installDate', 'firstUseDate'] as const;
const FIELDS = [
  'siteId',
  'serialNo',
  'instrumentName',
  'model',
  'measuringRange',
  'accuracyClass',
  'manufacturer',
  'origin',
  'location',
  'quantity',
  'purpose',
  'submissionMode',
  'adminDivisionCode',
  'caliberDn',
  'q3',
  'gRating',
  'gasMedium',
  'fuelGrade',
  'sealNos',
  'typeApprovalNo',
  'installDate',
  'firstUseDate',
  'remarks',
  'category',
  'orgId',
];

type FormValues = Record<string, unknown> & { category?: Category; orgId?: number; nozzleCount?: number };

export function InstrumentFormModal({
  open,
  instrument,
  defaultOrgId,
  onClose,
  onSaved,
}: {
  open: boolean;
  instrument: TInstrument | null;
  defaultOrgId?: number;
  onClose: () => void;
  onSaved: (i: TInstrument) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const category = Form.useWatch('category', form);
  const orgId = Form.useWatch('orgId', form);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (instrument) {
      const v: FormValues = { ...instrument };
      for (const d of DATE_FIELDS) v[d] = instrument[d] ? dayjs(instrument[d]) : undefined;
      form.setFieldsValue(v);
    } else {
      form.setFieldsValue({ orgId: defaultOrgId, category: 'fuel_dispenser', quantity: 1 });
    }
  }, [open, instrument, defaultOrgId, form]);

  const sitesReq = useRequest(() => listSites(orgId), [orgId], { ready: !!orgId });
  const sites = orgId && !sitesReq.error ? (sitesReq.data?.items ?? []) : [];

  const shown = (f: string) => !ONLY[f] || (category !== undefined && (ONLY[f] as readonly string[]).includes(category));

  const save = async (draft: boolean) => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (!shown(k) || val === undefined || val === '') continue;
      body[k] = dayjs.isDayjs(val) ? val.format('YYYY-MM-DD') : val;
    }
    const n = body.nozzleCount as number | undefined;
    delete body.nozzleCount;
    setSaving(true);
    try {
      let saved: TInstrument;
      if (instrument) {
        delete body.orgId;
        delete body.category;
        saved = await updateInstrument(instrument.id, body);
      } else {
        if (n) body.nozzles = Array.from({ length: n }, (_, i) => ({ nozzleNo: i + 1 }));
        saved = await createInstrument({ ...body, draft });
      }
      onSaved(saved);
    } catch (e) {
      applyFormError(form, e, FIELDS);
    } finally {
      setSaving(false);
    }
  };

  const req = [{ required: true, message: t('pages.ledger.required') }];
  const text = (name: string, label: string, rules?: typeof req) =>
    shown(name) && (
      <Form.Item name={name} label={t(label)} rules={rules}>
        <Input allowClear />
      </Form.Item>
    );
  const select = (name: string, label: string, values: readonly string[], enumName: string) =>
    shown(name) && (
      <Form.Item name={name} label={t(label)}>
        <Select allowClear options={values.map((x) => ({ value: x, label: enumLabel(enumName, x) }))} />
      </Form.Item>
    );
  const date = (name: string, label: string) =>
    shown(name) && (
      <Form.Item name={name} label={t(label)}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    );
  const num = (name: string, label: string) =>
    shown(name) && (
      <Form.Item name={name} label={t(label)}>
        <InputNumber style={{ width: '100%' }} min={0} />
      </Form.Item>
    );

  return (
    <Modal
      open={open}
      title={instrument ? `${t('pages.common.edit')} ${instrument.serialNo}` : t('pages.ledger.create')}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('pages.common.cancel')}</Button>
          {!instrument && (
            <Button loading={saving} onClick={() => void save(true)}>
              {t('pages.ledger.saveDraft')}
            </Button>
          )}
          <Button type="primary" loading={saving} onClick={() => void save(false)}>
            {t('pages.common.save')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        name="instrumentForm"
        form={form}
        layout="vertical"
        className="qj-grid-form"
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', columnGap: 16 }}
      >
        {!instrument && (
          <Form.Item name="orgId" label={t('pages.ledger.org')} rules={req}>
            <OrgSelect />
          </Form.Item>
        )}
        {!instrument && (
          <Form.Item name="category" label={t('pages.ledger.category')} rules={req}>
            <Select options={CATEGORIES.map((c) => ({ value: c, label: enumLabel('category', c) }))} />
          </Form.Item>
        )}
        {text('serialNo', 'pages.ledger.serialNo', req)}
        {text('instrumentName', 'pages.ledger.instrumentName', req)}
        <Form.Item name="siteId" label={t('pages.ledger.site')}>
          <Select allowClear options={sites.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        {text('model', 'pages.ledger.model')}
        {text('measuringRange', 'pages.ledger.measuringRange')}
        {text('accuracyClass', 'pages.ledger.accuracyClass')}
        {text('manufacturer', 'pages.ledger.manufacturer')}
        {select('origin', 'pages.ledger.origin', ORIGINS, 'origin')}
        {num('quantity', 'pages.ledger.quantity')}
        {select('purpose', 'pages.ledger.purpose', PURPOSES, 'purpose')}
        {select('submissionMode', 'pages.ledger.submissionMode', SUBMISSION_MODES, 'submissionMode')}
        {text('adminDivisionCode', 'pages.ledger.adminDivisionCode')}
        {num('caliberDn', 'pages.ledger.caliberDn')}
        {num('q3', 'pages.ledger.q3')}
        {text('gRating', 'pages.ledger.gRating')}
        {select('gasMedium', 'pages.ledger.gasMedium', GAS_MEDIA, 'gasMedium')}
        {!instrument && num('nozzleCount', 'pages.ledger.nozzleCount')}
        {text('fuelGrade', 'pages.ledger.fuelGrade')}
        {text('sealNos', 'pages.ledger.sealNos')}
        {text('typeApprovalNo', 'pages.ledger.typeApprovalNo')}
        {date('installDate', 'pages.ledger.installDate')}
        {date('firstUseDate', 'pages.ledger.firstUseDate')}
        {text('location', 'pages.ledger.location')}
        {text('remarks', 'pages.ledger.remarks')}
      </Form>
    </Modal>
  );
}
