import {
  CATEGORIES,
  enumLabel,
  STATUSES,
  SUBMISSION_MODES,
  type TApplicationCandidate,
  type TApplicationFilter,
  t,
} from '@qiangjian/shared';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { EnumSelect, FilterSelect } from '../../../components/list/fields.js';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { formatDateTime } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import { useRegions } from '../../../services/regions.js';
import { type ApplicationSelection, applicationOptions, createApplication, listCandidates } from '../../../services/verification.js';

interface Values {
  institutionId: number;
  mode: 'bring_in' | 'on_site';
  preferredDate: string;
  contactName: string;
  contactPhone: string;
}

interface FilterValues {
  q?: string;
  categories?: string[];
  town?: string;
  statuses?: string[];
  dueBefore?: string;
}

/** The filter as the API takes it (empty fields left out). */
function toFilter(v: FilterValues): TApplicationFilter {
  return {
    ...(v.q?.trim() ? { q: v.q.trim() } : {}),
    ...(v.categories?.length ? { categories: v.categories as TApplicationFilter['categories'] } : {}),
    ...(v.town ? { town: v.town } : {}),
    ...(v.statuses?.length ? { statuses: v.statuses as TApplicationFilter['statuses'] } : {}),
    ...(v.dueBefore ? { dueBefore: v.dueBefore } : {}),
  };
}

/**
 * 申请检定 (docs/VERIFICATION.md "Applying at scale"): the due list searched and filtered on the server, instruments
 * picked by hand or "all N that match" (the server resolves the filter when it creates the application); only
 * institutions authorized for the selection are offered, and a category/town nobody covers is named before 提交.
 */
