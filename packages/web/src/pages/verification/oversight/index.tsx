import { PlusOutlined } from '@ant-design/icons';
import { CATEGORIES, enumLabel, type TAuthorization, type TStandard, type TVerifier, t } from '@qiangjian/shared';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { useRegionName } from '../../../services/regions.js';
import {
  createInstitutionRecord,
  type ExpiringRecord,
  type InstitutionRecordKind,
  listAuthorizations,
  listExpiring,
  listStandards,
  listVerifiers,
  markStandardFaulty,
} from '../../../services/verification.js';

type Kind = InstitutionRecordKind;

const EMPTY = {
  authorizations: [] as TAuthorization[],
  standards: [] as TStandard[],
  verifiers: [] as TVerifier[],
  expiring: [] as ExpiringRecord[],
};

const cats = (cs: string[]) => cs.map((c) => enumLabel('category', c)).join('、');

/** 机构资质: an institution's authorizations, standards and verifiers (regulators read all), with expiry warnings. */
export default function OversightPage() {
  const regionName = useRegionName();
  const access = useAccess();
  const { message } = App.useApp();
  const [tab, setTab] = useState<Kind>('authorizations');
  const req = useRequest(async () => {
    const [a, s, v, e] = await Promise.all([listAuthorizations(), listStandards(), listVerifiers(), listExpiring()]);
    return { authorizations: a.items, standards: s.items, verifiers: v.items, expiring: e };
  }, []);
  const data = req.data ?? EMPTY;
  const { expiring } = data;
  const load = req.reload;
  const [creating, setCreating] = useState<Kind | null>(null);
  const [form] = Form.useForm();

  const canWrite = access.can('institution_data.write');
  const orgCol = { title: t('pages.voversight.org'), dataIndex: 'orgName', ellipsis: true };
  const catCol = { title: t('pages.voversight.categories'), dataIndex: 'categories', render: (c: string[]) => cats(c) };
  const create = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>;
    if (creating) await createInstitutionRecord(creating, v);
    setCreating(null);
    form.resetFields();
    await load();
  };

  return (
    <>
      <PageTitle
        title={t('pages.voversight.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(tab)}>
              {t('pages.common.create')}
            </Button>
          )
        }
      />
      {expiring.length > 0 && (
        <Card title={t('pages.voversight.expiring')} style={{ marginBottom: 16 }}>
          <Table<ExpiringRecord>
            rowKey={(r) => `${r.kind}:${r.id}`}
            size="small"
            pagination={false}
            dataSource={expiring}
            columns={[
              { title: t('pages.voversight.kind'), dataIndex: 'kind', render: (k: string) => t(`pages.voversight.${k}s`) },
              orgCol,
              { title: t('pages.voversight.name'), dataIndex: 'name' },
              { title: t('pages.voversight.validTo'), dataIndex: 'validUntil' },
              {
                title: t('pages.voversight.daysLeft'),
                dataIndex: 'daysLeft',
                render: (d: number) => <Tag color={d <= 30 ? 'red' : 'gold'}>{d}</Tag>,
              },
            ]}
          />
        </Card>
      )}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Kind)}
          items={[
            {
              key: 'authorizations',
              label: t('pages.voversight.authorizations'),
              children: (
                <Table<TAuthorization>
                  rowKey="id"
                  size="small"
                  scroll={{ x: 'max-content' }}
                  dataSource={data.authorizations}
                  columns={[
                    orgCol,
                    { title: t('pages.voversight.certificateNo'), dataIndex: 'certificateNo' },
                    catCol,
                    { title: t('pages.voversight.region'), dataIndex: 'regionCode', render: (c: string) => regionName(c) },
                    { title: t('pages.voversight.validFrom'), dataIndex: 'validFrom' },
                    { title: t('pages.voversight.validTo'), dataIndex: 'validTo' },
                  ]}
                />
              ),
            },
            {
              key: 'standards',
              label: t('pages.voversight.standards'),
              children: (
                <Table<TStandard>
                  rowKey="id"
                  size="small"
                  scroll={{ x: 'max-content' }}
                  dataSource={data.standards}
                  columns={[
                    orgCol,
                    { title: t('pages.voversight.name'), dataIndex: 'name' },
                    { title: t('pages.voversight.certificateNo'), dataIndex: 'certificateNo' },
                    catCol,
                    { title: t('pages.voversight.validTo'), dataIndex: 'validUntil' },
                    {
                      title: t('pages.voversight.faulty'),
                      dataIndex: 'faulty',
                      render: (f: boolean) => (f ? <Tag color="red">{t('pages.voversight.faulty')}</Tag> : ''),
                    },
                    {
                      title: t('pages.common.actions'),
                      key: 'a',
                      render: (_, r) =>
                        canWrite && !r.faulty ? (
                          <Button
                            size="small"
                            danger
                            onClick={async () => {
                              const res = await markStandardFaulty(r.id);
                              await message.success(t('pages.voversight.faultyDone', { count: res.tasksOpened }));
                              await load();
                            }}
                          >
                            {t('pages.voversight.markFaulty')}
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              ),
            },
            {
              key: 'verifiers',
              label: t('pages.voversight.verifiers'),
              children: (
                <Table<TVerifier>
                  rowKey="id"
                  size="small"
                  scroll={{ x: 'max-content' }}
                  dataSource={data.verifiers}
                  columns={[
                    orgCol,
                    { title: t('pages.voversight.name'), dataIndex: 'name' },
                    { title: t('pages.voversight.certificateNo'), dataIndex: 'certificateNo' },
                    catCol,
                    { title: t('pages.voversight.validTo'), dataIndex: 'validUntil' },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={creating !== null}
        title={creating ? t(`pages.voversight.${creating}`) : ''}
        onCancel={() => setCreating(null)}
        onOk={() => void create()}
        destroyOnHidden
      >
        <Form name="oversightCreate" form={form} layout="vertical">
          {creating !== 'authorizations' && (
            <Form.Item name="name" label={t('pages.voversight.name')} rules={[{ required: true, message: t('field.required') }]}>
              <Input />
            </Form.Item>
          )}
          <Form.Item
            name="certificateNo"
            label={t('pages.voversight.certificateNo')}
            rules={[{ required: creating !== 'authorizations', message: t('field.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="categories" label={t('pages.voversight.categories')} rules={[{ required: true, message: t('field.required') }]}>
            <Select mode="multiple" options={CATEGORIES.map((c) => ({ value: c, label: enumLabel('category', c) }))} />
          </Form.Item>
          {creating === 'authorizations' && (
            <>
              <Form.Item name="regionCode" label={t('pages.voversight.region')} rules={[{ required: true, message: t('field.required') }]}>
                <Input />
              </Form.Item>
              <Form.Item
                {...dateFieldProps}
                name="validFrom"
                label={t('pages.voversight.validFrom')}
                rules={[{ required: true, message: t('field.required') }]}
              >
                <DatePicker />
              </Form.Item>
            </>
          )}
          <Form.Item
            {...dateFieldProps}
            name={creating === 'authorizations' ? 'validTo' : 'validUntil'}
            label={t('pages.voversight.validTo')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
