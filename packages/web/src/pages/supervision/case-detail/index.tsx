import { CASE_OUTCOMES, enumLabel, type TCase, t } from '@qiangjian/shared';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Timeline } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { todayLocal } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import { caseAction, decisionUrl, getCase, getEnforcementSettings } from '../../../services/supervision.js';
import { CaseClock } from '../cases/index.js';

const day = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');

/** One case: the 90-day clock, the timeline, investigation notes, extensions, the decision and 结案 (docs/ENFORCEMENT.md). */
export default function CaseDetailPage() {
  const { id } = useParams();
  const access = useAccess();
  const { data: c, reload, error } = useRequest(() => getCase(id ?? ''), [id]);
  const canWrite = access.can('case.write');
  const settings = useRequest(getEnforcementSettings, [], { ready: canWrite }).data;
  if (!c || error) return null;
  const v = settings?.violations[c.code];
  return (
    <>
      <PageTitle
        title={`${t('cases.title')} ${c.caseNo}`}
        extra={
          c.decision && (
            <Space>
              <Button href={decisionUrl(c.id, 'pdf')} target="_blank">
                {t('cases.pdf')}
              </Button>
              <Button href={decisionUrl(c.id, 'docx')}>{t('cases.docx')}</Button>
            </Space>
          )
        }
      />
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('cases.org')}>{c.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('cases.stage')}>
            <EnumTag name="caseStage" value={c.stage} />
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.code')}>{enumLabel('violation', c.code)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.filedOn')}>{c.filedOn}</Descriptions.Item>
          <Descriptions.Item label={t('cases.clock')}>
            <CaseClock c={c} /> {t('cases.limitDate')} {c.limitDate}
            {c.extensionDays > 0 && ` （${t('cases.extensionDays', { days: c.extensionDays })}）`}
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.summary')}>{c.summary}</Descriptions.Item>
        </Descriptions>
      </Card>
      {c.decision && (
        <Card title={t('cases.decision')} style={{ marginTop: 16 }}>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('cases.decisionNo')}>{c.decision.decisionNo}</Descriptions.Item>
            <Descriptions.Item label={t('cases.decidedOn')}>{c.decision.decidedOn}</Descriptions.Item>
            <Descriptions.Item label={t('cases.outcome')}>{enumLabel('caseOutcome', c.decision.outcome)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.legalBasis')}>{c.decision.legalBasis}</Descriptions.Item>
            <Descriptions.Item label={t('cases.fine')}>{c.decision.fine.toFixed(2)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.gains')}>{c.decision.gains.toFixed(2)}</Descriptions.Item>
            {c.decision.reason && <Descriptions.Item label={t('cases.reason')}>{c.decision.reason}</Descriptions.Item>}
            {c.disclosure && (
              <Descriptions.Item label={t('cases.disclosure')}>
                {c.disclosure.active
                  ? t('cases.disclosureUntil', { until: c.disclosure.until })
                  : t('cases.disclosureExpired', { until: c.disclosure.until })}
              </Descriptions.Item>
            )}
            {c.closedOn && <Descriptions.Item label={t('cases.closedOn')}>{c.closedOn}</Descriptions.Item>}
          </Descriptions>
        </Card>
      )}
      {c.events.length > 0 && (
        <Card title={t('cases.timeline')} style={{ marginTop: 16 }}>
          <Timeline
            items={c.events.map((e) => ({
              children: (
                <>
                  <strong>{e.date}</strong> {enumLabel('caseEventKind', e.kind)}
                  {e.days ? ` +${e.days}` : ''}
                  {e.collective ? ` （${t('cases.collective')}）` : ''} {e.text} <span style={{ color: '#999' }}>{e.by}</span>
                </>
              ),
            }))}
          />
        </Card>
      )}
      {canWrite && c.stage !== 'closed' && <NoteForm c={c} onDone={reload} />}
      {canWrite && c.stage === 'filed' && <ExtensionForm c={c} onDone={reload} />}
      {canWrite && c.stage === 'filed' && <DecisionForm c={c} bases={v?.bases ?? []} fine={v?.fine ?? null} onDone={reload} />}
      {canWrite && c.stage === 'decided' && <CloseForm c={c} onDone={reload} />}
    </>
  );
}

type FormProps = { c: TCase; onDone: () => Promise<unknown> };

function useSubmit(fields: string[]) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const run = async (fn: (v: Record<string, unknown>) => Promise<unknown>, done: string, after: () => Promise<unknown>) => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await fn(v);
      void message.success(done);
      form.resetFields();
      await after();
    } catch (err) {
      applyFormError(form, err, fields);
    } finally {
      setBusy(false);
    }
  };
  return { form, busy, run };
}

