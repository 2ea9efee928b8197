import { DRAW_STRATIFICATIONS, enumLabel, TARGET_KINDS, t } from '@qiangjian/shared';
import { App, Button, Card, Form, Input, InputNumber, Select } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PageTitle } from '../../../components/PageTitle.js';
import { applyFormError } from '../../../services/form-errors.js';
import { createDraw } from '../../../services/supervision.js';

interface Values {
  title: string;
  regionCode: string;
  kinds: string[];
  by: 'kind' | 'kind-town';
  ratioBp: number;
  min: number;
  inspectorsPerTarget: number;
  maxTargetsPerInspector?: number | null;
  highRiskRatioBp?: number | null;
  highRiskThreshold?: number | null;
  recusals?: string;
}

/** 新建抽取计划: the plan's parameters; submitting freezes and commits it (the commitment is shown on the next page). */
export default function DrawCreatePage() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const submit = async (v: Values) => {
    const recusals = (v.recusals ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const i = l.indexOf(':');
        return { certNo: l.slice(0, i), creditCode: l.slice(i + 1) };
      });
    try {
      const r = await createDraw({
        ...v,
        maxTargetsPerInspector: v.maxTargetsPerInspector ?? null,
        highRiskRatioBp: v.highRiskRatioBp ?? null,
        highRiskThreshold: v.highRiskThreshold ?? null,
        recusals,
      });
      void message.success(t('pages.draws.created', { commitment: r.commitment }));
      void navigate(`/supervision/draws/${r.id}`);
    } catch (e) {
      applyFormError(form, e, [
        'title',
        'regionCode',
        'kinds',
        'by',
        'ratioBp',
        'min',
        'inspectorsPerTarget',
        'maxTargetsPerInspector',
        'recusals',
      ]);
    }
  };
  return (
    <>
      <PageTitle title={t('pages.draws.create')} />
      <Card>
        <Form<Values>
          form={form}
          name="drawCreate"
          layout="vertical"
          style={{ maxWidth: 640 }}
          initialValues={{ by: 'kind-town', ratioBp: 1000, min: 1, inspectorsPerTarget: 2, kinds: ['station_site'] }}
          onFinish={submit}
        >
          <Form.Item name="title" label={t('pages.draws.planTitle')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('pages.draws.region')} rules={[{ required: true }]}>
            <Input maxLength={9} />
          </Form.Item>
          <Form.Item name="kinds" label={t('pages.draws.kinds')} rules={[{ required: true }]}>
            <Select mode="multiple" options={TARGET_KINDS.map((k) => ({ value: k, label: enumLabel('targetKind', k) }))} />
          </Form.Item>
          <Form.Item name="by" label={t('pages.draws.by')}>
            <Select options={DRAW_STRATIFICATIONS.map((k) => ({ value: k, label: enumLabel('drawBy', k) }))} />
          </Form.Item>
          <Form.Item name="ratioBp" label={t('pages.draws.ratioBp')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="min" label={t('pages.draws.min')}>
            <InputNumber min={0} precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="inspectorsPerTarget" label={t('pages.draws.perTarget')}>
            <InputNumber min={2} max={10} precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="maxTargetsPerInspector" label={t('pages.draws.maxPerInspector')}>
            <InputNumber min={1} precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="highRiskRatioBp" label={t('pages.draws.highRiskRatioBp')} extra={t('pages.draws.highRiskHint')}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="highRiskThreshold" label={t('pages.draws.highRiskThreshold')}>
            <InputNumber min={0} precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="recusals" label={t('pages.draws.recusals')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('pages.draws.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
