import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { enumLabel, MANDATORY_CATEGORIES, type TImportJob, type TImportUpdate, t } from '@qiangjian/shared';
import { Alert, App, Button, Card, Dropdown, Form, Progress, Radio, Result, Space, Statistic, Steps, Typography, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatCount } from '../../../lib/format.js';
import { showError } from '../../../services/api.js';
import { useMe } from '../../../services/auth.js';
import {
  commitImport,
  deleteImportFile,
  getImportJob,
  type ImportRejects,
  importErrorFileUrl,
  importTemplateUrl,
  listImportRejects,
  retryImport,
  saveImportMapping,
  startImport,
} from '../../../services/ledger.js';
import { MappingCard } from './MappingCard.js';

const RUNNING = new Set(['pending', 'validating', 'committing']);

/** Import wizard: upload → dry-run preview (rejected rows highlighted with reasons) → commit → result + error file. */
export default function ImportPage() {
  const me = useMe();
  const navigate = useNavigate();
  const isEnterprise = me?.role === 'enterprise';
  const [orgId, setOrgId] = useState<number | undefined>(isEnterprise ? me?.orgId : undefined);
  const [mode, setMode] = useState<'partial' | 'strict'>('partial');
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<TImportJob | null>(null);
  const [rejPage, setRejPage] = useState(1);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  useEffect(() => {
    if (isEnterprise && me) setOrgId(me.orgId);
  }, [isEnterprise, me]);

  const poll = (id: number) => {
    timer.current = setTimeout(async () => {
      try {
        const j = await getImportJob(id);
        setJob(j);
        if (RUNNING.has(j.state)) poll(id);
      } catch {
        // error policy
      }
    }, 500);
  };
  // the rejected rows of a finished run (preview or commit), one page at a time
  const rejectsOf = job && !RUNNING.has(job.state) && job.result && job.result.rejected > 0 ? job.id : null;
  const rejectsReq = useRequest(() => listImportRejects(rejectsOf ?? 0, rejPage), [rejectsOf, job?.state, rejPage], {
    ready: rejectsOf !== null,
  });
  const rejects = rejectsOf !== null && !rejectsReq.error ? (rejectsReq.data ?? null) : null;

  const { message } = App.useApp();
  /** Uploads the file (again) for a preview, with the user's column mapping when given. */
  const start = async (mapping?: Record<string, string>) => {
    if (!file || !orgId) return;
    setBusy(true);
    try {
      setRejPage(1);
      const j = await startImport(file, { orgId, mode, ...(mapping ? { mapping: JSON.stringify(mapping) } : {}) });
      setJob(j);
      poll(j.id);
    } catch {
      // error policy
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!job) return;
    setBusy(true);
    try {
      const j = await commitImport(job.id, mode);
      setJob(j);
      poll(j.id);
    } catch {
      // error policy
    } finally {
      setBusy(false);
    }
  };
  /** A failed job whose file is kept: run the preview again (an interrupted job), or delete the file. */
  const retry = async () => {
    if (!job) return;
    setBusy(true);
    try {
      const j = await retryImport(job.id);
      setJob(j);
      poll(j.id);
    } catch {
      // error policy
    } finally {
      setBusy(false);
    }
  };
  const saveMapping = async (name: string) => {
    if (!job) return;
    try {
      await saveImportMapping(job.id, name);
      void message.success(t('pages.importMap.saved'));
    } catch (e) {
      showError(e);
    }
  };
  // the columns to map: how the preview read them, or the row most like a header when none was recognised
  const noHeaderColumns =
    job?.state === 'failed' && job.error?.code === 'import_no_header'
      ? (((job.error.details as { columns?: string[] } | undefined)?.columns ?? []).map((h) => ({ header: h, key: null })) as {
          header: string;
          key: string | null;
        }[])
      : null;
  const dropFile = async () => {
    if (!job) return;
    setBusy(true);
    try {
      setJob(await deleteImportFile(job.id));
    } catch {
      // error policy
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setJob(null);
    setFile(null);
    setRejPage(1);
  };

  const step = !job ? 0 : job.state === 'committed' || (job.state === 'failed' && !job.dryRun) ? 2 : 1;
  const r = job?.result;
  const running = job ? RUNNING.has(job.state) : false;

  const rejectColumns = useMemo(
    () => [
      { title: t('pages.import.row'), dataIndex: 'row', width: 70, fixed: 'left' as const },
      {
        title: t('pages.import.errors'),
        key: 'errors',
        width: 320,
        render: (_: unknown, x: ImportRejects['items'][number]) => (
          <Space direction="vertical" size={0}>
            {x.errors.map((e) => (
              <Typography.Text type="danger" key={`${e.code}-${e.column}`}>
                {e.column ? `[${e.column}] ` : ''}
                {e.message}
              </Typography.Text>
            ))}
          </Space>
        ),
      },
      ...(rejects?.columns ?? []).map((c, i) => ({
        title: c,
        key: `c${i}`,
        width: 120,
        render: (_: unknown, x: ImportRejects['items'][number]) => {
          const bad = x.errors.some((e) => e.column === c);
          return (
            <span style={bad ? { background: '#fff1f0', color: '#cf1322', fontWeight: 600, padding: '0 4px' } : undefined}>{x.raw[i]}</span>
          );
        },
      })),
    ],
    [rejects],
  );

  // a run that wrote (or would write) nothing while rejecting rows is a failure, whatever the job state says
  const nothingImported = !!r && r.rejected > 0 && r.inserted + r.updated + r.unchanged === 0;
  const counts = r && (
    <Space size={32} wrap>
      <Statistic title={t('pages.import.inserted')} value={r.inserted} />
      <Statistic title={t('pages.import.updated')} value={r.updated} />
      <Statistic title={t('pages.import.unchanged')} value={r.unchanged} />
      <Statistic title={t('pages.import.rejected')} value={r.rejected} valueStyle={r.rejected ? { color: '#cf1322' } : undefined} />
    </Space>
  );

  return (
    <>
      <PageTitle
        title={t('pages.import.title')}
        extra={
          <Dropdown
            trigger={['click']}
            menu={{
              items: MANDATORY_CATEGORIES.map((c) => ({ key: c, label: enumLabel('category', c) })),
              onClick: ({ key }) => window.open(importTemplateUrl(key), '_blank'),
            }}
          >
            <Button icon={<DownloadOutlined />} title={t('pages.import.templatesHint')}>
              {t('pages.import.templates')}
            </Button>
          </Dropdown>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Steps
          current={step}
          items={[
            { title: t('pages.import.stepUpload') },
            { title: t('pages.import.stepPreview') },
            { title: t('pages.import.stepResult') },
          ]}
        />
      </Card>
      {step === 0 && (
        <Card>
          <Form name="importForm" layout="vertical" style={{ maxWidth: 640 }}>
            {!isEnterprise && (
              <Form.Item label={t('pages.import.org')} required>
                <OrgSelect value={orgId} onChange={setOrgId} style={{ width: '100%' }} />
              </Form.Item>
            )}
            <Form.Item label={t('pages.import.mode')}>
              <Radio.Group
                value={mode}
                onChange={(e) => setMode(e.target.value)}
                options={(['partial', 'strict'] as const).map((m) => ({ value: m, label: enumLabel('importMode', m) }))}
              />
            </Form.Item>
            <Form.Item label={t('pages.import.file')} extra={t('pages.import.fileHint')}>
              <Upload.Dragger
                accept=".xlsx,.xlsm,.csv,.txt"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  return false;
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p>{t('pages.import.choose')}</p>
              </Upload.Dragger>
            </Form.Item>
            <Button type="primary" disabled={!file || !orgId} loading={busy} onClick={() => void start()}>
              {t('pages.import.upload')}
            </Button>
          </Form>
        </Card>
      )}
      {step > 0 && job && running && (
        <Card>
          <Typography.Paragraph>
            {job.state === 'committing' ? t('pages.import.committing') : t('pages.import.validating')}
          </Typography.Paragraph>
          <Progress percent={Math.round(job.progress * 100)} status="active" aria-label="progress" />
        </Card>
      )}
      {job?.state === 'failed' && job.error && (
        <Result
          status="error"
          title={t('pages.import.failed')}
          subTitle={job.error.message}
          extra={
            <Space>
              {job.fileKept && job.error.code === 'import_interrupted' && (
                <Button type="primary" loading={busy} onClick={() => void retry()}>
                  {t('pages.import.retry')}
                </Button>
              )}
              {job.fileKept && (
                <Button danger loading={busy} onClick={() => void dropFile()}>
                  {t('pages.import.deleteFile')}
                </Button>
              )}
              <Button onClick={reset}>{t('pages.import.restart')}</Button>
            </Space>
          }
        />
      )}
      {noHeaderColumns && noHeaderColumns.length > 0 && file && (
        <>
          <Alert type="warning" showIcon style={{ marginTop: 16 }} message={t('pages.importMap.noHeaderHint')} />
          <MappingCard columns={noHeaderColumns} mapping={null} busy={busy} onPreview={(m) => void start(m)} />
        </>
      )}
      {step === 1 && job?.state === 'previewed' && r && (
        <Card>
          <Alert type="info" showIcon message={t('pages.import.previewNote')} style={{ marginBottom: 16 }} />
          <div>{counts}</div>
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" loading={busy} onClick={() => void commit()}>
              {t('pages.import.commit')}
            </Button>
            <Button onClick={reset}>{t('pages.import.restart')}</Button>
          </Space>
        </Card>
      )}
      {step === 1 && job?.state === 'previewed' && r?.mapping && file && (
        <MappingCard columns={r.mapping.columns} mapping={r.mapping} busy={busy} onPreview={(m) => void start(m)} onSave={saveMapping} />
      )}
      {step === 2 && job && !running && r && (
        <Card>
          <Result
            status={nothingImported ? 'error' : job.state === 'committed' ? (r.rejected > 0 ? 'warning' : 'success') : 'warning'}
            title={
              nothingImported
                ? t('pages.import.nothingImported')
                : job.state === 'committed'
                  ? t('pages.import.done')
                  : t('pages.import.strictFailed')
            }
            subTitle={nothingImported ? t('pages.import.nothingImportedHint') : undefined}
            extra={
              <Space wrap>
                {r.rejected > 0 && (
                  <Button icon={<DownloadOutlined />} href={importErrorFileUrl(job.id)}>
                    {t('pages.import.downloadErrors')}
                  </Button>
                )}
                <Button type="primary" onClick={() => void navigate('/ledger/instruments')}>
                  {t('pages.import.toLedger')}
                </Button>
                <Button onClick={reset}>{t('pages.import.restart')}</Button>
              </Space>
            }
          />
          {counts}
        </Card>
      )}
      {job && !running && r && r.rejected > 0 && (r.errorSummary?.length ?? 0) > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          message={t('pages.import.topReasons')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="import-reasons">
              {r.errorSummary?.map((g) => (
                <li key={`${g.code}|${g.column ?? ''}`}>
                  {g.column
                    ? t('pages.import.reasonLineColumn', { rows: formatCount(g.rows), column: g.column, message: g.message })
                    : t('pages.import.reasonLine', { rows: formatCount(g.rows), message: g.message })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {job && !running && r && r.rejected > 0 && rejects && (
        <Card title={t('pages.import.rejectedRows')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
          <ResponsiveTable
            rowKey="row"
            columns={rejectColumns}
            dataSource={rejects.items}
            rowClassName={() => 'qj-row-rejected'}
            pagination={{
              current: rejPage,
              pageSize: 20,
              total: rejects.total,
              onChange: setRejPage,
              showTotal: (total) => t('pages.common.total', { total }),
            }}
          />
        </Card>
      )}
      {job && !running && r && (r.updates?.length ?? 0) > 0 && (
        <Card
          title={t(job.state === 'committed' ? 'pages.import.updatesDone' : 'pages.import.updates')}
          style={{ marginTop: 16 }}
          styles={{ body: { padding: 0 } }}
        >
          <ResponsiveTable
            rowKey="row"
            columns={updateColumns}
            dataSource={r.updates ?? []}
            pagination={{ pageSize: 20, showTotal: (total) => t('pages.common.total', { total }) }}
          />
        </Card>
      )}
      {job && !running && r && r.warnings.length > 0 && (
        <Card title={t('pages.import.warnings')} style={{ marginTop: 16 }} size="small">
          {r.warnings.slice(0, 20).map((w) => (
            <div key={`${w.row}-${w.code}-${w.column}`}>
              <Typography.Text type="warning">
                {w.row ? `${w.row} ` : ''}
                {w.column ? `[${w.column}] ` : ''}
                {w.message}
              </Typography.Text>
            </div>
          ))}
        </Card>
      )}
    </>
  );
}

/** Enumerated import columns and the enum whose labels render their values. */
const ENUM_COLUMNS: Record<string, string> = {
  ledger_state: 'ledgerState',
  removal_reason: 'removalReason',
  origin: 'origin',
  purpose: 'purpose',
  submission_mode: 'submissionMode',
  gas_medium: 'gasMedium',
};

function changeValue(column: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('pages.import.blankValue');
  if (column === 'replaces_instrument_id' || column === 'site_id') return t('pages.import.linked');
  const e = ENUM_COLUMNS[column];
  return e ? enumLabel(e, String(v)) : String(v);
}

/** The preview's (and the result's) updated instruments: row, serial, and each changed column before → after. */
const updateColumns = [
  { title: t('pages.import.row'), dataIndex: 'row', width: 70 },
  { title: t('pages.ledger.category'), dataIndex: 'category', render: (c: string) => enumLabel('category', c) },
  { title: t('pages.ledger.serialNo'), dataIndex: 'serialNo' },
  {
    title: t('pages.import.changes'),
    dataIndex: 'fields',
    render: (fields: TImportUpdate['fields']) =>
      Object.entries(fields).map(([column, d]) => (
        <div key={column}>
          {t('pages.import.change', {
            field: t(`pages.import.column.${column}`),
            before: changeValue(column, d.before),
            after: changeValue(column, d.after),
          })}
        </div>
      )),
  },
];
