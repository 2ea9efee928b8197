import { type TComplaintDetail, t } from '@qiangjian/shared';
import { Form, Select } from 'antd';
import { useRequest } from '../../../../hooks/useRequest.js';
import { assignComplaint } from '../../../../services/complaints.js';
import { listInspectors } from '../../../../services/supervision.js';
import { ActionForm, required } from './ActionForm.js';

/**
 * 分派: the handler picked by name among the active inspectors of the complaint's office (first) and of the bureau pool
 * (the register in the caller's scope); the current handler is pre-selected. The server checks the choice again.
 */
export function AssignForm({ c, done }: { c: TComplaintDetail; done: (p: Promise<TComplaintDetail>) => Promise<void> }) {
  const inspectors = useRequest(() => listInspectors({ page: 1, pageSize: 100 }), []);
  const seen = new Set<number>();
  const options = (inspectors.data?.items ?? [])
    .filter((i) => i.active && (i.officeId === c.officeId || i.officeKind === 'bureau'))
    .sort((a, b) => Number(b.officeId === c.officeId) - Number(a.officeId === c.officeId))
    .filter((i) => !seen.has(i.userId) && seen.add(i.userId))
    .map((i) => ({ value: i.userId, label: t('pages.common.nameCode', { name: i.userName, code: i.officeName }) }));
  if (c.handlerUserId !== null && !seen.has(c.handlerUserId)) options.unshift({ value: c.handlerUserId, label: c.handler ?? '' });
  return (
    <ActionForm
      key={c.handlerUserId ?? 0}
      name="assign"
      label={t('pages.complaints.detail.assign')}
      initialValues={{ handlerUserId: c.handlerUserId ?? undefined }}
      onSubmit={(v) => done(assignComplaint(c.id, { handlerUserId: Number(v.handlerUserId) }))}
    >
      <Form.Item
        name="handlerUserId"
        label={t('pages.complaints.detail.handler')}
        extra={t('pages.complaints.detail.handlerHint')}
        rules={required}
      >
        <Select showSearch optionFilterProp="label" loading={inspectors.loading} options={options} />
      </Form.Item>
    </ActionForm>
  );
}
