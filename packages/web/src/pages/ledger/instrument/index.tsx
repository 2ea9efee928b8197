import { EditOutlined, QrcodeOutlined } from '@ant-design/icons';
import {
  CONCLUSIONS,
  enumLabel,
  hasKey,
  LEDGER_STATES,
  REMOVAL_REASONS,
  type TInstrumentDetail,
  type TInstrumentRef,
  t,
  VERIFICATION_KINDS,
} from '@qiangjian/shared';
import { Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { NotFound } from '../../../components/Results.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { actorText } from '../../../lib/actor.js';
import { formatDateTime } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import { addVerification, changeInstrumentState, getInstrument, qrLabelsUrl } from '../../../services/ledger.js';
import { useRegionName } from '../../../services/regions.js';
import { InstrumentStatusPanel } from '../../status/StatusPanel.js';
import { InstrumentFormModal } from '../InstrumentFormModal.js';

/** 器具详情: ledger fields, status panel (status module), nozzles, verification records, filing history. */
export default function InstrumentPage() {
  const { id } = useParams();
  const access = useAccess();
  const detail = useRequest(() => getInstrument(id ?? ''), [id]);
  const data = detail.error ? null : detail.data;
  const setData = detail.setData;
  const [editing, setEditing] = useState(false);
  const [stateOpen, setStateOpen] = useState(false);
  const [verOpen, setVerOpen] = useState(false);
  const [stateForm] = Form.useForm();
  const [verForm] = Form.useForm();
  const [rev, setRev] = useState(0);
  const regionName = useRegionName();

  if (data === null) return <NotFound />;
  if (!data) return null;
  const canWrite = access.can('instrument.write');
  // the removal date's and reason's labels after the state the record left service in
  const leftAs = data.ledgerState === 'suspended' || data.ledgerState === 'scrapped' ? data.ledgerState : 'removed';
  const d = (k: keyof TInstrumentDetail, label: string, render?: (v: never) => React.ReactNode) => (
    <Descriptions.Item label={t(label)}>{render ? render(data[k] as never) : ((data[k] as React.ReactNode) ?? '')}</Descriptions.Item>
  );
  const saved = (x: TInstrumentDetail) => {
    setData(x);
    setRev((r) => r + 1);
  };

  return (
    <>
      <PageTitle
        title={`${enumLabel('category', data.category)} ${data.serialNo}`}
        extra={
          <Space wrap>
            <EnumTag name="status" value={data.status} />
            <EnumTag name="ledgerState" value={data.ledgerState} />
            {canWrite && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('pages.common.edit')}
              </Button>
            )}
            {canWrite && <Button onClick={() => setStateOpen(true)}>{t('pages.ledger.changeState')}</Button>}
            {canWrite && <Button onClick={() => setVerOpen(true)}>{t('pages.ledger.addVerification')}</Button>}
            <Button icon={<QrcodeOutlined />} href={qrLabelsUrl([data.id])} target="_blank">
              {t('pages.ledger.qrLabels')}
            </Button>
            <Button href={`/p/${data.publicCode}`} target="_blank">
              {t('pages.ledger.publicPage')}
            </Button>
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={14}>
          <Card title={t('pages.ledger.basic')}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              {d('orgName', 'pages.ledger.org')}
              {d('siteName', 'pages.ledger.site')}
              {d('instrumentName', 'pages.ledger.instrumentName')}
              {d('model', 'pages.ledger.model')}
              {d('measuringRange', 'pages.ledger.measuringRange')}
              {d('accuracyClass', 'pages.ledger.accuracyClass')}
              {d('manufacturer', 'pages.ledger.manufacturer')}
              {d('origin', 'pages.ledger.origin', (v: string | null) => (v ? enumLabel('origin', v) : ''))}
              {d('quantity', 'pages.ledger.quantity')}
              {d('purpose', 'pages.ledger.purpose', (v: string | null) => (v ? enumLabel('purpose', v) : ''))}
              {d('submissionMode', 'pages.ledger.submissionMode', (v: string | null) => (v ? enumLabel('submissionMode', v) : ''))}
              {d('adminDivisionCode', 'pages.ledger.adminDivisionCode', (c: string | null) => regionName(c))}
              {data.category === 'water_meter' && d('caliberDn', 'pages.ledger.caliberDn')}
              {data.category === 'water_meter' && d('q3', 'pages.ledger.q3')}
              {data.category === 'gas_meter' && d('gRating', 'pages.ledger.gRating')}
              {data.category === 'gas_meter' &&
                d('gasMedium', 'pages.ledger.gasMedium', (v: string | null) => (v ? enumLabel('gasMedium', v) : ''))}
              {data.category === 'fuel_dispenser' && d('fuelGrade', 'pages.ledger.fuelGrade')}
              {data.category === 'fuel_dispenser' && d('firstUseDate', 'pages.ledger.firstUseDate')}
              {d('sealNos', 'pages.ledger.sealNos')}
              {d('typeApprovalNo', 'pages.ledger.typeApprovalNo')}
              {d('installDate', 'pages.ledger.installDate')}
              {d('location', 'pages.ledger.location')}
              {d('ledgerState', 'pages.ledger.useState', (v: string) => enumLabel('ledgerState', v))}
              {data.removalDate && d('removalDate', `pages.ledger.removalDateOf.${leftAs}`)}
              {data.removalDate &&
                d('removalReason', `pages.ledger.removalReasonOf.${leftAs}`, (v: string | null) =>
                  v ? enumLabel('removalReason', v) : '',
                )}
              {data.replaces &&
                d('replaces', 'pages.ledger.replaces', (v: TInstrumentRef) => <Link to={`/ledger/instruments/${v.id}`}>{v.serialNo}</Link>)}
              {data.replacedBy &&
                d('replacedBy', 'pages.ledger.replacedBy', (v: TInstrumentRef) => (
                  <Link to={`/ledger/instruments/${v.id}`}>{v.serialNo}</Link>
                ))}
              {d('remarks', 'pages.ledger.remarks')}
            </Descriptions>
          </Card>
          <Card title={t('pages.ledger.verifications')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
            <ResponsiveTable
              rowKey="id"
              pagination={false}
              dataSource={data.verifications}
              columns={[
                { title: t('pages.ledger.verificationDate'), dataIndex: 'date', card: 'title' },
                {
                  title: t('pages.ledger.nozzleNo'),
                  dataIndex: 'nozzleNo',
                  render: (n: number) => (n ? t('pages.status.records.nozzleNo', { n }) : ''),
                },
                { title: t('pages.ledger.kind'), dataIndex: 'kind', render: (k: string) => enumLabel('verificationKind', k) },
                {
                  title: t('pages.ledger.conclusion'),
                  dataIndex: 'conclusion',
                  card: 'extra',
                  render: (c: string) => <EnumTag name="conclusion" value={c} />,
                },
                { title: t('pages.ledger.validUntil'), dataIndex: 'validUntil' },
                { title: t('pages.ledger.certificateNo'), dataIndex: 'certificateNo' },
                { title: t('pages.ledger.institution'), dataIndex: 'institutionName' },
              ]}
            />
          </Card>
          {data.nozzles.length > 0 && (
            <Card title={t('pages.ledger.nozzles')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
              <ResponsiveTable
                rowKey="id"
                pagination={false}
                dataSource={data.nozzles}
                columns={[
                  {
                    title: t('pages.ledger.nozzleNo'),
                    dataIndex: 'nozzleNo',
                    card: 'title',
                    render: (n: number) => t('pages.status.records.nozzleNo', { n }),
                  },
                  { title: t('pages.ledger.fuelGrade'), dataIndex: 'fuelGrade' },
                  {
                    title: t('pages.ledger.status'),
                    dataIndex: 'status',
                    card: 'extra',
                    render: (s: string) => <EnumTag name="status" value={s} />,
                  },
                  { title: t('pages.ledger.validUntil'), dataIndex: 'validUntil' },
                ]}
              />
            </Card>
          )}
          <Card title={t('pages.ledger.stateChanges')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
            <ResponsiveTable<HistoryRow>
              rowKey="key"
              pagination={false}
              dataSource={historyOf(data)}
              columns={[
                { title: t('pages.ledger.stateDate'), dataIndex: 'date', card: 'title' },
                { title: t('pages.ledger.newState'), dataIndex: 'what', card: 'extra' },
                { title: t('pages.ledger.removalReason'), dataIndex: 'reason' },
                { title: t('pages.ledger.note'), dataIndex: 'note' },
                { title: t('pages.ledger.actor'), dataIndex: 'actor' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xxl={10}>
          <InstrumentStatusPanel key={rev} instrumentId={data.id} />
        </Col>
      </Row>

      <InstrumentFormModal
        open={editing}
        instrument={data}
        onClose={() => setEditing(false)}
        onSaved={(x) => {
          setEditing(false);
          saved(x as TInstrumentDetail);
        }}
      />
      <Modal
        open={stateOpen}
        title={t('pages.ledger.changeState')}
        onCancel={() => setStateOpen(false)}
        destroyOnHidden
        onOk={async () => {
          const v = await stateForm.validateFields();
          try {
            const x = await changeInstrumentState(data.id, { ...v, date: v.date ? v.date.format('YYYY-MM-DD') : undefined });
            setStateOpen(false);
            saved(x);
          } catch (e) {
            applyFormError(stateForm, e, ['state', 'date', 'reason', 'note']);
          }
        }}
      >
        <Form name="stateForm" form={stateForm} layout="vertical">
          <Form.Item name="state" label={t('pages.ledger.newState')} rules={[{ required: true, message: t('pages.ledger.required') }]}>
            <Select
              options={LEDGER_STATES.filter((s) => s !== data.ledgerState).map((s) => ({ value: s, label: enumLabel('ledgerState', s) }))}
            />
          </Form.Item>
          <Form.Item name="date" label={t('pages.ledger.stateDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reason" label={t('pages.ledger.removalReason')}>
            <Select allowClear options={REMOVAL_REASONS.map((s) => ({ value: s, label: enumLabel('removalReason', s) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('pages.ledger.note')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={verOpen}
        title={t('pages.ledger.addVerification')}
        onCancel={() => setVerOpen(false)}
        destroyOnHidden
        onOk={async () => {
          const v = await verForm.validateFields();
          const body = {
            ...v,
            date: v.date.format('YYYY-MM-DD'),
            validUntil: v.validUntil ? v.validUntil.format('YYYY-MM-DD') : undefined,
          };
          try {
            const x = await addVerification(data.id, body);
            setVerOpen(false);
            saved(x);
          } catch (e) {
            applyFormError(verForm, e, ['date', 'validUntil', 'conclusion', 'nozzleNo', 'kind', 'certificateNo', 'institutionName']);
          }
        }}
      >
        <Form
          name="verificationForm"
          form={verForm}
          layout="vertical"
          initialValues={{ kind: 'periodic', conclusion: 'passed', nozzleNo: 0, date: dayjs() }}
        >
          <Form.Item
            name="date"
            label={t('pages.ledger.verificationDate')}
            rules={[{ required: true, message: t('pages.ledger.required') }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="kind" label={t('pages.ledger.kind')}>
            <Select options={VERIFICATION_KINDS.map((k) => ({ value: k, label: enumLabel('verificationKind', k) }))} />
          </Form.Item>
          <Form.Item name="conclusion" label={t('pages.ledger.conclusion')}>
            <Select options={CONCLUSIONS.map((k) => ({ value: k, label: enumLabel('conclusion', k) }))} />
          </Form.Item>
          {data.nozzles.length > 0 && (
            <Form.Item name="nozzleNo" label={t('pages.ledger.nozzleNo')}>
              <InputNumber min={0} max={99} style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item name="validUntil" label={t('pages.ledger.validUntil')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="certificateNo" label={t('pages.ledger.certificateNo')}>
            <Input />
          </Form.Item>
          <Form.Item name="institutionName" label={t('pages.ledger.institution')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

interface HistoryRow {
  key: string;
  date: string;
  what: string;
  reason: string;
  note: string;
  actor: string;
}

/**
 * 备案历史 as one timeline: the imports that created or changed the instrument (file, changed columns) and its state
 * changes, oldest first.
 */
function historyOf(d: TInstrumentDetail): HistoryRow[] {
  const column = (k: string) => (hasKey(`pages.import.column.${k}`) ? t(`pages.import.column.${k}`) : k);
  const rows: (HistoryRow & { at: string })[] = [
    ...d.imports.map((j) => ({
      key: `import-${j.jobId}`,
      at: j.at,
      date: formatDateTime(j.at),
      what: j.change === 'inserted' ? t('pages.ledger.history.imported') : t('pages.ledger.history.importUpdated'),
      reason: '',
      note:
        j.fields.length > 0
          ? t('pages.ledger.history.importFileFields', { file: j.fileName, fields: j.fields.map(column).join('、') })
          : t('pages.ledger.history.importFile', { file: j.fileName }),
      actor: actorText(j),
    })),
    ...d.stateChanges.map((c) => ({
      key: `state-${c.at}-${c.toState}`,
      at: c.at,
      date: c.effectiveDate,
      what: enumLabel('ledgerState', c.toState),
      reason: c.reason ? enumLabel('removalReason', c.reason) : '',
      note: c.note ?? '',
      actor: actorText(c),
    })),
  ];
  return rows.sort((a, b) => a.at.localeCompare(b.at)).map(({ at: _at, ...r }) => r);
}
