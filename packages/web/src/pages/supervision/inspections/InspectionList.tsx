import { INSPECTION_ORIGINS, INSPECTION_STATES, TARGET_KINDS, type TInspectionSummary, t } from '@qiangjian/shared';
import { Checkbox, DatePicker, Input, Rate, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { type InspectionListQuery, listInspections } from '../../../services/inspections.js';
import { inspectionRecordUrl } from '../../../services/supervision.js';
import { PlannedInspectionModal } from './PlannedInspectionModal.js';

/**
 * Inspection records as a list (ListPage): the regulator's and inspectors' 监督检查记录 (with the repeated-visit flag and
 * its filter), the party's 检查记录 (its finished visits: 执法证号, origin and draw, its rating), 我的草稿 (fixed query).
 */
export function InspectionList({ title, variant }: { title: string; variant: 'all' | 'own' | 'drafts' }) {
  const load = (q: InspectionListQuery & { page?: number; pageSize?: number }) =>
    listInspections(variant === 'drafts' ? { ...q, state: 'draft', mine: '1' } : q);
  const list = usePagedList(load);
  const access = useAccess();
  const [planning, setPlanning] = useState(false);
  const columns: ListColumn<TInspectionSummary>[] = [
    {
      title: t('inspections.field.target'),
      dataIndex: 'orgName',
      width: 260,
      card: 'title',
      render: (_: string, r) => (
        <Link to={variant === 'drafts' ? `/supervision/inspections/${r.id}/edit` : `/supervision/inspections/${r.id}`}>
          {r.siteName ? `${r.orgName} · ${r.siteName}` : r.orgName}
        </Link>
      ),
    },
    {
      title: t('inspections.field.origin'),
      dataIndex: 'origin',
      width: 170,
      card: 'extra',
      render: (o: string, r) => (
        <>
          <EnumTag name="inspectionOrigin" value={o} />
          {variant === 'all' && r.repeatedVisitFlag ? (
            <Tag color="red">{t('inspections.field.repeatedFlag', { n: r.adhocVisits })}</Tag>
          ) : null}
        </>
      ),
    },
    { title: t('inspections.field.draw'), dataIndex: 'drawTitle', width: 220, render: (v: string | null) => v ?? '—' },
    {
      title: t('inspections.field.visitedAt'),
      dataIndex: 'visitedAt',
      width: 150,
      render: (v: string | null) => v?.replace('T', ' ') ?? '—',
    },
    {
      title: t('inspections.field.inspectors'),
      dataIndex: 'inspectors',
      width: 260,
      render: (ins: TInspectionSummary['inspectors']) =>
        ins.map((i) => t('pages.common.nameCode', { name: i.name, code: i.certNo })).join('，'),
    },
    { title: t('inspections.field.findings'), dataIndex: 'findings', width: 90 },
    {
      title: t('inspections.field.rating'),
      dataIndex: 'rating',
      width: 150,
      render: (v: number | null) => (v === null ? '—' : <Rate disabled value={v} style={{ fontSize: 14 }} />),
    },
    {
      title: t('inspections.field.state'),
      dataIndex: 'state',
      width: 90,
      render: (s: string) => <EnumTag name="inspectionState" value={s} />,
    },
    // the party's list: its visit's 现场检查笔录 (docs/SUPERVISION.md "Documents")
    ...(variant === 'own'
      ? [
          {
            title: t('doc.inspectionRecord.title'),
            dataIndex: 'id',
            width: 170,
            render: (id: number) => (
              <Space size={8} wrap>
                <a href={inspectionRecordUrl(id, 'pdf')} target="_blank" rel="noreferrer">
                  {t('pages.inspectionRecord.print')}
                </a>
                <a href={inspectionRecordUrl(id, 'docx')}>{t('pages.inspectionRecord.word')}</a>
              </Space>
            ),
          },
        ]
      : []),
  ];
  const fields =
    variant === 'drafts'
      ? []
      : [
          ...(variant === 'all'
            ? [
                {
                  name: 'state',
                  label: t('inspections.field.state'),
                  input: <EnumSelect enumName="inspectionState" values={INSPECTION_STATES} width={120} />,
                },
              ]
            : []),
          {
            name: 'origin',
            label: t('inspections.field.origin'),
            input: <EnumSelect enumName="inspectionOrigin" values={INSPECTION_ORIGINS} width={150} />,
          },
          ...(variant === 'all'
            ? [
                {
                  name: 'targetKind',
                  label: t('sdash.kind'),
                  input: <EnumSelect enumName="targetKind" values={TARGET_KINDS} width={150} />,
                },
                { name: 'townCode', label: t('sdash.town'), input: <Input allowClear style={{ width: 130 }} maxLength={9} /> },
                { name: 'period', label: t('inspections.field.visitedAt'), input: <DatePicker.RangePicker allowEmpty={[true, true]} /> },
              ]
            : []),
          ...(variant === 'all'
            ? [{ name: 'repeated', valuePropName: 'checked', input: <Checkbox>{t('inspections.filter.repeatedOnly')}</Checkbox> }]
            : []),
        ];
  return (
    <ListPage<TInspectionSummary, InspectionListQuery, Record<string, unknown>>
      title={title}
      create={
        variant === 'all'
          ? { allowed: access.can('inspection.write'), label: t('planned.button'), onClick: () => setPlanning(true) }
          : undefined
      }
      list={list}
      columns={columns}
      filters={
        fields.length
          ? {
              name: `inspections_${variant}`,
              fields,
              toForm: (q) => ({
                ...q,
                repeated: q.repeated === '1',
                period: q.from || q.to ? [q.from ? dayjs(q.from) : null, q.to ? dayjs(q.to) : null] : null,
              }),
              toQuery: (v) => {
                const q: InspectionListQuery = {};
                if (v.state) q.state = String(v.state);
                if (v.origin) q.origin = String(v.origin);
                if (v.repeated) q.repeated = '1';
                if (v.targetKind) q.targetKind = String(v.targetKind);
                if (typeof v.townCode === 'string' && v.townCode.trim()) q.townCode = v.townCode.trim();
                const period = v.period as [Dayjs | null, Dayjs | null] | null | undefined;
                if (period?.[0]) q.from = period[0].format('YYYY-MM-DD');
                if (period?.[1]) q.to = period[1].format('YYYY-MM-DD');
                return q;
              },
            }
          : undefined
      }
    >
      {planning && (
        <PlannedInspectionModal
          onClose={(created) => {
            setPlanning(false);
            if (created) void list.reload();
          }}
        />
      )}
    </ListPage>
  );
}
