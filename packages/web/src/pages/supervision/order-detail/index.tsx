import { UploadOutlined } from '@ant-design/icons';
import { enumLabel, ORDER_REVIEW_METHODS, t } from '@qiangjian/shared';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Tag, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime, todayLocal } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import { getOrder, orderFileUrl, orderNoticeUrl, replyOrder, reviewOrder, uploadEvidence } from '../../../services/supervision.js';

/** One rectification order: the notice, the enterprise's reply with its evidence, the review (docs/ENFORCEMENT.md). */
export default function OrderDetailPage() {
  const { id } = useParams();
  const access = useAccess();
  const { message } = App.useApp();
  const { data: o, reload, error } = useRequest(() => getOrder(id ?? ''), [id]);
  const [replyForm] = Form.useForm<{ text: string }>();
  const [reviewForm] = Form.useForm();
  const [busy, setBusy] = useState(false);
  if (!o || error) return null;
  const canReply = access.can('order.reply') && o.state === 'issued';
  const canReview = access.can('order.review') && (o.state === 'replied' || (o.state === 'issued' && o.overdue));

  const sendReply = async () => {
    const v = await replyForm.validateFields();
    setBusy(true);
    try {
      await replyOrder(o.id, v.text);
      void message.success(t('orders.replied'));
      await reload();
    } catch (err) {
      applyFormError(replyForm, err, ['text']);
    } finally {
      setBusy(false);
    }
  };
  const review = async (outcome: 'close' | 'escalate') => {
    const v = await reviewForm.validateFields();
    setBusy(true);
    try {
      await reviewOrder(o.id, {
        outcome,
        method: v.method,
        reviewedOn: v.reviewedOn.format('YYYY-MM-DD'),
        note: v.note?.trim() || undefined,
      });
      void message.success(outcome === 'close' ? t('orders.closed') : t('orders.escalated'));
      await reload();
    } catch (err) {
      applyFormError(reviewForm, err, ['method', 'reviewedOn', 'note']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle
        title={`${t('orders.title')} ${o.orderNo}`}
        extra={
          <Space>
            <Button href={orderNoticeUrl(o.id, 'pdf')} target="_blank">
              {t('orders.pdf')}
            </Button>
            <Button href={orderNoticeUrl(o.id, 'docx')}>{t('orders.docx')}</Button>
          </Space>
        }
      />
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('orders.org')}>{o.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('orders.state')}>
            <EnumTag name="orderState" value={o.state} />
            {o.overdue && <Tag color="red">{t('orders.overdue')}</Tag>}
            {o.repliedLate && <Tag color="orange">{t('orders.repliedLate')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.code')}>{enumLabel('violation', o.code)}</Descriptions.Item>
          <Descriptions.Item label={t('orders.issuedOn')}>{o.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('orders.deadline')}>
            {o.deadline}
            {o.deadlineDays > 0 &&
              ` （${t('orders.deadlineDays', { days: o.deadlineDays, unit: enumLabel('deadlineUnit', o.deadlineUnit) })}）`}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.issuedBy')}>{o.issuedBy}</Descriptions.Item>
          <Descriptions.Item label={t('orders.requiredActions')} span={2}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{o.requiredActions}</div>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('orders.reply')} style={{ marginTop: 16 }}>
        {o.replyText && (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('orders.replyText')}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{o.replyText}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('orders.repliedAt')}>{formatDateTime(o.repliedAt)}</Descriptions.Item>
          </Descriptions>
        )}
        <div style={{ marginBottom: 12 }}>
          <strong>{t('orders.files')}：</strong>
          {o.files.length === 0 ? (
            t('pages.common.none')
          ) : (
            <Space wrap>
              {o.files.map((f) => (
                <a key={f.id} href={orderFileUrl(o.id, f.id)}>
                  {f.fileName}
                </a>
              ))}
            </Space>
          )}
        </div>
        {canReply && (
          <Form form={replyForm} name="orderReply" layout="vertical">
            <Form.Item label={t('orders.upload')} extra={t('orders.uploadHint')}>
              <Upload
                accept=".pdf,.png,.jpg,.jpeg"
                showUploadList={false}
                customRequest={async ({ file, onSuccess, onError }) => {
                  try {
                    await uploadEvidence(o.id, file as File);
                    onSuccess?.({});
                    await reload();
                  } catch (e) {
                    onError?.(e as Error);
                  }
                }}
              >
                <Button icon={<UploadOutlined />}>{t('orders.upload')}</Button>
              </Upload>
            </Form.Item>
            <Form.Item name="text" label={t('orders.replyText')} rules={[{ required: true, message: t('orders.replyTextRequired') }]}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void sendReply()}>
              {t('orders.submitReply')}
            </Button>
          </Form>
        )}
      </Card>
      {(o.reviewedOn || canReview) && (
        <Card title={t('orders.review')} style={{ marginTop: 16 }}>
          {o.reviewedOn ? (
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('orders.reviewMethod')}>{enumLabel('orderReviewMethod', o.reviewMethod ?? '')}</Descriptions.Item>
              <Descriptions.Item label={t('orders.reviewedOn')}>{o.reviewedOn}</Descriptions.Item>
              <Descriptions.Item label={t('orders.reviewedBy')}>{o.reviewedBy}</Descriptions.Item>
              <Descriptions.Item label={t('orders.reviewNote')}>{o.reviewNote}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Form
              form={reviewForm}
              name="orderReview"
              layout="vertical"
              initialValues={{ method: 'desk_review', reviewedOn: dayjs(todayLocal()) }}
            >
              <Form.Item name="method" label={t('orders.reviewMethod')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 200 }}
                  options={ORDER_REVIEW_METHODS.map((m) => ({ value: m, label: enumLabel('orderReviewMethod', m) }))}
                />
              </Form.Item>
              <Form.Item name="reviewedOn" label={t('orders.reviewedOn')} rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="note" label={t('orders.reviewNote')}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Space>
                {o.state === 'replied' && (
                  <Button type="primary" loading={busy} onClick={() => void review('close')}>
                    {t('orders.close')}
                  </Button>
                )}
                <Button danger loading={busy} onClick={() => void review('escalate')}>
                  {t('orders.escalate')}
                </Button>
              </Space>
            </Form>
          )}
        </Card>
      )}
    </>
  );
}
