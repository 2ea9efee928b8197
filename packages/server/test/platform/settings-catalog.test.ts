import { SETTINGS_CATALOG, type SettingEntry } from '@qiangjian/shared/data';
import { describe, expect, it } from 'vitest';
import { type Requests, useTestApp } from '../db.js';

/**
 * The 参数设置 page's catalog (data/settings-catalog.ts) against the APIs that store each setting: every entry exists
 * in its group, a value outside its bounds is refused by the server, one inside is saved and audited, and only an
 * administrator may change it.
 */
describe('settings catalog: every editable setting is read, validated, saved and audited through its API', () => {
  const t = useTestApp({ each: false });
  const read = async (r: Requests, e: SettingEntry): Promise<Record<string, unknown>> => {
    const url = {
      verification: '/api/v1/verification/settings',
      enforcement: '/api/v1/supervision/enforcement-settings',
      inspection: '/api/v1/supervision/inspections/settings',
      status: '/api/v1/rule-settings',
    }[e.group];
    const body = (await r.get(url)).json();
    return e.group === 'status' ? Object.fromEntries(body.map((s: { key: string; value: string }) => [s.key, Number(s.value)])) : body;
  };
  const at = (o: Record<string, unknown>, e: SettingEntry) => {
    if (e.group === 'status') return o[e.path];
    const [h, c] = e.path.split('.') as [string, string | undefined];
    return c ? (o[h] as Record<string, unknown>)[c] : o[h];
  };
  const write = (r: Requests, e: SettingEntry, current: Record<string, unknown>, one: number | number[]) => {
    // a list entry (maxItems) takes a list of values
    const value = e.maxItems !== undefined && !Array.isArray(one) ? [one] : one;
    if (e.group === 'status') return r.patch(`/api/v1/rule-settings/${e.path}`, { value: String(value) });
    const [h, c] = e.path.split('.') as [string, string | undefined];
    const body = c ? { [h]: { ...(current[h] as object), [c]: value } } : { [h]: value };
    if (e.group === 'verification') return r.put('/api/v1/verification/settings', body);
    if (e.group === 'enforcement') return r.put('/api/v1/supervision/enforcement-settings', body);
    return r.patch('/api/v1/supervision/inspections/settings', body);
  };

  for (const e of SETTINGS_CATALOG) {
    it(`${e.group} ${e.path}`, async () => {
      const admin = t.as('admin');
      const current = await read(admin, e);
      const held = at(current, e);
      if (e.maxItems !== undefined) expect(Array.isArray(held) && held.every((x) => typeof x === 'number'), 'a list of numbers').toBe(true);
      else expect(typeof held, 'the setting exists in its group').toBe('number');
      if (e.maxItems !== undefined) {
        const tooMany = await write(
          admin,
          e,
          current,
          Array.from({ length: e.maxItems + 1 }, (_, i) => e.min + i),
        );
        expect(tooMany.statusCode, tooMany.body).toBe(400);
      }
      expect((await write(t.as('regulator'), e, current, e.min)).statusCode).toBe(403);
      const tooBig = await write(admin, e, current, e.max + 1);
      expect(tooBig.statusCode, tooBig.body).toBe(400);
      const before = await t.ctx.db.selectFrom('audit_log').select('id').execute();
      const ok = await write(admin, e, current, e.min);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(at(await read(admin, e), e)).toEqual(e.maxItems !== undefined ? [e.min] : e.min);
      const after = await t.ctx.db.selectFrom('audit_log').select('id').execute();
      expect(after.length).toBe(before.length + 1);
    });
  }
});
