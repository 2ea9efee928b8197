import { t } from '@qiangjian/shared';
import { Button, Card, DatePicker, Form, Grid, Select } from 'antd';
import { dateFieldProps } from '../../../lib/date-field.js';
import { useRegions } from '../../../services/regions.js';
import type { ReportQuery } from '../../../services/reports.js';

/** The campaign's default period for Attachments 2 and 3 (docs/domain/forms.md §0). */
export const DEFAULT_REPORT_QUERY: ReportQuery = { regionCode: '150626', from: '2024-06-07', to: '2024-10-15' };

/** Region / period / reference date pickers; stacked at phone width. */
export function ReportFilters({
  value,
  onSubmit,
  extra,
}: {
  value: ReportQuery;
  onSubmit: (q: ReportQuery) => void;
  extra?: React.ReactNode;
}) {
  const narrow = Grid.useBreakpoint().md === false;
  const { regions } = useRegions();
  return (
    <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
      <Form
        name="reportFilters"
        layout={narrow ? 'vertical' : 'inline'}
        initialValues={value}
        onFinish={(v: ReportQuery) => onSubmit({ ...v, asOf: v.asOf || undefined })}
      >
        <Form.Item name="regionCode" label={t('pages.reports.region')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 180 }}
            options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
          />
        </Form.Item>
        <Form.Item {...dateFieldProps} name="from" label={t('pages.reports.period')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item {...dateFieldProps} name="to" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item {...dateFieldProps} name="asOf" label={t('pages.reports.asOf')}>
          <DatePicker />
        </Form.Item>
        {extra}
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('pages.reports.query')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
