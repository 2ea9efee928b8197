import { PaperClipOutlined } from '@ant-design/icons';
import { COMPLAINT_SUBJECTS, COMPLAINT_TYPES, DEFAULT_COMPLAINT_SETTINGS, enumLabel, t } from '@qiangjian/shared';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Layout,
  Radio,
  Result,
  Select,
  Space,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { dateFieldProps } from '../../../lib/date-field.js';
import { type Challenge, fileComplaint, getChallenge, publicInstrument, type Receipt } from '../../../services/complaints.js';
import { applyFormError } from '../../../services/form-errors.js';

interface FormValues {
  type: string;
  subject: string;
  instrumentCode?: string;
  orgName?: string;
  description: string;
  occurredOn?: string;
  amountYuan?: number;
  anonymous?: boolean;
  name?: string;
  phone?: string;
  challengeAnswer?: number;
}
const SUBJECT_OF_CATEGORY: Record<string, string> = {
  water_meter: 'water_meter',
  electricity_meter: 'electricity_meter',
  gas_meter: 'gas_meter',
  fuel_dispenser: 'dispenser',
};
const FIELDS = [
  'type',
  'subject',
  'instrumentCode',
  'orgName',
  'description',
  'occurredOn',
  'amountYuan',
  'anonymous',
  'name',
  'phone',
  'challengeAnswer',
];

/**
 * 计量投诉举报 (docs/COMPLAINTS.md "Public intake"): the public form, phone first, no login. Opened from an instrument's
 * public page (`?instrument=<public code>`) it names that instrument. Photos and PDFs go with it; the answer is a
 * tracking code to look up the progress and the replies.
 */
