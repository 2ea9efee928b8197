import { DEFAULT_COMPLAINT_SETTINGS, type TComplaintSettings, ZComplaintSettings, type ZUpdateComplaintSettings } from '@qiangjian/shared';
import type { z } from 'zod';
import { diffFields } from '../../audit/audit.rules.js';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, requirePermission } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import { AppError } from '../../errors.js';
import * as repo from './complaints.repository.js';

/** The complaint limits (docs/COMPLAINTS.md "Limits"): one JSON settings row, defaults from the shared schema. */
export const COMPLAINT_SETTINGS_KEY = 'complaints';

export async function getComplaintSettings(db: DbOrTrx): Promise<TComplaintSettings> {
  const value = await repo.settingValue(db, COMPLAINT_SETTINGS_KEY);
  if (value === undefined) return DEFAULT_COMPLAINT_SETTINGS;
  const ok = ZComplaintSettings.safeParse({ ...DEFAULT_COMPLAINT_SETTINGS, ...(JSON.parse(value) as object) });
  return ok.success ? ok.data : DEFAULT_COMPLAINT_SETTINGS;
}

export async function readComplaintSettings(ctx: AppContext, actor: Actor): Promise<TComplaintSettings> {
  requirePermission(actor, 'complaint.read');
  return getComplaintSettings(ctx.db);
}

/** Admin edit of the limits (audited with the diff). */
export async function updateComplaintSettings(
  ctx: AppContext,
  actor: Actor,
  patch: z.infer<typeof ZUpdateComplaintSettings>,
): Promise<TComplaintSettings> {
  requirePermission(actor, 'settings.update');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getComplaintSettings(trx);
    const parsed = ZComplaintSettings.safeParse({ ...before, ...patch });
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? '');
      throw new AppError('complaint_setting_invalid', { params: { field }, details: { field } });
    }
    await repo.upsertSetting(trx, COMPLAINT_SETTINGS_KEY, JSON.stringify(parsed.data), nowIso(ctx));
    await recordAudit(ctx, trx, actor, {
      action: 'complaint_settings_updated',
      entityType: 'settings',
      entityId: COMPLAINT_SETTINGS_KEY,
      data: { changes: diffFields(before as unknown as Record<string, unknown>, parsed.data as unknown as Record<string, unknown>) },
    });
    return parsed.data;
  });
}
