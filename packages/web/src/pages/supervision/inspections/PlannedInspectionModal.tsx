import { type TTarget, t } from '@qiangjian/shared';
import { App, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useRequest } from '../../../hooks/useRequest.js';
import { todayLocal } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import { listInspectors, listTargets } from '../../../services/supervision.js';
import { createPlannedInspection } from '../../../services/supervision-dashboard.js';
import { inspectorOptions, TWO_INSPECTORS, targetLabel } from './planning.js';

interface Values {
  targetId: number;
  kind: 'targeted' | 'complaint';
  reason: string;
  plannedDate: Dayjs;
  inspectorIds: number[];
}

/**
 * 新建检查 (docs/SUPERVISION.md "Dashboard"): a risk-targeted (风险靶向) or complaint-triggered (投诉触发) inspection planned
 * as an assignment for ≥ 2 inspectors of the covering office (or the bureau pool); recused inspectors are shown disabled.
 * The server checks all of it again and names the field it refuses.
 */
export function PlannedInspectionModal({ target: fixed, onClose }: { target?: TTarget; onClose: (created: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [q, setQ] = useState('');
  const found = useRequest(() => listTargets({ q: q || undefined, page: 1, pageSize: 20 }), [q], { ready: !fixed });
  const [picked, setPicked] = useState<TTarget | undefined>(fixed);
  const inspectors = useRequest(() => listInspectors({ page: 1, pageSize: 100 }), []).data?.items ?? [];
  const kind = Form.useWatch('kind', form);
  const date = (Form.useWatch('plannedDate', form) as Dayjs | undefined)?.format('YYYY-MM-DD') ?? todayLocal();
  const target = fixed ?? picked;
  // the covering office's inspectors first, then the bureau pool
  const options = inspectorOptions(inspectors, target, date);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await createPlannedInspection({
        targetId: v.targetId,
        kind: v.kind,
        reason: v.reason.trim(),
        plannedDate: v.plannedDate.format('YYYY-MM-DD'),
        inspectorIds: v.inspectorIds,
      });
      void message.success(t('planned.created'));
      onClose(true);
    } catch (err) {
      applyFormError(form, err, ['targetId', 'kind', 'reason', 'plannedDate', 'inspectorIds']);
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, message: t('planned.required') }];

  return (
    <Modal open title={t('planned.title')} onOk={() => void submit()} confirmLoading={busy} onCancel={() => onClose(false)} destroyOnHidden>
      <Form<Values>
        form={form}
        name="plannedInspection"
        layout="vertical"
        initialValues={{ targetId: fixed?.id, kind: 'targeted', plannedDate: dayjs(todayLocal()), inspectorIds: [] }}
      >
        <Form.Item name="targetId" label={t('planned.target')} rules={required}>
          {fixed ? (
            <Select disabled options={[{ value: fixed.id, label: targetLabel(fixed) }]} />
          ) : (
            <Select
              showSearch
              filterOption={false}
              placeholder={t('planned.targetPlaceholder')}
              onSearch={setQ}
              onChange={(id: number) => {
                setPicked(found.data?.items.find((x) => x.id === id));
                form.setFieldValue('inspectorIds', []);
              }}
              options={(found.data?.items ?? []).map((x) => ({ value: x.id, label: targetLabel(x) }))}
            />
          )}
        </Form.Item>
        <Form.Item name="kind" label={t('planned.kind')} rules={required}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'targeted', label: t('planned.kind.targeted') },
              { value: 'complaint', label: t('planned.kind.complaint') },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={kind === 'complaint' ? t('planned.reasonComplaint') : t('planned.reason')} rules={required}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="plannedDate" label={t('planned.plannedDate')} rules={required}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="inspectorIds" label={t('planned.inspectors')} extra={t('planned.inspectorsHint')} rules={TWO_INSPECTORS}>
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
