import { type TTalentRecommendation, t } from '@qiangjian/shared';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { formatDateTime } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import { listRecommendations, recommendationsExportUrl, withdrawRecommendation } from '../../../services/talent.js';

/** 推荐名单: recommendations to the city bureau with their reasons; export as XLSX / PDF (docs/TALENT.md). */
export default function RecommendationsPage() {
  const access = useAccess();
  const { message } = App.useApp();
  const list = usePagedList(listRecommendations);
  const [withdrawing, setWithdrawing] = useState<TTalentRecommendation | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const columns: ListColumn<TTalentRecommendation>[] = [
    {
      title: t('pages.talent.name'),
      dataIndex: 'name',
      width: 90,
      card: 'title',
      render: (v: string, r) => <Link to={`/talent/people/${r.key}`}>{v}</Link>,
    },
    { title: t('pages.talent.source'), dataIndex: 'source', width: 120, render: (v: string) => <EnumTag name="talentSource" value={v} /> },
    { title: t('pages.talent.org'), dataIndex: 'orgName', width: 180 },
    { title: t('pages.talent.reason'), dataIndex: 'reason', width: 380 },
    {
      title: t('pages.talent.state'),
      dataIndex: 'state',
      width: 90,
      card: 'extra',
      render: (v: string) => <EnumTag name="recommendationState" value={v} />,
    },
    { title: t('pages.talent.recommendedAt'), dataIndex: 'recommendedAt', width: 150, render: (v: string) => formatDateTime(v) },
    ...(access.can('talent.manage')
      ? [
          {
            title: t('pages.common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, r: TTalentRecommendation) =>
              r.state === 'recommended' ? (
                <Button type="link" danger size="small" onClick={() => setWithdrawing(r)}>
                  {t('pages.talent.withdraw')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await withdrawRecommendation(withdrawing?.id ?? 0, v.reason);
      void message.success(t('pages.talent.saved'));
      setWithdrawing(null);
      await list.reload();
    } catch (err) {
      applyFormError(form, err, ['reason']);
    } finally {
      setSaving(false);
    }
  };
  return (
    <ListPage<TTalentRecommendation, { state?: string }>
      title={t('menu.talent.recommendations')}
      extra={
        access.can('talent.export') ? (
          <Space wrap>
            <Button href={recommendationsExportUrl('xlsx')}>{t('pages.talent.exportXlsx')}</Button>
            <Button href={recommendationsExportUrl('pdf')} target="_blank">
              {t('pages.talent.exportPdf')}
            </Button>
          </Space>
        ) : null
      }
      list={list}
      columns={columns}
      filters={{
        name: 'recommendationFilter',
        instant: true,
        fields: [
          {
            name: 'state',
            label: t('pages.talent.state'),
            input: <EnumSelect enumName="recommendationState" values={['recommended', 'withdrawn']} />,
          },
        ],
      }}
    >
      <Modal
        open={withdrawing !== null}
        title={t('pages.talent.withdraw')}
        onCancel={() => setWithdrawing(null)}
        onOk={() => void submit()}
        confirmLoading={saving}
        okText={t('pages.common.ok')}
        cancelText={t('pages.common.cancel')}
        destroyOnHidden
      >
        <Form form={form} name="withdraw" layout="vertical">
          <Form.Item name="reason" label={t('pages.talent.withdrawReason')} rules={[{ required: true, min: 2, max: 500 }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
