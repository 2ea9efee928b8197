import { BellOutlined } from '@ant-design/icons';
import {
  CAMPAIGN_PARTICIPANT_KINDS,
  enumLabel,
  PARTICIPANT_STATUSES,
  type TCampaign,
  type TCampaignPhase,
  type TParticipant,
  type TRecheckDraw,
  t,
  verifyPublishedDraw,
} from '@qiangjian/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect, FilterSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { dateFieldProps } from '../../../lib/date-field.js';
import { formatDateTime, todayLocal } from '../../../lib/format.js';
import {
  commitRecheckDraw,
  getCampaign,
  getRecheckDraw,
  listParticipants,
  type ParticipantListQuery,
  remind,
  runRecheckDraw,
  setParticipants,
  updateCampaign,
} from '../../../services/campaigns.js';
import { applyFormError } from '../../../services/form-errors.js';
import { listOrganizations } from '../../../services/orgs.js';

/** The phases as a timeline (horizontal on desktop, vertical on a phone via antd's responsive Steps). */
function Phases({ c }: { c: TCampaign }) {
  const today = todayLocal();
  let current = c.phases.findIndex((p) => p.start <= today && today <= p.end);
  if (current < 0) current = today < (c.phases[0]?.start ?? '') ? -1 : c.phases.length;
  return <Steps responsive current={current} items={c.phases.map((p) => ({ title: p.name, content: `${p.start} — ${p.end}` }))} />;
}

interface EditValues {
  name: string;
  phases: TCampaignPhase[];
  reportingDays: string;
  finalReportDate: string;
  selfInspectionDue: string;
  targets: { key: string; name: string; pct: number }[];
}

