import type { SettingsGroup } from '@qiangjian/shared/data';
import { api, request } from './api.js';

/** The settings object of each group of the 参数设置 page (docs/WEB.md), read and written through its own API. */
type Obj = Record<string, unknown>;

export async function readGroup(group: SettingsGroup): Promise<Obj> {
  switch (group) {
    case 'verification':
      return api.get<Obj>('/verification/settings');
    case 'enforcement':
      return api.get<Obj>('/supervision/enforcement-settings');
    case 'inspection':
      return api.get<Obj>('/supervision/inspections/settings');
    case 'status': {
      const rows = await api.get<{ key: string; value: string }[]>('/rule-settings');
      return Object.fromEntries(rows.map((r) => [r.key, Number(r.value)]));
    }
  }
}

/** Writes one value (`path` a dot path; a nested object is sent whole, as the APIs take it). */
export async function writeValue(group: SettingsGroup, current: Obj, path: string, value: SettingValue): Promise<void> {
  const opts = { skipErrorHandler: true };
  if (group === 'status') {
    await api.patch(`/rule-settings/${encodeURIComponent(path)}`, { value: String(value) }, opts);
    return;
  }
  const [head, child] = path.split('.') as [string, string | undefined];
  const body = child ? { [head]: { ...(current[head] as Obj), [child]: value } } : { [head]: value };
  if (group === 'verification') await request('PUT', '/verification/settings', { body, ...opts });
  else if (group === 'enforcement') await request('PUT', '/supervision/enforcement-settings', { body, ...opts });
  else await api.patch('/supervision/inspections/settings', body, opts);
}

/** One number, or a list of numbers (a catalog entry with `maxItems`). */
export type SettingValue = number | number[];

export function valueAt(obj: Obj | undefined, path: string, group: SettingsGroup): SettingValue | undefined {
  if (!obj) return undefined;
  if (group === 'status') return obj[path] as number | undefined;
  const [head, child] = path.split('.') as [string, string | undefined];
  const v = child ? (obj[head] as Obj | undefined)?.[child] : obj[head];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  return typeof v === 'number' ? v : undefined;
}

/** The value as the page shows it: 30、60 天. */
export function formatSettingValue(v: SettingValue): string {
  return (Array.isArray(v) ? v : [v]).map((x) => x.toLocaleString('zh-CN')).join('、');
}
