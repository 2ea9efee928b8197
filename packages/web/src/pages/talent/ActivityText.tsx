import { type TTalentActivity, t } from '@qiangjian/shared';

/** 检定 12 · 检查 3 · 案件 1 · 投诉 0 — what the records say the person did. */
export function ActivityText({ a }: { a: TTalentActivity }) {
  const parts: [string, number][] = [
    [t('pages.talent.verifications'), a.verifications],
    [t('pages.talent.inspections'), a.inspections],
    [t('pages.talent.cases'), a.cases],
    [t('pages.talent.complaints'), a.complaints],
  ];
  return (
    <span>
      {parts
        .filter(([, n], i) => n > 0 || i === 3)
        .map(([label, n]) => `${label} ${n}`)
        .join(' · ')}
    </span>
  );
}
