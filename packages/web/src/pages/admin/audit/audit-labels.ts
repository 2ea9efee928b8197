import { hasKey, type TAuditVerifyResult, t } from '@qiangjian/shared';
import { formatDateTime } from '../../../lib/format.js';

/**
 * What the 审计日志 page shows for an entry's codes: Chinese labels from the catalog (`audit.action.*`,
 * `audit.entity.*`, `audit.field.*`), never the raw code — an unknown code (older data) gets the generic label and
 * the page shows the code in a tooltip (`known: false`).
 */
export interface Label {
  text: string;
  known: boolean;
  code: string;
}

function labelOf(ns: 'action' | 'entity', code: string): Label {
  const key = `audit.${ns}.${code}`;
  return hasKey(key) ? { text: t(key), known: true, code } : { text: t(`audit.${ns}.unknown`), known: false, code };
}

export const actionLabel = (action: string): Label => labelOf('action', action);
export const entityLabel = (entityType: string): Label => labelOf('entity', entityType);

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The label of a data field (`display_name` and `displayName` alike), or the key itself when the catalog has none. */
export function fieldLabel(key: string): string {
  const c = camel(key);
  for (const k of [`audit.field.${c}`, `field.label.${c}`, `ledger.field.${c}`]) if (hasKey(k)) return t(k);
  return key;
}

/** Fields whose values are codes: field → enum name (`enum.<name>.<value>`) or a catalog prefix (`audit.denied`); some depend on the entity. */
function enumOf(field: string, entityType: string | null): string | null {
  switch (field) {
    case 'role':
      return 'role';
    case 'kind':
      return entityType === 'site' ? 'siteKind' : 'orgKind';
    case 'ownershipType':
      return 'ownershipType';
    case 'category':
    case 'categories':
      return 'category';
    case 'ledgerState':
      return 'ledgerState';
    case 'status':
    case 'from':
    case 'to':
      return entityType === 'application' ? 'applicationStatus' : 'status';
    case 'reasonCode':
      return 'returnReason';
    case 'mode':
      return entityType === 'application' ? 'submissionMode' : null;
    case 'conclusion':
      return 'conclusion';
    case 'purpose':
      return 'purpose';
    case 'code':
      // a finding's violation, else an access denial's error code (audit.denied.*)
      return entityType === 'finding' ? 'violation' : 'audit.denied';
    case 'reason':
      return 'audit.loginReason';
    case 'source':
      return entityType === 'finding' ? 'findingSource' : null;
    default:
      return null;
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A data value as a user reads it: 是/否, enum labels, local times, chains by name, lists joined, nested records
 * as `标签：值` pairs, — for nothing.
 */
export function formatValue(field: string, v: unknown, entityType: string | null = null): string {
  if (v === null || v === undefined || v === '') return t('pages.audit.empty');
  if (typeof v === 'boolean') return v ? t('pages.audit.yes') : t('pages.audit.no');
  if (Array.isArray(v)) {
    if (v.length === 0) return t('pages.audit.empty');
    const nested = v.some((x) => x !== null && typeof x === 'object');
    return v.map((x) => formatValue(field, x, entityType)).join(t(nested ? 'pages.audit.recordSeparator' : 'pages.audit.listSeparator'));
  }
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => t('pages.audit.pair', { label: fieldLabel(k), value: formatValue(k, x, entityType) }))
      .join(t('pages.audit.pairSeparator'));
  }
  const s = String(v);
  const c = camel(field);
  if (c === 'chain') return chainLabel(s);
  const en = enumOf(c, entityType);
  const key = en && (en.includes('.') ? `${en}.${s}` : `enum.${en}.${s}`);
  if (key && hasKey(key)) return t(key);
  if (typeof v === 'string' && ISO_INSTANT.test(s)) return formatDateTime(s);
  return s;
}

/** 平台链 / 单位链 12 */
export function chainLabel(chain: string): string {
  if (chain === 'platform') return t('pages.audit.chainPlatform');
  if (chain.startsWith('org:')) return t('pages.audit.chainOrg', { id: chain.slice(4) });
  return chain;
}

export { actorText } from '../../../lib/actor.js';

export interface DiffRow {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** The before → after rows of an entry whose data holds `changes` (FieldDiff), else null. */
export function diffRows(data: unknown, entityType: string | null): DiffRow[] | null {
  const changes = (data as { changes?: unknown } | null)?.changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return null;
  return Object.entries(changes as Record<string, unknown>).map(([field, d]) => {
    const pair = (d ?? {}) as { before?: unknown; after?: unknown };
    return {
      field,
      label: fieldLabel(field),
      before: formatValue(field, pair.before, entityType),
      after: formatValue(field, pair.after, entityType),
    };
  });
}

/** Technical fields not shown (a finding's dedupe key repeats its code and references). */
const HIDDEN_FIELDS = new Set(['dedupeKey']);

/** The other fields of an entry's data (everything but `changes`) as label → value. */
export function dataRows(data: unknown, entityType: string | null): { field: string; label: string; value: string }[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  return Object.entries(data as Record<string, unknown>)
    .filter(([k]) => k !== 'changes' && !HIDDEN_FIELDS.has(k))
    .map(([field, v]) => ({ field, label: fieldLabel(field), value: formatValue(field, v, entityType) }));
}

/** One problem `audit verify` found, in Chinese: 单位链 3 第 5 条：内容被修改（哈希不符）. */
export function problemText(p: TAuditVerifyResult['problems'][number]): string {
  const key = `cli.audit.reason.${p.problem}`;
  const reason = hasKey(key) ? t(key, { keyId: p.keyId ?? '' }) : t('pages.audit.verifyProblemUnknown', { code: p.problem });
  const chain = p.chain === '-' ? t('pages.audit.checkpointFile') : chainLabel(p.chain);
  return p.seq === null
    ? t('pages.audit.verifyProblemNoSeq', { chain, reason })
    : t('pages.audit.verifyProblem', { chain, seq: t('pages.audit.seq', { seq: p.seq }), reason });
}
