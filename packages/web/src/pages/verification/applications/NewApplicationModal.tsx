import { enumLabel, SUBMISSION_MODES, t } from '@qiangjian/shared';
import { App, Checkbox, Form, Input, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import { createApplication, listDueForApplication, listFiledInstruments, listInstitutions } from '../../../services/verification.js';

interface Row {
  id: number;
  serialNo: string;
  instrumentName: string;
  category: string;
  siteName: string | null;
  status: string | null;
  validUntil: string | null;
}

interface Values {
  institutionId: number;
  mode: 'bring_in' | 'on_site';
  preferredDate: string;
  contactName: string;
  contactPhone: string;
}

/** 申请检定: pick instruments from the due list (or all in service), an institution, mode, date and contact. */
export function NewApplicationModal({ onClose }: { onClose: (created: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [showAll, setShowAll] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [saving, setSaving] = useState(false);

  const institutions = useRequest(listInstitutions, []).data ?? [];
  const candidates = useRequest(
    async (): Promise<Row[]> =>
      showAll ? (await listFiledInstruments()).items : (await listDueForApplication()).items.map((i) => ({ ...i, id: i.instrumentId })),
    [showAll],
  );
  const rows = candidates.error ? [] : (candidates.data ?? []);

  const submit = async () => {
    const v = await form.validateFields();
    if (selected.length === 0) {
      await message.warning(t('pages.vapps.selectAtLeastOne'));
      return;
    }
    setSaving(true);
    try {
      const a = await createApplication({
        institutionId: v.institutionId,
        instrumentIds: selected,
        mode: v.mode,
        preferredDate: v.preferredDate,
        contact: { name: v.contactName, phone: v.contactPhone },
      });
      await message.success(t('pages.vapps.submitted', { deadline: formatDateTime(a.acceptDeadline) }));
      onClose(true);
    } catch (e) {
      applyFormError(form, e, ['institutionId', 'mode', 'preferredDate']);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={860}
      title={t('pages.vapps.newTitle')}
      okText={t('pages.vapps.submit')}
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form<Values> name="newApplication" form={form} layout="vertical" initialValues={{ mode: 'bring_in' }}>
        <Form.Item name="institutionId" label={t('pages.vapps.institution')} rules={[{ required: true, message: t('field.required') }]}>
          <Select
            options={institutions.map((i) => ({
              value: i.id,
              label: `${i.name}（${t('pages.vapps.authorizedFor', { cats: [...new Set(i.authorizations.flatMap((a) => a.categories))].map((c) => enumLabel('category', c)).join('、') || t('pages.common.none') })}）`,
            }))}
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
          <Form.Item name="mode" label={t('pages.vapps.mode')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={SUBMISSION_MODES.map((m) => ({ value: m, label: enumLabel('submissionMode', m) }))} />
          </Form.Item>
          <Form.Item name="preferredDate" label={t('pages.vapps.preferredDate')} rules={[{ required: true, message: t('field.required') }]}>
            <Input type="date" style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="contactName" label={t('pages.vapps.contactName')} rules={[{ required: true, message: t('field.required') }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('pages.vapps.contactPhone')} rules={[{ required: true, message: t('field.required') }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
        </div>
      </Form>
      <div style={{ display: 'flex', justifyContent: 'space-between', margin: '4px 0 8px' }}>
        <strong>{t('pages.vapps.pickInstruments')}</strong>
        <Checkbox checked={showAll} onChange={(e) => setShowAll(e.target.checked)}>
          {t('pages.vapps.showAll')}
        </Checkbox>
      </div>
      <Table<Row>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 8 }}
        scroll={{ x: 'max-content' }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(Number)),
          getCheckboxProps: (r) => ({ 'aria-label': r.serialNo }),
        }}
        columns={[
          { title: t('pages.vapps.serialNo'), dataIndex: 'serialNo' },
          { title: t('pages.vapps.instrumentName'), dataIndex: 'instrumentName' },
          { title: t('pages.vapps.site'), dataIndex: 'siteName' },
          {
            title: t('pages.vapps.instrumentStatus'),
            dataIndex: 'status',
            render: (s: string | null) => (s ? enumLabel('status', s) : ''),
          },
          { title: t('pages.vapps.validUntil'), dataIndex: 'validUntil' },
        ]}
      />
    </Modal>
  );
}
