import { UploadOutlined } from '@ant-design/icons';
import { type TSelfInspection, type TSelfInspectionForm, t } from '@qiangjian/shared';
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Space, Spin, Upload } from 'antd';
import { useState } from 'react';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import {
  correctSelfInspection,
  currentCampaign,
  mySelfInspection,
  saveSelfInspection,
  submitSelfInspection,
  uploadSelfInspectionFile,
} from '../../../services/campaigns.js';
import { applyFormError } from '../../../services/form-errors.js';
import { SelfInspectionFields, SelfInspectionFiles, SelfInspectionHeader } from '../SelfInspectionView.js';

/**
 * 自查自纠 (participant): the self-inspection of the current campaign, prefilled from the ledger and statuses on the
 * due date; save a draft, attach files, submit (then frozen), correct with a reason (a new version), and download
 * Attachment 1 as of the due date. Phone first: one column.
 */
export default function SelfInspectionPage() {
  const { message } = App.useApp();
  const cur = useRequest(currentCampaign, []);
  const campaignId = cur.data?.campaign?.id;
  const mine = cur.data?.mine;
  const report = useRequest(() => mySelfInspection(campaignId as number), [campaignId], { ready: campaignId !== undefined && !!mine });
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [reason, setReason] = useState('');
  const r = report.data;

  if (cur.loading && !cur.data) return <Spin />;
  if (!campaignId || !mine)
    return (
      <>
        <PageTitle title={t('pages.selfInspection.title')} />
        <Empty description={t('pages.selfInspection.none')} />
      </>
    );
  if (!r) return <Spin />;
  const frozen = r.state === 'submitted';
  const values = (): TSelfInspectionForm => ({ ...r.form, ...form.getFieldsValue() }) as TSelfInspectionForm;
  const done = (next: TSelfInspection, text: string) => {
    report.setData(next);
    form.setFieldsValue(next.form);
    void cur.reload();
    void message.success(text);
  };
  const save = async () => {
    await form.validateFields();
    setBusy(true);
    try {
      done(await saveSelfInspection(campaignId, values()), t('pages.selfInspection.saved'));
    } catch (err) {
      applyFormError(form, err, Object.keys(r.form));
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    await form.validateFields();
    setBusy(true);
    try {
      await saveSelfInspection(campaignId, values());
      done(await submitSelfInspection(campaignId), t('pages.selfInspection.submitted'));
    } catch (err) {
      applyFormError(form, err, Object.keys(r.form));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageTitle title={cur.data?.campaign?.name ?? t('pages.selfInspection.title')} />
      <Card>
        <SelfInspectionHeader r={r} />
      </Card>
      <Card title={t('pages.selfInspection.title')} extra={frozen ? t('pages.selfInspection.frozen') : null}>
        <SelfInspectionFields key={`${r.id}-${r.version}-${r.state}`} r={r} form={form} disabled={frozen} />
        <Space wrap>
          {!frozen && (
            <>
              <Button onClick={() => void save()} loading={busy}>
                {t('pages.selfInspection.saveDraft')}
              </Button>
              <Popconfirm title={t('pages.selfInspection.submitConfirm')} onConfirm={() => void submit()}>
                <Button type="primary" loading={busy}>
                  {t('pages.selfInspection.submit')}
                </Button>
              </Popconfirm>
            </>
          )}
          {frozen && <Button onClick={() => setCorrecting(true)}>{t('pages.selfInspection.correct')}</Button>}
        </Space>
      </Card>
      <SelfInspectionFiles
        r={r}
        extra={
          !frozen && (
            <Upload
              accept=".pdf,.png,.jpg,.jpeg"
              showUploadList={false}
              disabled={r.id === null}
              beforeUpload={(file) => {
                void uploadSelfInspectionFile(campaignId, file).then(() => report.reload());
                return false;
              }}
            >
              <Button
                icon={<UploadOutlined />}
                disabled={r.id === null}
                title={r.id === null ? t('pages.selfInspection.uploadNeedsDraft') : undefined}
              >
                {t('pages.selfInspection.upload')}
              </Button>
            </Upload>
          )
        }
      />
      <Modal
        open={correcting}
        title={t('pages.selfInspection.correct')}
        onCancel={() => setCorrecting(false)}
        okButtonProps={{ disabled: reason.trim() === '' }}
        onOk={() =>
          void correctSelfInspection(campaignId, reason.trim()).then((next) => {
            setCorrecting(false);
            setReason('');
            done(next, t('pages.common.saved'));
          })
        }
        okText={t('pages.common.ok')}
        cancelText={t('pages.common.cancel')}
      >
        <Form name="selfInspectionCorrection" layout="vertical">
          <Form.Item label={t('pages.selfInspection.correctionReason')} required>
            <Input.TextArea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
