import { hasKey, type TAuditEntry, t } from '@qiangjian/shared';
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

/** Fields whose values are enum codes: field → enum name (`enum.<name>.<value>`); `kind` depends on the entity. */
function enumOf(field: string, entityType: string | null): string | null {
  switch (field) {
    case 'role':
      return 'role';
    case 'kind':
      return entityType === 'site' ? 'siteKind' : 'orgKind';
    case 'ownershipType':
      return 'ownershipType';
    case 'category':
      return 'category';
    case 'ledgerState':
      return 'ledgerState';
    case 'status':
    case 'from':
      return entityType === 'application' ? 'applicationStatus' : 'status';
    case 'reasonCode':
      return 'returnReason';
    default:
      return null;
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A data value as a user reads it: 是/否, enum labels, local times, lists joined, — for nothing. */
export function formatValue(field: string, v: unknown, entityType: string | null = null): string {
  if (v === null || v === undefined || v === '') return t('pages.audit.empty');
  if (typeof v === 'boolean') return v ? t('pages.audit.yes') : t('pages.audit.no');
  if (Array.isArray(v))
    return v.length === 0 ? t('pages.audit.empty') : v.map((x) => formatValue(field, x, entityType)).join(t('pages.audit.listSeparator'));
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  const en = enumOf(camel(field), entityType);
  if (en && hasKey(`enum.${en}.${s}`)) return t(`enum.${en}.${s}`);
  if (typeof v === 'string' && ISO_INSTANT.test(s)) return formatDateTime(s);
  return s;
}

/** 平台链 / 单位链 12 */
export function chainLabel(chain: string): string {
  if (chain === 'platform') return t('pages.audit.chainPlatform');
  if (chain.startsWith('org:')) return t('pages.audit.chainOrg', { id: chain.slice(4) });
  return chain;
}

/** The acting user: 姓名（用户名）, 命令行, 系统. */
export function actorText(e: Pick<TAuditEntry, 'actor' | 'actorName'>): string {
  if (e.actor === 'cli') return t('pages.audit.actorCli');
  if (e.actor === 'system') return t('pages.audit.actorSystem');
  const username = e.actor.startsWith('user:') ? e.actor.slice(5) : e.actor;
  return e.actorName ? t('pages.common.nameCode', { name: e.actorName, code: username }) : username;
}

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

/** The other fields of an entry's data (everything but `changes`) as label → value. */
export function dataRows(data: unknown, entityType: string | null): { field: string; label: string; value: string }[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  return Object.entries(data as Record<string, unknown>)
    .filter(([k]) => k !== 'changes')
    .map(([field, v]) => ({ field, label: fieldLabel(field), value: formatValue(field, v, entityType) }));
}
