import { type TInspector, t } from '@qiangjian/shared';
import { App, Button, Form, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { searchField } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { applyFormError } from '../../../services/form-errors.js';
import { addConflict, type InspectorListQuery, listInspectors } from '../../../services/supervision.js';
import { InspectorFormModal } from './InspectorFormModal.js';

/** 执法人员名录: inspectors (执法证号, office, validity) with their declared conflicts of interest. */
export default function InspectorsPage() {
  const access = useAccess();
  const { message } = App.useApp();
  const list = usePagedList(listInspectors);
  const [conflictFor, setConflictFor] = useState<TInspector | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ creditCode: string; note?: string }>();
  const canManage = access.can('supervision_register.manage');

  const columns: ListColumn<TInspector>[] = [
    { title: t('pages.registers.inspectors.name'), dataIndex: 'userName', width: 120, card: 'title' },
    { title: t('pages.registers.inspectors.cert'), dataIndex: 'certNo', width: 160, render: (c: string) => <code>{c}</code> },
    { title: t('pages.registers.inspectors.office'), dataIndex: 'officeName', width: 200, ellipsis: true },
    { title: t('pages.registers.inspectors.validity'), key: 'validity', width: 200, render: (_, r) => `${r.validFrom} ~ ${r.validUntil}` },
    {
      title: t('pages.registers.inspectors.active'),
      dataIndex: 'active',
      width: 80,
      card: 'extra',
      render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('pages.common.yes') : t('pages.common.no')}</Tag>,
    },
    {
      title: t('pages.registers.inspectors.conflicts'),
      key: 'conflicts',
      width: 300,
      render: (_, r) =>
        r.conflicts.length === 0 ? (
          t('pages.registers.inspectors.noConflicts')
        ) : (
          <Space direction="vertical" size={0}>
            {r.conflicts.map((c) => (
              <span key={c.orgId}>{t('pages.common.nameCode', { name: c.orgName, code: c.creditCode })}</span>
            ))}
          </Space>
        ),
    },
    ...(canManage
      ? [
          {
            title: t('pages.common.actions'),
            key: 'actions',
            width: 130,
            render: (_: unknown, r: TInspector) => (
              <Button type="link" size="small" onClick={() => setConflictFor(r)}>
                {t('pages.registers.inspectors.addConflict')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <ListPage<TInspector, InspectorListQuery>
      title={t('pages.registers.inspectors.title')}
      create={{ allowed: canManage, label: t('pages.registers.inspectors.create'), onClick: () => setCreating(true) }}
      list={list}
      columns={columns}
      filters={{ name: 'inspectorFilters', fields: [searchField(t('pages.registers.inspectors.search'), { width: 220 })] }}
    >
      {creating && (
        <InspectorFormModal
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            void list.reload();
          }}
        />
      )}
      {conflictFor && (
        <Modal
          open
          title={`${t('pages.registers.inspectors.addConflict')} · ${conflictFor.userName}`}
          onCancel={() => setConflictFor(null)}
          onOk={async () => {
            const v = await form.validateFields();
            try {
              await addConflict(conflictFor.id, { creditCode: v.creditCode, note: v.note || null });
              void message.success(t('pages.common.saved'));
              setConflictFor(null);
              form.resetFields();
              void list.reload();
            } catch (e) {
              applyFormError(form, e, ['creditCode', 'note']);
            }
          }}
        >
          <Form form={form} name="conflictForm" layout="vertical">
            <Form.Item name="creditCode" label={t('pages.registers.inspectors.conflictOrg')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="note" label={t('pages.registers.inspectors.note')}>
              <Input />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </ListPage>
  );
}