export function NewApplicationModal({ onClose }: { onClose: (created: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [filterForm] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<TApplicationFilter>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const [picked, setPicked] = useState<number[]>([]);
  const [allMatching, setAllMatching] = useState<{ filter: TApplicationFilter; total: number } | null>(null);
  const [saving, setSaving] = useState(false);
  const preferredDate = Form.useWatch('preferredDate', form);
  const { regions } = useRegions();
  const towns = useMemo(() => regions.filter((r) => r.code.length === 9), [regions]);

  const candidates = useRequest(
    () =>
      listCandidates({
        q: filter.q,
        category: filter.categories?.join(','),
        town: filter.town,
        status: filter.statuses?.join(','),
        dueBefore: filter.dueBefore,
        ...paging,
      }),
    [filter, paging],
  );
  const page = candidates.error ? null : candidates.data;

  const selection: ApplicationSelection | null = allMatching
    ? { filter: allMatching.filter }
    : picked.length
      ? { instrumentIds: picked }
      : null;
  const options = useRequest(
    () => applicationOptions({ ...(selection ?? {}), ...(preferredDate ? { preferredDate } : {}) }),
    [JSON.stringify(selection), preferredDate],
  );
  const opts = options.error ? null : options.data;

  // defaults from the organization (contact) and the categories (mode), unless the user typed something
  useEffect(() => {
    if (!opts) return;
    const d = opts.defaults;
    const patch: Partial<Values> = {};
    if (!form.isFieldTouched('mode')) patch.mode = d.mode;
    if (!form.isFieldTouched('contactName') && d.contactName && !form.getFieldValue('contactName')) patch.contactName = d.contactName;
    if (!form.isFieldTouched('contactPhone') && d.contactPhone && !form.getFieldValue('contactPhone')) patch.contactPhone = d.contactPhone;
    const inst = form.getFieldValue('institutionId') as number | undefined;
    if (inst !== undefined && !opts.institutions.some((i) => i.id === inst)) form.setFieldValue('institutionId', undefined);
    else if (inst === undefined && opts.institutions.length === 1 && opts.count > 0) patch.institutionId = opts.institutions[0]?.id;
    form.setFieldsValue(patch);
  }, [opts, form]);

  const count = allMatching ? (opts?.count ?? allMatching.total) : picked.length;
  const overLimit = !!opts && count > opts.limit;
  const blocked = !!opts && selection !== null && (opts.uncovered.length > 0 || overLimit || opts.institutions.length === 0);

  const applyFilter = (v: FilterValues) => {
    setFilter(toFilter(v));
    setPaging((p) => ({ ...p, page: 1 }));
    setAllMatching(null);
  };

  const submit = async () => {
    if (!selection) {
      await message.warning(t('pages.vapps.selectAtLeastOne'));
      return;
    }
    const v = await form.validateFields();
    setSaving(true);
    try {
      const a = await createApplication({
        ...selection,
        institutionId: v.institutionId,
        mode: v.mode,
        preferredDate: v.preferredDate,
        contact: { name: v.contactName, phone: v.contactPhone },
      });
      await message.success(t('pages.vapps.submitted', { deadline: formatDateTime(a.acceptDeadline) }));
      onClose(true);
    } catch (e) {
      applyFormError(form, e, ['institutionId', 'mode', 'preferredDate']);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={960}
      title={t('pages.vapps.newTitle')}
      okText={t('pages.vapps.submit')}
      onOk={() => void submit()}
      okButtonProps={{ disabled: blocked }}
      confirmLoading={saving}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <strong>{t('pages.vapps.pickInstruments')}</strong>
      <Form<FilterValues>
        name="applicationCandidates"
        form={filterForm}
        layout="inline"
        onFinish={applyFilter}
        style={{ margin: '8px 0', rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input allowClear placeholder={t('pages.vapps.searchPlaceholder')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="categories" label={t('pages.vapps.category')}>
          <EnumSelect enumName="category" values={CATEGORIES} mode="multiple" width={140} />
        </Form.Item>
        <Form.Item name="town" label={t('pages.vapps.town')}>
          <FilterSelect width={130} options={towns.map((r) => ({ value: r.code, label: r.name }))} />
        </Form.Item>
        <Form.Item name="statuses" label={t('pages.vapps.candidateStatus')}>
          <EnumSelect enumName="status" values={STATUSES.filter((s) => s !== 'removed')} mode="multiple" width={140} />
        </Form.Item>
        <Form.Item name="dueBefore" label={t('pages.vapps.dueBefore')} {...dateFieldProps}>
          <DatePicker style={{ width: 140 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('pages.common.search')}
          </Button>
          <Button
            onClick={() => {
              filterForm.resetFields();
              applyFilter({});
            }}
          >
            {t('pages.common.reset')}
          </Button>
        </Space>
      </Form>
      <Space wrap style={{ marginBottom: 8 }}>
        {allMatching ? (
          <Alert
            type="info"
            showIcon
            message={t('pages.vapps.allMatchingSelected', { total: allMatching.total.toLocaleString('zh-CN') })}
          />
        ) : (
          !!page?.total && (
            <Button onClick={() => setAllMatching({ filter, total: page.total })}>
              {t('pages.vapps.selectAllMatching', { total: page.total.toLocaleString('zh-CN') })}
            </Button>
          )
        )}
        {!allMatching && picked.length > 0 && <span>{t('pages.vapps.selectedCount', { n: picked.length })}</span>}
        {(allMatching || picked.length > 0) && (
          <Button
            type="link"
            onClick={() => {
              setAllMatching(null);
              setPicked([]);
            }}
          >
            {t('pages.vapps.clearSelection')}
          </Button>
        )}
      </Space>
      <ResponsiveTable<TApplicationCandidate>
        rowKey="instrumentId"
        loading={candidates.loading}
        dataSource={page?.items ?? []}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: page?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50],
          showTotal: (total) => t('pages.common.total', { total }),
          onChange: (p, pageSize) => setPaging({ page: p, pageSize }),
        }}
        rowSelection={{
          preserveSelectedRowKeys: true,
          selectedRowKeys: allMatching ? (page?.items ?? []).map((i) => i.instrumentId) : picked,
          onChange: (keys) => setPicked(keys.map(Number)),
          getCheckboxProps: (r) => ({ 'aria-label': r.serialNo, disabled: !!allMatching }),
        }}
        columns={[
          { title: t('pages.vapps.serialNo'), dataIndex: 'serialNo', card: 'title' },
          { title: t('pages.vapps.instrumentName'), dataIndex: 'instrumentName' },
          { title: t('pages.vapps.category'), dataIndex: 'category', render: (c: string) => enumLabel('category', c) },
          { title: t('pages.vapps.town'), dataIndex: 'townName' },
          { title: t('pages.vapps.site'), dataIndex: 'siteName' },
          {
            title: t('pages.vapps.instrumentStatus'),
            dataIndex: 'status',
            card: 'extra',
            render: (s: string | null) => (s ? enumLabel('status', s) : ''),
          },
          { title: t('pages.vapps.dueDate'), dataIndex: 'dueDate' },
        ]}
      />
      {selection && opts && opts.uncovered.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={opts.uncovered.map((u) => <div key={`${u.category}:${u.townCode ?? ''}`}>{u.message}</div>)}
        />
      )}
      {selection && opts && overLimit && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('pages.vapps.overLimit', { limit: opts.limit, count })} />
      )}
      {selection && opts && !opts.uncovered.length && !overLimit && opts.institutions.length === 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('pages.vapps.noInstitution')} />
      )}
      <Form<Values> name="newApplication" form={form} layout="vertical" initialValues={{ mode: 'bring_in' }}>
        <Form.Item
          name="institutionId"
          label={t('pages.vapps.institution')}
          extra={t('pages.vapps.institutionHint')}
          rules={[{ required: true, message: t('field.required') }]}
        >
          <Select options={(opts?.institutions ?? []).map((i) => ({ value: i.id, label: i.name }))} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
          <Form.Item name="mode" label={t('pages.vapps.mode')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={SUBMISSION_MODES.map((m) => ({ value: m, label: enumLabel('submissionMode', m) }))} />
          </Form.Item>
          <Form.Item
            name="preferredDate"
            label={t('pages.vapps.preferredDate')}
            rules={[{ required: true, message: t('field.required') }]}
            {...dateFieldProps}
          >
            <DatePicker style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="contactName" label={t('pages.vapps.contactName')} rules={[{ required: true, message: t('field.required') }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('pages.vapps.contactPhone')} rules={[{ required: true, message: t('field.required') }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
