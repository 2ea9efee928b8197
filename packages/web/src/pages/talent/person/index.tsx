import { type TTalentCertificate, t } from '@qiangjian/shared';
import { TALENT_SPECIALTIES } from '@qiangjian/shared/data';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import {
  addTalentCertificate,
  getTalent,
  recommendTalent,
  removeTalentCertificate,
  saveTalentProfile,
  withdrawRecommendation,
} from '../../../services/talent.js';
import { DateInput } from '../../articles/DateInput.js';

type Dialog = 'profile' | 'certificate' | 'recommend' | 'withdraw' | null;

/** One person of the talent pool: certificates, specialties, computed activity, mark and recommendation (docs/TALENT.md). */
export default function TalentPersonPage() {
  const { key } = useParams();
  const access = useAccess();
  const manage = access.can('talent.manage');
  const { message } = App.useApp();
  const { data: p, loading, setData } = useRequest(() => getTalent(key as string), [key]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();

  const run = async (fn: () => Promise<unknown>, fields: string[]) => {
    await form.validateFields();
    setSaving(true);
    try {
      await fn();
      void message.success(t('pages.talent.saved'));
      setDialog(null);
      setData(await getTalent(key as string));
    } catch (err) {
      applyFormError(form, err, fields);
    } finally {
      setSaving(false);
    }
  };
  if (!p) return loading ? <Spin /> : null;
  const open = (d: Dialog, values: Record<string, unknown> = {}) => {
    form.resetFields();
    form.setFieldsValue(values);
    setDialog(d);
  };
  const submit = () => {
    const v = form.getFieldsValue();
    switch (dialog) {
      case 'profile':
        return run(
          () => saveTalentProfile(p.key, { specialties: v.specialties ?? [], marked: !!v.marked, note: v.note?.trim() || null }),
          ['specialties', 'note'],
        );
      case 'certificate':
        return run(
          () => addTalentCertificate(p.key, { name: v.name, certNo: v.certNo, issuer: v.issuer?.trim() || null, validUntil: v.validUntil }),
          ['name', 'certNo', 'issuer', 'validUntil'],
        );
      case 'recommend':
        return run(() => recommendTalent(p.key, v.reason), ['reason']);
      case 'withdraw':
        return run(() => withdrawRecommendation(p.recommendation?.id ?? 0, v.reason), ['reason']);
      default:
        return undefined;
    }
  };
  const removeCert = async (c: TTalentCertificate) => {
    if (c.id === null) return;
    setData(await removeTalentCertificate(p.key, c.id));
  };
  const certColumns = [
    { title: t('pages.talent.certName'), dataIndex: 'name' },
    { title: t('pages.talent.certNo'), dataIndex: 'certNo' },
    {
      title: t('pages.talent.issuer'),
      dataIndex: 'issuer',
      render: (v: string | null, c: TTalentCertificate) => v ?? (c.id === null ? t('pages.talent.fromRegister') : '—'),
    },
    { title: t('pages.talent.validUntil'), dataIndex: 'validUntil' },
    { title: t('pages.talent.state'), dataIndex: 'state', render: (v: string) => <EnumTag name="certificateState" value={v} /> },
    ...(manage
      ? [
          {
            title: t('pages.common.actions'),
            key: 'actions',
            render: (_: unknown, c: TTalentCertificate) =>
              c.id === null ? null : (
                <Popconfirm title={t('pages.talent.removeCertificateConfirm')} onConfirm={() => void removeCert(c)}>
                  <Button type="link" danger size="small">
                    {t('pages.talent.removeCertificate')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];
  const titles: Record<Exclude<Dialog, null>, string> = {
    profile: t('pages.talent.editProfile'),
    certificate: t('pages.talent.addCertificate'),
    recommend: t('pages.talent.recommend'),
    withdraw: t('pages.talent.withdraw'),
  };
  return (
    <>
      <PageTitle
        title={
          <Space wrap>
            {p.name}
            <EnumTag name="talentSource" value={p.source} />
            {p.marked ? <Tag color="gold">{t('pages.talent.marked')}</Tag> : null}
            {p.recommendation ? <EnumTag name="recommendationState" value="recommended" /> : null}
          </Space>
        }
        extra={
          manage ? (
            <Space wrap>
              <Button onClick={() => open('profile', { specialties: p.specialties, marked: p.marked, note: p.note ?? '' })}>
                {t('pages.talent.editProfile')}
              </Button>
              {p.recommendation ? (
                <Button danger onClick={() => open('withdraw')}>
                  {t('pages.talent.withdraw')}
                </Button>
              ) : (
                <Button type="primary" onClick={() => open('recommend')}>
                  {t('pages.talent.recommend')}
                </Button>
              )}
            </Space>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('pages.talent.org')}>{p.orgName}</Descriptions.Item>
              {p.title ? <Descriptions.Item label={t('pages.talent.title')}>{p.title}</Descriptions.Item> : null}
              <Descriptions.Item label={t('pages.talent.specialties')}>{p.specialties.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('pages.talent.note')}>{p.note ?? '—'}</Descriptions.Item>
            </Descriptions>
            {p.recommendation ? (
              <Card size="small" type="inner" title={t('pages.talent.reason')} style={{ marginTop: 12 }}>
                <p style={{ marginTop: 0 }}>{p.recommendation.reason}</p>
                <div style={{ color: '#8c8c8c', fontSize: 12 }}>
                  {t('pages.talent.recommendedLine', {
                    by: p.recommendation.recommendedBy,
                    at: formatDateTime(p.recommendation.recommendedAt),
                  })}
                </div>
              </Card>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={t('pages.talent.activity')}
            extra={<span style={{ color: '#8c8c8c', fontSize: 12 }}>{t('pages.talent.activityHint')}</span>}
          >
            <Row gutter={8}>
              <Col span={6}>
                <Statistic title={t('pages.talent.verifications')} value={p.activity.verifications} />
              </Col>
              <Col span={6}>
                <Statistic title={t('pages.talent.inspections')} value={p.activity.inspections} />
              </Col>
              <Col span={6}>
                <Statistic title={t('pages.talent.cases')} value={p.activity.cases} />
              </Col>
              <Col span={6}>
                <Statistic title={t('pages.talent.complaints')} value={p.activity.complaints} />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title={t('pages.talent.certificates')}
            extra={manage ? <Button onClick={() => open('certificate')}>{t('pages.talent.addCertificate')}</Button> : null}
          >
            <Table<TTalentCertificate>
              rowKey={(c) => `${c.id ?? 'register'}-${c.certNo}`}
              columns={certColumns}
              dataSource={p.certificates}
              pagination={false}
              size="small"
              scroll={{ x: 600 }}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={dialog !== null}
        title={dialog ? titles[dialog] : ''}
        onCancel={() => setDialog(null)}
        onOk={() => void submit()}
        confirmLoading={saving}
        okText={t('pages.common.ok')}
        cancelText={t('pages.common.cancel')}
        destroyOnHidden
      >
        <Form form={form} name="talentDialog" layout="vertical">
          {dialog === 'profile' ? (
            <>
              <Form.Item name="specialties" label={t('pages.talent.specialties')}>
                <Select mode="tags" options={TALENT_SPECIALTIES.map((s) => ({ value: s, label: s }))} />
              </Form.Item>
              <Form.Item name="marked" label={t('pages.talent.mark')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="note" label={t('pages.talent.note')} rules={[{ max: 500 }]}>
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
            </>
          ) : null}
          {dialog === 'certificate' ? (
            <>
              <Form.Item name="name" label={t('pages.talent.certName')} rules={[{ required: true, max: 60 }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="certNo" label={t('pages.talent.certNo')} rules={[{ required: true, max: 60 }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="issuer" label={t('pages.talent.issuer')} rules={[{ max: 60 }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="validUntil" label={t('pages.talent.validUntil')} rules={[{ required: true }]}>
                <DateInput />
              </Form.Item>
            </>
          ) : null}
          {dialog === 'recommend' ? (
            <Form.Item name="reason" label={t('pages.talent.recommendReason')} rules={[{ required: true, min: 5, max: 1000 }]}>
              <Input.TextArea rows={4} maxLength={1000} showCount />
            </Form.Item>
          ) : null}
          {dialog === 'withdraw' ? (
            <Form.Item name="reason" label={t('pages.talent.withdrawReason')} rules={[{ required: true, min: 2, max: 500 }]}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
