import { CASE_DECISIONS, enumLabel, type TComplaintDetail, type TTarget, t } from '@qiangjian/shared';
import { DatePicker, Form, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useRequest } from '../../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../../lib/date-field.js';
import { todayLocal } from '../../../../lib/format.js';
import { decideCase } from '../../../../services/complaints.js';
import { listCases, listInspectors, listTargets } from '../../../../services/supervision.js';
import { inspectorOptions, TWO_INSPECTORS, targetLabel } from '../../../supervision/inspections/planning.js';
import { ActionForm, required, type Values } from './ActionForm.js';

/**
 * 立案决定 of a 举报: `open_case` links one of the reported organization's cases (picked by case number); `open_inspection`
 * plans a complaint-triggered inspection of a target (pre-selected: the complaint's site, else its organization; others by
 * search) on a date by ≥ 2 inspectors picked by name (the covering office's and the bureau pool, as 新建检查 offers them;
 * the handler pre-selected); `no_case` needs nothing. The server checks every id against the caller's scope again.
 */
export function CaseDecisionForm({ c, done }: { c: TComplaintDetail; done: (p: Promise<TComplaintDetail>) => Promise<void> }) {
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch('decision', form) as string | undefined;
  const day = (Form.useWatch('plannedDate', form) as string | undefined) || todayLocal();
  const linking = decision === 'open_case';
  const inspecting = decision === 'open_inspection';
  const orgId = c.orgId === null ? undefined : String(c.orgId);

  const cases = useRequest(() => listCases({ orgId, page: 1, pageSize: 100 }), [orgId], { ready: linking });
  const caseOptions = (cases.data?.items ?? []).map((x) => ({
    value: x.id,
    label: `${x.caseNo} ${x.orgName}（${enumLabel('caseStage', x.stage)}）`,
  }));

  // the targets: the organization's own (the site's target pre-selected) until the clerk searches for another
  const [q, setQ] = useState('');
  const targets = useRequest(() => listTargets({ q: q || undefined, orgId: q ? undefined : orgId, page: 1, pageSize: 20 }), [q, orgId], {
    ready: inspecting,
  });
  const [picked, setPicked] = useState<TTarget>();
  const found = targets.data?.items ?? [];
  const targetOptions = [...(picked && !found.some((x) => x.id === picked.id) ? [picked] : []), ...found].map((x) => ({
    value: x.id,
    label: targetLabel(x),
  }));
  const inspectors = useRequest(() => listInspectors({ page: 1, pageSize: 100 }), [], { ready: inspecting });
  const registered = inspectors.data?.items ?? [];
  const options = inspectorOptions(registered, picked, day);

  const suggested = picked
    ? undefined
    : (found.find((x) => c.siteId !== null && x.siteId === c.siteId) ?? found.find((x) => x.orgId === c.orgId && x.siteId === null));
  useEffect(() => {
    if (!suggested || q) return;
    setPicked(suggested);
    form.setFieldsValue({ targetId: suggested.id });
  }, [suggested, q, form]);
  // the handler goes on the inspection when the register has them and they may go
  const handlerInspector = registered.find((i) => i.userId === c.handlerUserId)?.id;
  const handlerOption = options.find((o) => o.value === handlerInspector && !o.disabled)?.value;
  useEffect(() => {
    if (handlerOption === undefined) return;
    const now = (form.getFieldValue('inspectorIds') as number[] | undefined) ?? [];
    if (now.length === 0) form.setFieldsValue({ inspectorIds: [handlerOption] });
  }, [handlerOption, form]);

  return (
    <ActionForm
      form={form}
      name="caseDecision"
      label={t('pages.complaints.detail.caseDecision')}
      initialValues={{ plannedDate: todayLocal(), inspectorIds: [] }}
      onSubmit={(v) =>
        done(
          decideCase(c.id, {
            decision: String(v.decision),
            caseId: linking ? Number(v.caseId) : undefined,
            targetId: inspecting ? Number(v.targetId) : undefined,
            plannedDate: inspecting ? String(v.plannedDate) : undefined,
            inspectorIds: inspecting ? (v.inspectorIds as number[]) : undefined,
          }),
        )
      }
    >
      <Form.Item name="decision" label={t('pages.complaints.detail.caseDecision')} rules={required}>
        <Select options={CASE_DECISIONS.map((o) => ({ value: o, label: enumLabel('complaintCaseDecision', o) }))} />
      </Form.Item>
      {linking ? (
        <Form.Item name="caseId" label={t('pages.complaints.detail.case')} rules={required}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={cases.loading}
            options={caseOptions}
            notFoundContent={cases.loading ? undefined : t('pages.complaints.detail.noCase')}
          />
        </Form.Item>
      ) : null}
      {inspecting ? (
        <>
          <Form.Item name="targetId" label={t('pages.complaints.detail.target')} rules={required}>
            <Select
              showSearch
              filterOption={false}
              placeholder={t('planned.targetPlaceholder')}
              onSearch={setQ}
              loading={targets.loading}
              onChange={(id: number) => {
                setPicked([...(picked ? [picked] : []), ...found].find((x) => x.id === id));
                form.setFieldsValue({ inspectorIds: [] });
              }}
              options={targetOptions}
            />
          </Form.Item>
          <Form.Item {...dateFieldProps} name="plannedDate" label={t('pages.complaints.detail.plannedDate')} rules={required}>
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="inspectorIds"
            label={t('pages.complaints.detail.inspectors')}
            extra={t('planned.inspectorsHint')}
            required
            rules={TWO_INSPECTORS}
          >
            <Select mode="multiple" optionFilterProp="label" loading={inspectors.loading} options={options} />
          </Form.Item>
        </>
      ) : null}
    </ActionForm>
  );
}
