import { TARGET_KINDS, type TTarget, t } from '@qiangjian/shared';
import { App, Button, Typography } from 'antd';
import { useState } from 'react';
import { EnumTag } from '../../../components/EnumTag.js';
import { EnumSelect, searchField } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRegionName } from '../../../services/regions.js';
import { listTargets, refreshTargets, type TargetListQuery } from '../../../services/supervision.js';
import { PlannedInspectionModal } from '../inspections/PlannedInspectionModal.js';
import { RiskTerms } from '../RiskTerms.js';

/** 检查对象名录: targets in the user's scope, highest risk first, with the risk score's inputs (docs/SUPERVISION.md). */
export default function TargetsPage() {
  const regionName = useRegionName();
  const access = useAccess();
  const { message } = App.useApp();
  const list = usePagedList(listTargets);
  const [planning, setPlanning] = useState<TTarget | null>(null);
  const canPlan = access.can('inspection.write');
  const columns: ListColumn<TTarget>[] = [
    {
      title: t('pages.registers.targets.name'),
      key: 'name',
      width: 220,
      card: 'title',
      render: (_, r) => (r.siteName && r.siteName !== r.orgName ? `${r.orgName} ${r.siteName}` : r.orgName),
    },
    {
      title: t('pages.registers.targets.kind'),
      dataIndex: 'kind',
      width: 130,
      card: 'extra',
      render: (k: string) => <EnumTag name="targetKind" value={k} />,
    },
    { title: t('pages.registers.targets.key'), dataIndex: 'targetKey', width: 220, render: (k: string) => <code>{k}</code> },
    { title: t('pages.registers.targets.town'), dataIndex: 'townCode', width: 110, render: (c: string | null) => regionName(c) },
    { title: t('pages.registers.targets.office'), dataIndex: 'officeName', width: 160, ellipsis: true },
    {
      title: t('pages.registers.targets.lastInspection'),
      dataIndex: 'lastInspectionDate',
      width: 120,
      render: (d: string | null) => d ?? t('pages.registers.targets.never'),
    },
    {
      title: t('pages.registers.targets.risk'),
      dataIndex: 'riskScore',
      width: 80,
      render: (s: number) => <Typography.Text strong>{s}</Typography.Text>,
    },
    { title: t('pages.registers.targets.riskInputs'), key: 'riskTerms', width: 310, render: (_, r) => <RiskTerms target={r} /> },
    ...(canPlan
      ? [
          {
            title: t('pages.common.actions'),
            key: 'plan',
            width: 110,
            render: (_: unknown, r: TTarget) => (
              <Button size="small" onClick={() => setPlanning(r)} aria-label={`${t('planned.button')} ${r.orgName}`}>
                {t('planned.button')}
              </Button>
            ),
          } satisfies ListColumn<TTarget>,
        ]
      : []),
  ];
  return (
    <ListPage<TTarget, TargetListQuery>
      title={t('pages.registers.targets.title')}
      extra={
        access.can('supervision_register.manage') ? (
          <Button
            onClick={async () => {
              const r = await refreshTargets();
              void message.success(t('pages.registers.targets.refreshed', { count: r.targets }));
              void list.reload();
            }}
          >
            {t('pages.registers.targets.refresh')}
          </Button>
        ) : null
      }
      list={list}
      columns={columns}
      filters={{
        name: 'targetFilters',
        fields: [
          searchField(t('pages.registers.targets.search'), { width: 240 }),
          {
            name: 'kind',
            label: t('pages.registers.targets.kind'),
            input: <EnumSelect enumName="targetKind" values={TARGET_KINDS} width={160} />,
          },
        ],
      }}
    >
      {planning && <PlannedInspectionModal target={planning} onClose={() => setPlanning(null)} />}
    </ListPage>
  );
}
