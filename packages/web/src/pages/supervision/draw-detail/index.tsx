import { t } from '@qiangjian/shared';
import { App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { getDraw, publishDrawResults, runDraw } from '../../../services/supervision.js';
import { DrawRecord } from '../DrawRecord.js';

/** A draw plan: the commitment before the run, the run button (optional witness), the published record after. */
export default function DrawDetailPage() {
  const { id } = useParams();
  const access = useAccess();
  const { message } = App.useApp();
  const { data, reload } = useRequest(() => getDraw(id ?? ''), [id]);
  const [running, setRunning] = useState(false);
  const [form] = Form.useForm<{ witness?: string }>();
  const [publishing, setPublishing] = useState(false);
  if (!data) return null;
  const publishResults = async () => {
    setPublishing(true);
    try {
      const r = await publishDrawResults(data.id);
      void message.success(t('pages.drawDisclosure.done', { published: r.published, skipped: r.skipped }));
    } finally {
      setPublishing(false);
    }
  };
  return (
    <>
      <PageTitle
        title={data.title}
        extra={
          <Space>
            <Link to={`/public/draws/${data.id}`} target="_blank">
              {t('pages.draws.publicLink')}
            </Link>
            {data.state === 'revealed' && access.can('draw.manage') && access.can('inspection.write') && (
              <Popconfirm
                title={t('pages.drawDisclosure.confirm')}
                okText={t('pages.common.ok')}
                cancelText={t('pages.common.cancel')}
                onConfirm={() => void publishResults()}
              >
                <Button loading={publishing}>{t('pages.drawDisclosure.publish')}</Button>
              </Popconfirm>
            )}
            {data.state === 'committed' && access.can('draw.manage') && (
              <Button type="primary" onClick={() => setRunning(true)}>
                {t('pages.draws.run')}
              </Button>
            )}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('pages.draws.state')}>
            <EnumTag name="drawState" value={data.state} />
          </Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.region')}>{data.regionCode}</Descriptions.Item>
          <Descriptions.Item label={t('pages.draws.candidates')}>{data.candidates}</Descriptions.Item>
        </Descriptions>
      </Card>
      <DrawRecord record={data.record} targetNames={data.targetNames} inspectorNames={data.inspectorNames} />
      {running && (
        <Modal
          open
          title={t('pages.draws.run')}
          onCancel={() => setRunning(false)}
          onOk={async () => {
            const v = await form.validateFields();
            const r = await runDraw(data.id, v.witness?.trim() ? v.witness.trim() : null);
            void message.success(t('pages.draws.runDone', { count: r.assignments?.length ?? 0 }));
            setRunning(false);
            void reload();
          }}
        >
          <p>{t('pages.draws.runConfirm')}</p>
          <Form form={form} name="drawRun" layout="vertical">
            <Form.Item name="witness" label={t('pages.draws.witness')} extra={t('pages.draws.witnessHint')}>
              <Input maxLength={200} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