function EditModal({ c, onClose, onSaved }: { c: TCampaign; onClose: () => void; onSaved: (c: TCampaign) => void }) {
  const [form] = Form.useForm<EditValues>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const next = await updateCampaign(c.id, {
        name: v.name,
        phases: v.phases,
        reportingDays: v.reportingDays
          .split(/[^\d]+/)
          .filter(Boolean)
          .map(Number),
        finalReportDate: v.finalReportDate,
        selfInspectionDue: v.selfInspectionDue,
        targets: v.targets.map((x) => ({ key: x.key, name: x.name, targetBp: Math.round(x.pct * 100) })),
      });
      onSaved(next);
    } catch (err) {
      // phases[1].end → the field of that phase
      const field = (err as { details?: { field?: string } }).details?.field;
      const m = field ? /^phases\[(\d+)\]\.(start|end)$/.exec(field) : null;
      if (m) form.setFields([{ name: ['phases', Number(m[1]), m[2] as 'start' | 'end'], errors: [(err as Error).message] }]);
      else applyFormError(form, err, ['name', 'reportingDays', 'finalReportDate', 'selfInspectionDue']);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={720}
      title={t('pages.campaigns.edit.title')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      okText={t('pages.common.save')}
      cancelText={t('pages.common.cancel')}
    >
      <Form
        form={form}
        name="campaignEdit"
        layout="vertical"
        initialValues={{
          name: c.name,
          phases: c.phases,
          reportingDays: c.reportingDays.join(','),
          finalReportDate: c.finalReportDate,
          selfInspectionDue: c.selfInspectionDue,
          targets: c.targets.map((x) => ({ key: x.key, name: x.name, pct: x.targetBp / 100 })),
        }}
      >
        <Form.Item name="name" label={t('pages.campaigns.col.name')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        {c.phases.map((p, i) => (
          <Row key={p.key} gutter={8}>
            <Col xs={24} sm={8}>
              <Form.Item name={['phases', i, 'name']} label={t('pages.campaigns.edit.phaseName')} rules={[{ required: true }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name={['phases', i, 'key']} hidden>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item
                {...dateFieldProps}
                name={['phases', i, 'start']}
                label={t('pages.campaigns.edit.start')}
                rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
              >
                <DatePicker />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item
                {...dateFieldProps}
                name={['phases', i, 'end']}
                label={t('pages.campaigns.edit.end')}
                rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
              >
                <DatePicker />
              </Form.Item>
            </Col>
          </Row>
        ))}
        <Row gutter={8}>
          <Col xs={24} sm={8}>
            <Form.Item name="reportingDays" label={t('pages.campaigns.edit.reportingDays')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              {...dateFieldProps}
              name="selfInspectionDue"
              label={t('pages.campaigns.detail.selfInspectionDue')}
              rules={[{ required: true }]}
            >
              <DatePicker />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              {...dateFieldProps}
              name="finalReportDate"
              label={t('pages.campaigns.detail.finalReport')}
              rules={[{ required: true }]}
            >
              <DatePicker />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={8}>
          {c.targets.map((x, i) => (
            <Col key={x.key} xs={8}>
              <Form.Item name={['targets', i, 'key']} hidden>
                <Input />
              </Form.Item>
              <Form.Item name={['targets', i, 'name']} hidden>
                <Input />
              </Form.Item>
              <Form.Item name={['targets', i, 'pct']} label={`${x.name} ${t('pages.campaigns.edit.targetBp')}`}>
                <InputNumber min={0} max={100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}

/** 调整参加单位: the utilities, stations and institutions of the campaign's region; the current ones preselected. */
function ParticipantsModal({ c, onClose, onSaved }: { c: TCampaign; onClose: () => void; onSaved: (c: TCampaign) => void }) {
  const [selected, setSelected] = useState<number[] | null>(null);
  const [saving, setSaving] = useState(false);
  const { data } = useRequest(async () => {
    const pages = await Promise.all(
      CAMPAIGN_PARTICIPANT_KINDS.map((kind) => listOrganizations({ kind, regionCode: c.regionCode, page: 1, pageSize: 500 })),
    );
    const current = await listParticipants(c.id, { page: 1, pageSize: 500 });
    return { orgs: pages.flatMap((p) => p.items), current: current.items.map((p) => p.orgId) };
  }, [c.id]);
  const value = selected ?? data?.current ?? [];
  return (
    <Modal
      open
      width={720}
      title={t('pages.campaigns.participants.title')}
      onCancel={onClose}
      okButtonProps={{ disabled: !data }}
      confirmLoading={saving}
      onOk={() => {
        setSaving(true);
        void setParticipants(c.id, value)
          .then(onSaved)
          .finally(() => setSaving(false));
      }}
      okText={t('pages.common.save')}
      cancelText={t('pages.common.cancel')}
    >
      <Typography.Paragraph type="secondary">{t('pages.campaigns.participants.hint')}</Typography.Paragraph>
      {data ? (
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={value}
          onChange={setSelected}
          optionFilterProp="label"
          options={data.orgs.map((o) => ({ value: o.id, label: `${o.name} · ${enumLabel('orgKind', o.kind)}` }))}
          maxTagCount="responsive"
        />
      ) : (
        <Spin />
      )}
    </Modal>
  );
}

function RecheckCard({ c, canManage }: { c: TCampaign; canManage: boolean }) {
  const { message } = App.useApp();
  const { data, setData, loading } = useRequest(() => getRecheckDraw(c.id).catch(() => null), [c.id]);
  const [verified, setVerified] = useState<boolean | null>(null);
  const act = async (fn: (id: number) => Promise<TRecheckDraw>) => setData(await fn(c.id));
  const record = data?.record;
  const drawn = record?.strata[0]?.drawn ?? [];
  return (
    <Card
      size="small"
      title={data ? t('pages.campaigns.recheck.title', { ratio: `${data.ratioBp / 100}%` }) : t('pages.campaigns.recheck.titleNone')}
      extra={data && <EnumTag name="recheckState" value={data.state} />}
    >
      {loading && !data && <Spin />}
      {!data && !loading && (
        <Space wrap>
          <Typography.Text type="secondary">{t('pages.campaigns.recheck.none')}</Typography.Text>
          {canManage && <Button onClick={() => void act(commitRecheckDraw)}>{t('pages.campaigns.recheck.commit')}</Button>}
        </Space>
      )}
      {data && record && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('pages.campaigns.recheck.commitment')}>
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
              {record.commitment}
            </Typography.Text>
          </Descriptions.Item>
          {record.seed && (
            <Descriptions.Item label={t('pages.campaigns.recheck.seed')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {record.seed}
              </Typography.Text>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('pages.campaigns.recheck.candidates', { n: record.strata[0]?.candidates.length ?? 0 })}>
            {data.state === 'committed' && canManage && (
              <Button type="primary" onClick={() => void act(runRecheckDraw)}>
                {t('pages.campaigns.recheck.run')}
              </Button>
            )}
          </Descriptions.Item>
          {data.state === 'revealed' && (
            <Descriptions.Item label={t('pages.campaigns.recheck.drawn')}>
              <Space wrap>
                {drawn.map((k) => (
                  <Tag key={k} color="purple">
                    {k}
                  </Tag>
                ))}
                <Button
                  size="small"
                  onClick={() =>
                    void verifyPublishedDraw(record).then((v) => {
                      setVerified(v.ok);
                      if (!v.ok) void message.error(t('pages.campaigns.recheck.verifyFailed'));
                    })
                  }
                >
                  {t('pages.campaigns.recheck.verify')}
                </Button>
                {verified && <Tag color="green">{t('pages.campaigns.recheck.verified')}</Tag>}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Card>
  );
}

/** 专项行动详情: phases timeline, dates and targets (editable), participants with their self-inspection, reminders, re-check. */
export default function CampaignDetailPage() {
  const { id = '' } = useParams();
  const access = useAccess();
  const { message } = App.useApp();
  const campaign = useRequest(() => getCampaign(id), [id]);
  const list = usePagedList((q: ParticipantListQuery & { page: number; pageSize: number }) => listParticipants(id, q));
  const [editing, setEditing] = useState(false);
  const [editingParticipants, setEditingParticipants] = useState(false);
  const canManage = access.can('campaign.manage');
  const c = campaign.data;
  if (!c) return <Spin />;
  const doRemind = async (orgIds: number[]) => {
    if (orgIds.length === 0) {
      void message.info(t('pages.campaigns.detail.noneToRemind'));
      return;
    }
    const r = await remind(c.id, orgIds);
    void message.success(t('pages.campaigns.detail.reminded', { n: r.reminded }));
    void list.reload();
  };
  const columns: ListColumn<TParticipant>[] = [
    {
      title: t('pages.campaigns.col.org'),
      dataIndex: 'orgName',
      width: 240,
      card: 'title',
      render: (v: string, r) => <Link to={`/campaigns/${c.id}/reports/${r.orgId}`}>{v}</Link>,
    },
    {
      title: t('pages.campaigns.col.status'),
      dataIndex: 'status',
      width: 150,
      card: 'extra',
      render: (s: string, r) => (
        <Space size={4} wrap>
          <EnumTag name="participantStatus" value={s} />
          {r.overdue && <Tag color="red">{t('pages.campaigns.detail.overdue')}</Tag>}
          {r.recheck && <Tag color="purple">{t('pages.campaigns.detail.recheck')}</Tag>}
        </Space>
      ),
    },
    { title: t('pages.campaigns.col.kind'), dataIndex: 'orgKind', width: 130, render: (k: string) => enumLabel('orgKind', k) },
    {
      title: t('pages.campaigns.col.submittedAt'),
      dataIndex: 'submittedAt',
      width: 150,
      render: (v: string | null) => (v ? formatDateTime(v) : '—'),
    },
    {
      title: t('pages.campaigns.col.gaps'),
      dataIndex: 'gaps',
      width: 240,
      render: (gaps: TParticipant['gaps'], r) =>
        r.status === 'submitted' || r.status === 'late'
          ? gaps.length === 0
            ? t('pages.campaigns.detail.noGap')
            : gaps.map((g) => (
                <Tag key={g.field} color="orange" data-testid="gap-flag" style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
                  {t('pages.campaigns.detail.gapLine', { field: enumLabel('gapField', g.field), reported: g.reported, records: g.records })}
                </Tag>
              ))
          : '—',
    },
    {
      title: t('pages.campaigns.col.reminders'),
      dataIndex: 'reminders',
      width: 220,
      render: (n: number, r) => (
        <Space size={4} wrap>
          {r.lastRemindedAt && (
            <Typography.Text type="secondary">
              {t('pages.campaigns.detail.lastReminded', { date: formatDateTime(r.lastRemindedAt), n })}
            </Typography.Text>
          )}
          {canManage && r.status !== 'submitted' && r.status !== 'late' && (
            <Button
              size="small"
              icon={<BellOutlined />}
              onClick={() => void doRemind([r.orgId])}
              aria-label={`${t('pages.campaigns.detail.remind')} ${r.orgName}`}
            >
              {t('pages.campaigns.detail.remind')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const pending = (list.data?.items ?? []).filter((p) => p.status === 'not_started' || p.status === 'draft').map((p) => p.orgId);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={c.name}
        styles={{ title: { whiteSpace: 'normal' } }}
        extra={
          canManage && (
            <Button onClick={() => setEditing(true)} size="small">
              {t('pages.campaigns.detail.edit')}
            </Button>
          )
        }
      >
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Phases c={c} />
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
            <Descriptions.Item label={t('pages.campaigns.detail.selfInspectionDue')}>{c.selfInspectionDue}</Descriptions.Item>
            <Descriptions.Item label={t('pages.campaigns.detail.reportingDays')}>
              {t('pages.campaigns.detail.reportingDaysValue', { days: c.reportingDays.join(t('pages.campaigns.detail.daySeparator')) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.campaigns.detail.finalReport')}>{c.finalReportDate}</Descriptions.Item>
            <Descriptions.Item label={t('pages.campaigns.detail.targets')}>
              {c.targets
                .map((x) => t('pages.campaigns.detail.target', { name: x.name, pct: x.targetBp / 100 }))
                .join(t('pages.campaigns.detail.targetSeparator'))}
            </Descriptions.Item>
          </Descriptions>
        </Space>
      </Card>
      <ListPage<TParticipant, ParticipantListQuery>
        title={t('pages.campaigns.detail.participants')}
        rowKey="orgId"
        extra={
          canManage && (
            <Space wrap>
              <Button onClick={() => setEditingParticipants(true)}>{t('pages.campaigns.detail.editParticipants')}</Button>
              <Button icon={<BellOutlined />} onClick={() => void doRemind(pending)}>
                {t('pages.campaigns.detail.remindAll')}
              </Button>
            </Space>
          )
        }
        list={list}
        columns={columns}
        filters={{
          name: 'participantFilters',
          instant: true,
          fields: [
            {
              name: 'status',
              label: t('pages.campaigns.filter.status'),
              input: <EnumSelect enumName="participantStatus" values={PARTICIPANT_STATUSES} />,
            },
            {
              name: 'kind',
              label: t('pages.campaigns.filter.kind'),
              input: <EnumSelect enumName="orgKind" values={CAMPAIGN_PARTICIPANT_KINDS} />,
            },
            {
              name: 'gap',
              label: t('pages.campaigns.filter.gap'),
              input: <FilterSelect options={[{ value: '1', label: t('pages.common.yes') }]} allowClear />,
            },
            {
              name: 'overdue',
              label: t('pages.campaigns.filter.overdue'),
              input: <FilterSelect options={[{ value: '1', label: t('pages.common.yes') }]} allowClear />,
            },
          ],
        }}
      />
      {access.can('self_inspection.read') && <RecheckCard c={c} canManage={canManage} />}
      {editing && (
        <EditModal
          c={c}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            campaign.setData(next);
            void message.success(t('pages.common.saved'));
          }}
        />
      )}
      {editingParticipants && (
        <ParticipantsModal
          c={c}
          onClose={() => setEditingParticipants(false)}
          onSaved={(next) => {
            setEditingParticipants(false);
            campaign.setData(next);
            void list.reload();
            void message.success(t('pages.common.saved'));
          }}
        />
      )}
      {c.participants === 0 && <Alert type="warning" showIcon title={t('pages.campaigns.list.empty')} />}
    </Space>
  );
}
