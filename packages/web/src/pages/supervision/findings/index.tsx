import { enumLabel, t, VIOLATION_CODES } from '@qiangjian/shared';
import { App, Button, DatePicker, Form, Input, Modal, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { todayLocal } from '../../../lib/format.js';
import { applyFormError } from '../../../services/form-errors.js';
import { type FindingListQuery, issueOrder, listFindings, openCase, type TFindingItem } from '../../../services/supervision.js';

type Action = { kind: 'order' | 'case'; finding: TFindingItem };

/** 问题记录: findings in scope, with 下达整改通知 and 立案 (docs/ENFORCEMENT.md). */
export default function FindingsPage() {
  const access = useAccess();
  const list = usePagedList(listFindings);
  const [action, setAction] = useState<Action | null>(null);
  const columns: ListColumn<TFindingItem>[] = [
    { title: t('orders.findings.org'), dataIndex: 'orgName', width: 240, card: 'title', ellipsis: true },
    { title: t('orders.findings.code'), dataIndex: 'code', width: 260, render: (c: string) => enumLabel('violation', c) },
    { title: t('orders.findings.date'), dataIndex: 'date', width: 110 },
    { title: t('orders.findings.source'), dataIndex: 'source', width: 100, render: (s: string) => enumLabel('findingSource', s) },
    { title: t('orders.findings.note'), dataIndex: 'note', width: 280, ellipsis: true },
    {
      title: t('pages.common.actions'),
      key: 'actions',
      width: 200,
      render: (_, r) => (
        <Space>
          {access.can('order.issue') && (
            <Button
              type="link"
              size="small"
              onClick={() => setAction({ kind: 'order', finding: r })}
              aria-label={`${t('orders.findings.issueOrder')} ${r.id}`}
            >
              {t('orders.findings.issueOrder')}
            </Button>
          )}
          {access.can('case.write') && (
            <Button
              type="link"
              size="small"
              onClick={() => setAction({ kind: 'case', finding: r })}
              aria-label={`${t('orders.findings.openCase')} ${r.id}`}
            >
              {t('orders.findings.openCase')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <ListPage<TFindingItem, FindingListQuery>
      title={t('orders.findings.title')}
      list={list}
      columns={columns}
      filters={{
        name: 'findingFilters',
        instant: true,
        fields: [{ name: 'code', label: t('orders.findings.code'), input: <EnumSelect enumName="violation" values={VIOLATION_CODES} /> }],
      }}
    >
      {action && <ActionModal action={action} onClose={() => setAction(null)} />}
    </ListPage>
  );
}

function ActionModal({ action, onClose }: { action: Action; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [saving, setSaving] = useState(false);
  const isOrder = action.kind === 'order';
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      if (isOrder) {
        const o = await issueOrder({
          findingId: action.finding.id,
          issuedOn: v.date.format('YYYY-MM-DD'),
          requiredActions: v.requiredActions?.trim() || undefined,
        });
        void message.success(t('orders.issued'));
        void navigate(`/supervision/orders/${o.id}`);
      } else {
        const c = await openCase({ findingId: action.finding.id, filedOn: v.date.format('YYYY-MM-DD'), summary: v.summary });
        void message.success(t('cases.opened'));
        void navigate(`/supervision/cases/${c.id}`);
      }
    } catch (err) {
      applyFormError(form, err, ['date', 'summary', 'requiredActions'], {
        issuedOn: 'date',
        filedOn: 'date',
        summary: 'summary',
        requiredActions: 'requiredActions',
      });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`${isOrder ? t('orders.issueTitle') : t('cases.openTitle')}：${action.finding.orgName}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okText={isOrder ? t('orders.findings.issueOrder') : t('orders.findings.openCase')}
    >
      <p>{enumLabel('violation', action.finding.code)}</p>
      <Form form={form} name={isOrder ? 'issueOrder' : 'openCase'} layout="vertical" initialValues={{ date: dayjs(todayLocal()) }}>
        <Form.Item name="date" label={isOrder ? t('orders.issuedOn') : t('cases.filedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        {isOrder ? (
          <Form.Item name="requiredActions" label={t('orders.requiredActions')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        ) : (
          <Form.Item name="summary" label={t('cases.summary')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
