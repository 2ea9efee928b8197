import { type TTalentActivity, t } from '@qiangjian/shared';

/** 检定 12 · 检查 3 · 案件 1 — what the records say the person did (the counts above 0; none: a dash). */
export function ActivityText({ a }: { a: TTalentActivity }) {
  const parts: [string, number][] = [
    [t('pages.talent.verifications'), a.verifications],
    [t('pages.talent.inspections'), a.inspections],
    [t('pages.talent.cases'), a.cases],
    [t('pages.talent.complaints'), a.complaints],
  ];
  const shown = parts.filter(([, n]) => n > 0);
  return <span>{shown.length ? shown.map(([label, n]) => `${label} ${n}`).join(' · ') : '—'}</span>;
}
