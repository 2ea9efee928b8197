import { PrinterOutlined, QrcodeOutlined, UploadOutlined } from '@ant-design/icons';
import { enumLabel, RETURN_REASONS, type TApplicationDetail, t } from '@qiangjian/shared';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { formatDateTime, todayLocal } from '../../../lib/format.js';
import { ApiError, showError } from '../../../services/api.js';
import { useMe } from '../../../services/auth.js';
import {
  applicationAction,
  applicationQrLabelsUrl,
  getApplication,
  importResults,
  listStandards,
  listVerifiers,
  saveResults as postResults,
  resultNoticeUrl,
  slipUrl,
} from '../../../services/verification.js';
import { Clock } from '../Clock.js';

interface ResultRow {
  key: string;
  instrumentId: number;
  serialNo: string;
  nozzleId?: number;
  nozzleNo: number;
  conclusion: 'passed' | 'failed';
  certificateNo: string;
  validUntil: string;
  errors: string;
}

type AppInstrument = TApplicationDetail['instruments'][number];
type AppResult = NonNullable<AppInstrument['results']>[number];

/** One line per result of an instrument (nozzle label first when it has nozzles). */
function resultLines(r: AppInstrument, cell: (x: AppResult) => ReactNode) {
  const rs = r.results ?? [];
  if (rs.length === 0) return '';
  return (
    <Space direction="vertical" size={2}>
      {rs.map((x) => (
        <span key={`${x.nozzleNo}:${x.date}`}>
          {r.nozzles.length > 0 && (
            <Typography.Text type="secondary" style={{ marginRight: 6 }}>
              {x.nozzleNo === 0 ? t('pages.vapp.wholeInstrument') : t('pages.vapp.nozzleNo', { n: x.nozzleNo })}
            </Typography.Text>
          )}
          {cell(x)}
        </span>
      ))}
    </Space>
  );
}

