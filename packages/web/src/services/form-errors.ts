import { t } from '@qiangjian/shared';
import type { FormInstance } from 'antd';
import { ApiError, showError } from './api.js';

const CHINESE = /[\u4e00-\u9fff]/;

/**
 * Puts a server error on the form field it concerns (details.field, or the fields of a
 * validation_failed list); anything else goes through the global error policy.
 * `fields` lists the form's field names; `alias` maps server field names to form field names.
 */
export function applyFormError(form: FormInstance, err: unknown, fields: readonly string[], alias: Record<string, string> = {}): void {
  if (!(err instanceof ApiError)) {
    showError(err);
    return;
  }
  const known = (f: string | undefined): string | null => {
    if (!f) return null;
    const name = alias[f] ?? f;
    return fields.includes(name) ? name : null;
  };
  const d = err.details;
  if (d && typeof d === 'object' && !Array.isArray(d)) {
    const name = known((d as { field?: unknown }).field as string | undefined);
    if (name) {
      form.setFields([{ name, errors: [err.message] }]);
      return;
    }
  }
  if (err.code === 'validation_failed' && Array.isArray(d)) {
    const set: { name: string; errors: string[] }[] = [];
    for (const item of d as { field?: string; message?: string }[]) {
      const parts = String(item.field ?? '').split('.');
      const name = known(parts[0] === 'body' ? parts[1] : parts[0]);
      // a message from the zh-CN catalog (e.g. a name with control characters) is shown as is; zod's English defaults are not
      const own = typeof item.message === 'string' && CHINESE.test(item.message) ? item.message : null;
      if (name) set.push({ name, errors: [own ?? t('field.invalid')] });
    }
    if (set.length > 0) {
      form.setFields(set);
      return;
    }
  }
  showError(err);
}
