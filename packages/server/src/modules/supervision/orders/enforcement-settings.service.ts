import { type TEnforcementSettings, type ViolationCode, ZEnforcementSettings, type ZUpdateEnforcementSettings } from '@qiangjian/shared';
import { DEFAULT_ENFORCEMENT_SETTINGS, type ViolationEnforcement } from '@qiangjian/shared/data';
import type { z } from 'zod';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, can, requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { AppError } from '../../../errors.js';
import * as repo from './enforcement-settings.repository.js';

/**
 * The `enforcement` setting (docs/ENFORCEMENT.md): order deadlines, legal bases and amount ranges per violation code,
 * number formats, the case time limit, publication periods. Defaults from packages/shared/src/data/enforcement.ts;
 * an edit keeps every earlier value in `setting_versions` (version 1 = the value before the first edit).
 */
export const ENFORCEMENT_SETTINGS_KEY = 'enforcement';

const DEFAULTS = DEFAULT_ENFORCEMENT_SETTINGS as TEnforcementSettings;

export async function getEnforcementSettings(db: DbOrTrx): Promise<TEnforcementSettings> {
  const value = await repo.settingValue(db, ENFORCEMENT_SETTINGS_KEY);
  if (value === undefined) return DEFAULTS;
  const stored = JSON.parse(value) as Partial<TEnforcementSettings>;
  const merged = {
    ...DEFAULTS,
    ...stored,
    disclosureMonths: { ...DEFAULTS.disclosureMonths, ...(stored.disclosureMonths ?? {}) },
    violations: { ...DEFAULTS.violations, ...(stored.violations ?? {}) },
  };
  const ok = ZEnforcementSettings.safeParse(merged);
  return ok.success ? ok.data : DEFAULTS;
}

/** The enforcement data of one violation code. */
export function violationOf(s: TEnforcementSettings, code: ViolationCode): ViolationEnforcement {
  const v = s.violations[code];
  if (!v) throw new AppError('enforcement_setting_invalid', { params: { reason: code } });
  return v;
}

/** A document number from its format: `{year}` and `{seq}` filled. */
export function formatNumber(format: string, year: number, seq: number): string {
  return format.replaceAll('{year}', String(year)).replaceAll('{seq}', String(seq));
}

export async function readEnforcementSettings(ctx: AppContext, actor: Actor): Promise<TEnforcementSettings> {
  if (!can(actor, 'order.read') && !can(actor, 'case.read')) requirePermission(actor, 'settings.update');
  return getEnforcementSettings(ctx.db);
}

/** Admin edit (audited; the previous value kept as a version). */
export async function updateEnforcementSettings(
  ctx: AppContext,
  actor: Actor,
  patch: z.infer<typeof ZUpdateEnforcementSettings>,
): Promise<TEnforcementSettings> {
  requirePermission(actor, 'settings.update');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getEnforcementSettings(trx);
    const next = {
      ...before,
      ...patch,
      disclosureMonths: { ...before.disclosureMonths, ...(patch.disclosureMonths ?? {}) },
      violations: { ...before.violations, ...(patch.violations ?? {}) },
    };
    const parsed = ZEnforcementSettings.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('enforcement_setting_invalid', {
        params: { reason: issue?.path.join('.') ?? '' },
        details: { field: issue?.path.join('.') ?? null },
      });
    }
    const now = nowIso(ctx);
    let version = await repo.lastVersion(trx, ENFORCEMENT_SETTINGS_KEY);
    if (version === 0) {
      version = 1;
      await repo.insertVersion(trx, {
        key: ENFORCEMENT_SETTINGS_KEY,
        version,
        value: JSON.stringify(before),
        recorded_at: now,
        recorded_by: 'default',
      });
    }
    const value = JSON.stringify(parsed.data);
    await repo.insertVersion(trx, {
      key: ENFORCEMENT_SETTINGS_KEY,
      version: version + 1,
      value,
      recorded_at: now,
      recorded_by: actorLabel(actor),
    });
    await repo.upsertSetting(trx, ENFORCEMENT_SETTINGS_KEY, value, now);
    await recordAudit(ctx, trx, actor, {
      action: 'enforcement_settings_updated',
      entityType: 'settings',
      entityId: ENFORCEMENT_SETTINGS_KEY,
      data: { changes: { keys: { before: null, after: Object.keys(patch) } }, version: version + 1 },
    });
    return parsed.data;
  });
}