export default function PublicComplaintPage() {
  const [params] = useSearchParams();
  const instrument = params.get('instrument') ?? undefined;
  const [form] = Form.useForm<FormValues>();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [uploads, setUploads] = useState<UploadFile[]>([]);
  const files = uploads.flatMap((u) => (u.originFileObj ? [u.originFileObj as File] : []));
  const [saving, setSaving] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const type = Form.useWatch('type', form);
  const anonymous = Form.useWatch('anonymous', form);
  const newChallenge = useCallback(() => {
    void getChallenge().then(setChallenge);
    form.setFieldValue('challengeAnswer', undefined);
  }, [form]);
  useEffect(() => newChallenge(), [newChallenge]);
  const [instrumentText, setInstrumentText] = useState<string | null>(null);
  // the instrument's category decides the subject (a water meter → 水表 …)
  useEffect(() => {
    if (!instrument) return;
    void publicInstrument(instrument)
      .then((p) => {
        setInstrumentText([p.categoryLabel, p.siteName, p.town].filter(Boolean).join(' · '));
        const subject = SUBJECT_OF_CATEGORY[p.category];
        if (subject && !form.getFieldValue('subject')) form.setFieldValue('subject', subject);
      })
      .catch(() => undefined);
  }, [instrument, form]);

  const submit = async () => {
    const v = await form.validateFields();
    if (!challenge) return;
    setSaving(true);
    try {
      const r = await fileComplaint(
        {
          ...v,
          instrumentCode: instrument ?? v.instrumentCode,
          challengeToken: challenge.token,
          anonymous: v.type === 'report' && v.anonymous,
        },
        files,
      );
      setReceipt(r);
    } catch (err) {
      applyFormError(form, err, FIELDS);
      newChallenge();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Header style={{ background: '#1677ff', color: '#fff', fontSize: 18, fontWeight: 600, padding: '0 16px' }}>
        {t('pages.complaints.public.title')}
      </Layout.Header>
      <Layout.Content style={{ maxWidth: 560, width: '100%', margin: '0 auto', padding: 12 }}>
        {receipt ? (
          <Card>
            <Result
              status="success"
              title={t('pages.complaints.public.submitted')}
              subTitle={t('pages.complaints.public.keepCode')}
              extra={
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{t('pages.complaints.public.trackingCode')}</Typography.Text>
                  <Typography.Title level={4} copyable data-testid="tracking-code" style={{ margin: 0 }}>
                    {receipt.trackingCode}
                  </Typography.Title>
                  <Typography.Text>
                    {t('pages.complaints.public.decisionBy')}：{receipt.decisionDeadline}
                  </Typography.Text>
                  <Link to={`/p/complaint/status?code=${encodeURIComponent(receipt.trackingCode)}`}>
                    <Button type="primary" block>
                      {t('pages.complaints.public.statusLink')}
                    </Button>
                  </Link>
                </Space>
              }
            />
          </Card>
        ) : (
          <Card>
            <Alert type="info" showIcon title={t('pages.complaints.public.intro')} style={{ marginBottom: 12 }} />
            <Form form={form} name="publicComplaint" layout="vertical" initialValues={{ type: 'complaint' }} onFinish={() => void submit()}>
              {instrument ? (
                <Form.Item label={t('pages.complaints.public.instrument')}>
                  <Typography.Text strong data-testid="instrument-code">
                    {instrument}
                  </Typography.Text>
                  {instrumentText ? <div>{instrumentText}</div> : null}
                </Form.Item>
              ) : (
                <Form.Item name="orgName" label={t('complaints.field.orgName')}>
                  <Input maxLength={200} />
                </Form.Item>
              )}
              <Form.Item
                name="type"
                label={t('complaints.field.type')}
                extra={t('pages.complaints.public.typeHint')}
                rules={[{ required: true }]}
              >
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={COMPLAINT_TYPES.map((v) => ({ value: v, label: enumLabel('complaintType', v) }))}
                />
              </Form.Item>
              <Form.Item name="subject" label={t('complaints.field.subject')} rules={[{ required: true }]}>
                <Select
                  placeholder={t('pages.complaints.public.selectPlaceholder')}
                  options={COMPLAINT_SUBJECTS.map((v) => ({ value: v, label: enumLabel('complaintSubject', v) }))}
                />
              </Form.Item>
              <Form.Item name="description" label={t('complaints.field.description')} rules={[{ required: true, min: 5 }]}>
                <Input.TextArea rows={4} maxLength={2000} showCount />
              </Form.Item>
              <Form.Item {...dateFieldProps} name="occurredOn" label={t('complaints.field.occurredOn')}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="amountYuan" label={t('complaints.field.amountYuan')}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} inputMode="decimal" />
              </Form.Item>
              {type === 'report' ? (
                <Form.Item name="anonymous" valuePropName="checked" extra={t('pages.complaints.public.anonymousHint')}>
                  <Checkbox>{t('complaints.field.anonymous')}</Checkbox>
                </Form.Item>
              ) : null}
              {type === 'report' && anonymous ? null : (
                <>
                  <Form.Item name="name" label={t('complaints.field.name')}>
                    <Input maxLength={50} autoComplete="name" />
                  </Form.Item>
                  <Form.Item
                    name="phone"
                    label={t('complaints.field.phone')}
                    extra={t('pages.complaints.public.phoneHint')}
                    rules={[{ required: true, pattern: /^[\d\s-]{7,16}$/ }]}
                  >
                    <Input inputMode="tel" maxLength={16} autoComplete="tel" />
                  </Form.Item>
                </>
              )}
              <Form.Item label={t('pages.complaints.public.photos', { max: DEFAULT_COMPLAINT_SETTINGS.attachmentMaxCount })}>
                {/* antd's Upload (a Chinese button and the chosen files listed with a remove button), sent with the form */}
                <div data-testid="attachments">
                  <Upload
                    multiple
                    accept="image/png,image/jpeg,application/pdf"
                    fileList={uploads}
                    beforeUpload={() => false}
                    onChange={({ fileList }) => setUploads(fileList)}
                  >
                    <Button icon={<PaperClipOutlined />}>{t('pages.complaints.public.choose')}</Button>
                  </Upload>
                </div>
              </Form.Item>
              <Form.Item
                name="challengeAnswer"
                label={challenge ? t('pages.complaints.public.challenge', { question: challenge.question }) : ' '}
                rules={[{ required: true }]}
                extra={
                  <Button type="link" size="small" onClick={newChallenge} style={{ padding: 0 }}>
                    {t('pages.complaints.public.refreshChallenge')}
                  </Button>
                }
              >
                <InputNumber style={{ width: '100%' }} inputMode="numeric" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={saving}>
                {t('pages.complaints.public.submit')}
              </Button>
            </Form>
            <div style={{ textAlign: 'center', marginTop: 16 }}>
              <Link to="/p/complaint/status">{t('pages.complaints.public.statusLink')}</Link>
            </div>
          </Card>
        )}
      </Layout.Content>
    </Layout>
  );
}
