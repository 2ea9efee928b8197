import { enumLabel, hasKey, type TRule, t } from '@qiangjian/shared';

type Condition = TRule['condition'];
type Clause = NonNullable<Condition['all']>[number];

/** Current status settings by key (for clauses whose bound is a setting, e.g. the gas G boundary). */
export type SettingValues = Readonly<Record<string, string>>;

function numberValue(attr: string, v: number | string): string {
  const key = `pages.status.rules.value.${attr}`;
  return hasKey(key) ? t(key, { v }) : String(v);
}

function codeValue(attr: string, code: string): string {
  if (attr === 'gasMedium') return enumLabel('gasMedium', code);
  if (attr === 'accuracyClass') return t('pages.status.rules.value.accuracyClass', { v: code });
  const key = `pages.status.rules.value.${attr}.${code}`;
  return hasKey(key) ? t(key) : code;
}

/** One clause in Chinese, e.g. `口径 ≤ DN25`, `介质为天然气`, `规格 ≤ G16（状态设置）`. */
export function clauseText(c: Clause, settings: SettingValues = {}): string {
  const attr = t(`pages.status.rules.attr.${c.attr}`);
  let text: string;
  if (c.op === 'in') {
    text = t('pages.status.rules.cond.in', {
      attr,
      values: c.value.map((v) => codeValue(c.attr, v)).join(t('pages.status.rules.cond.listSep')),
    });
  } else {
    let value: string;
    if (typeof c.value === 'number') value = numberValue(c.attr, c.value);
    else {
      const current = settings[c.value.setting];
      value = t('pages.status.rules.cond.setting', { value: current !== undefined ? numberValue(c.attr, current) : c.value.setting });
    }
    text = t('pages.status.rules.cond.compare', { attr, op: t(`pages.status.rules.op.${c.op}`), value });
  }
  return c.ifUnknown ? `${text}${t('pages.status.rules.cond.ifUnknown')}` : text;
}

/**
 * A rule condition in readable Chinese: every `all` clause joined by 且, the `any` clauses joined by 或
 * (in brackets when combined with `all` clauses); an empty condition applies to the whole category.
 */
export function conditionText(cond: Condition, settings: SettingValues = {}): string {
  const all = (cond.all ?? []).map((c) => clauseText(c, settings));
  const any = (cond.any ?? []).map((c) => clauseText(c, settings));
  const parts = [...all];
  if (any.length > 0) {
    const joined = any.join(t('pages.status.rules.cond.or'));
    parts.push(any.length > 1 && all.length > 0 ? t('pages.status.rules.cond.group', { text: joined }) : joined);
  }
  return parts.length === 0 ? t('pages.status.rules.cond.always') : parts.join(t('pages.status.rules.cond.and'));
}

/** `6个月`, `6年` (from months), or `不限期` for none. */
export function cycleText(months: number | null): string {
  if (months === null) return t('status.cycle.none');
  return months % 12 === 0 ? t('status.cycle.years', { n: months / 12 }) : t('status.cycle.months', { n: months });
}

/** `JJG 443-2023`, or the id alone when the edition is unknown. */
export function regulationText(r: Pick<TRule, 'regulationId' | 'edition'>): string {
  return r.edition ? `${r.regulationId}-${r.edition}` : r.regulationId;
}

/** Who recorded a version: `admin` for `user:admin`, the initial catalog for the seed. */
export function recordedByText(by: string): string {
  if (by === 'seed') return t('pages.status.rules.recordedBySeed');
  return by.startsWith('user:') ? by.slice(5) : by;
}
