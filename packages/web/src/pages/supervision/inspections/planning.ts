import { type TInspector, type TTarget, t } from '@qiangjian/shared';

/** A target as a picker names it: the organization, and its site when that is a station site. */
export const targetLabel = (x: TTarget) => (x.siteName && x.siteName !== x.orgName ? `${x.orgName} ${x.siteName}` : x.orgName);

/** Whether an inspector may go to the target on the day: active, valid, of the covering office or the bureau pool. */
export const eligibleInspector = (i: TInspector, target: TTarget | undefined, day: string) =>
  i.active && i.validFrom <= day && i.validUntil >= day && (!target || i.officeId === target.officeId || i.officeKind === 'bureau');

/**
 * The inspectors a planned inspection may name (docs/SUPERVISION.md "Dashboard"), as Select options: eligible on the
 * day, the covering office's first, then the bureau pool; those recused for the target's organization shown disabled.
 */
export function inspectorOptions(inspectors: readonly TInspector[], target: TTarget | undefined, day: string) {
  return inspectors
    .filter((i) => eligibleInspector(i, target, day))
    .sort((a, b) => Number(b.officeId === target?.officeId) - Number(a.officeId === target?.officeId))
    .map((i) => {
      const recused = !!target && i.conflicts.some((c) => c.orgId === target.orgId);
      const name = t('pages.common.nameCode', { name: i.userName, code: i.certNo });
      return { value: i.id, label: recused ? `${name} ${t('planned.recused')}` : name, disabled: recused };
    });
}

/** The form rule of the inspectors field: at least two (the server refuses fewer, `inspection_inspectors_too_few`). */
export const TWO_INSPECTORS = [
  {
    validator: (_: unknown, v: number[] | undefined) =>
      (v?.length ?? 0) >= 2 ? Promise.resolve() : Promise.reject(new Error(t('planned.twoInspectors'))),
  },
];
