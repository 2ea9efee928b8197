import { enumLabel, t } from '@qiangjian/shared';
import { Button, Card, DatePicker, Form, InputNumber, message, Select } from 'antd';
import { useState } from 'react';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { formatDateTime } from '../../../lib/format.js';
import { listSelfReports, type SelfReport, submitSelfReport } from '../../../services/complaints.js';
import { applyFormError } from '../../../services/form-errors.js';

const METERS = ['water_meter', 'electricity_meter', 'gas_meter'] as const;
interface Values {
  periodStart: string;
  periodEnd: string;
  meterType: string;
  handled: number;
  metersReplaced: number;
}

/** 企业投诉处理填报 (Attachment 2 #21–22, docs/COMPLAINTS.md): a utility's per-period figures; the bureau reads them all. */
export default function SelfReportPage() {
  const access = useAccess();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { data, reload, loading } = useRequest(() => listSelfReports({ pageSize: 100 }), []);
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await submitSelfReport(v);
      void message.success(t('pages.complaints.detail.done'));
      await reload();
    } catch (err) {
      applyFormError(form, err, ['periodStart', 'periodEnd', 'meterType', 'handled', 'metersReplaced']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageTitle title={t('menu.complaints.selfReport')} />
      {access.can('complaint_self_report.submit') ? (
        <Card style={{ marginBottom: 12 }}>
          <Form form={form} name="selfReport" layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 480 }}>
            <Form.Item name="meterType" label={t('pages.complaints.selfReport.meterType')} rules={[{ required: true }]}>
              <Select options={METERS.map((m) => ({ value: m, label: enumLabel('category', m) }))} />
            </Form.Item>
            <Form.Item
              {...dateFieldProps}
              name="periodStart"
              label={t('pages.complaints.selfReport.periodStart')}
              rules={[{ required: true }]}
            >
              <DatePicker />
            </Form.Item>
            <Form.Item {...dateFieldProps} name="periodEnd" label={t('pages.complaints.selfReport.periodEnd')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="handled" label={t('pages.complaints.selfReport.handled')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="metersReplaced" label={t('pages.complaints.selfReport.replaced')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('pages.complaints.selfReport.submit')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Card>
        <ResponsiveTable<SelfReport>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('pages.complaints.selfReport.org'), dataIndex: 'orgName', card: 'title' },
            {
              title: t('pages.complaints.selfReport.meterType'),
              dataIndex: 'meterType',
              card: 'extra',
              render: (v: string) => enumLabel('category', v),
            },
            { title: t('pages.complaints.selfReport.periodStart'), dataIndex: 'periodStart' },
            { title: t('pages.complaints.selfReport.periodEnd'), dataIndex: 'periodEnd' },
            { title: t('pages.complaints.selfReport.handled'), dataIndex: 'handled' },
            { title: t('pages.complaints.selfReport.replaced'), dataIndex: 'metersReplaced' },
            { title: t('pages.complaints.selfReport.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => formatDateTime(v) },
          ]}
        />
      </Card>
    </>
  );
}
