import { enumLabel, RULE_TAGS, type TRule, type TUpdateRuleRequest, t, VERIFICATION_MODES } from '@qiangjian/shared';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, showError } from '../../../services/api.js';
import { applyFormError } from '../../../services/form-errors.js';
import { updateRule } from '../../../services/status.js';
import { regulationText } from './condition.js';

interface RuleForm {
  mode: TRule['mode'];
  cycleMonths: number | null;
  effectiveFrom: Dayjs | null;
  effectiveTo: Dayjs | null;
  tag: TRule['tag'];
  citation: string;
  note: string;
}

const FIELDS = ['mode', 'cycleMonths', 'effectiveFrom', 'effectiveTo', 'tag', 'citation', 'note'] as const;
const day = (s: string | null) => (s ? dayjs(s) : null);
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/**
 * Admin edit of a rule (PATCH /rules/:id): the server keeps the edited version as history and records a new one
 * now, so statuses of past dates keep using the old one. Server errors (rule_invalid with details.field) land on
 * their field; a 409 (someone else recorded a newer version) goes through the error policy.
 */
export function RuleEditDrawer(props: {
  rule: TRule;
  condition: string;
  onClose: () => void;
  onSaved: (r: TRule) => void;
  onConflict: () => void;
}) {
  const { rule } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleForm>();
  const [saving, setSaving] = useState(false);
  const mode = Form.useWatch('mode', form);

  const submit = async () => {
    let v: RuleForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: TUpdateRuleRequest = {
      mode: v.mode,
      cycleMonths: v.cycleMonths ?? null,
      effectiveFrom: iso(v.effectiveFrom),
      effectiveTo: iso(v.effectiveTo),
      tag: v.tag,
      citation: v.citation.trim(),
      note: v.note.trim(),
    };
    setSaving(true);
    try {
      const saved = await updateRule(rule.id, body);
      void message.success(t('pages.status.rules.editSaved', { version: saved.version }));
      props.onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') {
        // someone recorded a newer version meanwhile: say so, close, and show the catalog as it is now
        showError(e);
        props.onConflict();
      } else applyFormError(form, e, FIELDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      title={t('pages.status.rules.editTitle', { category: enumLabel('category', rule.category), regulation: regulationText(rule) })}
      size="min(560px, 100vw)"
      onClose={props.onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={props.onClose}>{t('pages.common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()}>
            {t('pages.common.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph strong>{t('pages.status.rules.editCondition', { condition: props.condition })}</Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('pages.status.rules.editHint', { version: rule.version + 1, date: dayjs().format('YYYY-MM-DD') })}
      />
      <Form<RuleForm>
        name="ruleEdit"
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{
          mode: rule.mode,
          cycleMonths: rule.cycleMonths,
          effectiveFrom: day(rule.effectiveFrom),
          effectiveTo: day(rule.effectiveTo),
          tag: rule.tag,
          citation: rule.citation,
          note: '',
        }}
        onFinish={() => void submit()}
      >
        <Form.Item label={t('pages.status.rules.field.mode')} name="mode" rules={[{ required: true }]}>
          <Select options={VERIFICATION_MODES.map((m) => ({ value: m, label: enumLabel('verificationMode', m) }))} />
        </Form.Item>
        <Form.Item
          label={t('pages.status.rules.field.cycleMonths')}
          name="cycleMonths"
          extra={t('pages.status.rules.field.cycleMonthsHelp')}
          rules={[{ required: mode !== 'first_only_until_failure', message: t('pages.status.rules.field.cycleRequired') }]}
        >
          <InputNumber min={1} max={600} precision={0} style={{ width: '100%' }} suffix={t('pages.status.rules.field.monthsUnit')} />
        </Form.Item>
        <Space.Compact block style={{ gap: 12 }}>
          <Form.Item label={t('pages.status.rules.field.effectiveFrom')} name="effectiveFrom" style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} placeholder={t('pages.status.rules.field.openDate')} />
          </Form.Item>
          <Form.Item
            label={t('pages.status.rules.field.effectiveTo')}
            name="effectiveTo"
            style={{ flex: 1 }}
            dependencies={['effectiveFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null) => {
                  const from = getFieldValue('effectiveFrom') as Dayjs | null;
                  return value && from && value.isBefore(from, 'day')
                    ? Promise.reject(new Error(t('pages.status.rules.field.effectiveToBeforeFrom')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} placeholder={t('pages.status.rules.field.openDate')} />
          </Form.Item>
        </Space.Compact>
        <Form.Item label={t('pages.status.rules.field.tag')} name="tag" rules={[{ required: true }]}>
          <Select options={RULE_TAGS.map((g) => ({ value: g, label: enumLabel('ruleTag', g) }))} />
        </Form.Item>
        <Form.Item
          label={t('pages.status.rules.field.citation')}
          name="citation"
          rules={[
            { required: true, whitespace: true, message: t('pages.status.rules.field.citationRequired') },
            { max: 2000, message: t('field.tooLong', { max: 2000 }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item
          label={t('pages.status.rules.field.note')}
          name="note"
          extra={rule.note ? t('pages.status.rules.field.previousNote', { note: rule.note }) : undefined}
          rules={[
            { required: true, whitespace: true, message: t('pages.status.rules.field.noteRequired') },
            { max: 2000, message: t('field.tooLong', { max: 2000 }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('pages.status.rules.field.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
