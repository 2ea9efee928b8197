import { enumLabel } from '@qiangjian/shared';
import { Tag } from 'antd';

/**
 * Tag colours per enum (`enum.<name>.<value>` in the catalog gives the text). A new module adds its states here, so
 * a state looks the same on every page. Values without a colour render as a grey tag.
 */
const COLORS = {
  /** instrument status (有效 / 即将到期 / 超期未检 …) */
  status: {
    valid: 'green',
    due_soon: 'gold',
    rotation_due: 'gold',
    overdue: 'red',
    rotation_overdue: 'red',
    failed: 'magenta',
    unverified: 'volcano',
    removed: 'default',
  },
  applicationStatus: {
    submitted: 'blue',
    accepted: 'cyan',
    returned: 'orange',
    in_progress: 'purple',
    completed: 'green',
    withdrawn: 'default',
  },
  ledgerState: { filed: 'blue', draft: 'orange' },
  conclusion: { passed: 'green', failed: 'red' },
  orderState: { issued: 'blue', replied: 'gold', closed: 'green', escalated: 'red' },
  caseStage: { filed: 'blue', decided: 'purple', closed: 'green' },
  caseClock: { ok: 'green', warning: 'orange', overdue: 'red', stopped: 'default' },
  /** draw plans (docs/SUPERVISION.md) */
  drawState: { committed: 'blue', revealed: 'green' },
  targetKind: { station_site: 'cyan' },
  /** inspections (docs/SUPERVISION.md, Inspections) */
  inspectionState: { draft: 'orange', finished: 'green' },
  inspectionOrigin: { random: 'blue', targeted: 'purple', complaint: 'magenta', adhoc: 'default' },
  proposalState: { proposed: 'gold', confirmed: 'red', dismissed: 'default' },
  sampleOrigin: { in_service: 'blue', stock: 'cyan' },
  /** campaigns and self-inspection (docs/CAMPAIGNS.md) */
  participantStatus: { not_started: 'default', draft: 'orange', submitted: 'green', late: 'red' },
  campaignStage: { before: 'blue', running: 'green', after: 'default' },
  selfInspectionState: { draft: 'orange', submitted: 'green' },
  recheckState: { committed: 'blue', revealed: 'green' },
  /** progress and final reports (docs/REPORTS-SUBMISSIONS.md) */
  reportDayState: { not_drafted: 'default', draft: 'orange', review: 'blue', submitted: 'green' },
  reportSubmissionState: { draft: 'orange', review: 'blue', submitted: 'green' },
  /** portal articles (docs/PORTAL.md) and the talent pool (docs/TALENT.md) */
  articleState: { draft: 'default', scheduled: 'blue', published: 'green', expired: 'orange' },
  certificateState: { valid: 'green', expiring: 'gold', expired: 'red' },
  talentSource: { verifier: 'blue', inspector: 'purple', metrologist: 'cyan' },
  recommendationState: { recommended: 'green', withdrawn: 'default' },
} satisfies Record<string, Record<string, string>>;

export type ColoredEnum = keyof typeof COLORS;

/** Colour of an enum value ('default' when the enum has none for it). */
export function enumColor(name: ColoredEnum | string, value: string): string {
  return (COLORS as Record<string, Record<string, string>>)[name]?.[value] ?? 'default';
}

/** `<EnumTag name="applicationStatus" value="submitted" />` → a blue 待受理 tag; nothing for null/undefined. */
export function EnumTag({ name, value }: { name: ColoredEnum | (string & {}); value: string | null | undefined }) {
  if (!value) return null;
  return <Tag color={enumColor(name, value)}>{enumLabel(name, value)}</Tag>;
}
