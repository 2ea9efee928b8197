import { SAMPLE_ORIGINS, t } from '@qiangjian/shared';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { applyFormError } from '../../../services/form-errors.js';
import { createSampleTest, listSampleTests, type SampleTest, type SampleTestQuery } from '../../../services/inspections.js';

/** 监督抽查: civil meters tested by an institution (each a spot check against the meter); the institution records results. */
export default function SampleTestsPage() {
  const access = useAccess();
  const { message } = App.useApp();
  const list = usePagedList(listSampleTests);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const columns: ListColumn<SampleTest>[] = [
    { title: t('inspections.sample.publicCode'), dataIndex: 'publicCode', width: 180, card: 'title' },
    {
      title: t('inspections.sample.conclusion'),
      dataIndex: 'conclusion',
      width: 90,
      card: 'extra',
      render: (c: string) => <EnumTag name="conclusion" value={c} />,
    },
    {
      title: t('inspections.sample.category'),
      dataIndex: 'category',
      width: 100,
      render: (c: string) => <EnumTag name="category" value={c} />,
    },
    { title: t('inspections.sample.serialNo'), dataIndex: 'serialNo', width: 160 },
    { title: t('inspections.sample.owner'), dataIndex: 'orgName', width: 200 },
    {
      title: t('inspections.sample.origin'),
      dataIndex: 'origin',
      width: 140,
      render: (o: string) => <EnumTag name="sampleOrigin" value={o} />,
    },
    { title: t('inspections.sample.date'), dataIndex: 'date', width: 110 },
    {
      title: t('inspections.sample.errorPct'),
      dataIndex: 'errorPct',
      width: 110,
      render: (v: number | null) => (v === null ? '—' : `${v}%`),
    },
    { title: t('inspections.sample.institution'), dataIndex: 'institutionName', width: 200 },
    {
      title: t('inspections.sample.statusAfter'),
      dataIndex: 'statusAfter',
      width: 110,
      render: (s: string | null) => <EnumTag name="status" value={s} />,
    },
  ];
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await createSampleTest({ ...v, errorPct: v.errorPct ?? null });
      setOpen(false);
      form.resetFields();
      void message.success(t('pages.common.saved'));
      await list.reload();
    } catch (e) {
      applyFormError(form, e, ['publicCode', 'origin', 'date', 'conclusion', 'errorPct']);
    }
  };
  return (
    <ListPage<SampleTest, SampleTestQuery>
      title={t('inspections.sample.title')}
      list={list}
      columns={columns}
      create={{ allowed: access.can('sample_test.write'), label: t('inspections.sample.create'), onClick: () => setOpen(true) }}
      filters={{
        name: 'sampleFilters',
        instant: true,
        fields: [
          {
            name: 'origin',
            label: t('inspections.sample.origin'),
            input: <EnumSelect enumName="sampleOrigin" values={SAMPLE_ORIGINS} width={150} />,
          },
          {
            name: 'conclusion',
            label: t('inspections.sample.conclusion'),
            input: <EnumSelect enumName="conclusion" values={['passed', 'failed'] as const} width={110} />,
          },
        ],
      }}
    >
      <Modal
        open={open}
        title={t('inspections.sample.create')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okText={t('pages.common.save')}
        cancelText={t('pages.common.cancel')}
      >
        <Form form={form} layout="vertical" name="sampleTest">
          <Form.Item name="publicCode" label={t('inspections.sample.publicCode')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="origin" label={t('inspections.sample.origin')} rules={[{ required: true }]}>
            <Select options={SAMPLE_ORIGINS.map((o) => ({ value: o, label: <EnumTag name="sampleOrigin" value={o} /> }))} />
          </Form.Item>
          <Form.Item {...dateFieldProps} name="date" label={t('inspections.sample.date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="conclusion" label={t('inspections.sample.conclusion')} rules={[{ required: true }]}>
            <Select options={(['passed', 'failed'] as const).map((o) => ({ value: o, label: <EnumTag name="conclusion" value={o} /> }))} />
          </Form.Item>
          <Form.Item name="errorPct" label={t('inspections.sample.errorPct')}>
            <InputNumber step={0.01} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