export default function ApplicationDetailPage() {
  const { id } = useParams();
  const me = useMe();
  const access = useAccess();
  const { message } = App.useApp();
  const [returning, setReturning] = useState(false);
  const [resubmitting, setResubmitting] = useState(false);
  const [returnForm] = Form.useForm<{ reasonCode: string; note: string; phoned: boolean }>();
  const [resubmitForm] = Form.useForm<{ preferredDate: string; contactName: string; contactPhone: string }>();
  const [rows, setRows] = useState<ResultRow[]>([]);
  const [resultDate, setResultDate] = useState(todayLocal());
  const [verifierId, setVerifierId] = useState<number>();
  const [standardId, setStandardId] = useState<number>();
  const [importErrors, setImportErrors] = useState<string[]>([]);
  // what blocks saving, shown next to the field it names (rows by key); empty = nothing to say
  const [entryErrors, setEntryErrors] = useState<{ verifier?: boolean; standard?: boolean; rows: string[]; none?: boolean }>({ rows: [] });
  const [saving, setSaving] = useState(false);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });

  // the instruments come one page at a time (an application may hold thousands); result entry covers the page
  const detail = useRequest(async () => {
    const d = await getApplication(id ?? '', { instrumentsPage: paging.page, instrumentsPageSize: paging.pageSize });
    setRows(
      d.instruments
        .filter((i) => !i.done)
        .flatMap((i) =>
          (i.nozzles.length ? i.nozzles : [null]).map((n) => ({
            key: `${i.id}:${n?.nozzleNo ?? 0}`,
            instrumentId: i.id,
            serialNo: i.serialNo,
            nozzleId: n?.id,
            nozzleNo: n?.nozzleNo ?? 0,
            conclusion: 'passed' as const,
            certificateNo: '',
            validUntil: '',
            errors: '',
          })),
        ),
    );
    return d;
  }, [id, paging]);
  const a: TApplicationDetail | null = detail.error ? null : (detail.data ?? null);
  const load = detail.reload;
  const canResult = !!a && access.can('application.result') && (a.status === 'accepted' || a.status === 'in_progress');
  const verifiers = useRequest(listVerifiers, [], { ready: canResult }).data?.items ?? [];
  const standards = useRequest(listStandards, [], { ready: canResult }).data?.items ?? [];

  if (!a) return null;
  const act = async (path: string, body?: unknown) => {
    await applicationAction(a.id, path, body);
    await load();
  };
  const setRow = (key: string, patch: Partial<ResultRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  // a row counts as entered once anything of it was typed (or its conclusion set to failed); entered rows need a certificate
  const entered = (r: ResultRow) => !!(r.certificateNo.trim() || r.errors.trim() || r.validUntil || r.conclusion === 'failed');
  const saveResults = async () => {
    const toSave = rows.filter(entered);
    const problems = {
      verifier: !verifierId,
      standard: !standardId,
      rows: toSave.filter((r) => !r.certificateNo.trim()).map((r) => r.key),
      none: toSave.length === 0,
    };
    setEntryErrors(problems);
    if (problems.verifier || problems.standard || problems.rows.length || problems.none) {
      void message.error(t('pages.vapp.entry.fix'));
      return;
    }
    setSaving(true);
    try {
      await postResults(
        a.id,
        toSave.map((r) => {
          const errs = r.errors
            .split(/[,，\s]+/)
            .filter(Boolean)
            .map(Number);
          return {
            instrumentId: r.instrumentId,
            nozzleId: r.nozzleId,
            date: resultDate,
            conclusion: r.conclusion,
            certificateNo: r.certificateNo.trim(),
            validUntil: r.validUntil || undefined,
            verifierId: verifierId as number,
            standardId: standardId as number,
            measurements: errs.length ? { errors: errs } : undefined,
          };
        }),
      );
      void message.success(t('pages.vapp.resultsSavedCount', { n: toSave.length }));
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const isApplicant = access.can('application.create') && me?.orgId === a.orgId;
  const isInstitution = access.can('application.process') && me?.orgId === a.institutionId;

  return (
    <>
      <PageTitle
        title={t('pages.vapp.title', { id: a.id, version: a.version })}
        extra={
          <Space wrap>
            <Button icon={<PrinterOutlined />} href={slipUrl(a.id)} target="_blank">
              {t('pages.vapp.printSlip')}
            </Button>
            <Button icon={<QrcodeOutlined />} href={applicationQrLabelsUrl(a.id)} target="_blank">
              {t('pages.vapp.printQrLabels')}
            </Button>
            {a.resultCounts.passed + a.resultCounts.failed > 0 && (
              <Button icon={<PrinterOutlined />} href={resultNoticeUrl(a.id, 'result')} target="_blank">
                {t('pages.vapp.printResultNotice')}
              </Button>
            )}
            {a.resultCounts.failed > 0 && (
              <Button danger icon={<PrinterOutlined />} href={resultNoticeUrl(a.id, 'failure')} target="_blank">
                {t('pages.vapp.printFailureNotice')}
              </Button>
            )}
            {isInstitution && a.status === 'submitted' && (
              <>
                <Button type="primary" onClick={() => void act('accept')}>
                  {t('pages.vapp.accept')}
                </Button>
                <Button danger onClick={() => setReturning(true)}>
                  {t('pages.vapp.return')}
                </Button>
              </>
            )}
            {isApplicant && a.status === 'returned' && (
              <Button
                type="primary"
                onClick={() => {
                  resubmitForm.setFieldsValue({
                    preferredDate: a.preferredDate,
                    contactName: a.contact.name,
                    contactPhone: a.contact.phone,
                  });
                  setResubmitting(true);
                }}
              >
                {t('pages.vapp.resubmit')}
              </Button>
            )}
            {isApplicant && (a.status === 'submitted' || a.status === 'returned') && (
              <Button onClick={() => void act('withdraw')}>{t('pages.vapp.withdraw')}</Button>
            )}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('pages.vapps.status')}>
            <EnumTag name="applicationStatus" value={a.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.clock')}>
            <Clock a={a} />
          </Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.deadline')}>{formatDateTime(a.acceptDeadline)}</Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.applicant')}>{a.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.institution')}>{a.institutionName}</Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.mode')}>{enumLabel('submissionMode', a.mode)}</Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.preferredDate')}>{a.preferredDate}</Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.contactName')}>{`${a.contact.name} ${a.contact.phone}`}</Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.submittedAt')}>{formatDateTime(a.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('pages.vapps.instruments')}>
            {a.instrumentsTotal.toLocaleString('zh-CN')}
            {a.filter ? `（${t('pages.vapp.byFilter')}）` : ''}
          </Descriptions.Item>
          {a.resultCounts.passed + a.resultCounts.failed > 0 && (
            <Descriptions.Item label={t('pages.vapp.resultsLabel')}>{t('pages.vapp.resultSummary', a.resultCounts)}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t('pages.vapp.instrumentsCount', { total: a.instrumentsTotal.toLocaleString('zh-CN') })} style={{ marginBottom: 16 }}>
        <ResponsiveTable<TApplicationDetail['instruments'][number]>
          rowKey="id"
          loading={detail.loading}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: a.instrumentsTotal,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('pages.common.total', { total }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
          dataSource={a.instruments}
          columns={[
            { title: t('pages.vapps.serialNo'), dataIndex: 'serialNo', card: 'title' },
            { title: t('pages.vapps.instrumentName'), dataIndex: 'instrumentName' },
            { title: t('pages.vapps.site'), dataIndex: 'siteName' },
            {
              title: t('pages.vapps.instrumentStatus'),
              dataIndex: 'status',
              card: 'extra',
              render: (s: string | null) => (s ? enumLabel('status', s) : ''),
            },
            { title: t('pages.vapps.validUntil'), dataIndex: 'validUntil' },
            {
              title: t('pages.vapp.done'),
              dataIndex: 'done',
              render: (d: boolean) => (d ? <Tag color="green">{t('pages.common.yes')}</Tag> : ''),
            },
            // one line per result: the whole instrument or each nozzle
            {
              title: t('pages.vapp.conclusion'),
              key: 'conclusion',
              render: (_: unknown, r) => resultLines(r, (x) => <EnumTag name="conclusion" value={x.conclusion} />),
            },
            {
              title: t('pages.vapp.certificateNo'),
              key: 'certificateNo',
              render: (_: unknown, r) => resultLines(r, (x) => x.certificateNo ?? ''),
            },
            {
              title: t('pages.vapp.resultValidUntil'),
              key: 'resultValidUntil',
              render: (_: unknown, r) => resultLines(r, (x) => (x.conclusion === 'passed' ? (x.validUntil ?? '') : '—')),
            },
          ]}
        />
      </Card>
      {canResult && (
        <Card
          title={t('pages.vapp.results')}
          style={{ marginBottom: 16 }}
          extra={
            <Upload
              accept=".xlsx"
              showUploadList={false}
              customRequest={async ({ file }) => {
                setImportErrors([]);
                try {
                  const r = await importResults(a.id, file as File);
                  await message.success(t('pages.vapp.importDone', { count: r.imported }));
                  await load();
                } catch (e) {
                  if (e instanceof ApiError && e.code === 'result_import_invalid') {
                    const errs = ((e.details as { errors?: { row: number; column: string; message: string }[] })?.errors ?? []).map((x) =>
                      t('pages.vapp.importErrors', x),
                    );
                    setImportErrors([e.message, ...errs]);
                  } else showError(e);
                }
              }}
            >
              <Button icon={<UploadOutlined />}>{t('pages.vapp.importXlsx')}</Button>
            </Upload>
          }
        >
          {importErrors.length > 0 && (
            <ul style={{ color: '#cf1322' }}>
              {importErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
          {a.instrumentsTotal > paging.pageSize && (
            <Typography.Paragraph type="secondary">{t('pages.vapp.entryPageHint')}</Typography.Paragraph>
          )}
          <Space wrap style={{ marginBottom: 12 }}>
            <span>
              {t('pages.vapp.date')}{' '}
              <DatePicker
                aria-label={t('pages.vapp.date')}
                allowClear={false}
                value={dayjs(resultDate)}
                onChange={(d) => d && setResultDate(d.format('YYYY-MM-DD'))}
                style={{ width: 160 }}
              />
            </span>
            <Space direction="vertical" size={0}>
              <Select
                aria-label={t('pages.vapp.verifier')}
                placeholder={t('pages.vapp.verifier')}
                style={{ width: 200 }}
                status={entryErrors.verifier && !verifierId ? 'error' : undefined}
                value={verifierId}
                onChange={setVerifierId}
                options={verifiers.map((v) => ({ value: v.id, label: `${v.name}（${v.certificateNo}）` }))}
              />
              {entryErrors.verifier && !verifierId && <Typography.Text type="danger">{t('pages.vapp.entry.verifier')}</Typography.Text>}
            </Space>
            <Space direction="vertical" size={0}>
              <Select
                aria-label={t('pages.vapp.standard')}
                placeholder={t('pages.vapp.standard')}
                style={{ width: 260 }}
                status={entryErrors.standard && !standardId ? 'error' : undefined}
                value={standardId}
                onChange={setStandardId}
                options={standards.map((s) => ({ value: s.id, label: s.name }))}
              />
              {entryErrors.standard && !standardId && <Typography.Text type="danger">{t('pages.vapp.entry.standard')}</Typography.Text>}
            </Space>
          </Space>
          {entryErrors.none && <Typography.Paragraph type="danger">{t('pages.vapp.entry.none')}</Typography.Paragraph>}
          {/* a table from md up, one card per instrument or nozzle with its inputs on a phone */}
          <ResponsiveTable<ResultRow>
            rowKey="key"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: t('pages.vapps.serialNo'), dataIndex: 'serialNo', card: 'title' },
              {
                title: t('pages.vapp.nozzle'),
                dataIndex: 'nozzleNo',
                card: 'extra',
                render: (n: number) => (n === 0 ? t('pages.vapp.wholeInstrument') : t('public.nozzle.label', { no: n })),
              },
              {
                title: t('pages.vapp.conclusion'),
                key: 'c',
                render: (_, r) => (
                  <Select
                    aria-label={`${t('pages.vapp.conclusion')} ${r.key}`}
                    value={r.conclusion}
                    style={{ width: 100 }}
                    onChange={(v) => setRow(r.key, { conclusion: v })}
                    options={(['passed', 'failed'] as const).map((c) => ({ value: c, label: t(`verification.conclusion.${c}`) }))}
                  />
                ),
              },
              {
                title: t('pages.vapp.certificateNo'),
                key: 'cert',
                render: (_, r) => {
                  const missing = entryErrors.rows.includes(r.key) && !r.certificateNo.trim();
                  return (
                    <Space direction="vertical" size={0}>
                      <Input
                        aria-label={`${t('pages.vapp.certificateNo')} ${r.key}`}
                        status={missing ? 'error' : undefined}
                        value={r.certificateNo}
                        onChange={(e) => setRow(r.key, { certificateNo: e.target.value })}
                        style={{ width: 160, maxWidth: '100%' }}
                      />
                      {missing && <Typography.Text type="danger">{t('pages.vapp.entry.certificate')}</Typography.Text>}
                    </Space>
                  );
                },
              },
              {
                title: t('pages.vapp.errors'),
                key: 'err',
                render: (_, r) => (
                  <Input
                    aria-label={`${t('pages.vapp.errors')} ${r.key}`}
                    value={r.errors}
                    onChange={(e) => setRow(r.key, { errors: e.target.value })}
                    style={{ width: 240, maxWidth: '100%' }}
                  />
                ),
              },
              {
                title: t('pages.vapp.validUntilHint'),
                key: 'vu',
                render: (_, r) => (
                  <DatePicker
                    aria-label={`${t('pages.vapps.validUntil')} ${r.key}`}
                    value={r.validUntil ? dayjs(r.validUntil) : null}
                    onChange={(d) => setRow(r.key, { validUntil: d ? d.format('YYYY-MM-DD') : '' })}
                    style={{ width: 160, maxWidth: '100%' }}
                  />
                ),
              },
            ]}
          />
          <Button type="primary" style={{ marginTop: 12 }} onClick={() => void saveResults()} loading={saving} disabled={saving}>
            {t('pages.vapp.saveResults')}
          </Button>
        </Card>
      )}
      <Card title={t('pages.vapp.versions')}>
        <Timeline
          items={[...a.versions].reverse().map((v) => ({
            key: v.version,
            color: v.status === 'returned' ? 'orange' : v.status === 'submitted' ? 'blue' : 'green',
            children: (
              <div>
                <div>
                  {t('pages.vapp.versionLine', {
                    version: v.version,
                    status: enumLabel('applicationStatus', v.status),
                    submittedAt: formatDateTime(v.submittedAt),
                  })}
                </div>
                {v.diff && Object.keys(v.diff).length > 0 && (
                  <div>
                    {t('pages.vapp.changed', {
                      fields: Object.keys(v.diff)
                        .map((k) => t(`pages.vapp.field.${k}`))
                        .join('、'),
                    })}
                  </div>
                )}
                {v.reasonCode && (
                  <div>
                    {t('pages.vapp.returnedLine', { reason: enumLabel('returnReason', v.reasonCode), note: v.note ?? '' })}
                    {!v.phonedAt && t('pages.vapp.noPhone')}
                  </div>
                )}
              </div>
            ),
          }))}
        />
      </Card>
      <Modal
        open={returning}
        title={t('pages.vapp.returnTitle')}
        onCancel={() => setReturning(false)}
        onOk={async () => {
          const v = await returnForm.validateFields();
          await act('return', { reasonCode: v.reasonCode, note: v.note, phonedAt: v.phoned ? new Date().toISOString() : undefined });
          setReturning(false);
        }}
        destroyOnHidden
      >
        <Form name="returnApplication" form={returnForm} layout="vertical" initialValues={{ phoned: true }}>
          <Form.Item name="reasonCode" label={t('pages.vapp.reason')} rules={[{ required: true, message: t('field.required') }]}>
            <Select options={RETURN_REASONS.map((r) => ({ value: r, label: enumLabel('returnReason', r) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('pages.vapp.note')} rules={[{ required: true, message: t('field.required') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="phoned" valuePropName="checked">
            <Checkbox>{t('pages.vapp.phoned')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={resubmitting}
        title={t('pages.vapp.resubmitTitle')}
        onCancel={() => setResubmitting(false)}
        onOk={async () => {
          const v = await resubmitForm.validateFields();
          await act('resubmit', { preferredDate: v.preferredDate, contact: { name: v.contactName, phone: v.contactPhone } });
          setResubmitting(false);
        }}
        destroyOnHidden
      >
        <Form name="resubmitApplication" form={resubmitForm} layout="vertical">
          <Form.Item name="preferredDate" label={t('pages.vapps.preferredDate')} rules={[{ required: true }]} {...dateFieldProps}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="contactName" label={t('pages.vapps.contactName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('pages.vapps.contactPhone')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
