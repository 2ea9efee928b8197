import { t } from '@qiangjian/shared';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRequest } from '../../../hooks/useRequest.js';
import { applyFormError } from '../../../services/form-errors.js';
import { listUsers } from '../../../services/orgs.js';
import { createInspector } from '../../../services/supervision.js';

interface Values {
  userId: number;
  certNo: string;
  validFrom: Dayjs;
  validUntil: Dayjs;
}

/** 新增执法人员: a user (inspector or regulator), the 执法证号 and its validity; the office is the user's organization. */
export function InspectorFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const users = useRequest(async () => {
    const [a, b] = await Promise.all([listUsers({ role: 'inspector', pageSize: 100 }), listUsers({ role: 'regulator', pageSize: 100 })]);
    return [...a.items, ...b.items];
  }, []);
  return (
    <Modal
      open
      title={t('pages.registers.inspectors.create')}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await createInspector({
            userId: v.userId,
            certNo: v.certNo,
            validFrom: v.validFrom.format('YYYY-MM-DD'),
            validUntil: v.validUntil.format('YYYY-MM-DD'),
          });
          void message.success(t('pages.common.created'));
          onSaved();
        } catch (e) {
          applyFormError(form, e, ['userId', 'certNo', 'validFrom', 'validUntil']);
        }
      }}
    >
      <Form form={form} name="inspectorForm" layout="vertical">
        <Form.Item name="userId" label={t('pages.registers.inspectors.name')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={users.loading}
            options={(users.data ?? []).map((u) => ({
              value: u.id,
              label: t('pages.common.nameCode', { name: u.displayName, code: u.orgName }),
            }))}
          />
        </Form.Item>
        <Form.Item name="certNo" label={t('pages.registers.inspectors.cert')} rules={[{ required: true }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="validFrom" label={t('pages.registers.inspectors.validFrom')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="validUntil" label={t('pages.registers.inspectors.validUntil')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
