import { CASE_STAGES, enumLabel, type TCase, t } from '@qiangjian/shared';
import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { type CaseListQuery, listCases } from '../../../services/supervision.js';

/** The 90-day clock of an open case: days left, or past the limit. */
export function CaseClock({ c }: { c: Pick<TCase, 'clock' | 'daysLeft' | 'limitDate'> }) {
  if (c.clock === 'stopped' || c.daysLeft === null) return <EnumTag name="caseClock" value="stopped" />;
  const text = c.daysLeft < 0 ? t('cases.daysOver', { days: -c.daysLeft }) : t('cases.daysLeft', { days: c.daysLeft });
  return <Tag color={c.clock === 'overdue' ? 'red' : c.clock === 'warning' ? 'orange' : 'green'}>{text}</Tag>;
}

/** 行政处罚案件: cases in scope with their stage and 90-day clock (docs/ENFORCEMENT.md). */
export default function CasesPage() {
  const list = usePagedList(listCases);
  const columns: ListColumn<TCase>[] = [
    {
      title: t('cases.caseNo'),
      dataIndex: 'caseNo',
      width: 220,
      card: 'title',
      render: (no: string, r) => <Link to={`/supervision/cases/${r.id}`}>{no}</Link>,
    },
    {
      title: t('cases.stage'),
      dataIndex: 'stage',
      width: 100,
      card: 'extra',
      render: (s: string) => <EnumTag name="caseStage" value={s} />,
    },
    { title: t('cases.clock'), key: 'clock', width: 140, render: (_, r) => <CaseClock c={r} /> },
    { title: t('cases.org'), dataIndex: 'orgName', width: 220, ellipsis: true },
    { title: t('cases.code'), dataIndex: 'code', width: 220, render: (c: string) => enumLabel('violation', c) },
    { title: t('cases.filedOn'), dataIndex: 'filedOn', width: 110 },
    { title: t('cases.limitDate'), dataIndex: 'limitDate', width: 110 },
  ];
  return (
    <ListPage<TCase, CaseListQuery>
      title={t('cases.title')}
      list={list}
      columns={columns}
      filters={{
        name: 'caseFilters',
        instant: true,
        fields: [
          { name: 'stage', label: t('cases.stage'), input: <EnumSelect enumName="caseStage" values={CASE_STAGES} /> },
          {
            name: 'clock',
            label: t('cases.clockFilter'),
            input: <EnumSelect enumName="caseClock" values={['warning', 'overdue'] as const} />,
          },
        ],
      }}
    />
  );
}
