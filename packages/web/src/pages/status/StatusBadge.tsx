import { enumLabel, type InstrumentStatus } from '@qiangjian/shared';
import { Tag } from 'antd';

const COLORS: Record<InstrumentStatus, string> = {
  valid: 'green',
  due_soon: 'gold',
  rotation_due: 'gold',
  overdue: 'red',
  rotation_overdue: 'red',
  failed: 'magenta',
  unverified: 'volcano',
  removed: 'default',
};

/** The status badge (有效 / 即将到期 / 超期未检 …) used by the status panel, the due list and ledger pages. */
export function StatusBadge({ status }: { status: InstrumentStatus | null | undefined }) {
  if (!status) return null;
  return <Tag color={COLORS[status]}>{enumLabel('status', status)}</Tag>;
}
