import { InboxOutlined } from '@ant-design/icons';
import { enumLabel, type TReconcileResult, t } from '@qiangjian/shared';
import { Alert, Button, Card, Col, DatePicker, Form, Row, Statistic, Table, Tabs, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { EnumTag } from '../../../components/EnumTag.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useMe } from '../../../services/auth.js';
import { reconcileRoster } from '../../../services/ledger.js';

type Item = TReconcileResult['notFiled'][number];

/** 花名册比对: billing roster vs filed ledger. */
export default function ReconcilePage() {
  const me = useMe();
  const isEnterprise = me?.role === 'enterprise';
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [res, setRes] = useState<TReconcileResult | null>(null);
  const org = isEnterprise ? me?.orgId : orgId;

  const run = async () => {
    if (!file || !org) return;
    setBusy(true);
    try {
      setRes(await reconcileRoster(file, { orgId: org, asOf: asOf?.format('YYYY-MM-DD') }));
    } catch {
      // error policy
    } finally {
      setBusy(false);
    }
  };
  const cols = [
    { title: t('pages.ledger.serialNo'), dataIndex: 'serialNo' },
    { title: t('pages.import.row'), dataIndex: 'row' },
    { title: t('pages.reconcile.address'), dataIndex: 'address' },
    { title: t('pages.ledger.category'), dataIndex: 'category', render: (c: string | null) => (c ? enumLabel('category', c) : '') },
    { title: t('pages.ledger.validUntil'), dataIndex: 'validUntil' },
    { title: t('pages.ledger.status'), dataIndex: 'status', render: (s: Item['status']) => <EnumTag name="status" value={s} /> },
  ];
  const table = (rows: Item[]) => (
    <Table rowKey="serialNo" size="small" columns={cols} dataSource={rows} scroll={{ x: 'max-content' }} pagination={{ pageSize: 20 }} />
  );

  return (
    <>
      <PageTitle title={t('pages.reconcile.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon message={t('pages.reconcile.hint')} style={{ marginBottom: 16 }} />
        <Form name="reconcileForm" layout="inline" className="qj-filters">
          {!isEnterprise && (
            <Form.Item label={t('pages.ledger.org')}>
              <OrgSelect value={orgId} onChange={setOrgId} style={{ width: 260 }} />
            </Form.Item>
          )}
          <Form.Item label={t('pages.reconcile.asOf')}>
            <DatePicker value={asOf} onChange={setAsOf} />
          </Form.Item>
          <Form.Item>
            <Upload
              accept=".xlsx,.csv,.txt"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
            >
              <Button icon={<InboxOutlined />}>{t('pages.import.choose')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item>
            <Button type="primary" disabled={!file || !org} loading={busy} onClick={() => void run()}>
              {t('pages.reconcile.run')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {res && (
        <Card>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={4}>
              <Statistic title={t('pages.reconcile.roster')} value={res.rosterCount} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('pages.reconcile.filed')} value={res.filedCount} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('pages.reconcile.notFiled')} value={res.counts.notFiled} valueStyle={{ color: '#cf1322' }} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('pages.reconcile.notInRoster')} value={res.counts.notInRoster} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('pages.reconcile.pastLimit')} value={res.counts.pastLimit} valueStyle={{ color: '#cf1322' }} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('pages.reconcile.duplicates')} value={res.counts.duplicatesInRoster} />
            </Col>
          </Row>
          {res.truncated && <Alert type="warning" message={t('pages.reconcile.truncated')} style={{ marginBottom: 16 }} />}
          <Tabs
            items={[
              { key: 'notFiled', label: t('pages.reconcile.notFiled'), children: table(res.notFiled) },
              { key: 'notInRoster', label: t('pages.reconcile.notInRoster'), children: table(res.notInRoster) },
              { key: 'pastLimit', label: t('pages.reconcile.pastLimit'), children: table(res.pastLimit) },
            ]}
          />
        </Card>
      )}
    </>
  );
}
