import { CERTIFICATE_STATES, TALENT_SOURCES, type TTalentPerson, t } from '@qiangjian/shared';
import { Checkbox, Form, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect, searchField } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { applyFormError } from '../../../services/form-errors.js';
import { createMetrologist, listTalent, type TalentListQuery } from '../../../services/talent.js';
import { ActivityText } from '../ActivityText.js';

type Filters = { q?: string; source?: string; certificate?: string; marked?: boolean; recommended?: boolean };

/** 人才库: verifiers, inspectors and enterprise metrologists in scope with certificates, specialties and activity (docs/TALENT.md). */
export default function TalentPoolPage() {
  const access = useAccess();
  const navigate = useNavigate();
  const list = usePagedList(listTalent);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ orgId: number; name: string; title?: string }>();
  const columns: ListColumn<TTalentPerson>[] = [
    {
      title: t('pages.talent.name'),
      dataIndex: 'name',
      width: 140,
      card: 'title',
      render: (v: string, r) => (
        <Space size={4}>
          <Link to={`/talent/people/${r.key}`}>{v}</Link>
          {r.marked ? <Tag color="gold">{t('pages.talent.marked')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('pages.talent.source'),
      dataIndex: 'source',
      width: 120,
      card: 'extra',
      render: (v: string) => <EnumTag name="talentSource" value={v} />,
    },
    { title: t('pages.talent.org'), dataIndex: 'orgName', width: 220 },
    { title: t('pages.talent.specialties'), dataIndex: 'specialties', render: (v: string[]) => v.join('、') || '—' },
    {
      title: t('pages.talent.certificateState'),
      dataIndex: 'certificateState',
      width: 110,
      render: (v: string | null) => (v ? <EnumTag name="certificateState" value={v} /> : t('pages.talent.noCertificate')),
    },
    { title: t('pages.talent.activity'), dataIndex: 'activity', width: 220, render: (_: unknown, r) => <ActivityText a={r.activity} /> },
    {
      title: t('pages.talent.recommended'),
      dataIndex: 'recommendation',
      width: 90,
      render: (_: unknown, r) => (r.recommendation ? <EnumTag name="recommendationState" value="recommended" /> : null),
    },
  ];
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const p = await createMetrologist({ orgId: v.orgId, name: v.name, title: v.title?.trim() || null });
      setAdding(false);
      void navigate(`/talent/people/${p.key}`);
    } catch (err) {
      applyFormError(form, err, ['orgId', 'name', 'title']);
    } finally {
      setSaving(false);
    }
  };
  return (
    <ListPage<TTalentPerson, TalentListQuery, Filters>
      title={t('menu.talent.pool')}
      create={{ allowed: access.can('talent.manage'), label: t('pages.talent.addMetrologist'), onClick: () => setAdding(true) }}
      list={list}
      rowKey="key"
      columns={columns}
      filters={{
        name: 'talentFilter',
        fields: [
          searchField(t('pages.talent.search')),
          { name: 'source', label: t('pages.talent.source'), input: <EnumSelect enumName="talentSource" values={TALENT_SOURCES} /> },
          {
            name: 'certificate',
            label: t('pages.talent.certificateState'),
            input: <EnumSelect enumName="certificateState" values={CERTIFICATE_STATES} />,
          },
          { name: 'marked', valuePropName: 'checked', input: <Checkbox>{t('pages.talent.onlyMarked')}</Checkbox> },
          { name: 'recommended', valuePropName: 'checked', input: <Checkbox>{t('pages.talent.onlyRecommended')}</Checkbox> },
        ],
        toForm: (q) => ({ ...q, marked: q.marked === '1', recommended: q.recommended === '1' }),
        toQuery: (v) => ({
          q: v.q?.trim() || undefined,
          source: v.source || undefined,
          certificate: v.certificate || undefined,
          marked: v.marked ? '1' : undefined,
          recommended: v.recommended ? '1' : undefined,
        }),
      }}
    >
      <Modal
        open={adding}
        title={t('pages.talent.addMetrologist')}
        onCancel={() => setAdding(false)}
        onOk={() => void submit()}
        confirmLoading={saving}
        okText={t('pages.common.create')}
        cancelText={t('pages.common.cancel')}
        destroyOnHidden
      >
        <Form form={form} name="metrologist" layout="vertical">
          <Form.Item name="orgId" label={t('pages.talent.org')} rules={[{ required: true }]}>
            <OrgSelect />
          </Form.Item>
          <Form.Item name="name" label={t('pages.talent.name')} rules={[{ required: true, max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="title" label={t('pages.talent.title')} rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