function NoteForm({ c, onDone }: FormProps) {
  const { form, busy, run } = useSubmit(['kind', 'date', 'text']);
  return (
    <Card title={t('cases.addNote')} style={{ marginTop: 16 }}>
      <Form form={form} name="caseNote" layout="inline" initialValues={{ kind: 'note', date: dayjs(todayLocal()) }}>
        <Form.Item name="kind" label={t('cases.noteKind')}>
          <Select
            style={{ width: 120 }}
            options={(['note', 'evidence'] as const).map((k) => ({ value: k, label: enumLabel('caseEventKind', k) }))}
          />
        </Form.Item>
        <Form.Item name="date" label={t('cases.noteDate')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="text" label={t('cases.noteText')} rules={[{ required: true }]}>
          <Input style={{ width: 360 }} />
        </Form.Item>
        <Button
          loading={busy}
          onClick={() =>
            void run((v) => caseAction(c.id, 'notes', { ...v, date: day(v.date as dayjs.Dayjs) }), t('cases.noteAdded'), onDone)
          }
        >
          {t('pages.common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function ExtensionForm({ c, onDone }: FormProps) {
  const { form, busy, run } = useSubmit(['days', 'approvedOn', 'reason', 'collective']);
  return (
    <Card title={t('cases.extend')} style={{ marginTop: 16 }}>
      <Form
        form={form}
        name="caseExtension"
        layout="inline"
        initialValues={{ days: 30, approvedOn: dayjs(todayLocal()), collective: false }}
      >
        <Form.Item name="days" label={t('cases.extensionDaysLabel')} rules={[{ required: true }]}>
          <InputNumber min={1} max={365} />
        </Form.Item>
        <Form.Item name="approvedOn" label={t('cases.approvedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" label={t('cases.extensionReason')} rules={[{ required: true }]}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="collective" valuePropName="checked">
          <Checkbox>{t('cases.collective')}</Checkbox>
        </Form.Item>
        <Button
          loading={busy}
          onClick={() =>
            void run(
              (v) => caseAction(c.id, 'extensions', { ...v, approvedOn: day(v.approvedOn as dayjs.Dayjs) }),
              t('cases.extended'),
              onDone,
            )
          }
        >
          {t('pages.common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function DecisionForm({
  c,
  bases,
  fine,
  onDone,
}: FormProps & { bases: { id: string; text: string }[]; fine: { min: number; max: number } | null }) {
  const { form, busy, run } = useSubmit(['decidedOn', 'outcome', 'legalBasisId', 'fine', 'gains', 'reason']);
  return (
    <Card title={t('cases.decide')} style={{ marginTop: 16 }}>
      <Form
        form={form}
        name="caseDecision"
        layout="vertical"
        style={{ maxWidth: 560 }}
        initialValues={{ decidedOn: dayjs(todayLocal()), outcome: 'penalty', fine: 0, gains: 0 }}
      >
        <Form.Item name="decidedOn" label={t('cases.decidedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="outcome" label={t('cases.outcome')} rules={[{ required: true }]}>
          <Select options={CASE_OUTCOMES.map((o) => ({ value: o, label: enumLabel('caseOutcome', o) }))} />
        </Form.Item>
        <Form.Item name="legalBasisId" label={t('cases.legalBasis')}>
          <Select allowClear options={bases.map((b) => ({ value: b.id, label: b.text }))} />
        </Form.Item>
        <Form.Item
          name="fine"
          label={t('cases.fine')}
          extra={fine ? t('cases.fineRange', { min: fine.min, max: fine.max }) : t('cases.noFineBasis')}
        >
          <InputNumber min={0} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="gains" label={t('cases.gains')}>
          <InputNumber min={0} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('cases.reason')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button
          type="primary"
          loading={busy}
          onClick={() =>
            void run(
              (v) =>
                caseAction(c.id, 'decision', {
                  ...v,
                  decidedOn: day(v.decidedOn as dayjs.Dayjs),
                  reason: (v.reason as string | undefined)?.trim() || undefined,
                  fine: Number(v.fine ?? 0),
                  gains: Number(v.gains ?? 0),
                }),
              t('cases.decided'),
              onDone,
            )
          }
        >
          {t('cases.decide')}
        </Button>
      </Form>
    </Card>
  );
}

function CloseForm({ c, onDone }: FormProps) {
  const { form, busy, run } = useSubmit(['closedOn', 'note']);
  return (
    <Card title={t('cases.closeCase')} style={{ marginTop: 16 }}>
      <Form form={form} name="caseClose" layout="inline" initialValues={{ closedOn: dayjs(todayLocal()) }}>
        <Form.Item name="closedOn" label={t('cases.closedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={t('cases.closeNote')}>
          <Input style={{ width: 300 }} />
        </Form.Item>
        <Button
          loading={busy}
          onClick={() =>
            void run(
              (v) =>
                caseAction(c.id, 'close', {
                  closedOn: day(v.closedOn as dayjs.Dayjs),
                  note: (v.note as string | undefined)?.trim() || undefined,
                }),
              t('cases.closedDone'),
              onDone,
            )
          }
        >
          {t('cases.closeCase')}
        </Button>
      </Form>
    </Card>
  );
}
