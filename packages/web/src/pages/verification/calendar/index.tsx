import { t } from '@qiangjian/shared';
import { App, Badge, Button, Calendar, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { ListColumn } from '../../../components/list/ListPage.js';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { applyFormError } from '../../../services/form-errors.js';
import { listCalendarYear, putCalendarDay } from '../../../services/verification.js';

type Kind = 'holiday' | 'workday' | 'normal';
interface Day {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

const KIND_COLOR = { holiday: 'red', workday: 'blue' } as const;

/** 工作日历: the year's holidays and make-up working days (调休上班) the acceptance and order deadlines count with. */
export default function WorkingCalendarPage() {
  const access = useAccess();
  const canEdit = access.can('calendar.update');
  const [year, setYear] = useState(() => dayjs().year());
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const days = useRequest(() => listCalendarYear(year), [year]);
  const byDate = useMemo(() => new Map((days.data ?? []).map((d) => [d.date, d as Day])), [days.data]);
  const [editing, setEditing] = useState<string | null>(null);

  const columns: ListColumn<Day>[] = [
    { title: t('pages.calendar.date'), dataIndex: 'date', card: 'title', render: (d: string) => `${d} ${weekday(d)}` },
    {
      title: t('pages.calendar.kind'),
      dataIndex: 'kind',
      card: 'extra',
      render: (k: Day['kind']) => <Tag color={KIND_COLOR[k]}>{t(`pages.calendar.kind.${k}`)}</Tag>,
    },
    { title: t('pages.calendar.name'), dataIndex: 'name' },
    ...(canEdit
      ? [
          {
            title: t('pages.common.actions'),
            key: 'actions',
            render: (_: unknown, r: Day) => (
              <Button type="link" size="small" onClick={() => setEditing(r.date)}>
                {t('pages.common.edit')}
              </Button>
            ),
          } satisfies ListColumn<Day>,
        ]
      : []),
  ];

  return (
    <>
      <PageTitle
        title={t('pages.calendar.title')}
        extra={
          <Space wrap>
            <Select
              aria-label={t('pages.calendar.year')}
              value={year}
              style={{ width: 110 }}
              options={[-1, 0, 1, 2].map((k) => ({
                value: dayjs().year() + k,
                label: t('pages.calendar.yearN', { n: dayjs().year() + k }),
              }))}
              onChange={(y: number) => {
                setYear(y);
                setMonth(month.year(y));
              }}
            />
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t(canEdit ? 'pages.calendar.hintEdit' : 'pages.calendar.hint')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Calendar
              fullscreen={false}
              value={month}
              onPanelChange={(d) => {
                setMonth(d);
                if (d.year() !== year) setYear(d.year());
              }}
              onSelect={(d, info) => {
                setMonth(d);
                if (info.source === 'date' && canEdit) setEditing(d.format('YYYY-MM-DD'));
              }}
              fullCellRender={(d, info) => {
                if (info.type !== 'date') return info.originNode;
                const day = byDate.get(d.format('YYYY-MM-DD'));
                const weekend = d.day() === 0 || d.day() === 6;
                const off = day ? day.kind === 'holiday' : weekend;
                return (
                  <div
                    className="ant-picker-cell-inner"
                    title={day?.name ?? undefined}
                    style={{ color: off ? '#cf1322' : undefined, fontWeight: day ? 600 : undefined }}
                  >
                    {d.date()}
                    {day && <Badge color={KIND_COLOR[day.kind]} style={{ position: 'absolute', top: -6, right: -4 }} />}
                  </div>
                );
              }}
            />
            <Space size="large" wrap style={{ marginTop: 8 }}>
              <Badge color="red" text={t('pages.calendar.kind.holiday')} />
              <Badge color="blue" text={t('pages.calendar.kind.workday')} />
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('pages.calendar.listTitle', { year })}>
            <ResponsiveTable<Day>
              rowKey="date"
              loading={days.loading}
              dataSource={days.data ?? []}
              columns={columns}
              pagination={{ pageSize: 20 }}
            />
          </Card>
        </Col>
      </Row>
      {editing && (
        <DayModal
          date={editing}
          day={byDate.get(editing) ?? null}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void days.reload();
          }}
        />
      )}
    </>
  );
}

function weekday(date: string): string {
  return t(`pages.calendar.weekday.${dayjs(date).day()}`);
}

function DayModal(props: { date: string; day: Day | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: Kind; name?: string }>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await putCalendarDay(props.date, { kind: v.kind, name: v.kind === 'normal' ? null : v.name?.trim() || null });
      void message.success(t('pages.common.saved'));
      props.onSaved();
    } catch (e) {
      applyFormError(form, e, ['kind', 'name']);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('pages.calendar.editTitle', { date: `${props.date} ${weekday(props.date)}` })}
      okText={t('pages.common.save')}
      cancelText={t('pages.common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form
        form={form}
        name="calendarDay"
        layout="vertical"
        initialValues={{ kind: props.day?.kind ?? 'normal', name: props.day?.name ?? undefined }}
      >
        <Form.Item name="kind" label={t('pages.calendar.kind')}>
          <Radio.Group
            optionType="button"
            options={(['holiday', 'workday', 'normal'] as const).map((k) => ({ value: k, label: t(`pages.calendar.kind.${k}`) }))}
          />
        </Form.Item>
        {kind !== 'normal' && (
          <Form.Item
            name="name"
            label={t('pages.calendar.name')}
            rules={[
              { required: true, whitespace: true, message: t('pages.calendar.nameRequired') },
              { max: 100, message: t('field.tooLong', { max: 100 }) },
            ]}
          >
            <Input placeholder={t('pages.calendar.namePlaceholder')} />
          </Form.Item>
        )}
        <Typography.Text type="secondary">{t('pages.calendar.effect')}</Typography.Text>
      </Form>
    </Modal>
  );
}
