import { type TApplication, t } from '@qiangjian/shared';
import { Tag } from 'antd';

/** Hours between now and the deadline (negative when overdue), rounded to one decimal. */
export function hoursLeft(deadline: string, now = Date.now()): number {
  return Math.round(((new Date(deadline).getTime() - now) / 3_600_000) * 10) / 10;
}

/** The acceptance clock of an open version: hours left, or hours overdue in red. */
export function Clock({ a }: { a: Pick<TApplication, 'status' | 'acceptDeadline'> }) {
  if (a.status !== 'submitted') return <span>—</span>;
  const h = hoursLeft(a.acceptDeadline);
  return h < 0 ? (
    <Tag color="red">
      {Math.abs(h) > 48
        ? t('pages.vapps.overdueByDays', { days: Math.floor(Math.abs(h) / 24) })
        : t('pages.vapps.overdueBy', { hours: Math.abs(h) })}
    </Tag>
  ) : (
    <Tag color={h < 24 ? 'gold' : 'green'}>{t('pages.vapps.leftHours', { hours: h })}</Tag>
  );
}
